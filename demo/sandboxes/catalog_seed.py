"""The sandbox catalog's demo data: three dozen subsidies from four administrations (the
Flemish government, a province and two municipalities), as CPSV-AP JSON-LD nodes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

ID_BASIS: Final = "https://subsidies.sandbox.vloket.example/id/dienst"


@dataclass(frozen=True)
class Bestuur:
    slug: str
    code: str
    naam: str
    gebied: str | None
    """The werkingsgebied the offering is limited to (None: all of Flanders)."""


@dataclass(frozen=True)
class Regeling:
    slug: str
    titel: str
    beschrijving: str
    hoofdactiviteit: str
    thema: str
    leeftijden: tuple[int, int] | None = None


BESTUREN: Final = (
    Bestuur("vlaanderen", "OVO000001", "Vlaamse overheid", None),
    Bestuur("oost-vlaanderen", "BE23", "Provincie Oost-Vlaanderen", "BE23"),
    Bestuur("gent", "44021", "Stad Gent", "BE23444021"),
    Bestuur("liedekerke", "23044", "Gemeente Liedekerke", "BE24123044"),
)

REGELINGEN: Final = (
    Regeling("jeugdkamp", "Subsidie jeugdkamp", "Steun voor een kamp van een jeugdvereniging.", "JGDW",
             "CultuurSportVrijeTijd", (6, 25)),
    Regeling("sportkampen", "Subsidie sportkamp", "Steun voor een sportkamp tijdens de schoolvakanties.",
             "SPRT", "CultuurSportVrijeTijd", (6, 18)),
    Regeling("erfgoed", "Erfgoedpremie", "Een premie voor wie erfgoed onderhoudt of toont.", "KECU",
             "CultuurSportVrijeTijd"),
    Regeling("buurtfeest", "Subsidie buurtfeest", "Steun voor een feest dat de buurt samenbrengt.", "BWWC",
             "BurgerOverheid"),
    Regeling("vergroening", "Premie vergroening", "Een premie voor een groenere werking of lokaal.",
             "KLDU", "MilieuEnergie"),
    Regeling("vorming", "Vormingssubsidie", "Steun voor vorming van vrijwilligers.", "VORM",
             "OnderwijsWetenschap"),
    Regeling("integratie", "Subsidie samenleven", "Steun voor projecten die mensen verbinden.", "DINT",
             "WelzijnGezondheid"),
    Regeling("gezondheid", "Subsidie gezonde vereniging", "Steun voor gezondheidsprojecten.", "GEWE",
             "WelzijnGezondheid"),
    Regeling("internationaal", "Subsidie internationale samenwerking", "Steun voor projecten met het "
             "buitenland.", "INOS", "BurgerOverheid"),
    Regeling("digitaal", "Subsidie digitale werking", "Steun om de werking te digitaliseren.", "MEDG",
             "OnderwijsWetenschap"),
    Regeling("toerisme", "Subsidie toeristisch evenement", "Steun voor een evenement dat bezoekers "
             "aantrekt.", "TOER", "EconomieWerk"),
    Regeling("werk", "Subsidie sociale tewerkstelling", "Steun voor werkervaring binnen de vereniging.",
             "WESE", "EconomieWerk", (18, 150)),
)  # fmt: skip


def regeling_node(regeling: Regeling, bestuur: Bestuur) -> dict[str, object]:
    """One subsidy of one administration as a CPSV-AP node (without its modification time,
    which the catalog adds)."""
    criterium: dict[str, object] = {
        "@type": "cv:CriterionRequirement",
        "vloket:verenigingstypes": ["FV", "VZW"],
        "vloket:hoofdactiviteiten": [regeling.hoofdactiviteit],
    }
    if regeling.leeftijden is not None:
        criterium["vloket:minimumleeftijd"], criterium["vloket:maximumleeftijd"] = regeling.leeftijden
    node: dict[str, object] = {
        "@id": f"{ID_BASIS}/{regeling.slug}-{bestuur.slug}",
        "@type": "cpsv:PublicService",
        "dct:title": {"nl": f"{regeling.titel} ({bestuur.naam})"},
        "dct:description": {"nl": regeling.beschrijving},
        "dct:type": {
            "@id": "https://productencatalogus.data.vlaanderen.be/id/concept/Type/FinancieelVoordeel"
        },
        "dcat:theme": [regeling.thema],
        "cv:hasCompetentAuthority": {"dct:identifier": bestuur.code, "skos:prefLabel": {"nl": bestuur.naam}},
        "cv:hasCriterion": criterium,
        "cv:holdsRequirement": [
            {"dct:description": {"nl": "De vereniging is actief in het werkingsgebied."}}
        ],
        "cpsv:hasChannel": [
            {"dct:type": "Online", "schema:url": f"https://{bestuur.slug}.sandbox.example/{regeling.slug}"}
        ],
        "cv:hasContactPoint": {"schema:email": f"subsidies@{bestuur.slug}.sandbox.example"},
    }
    if bestuur.gebied is not None:
        node["dct:spatial"] = [bestuur.gebied]
    return node


def demo_catalogus() -> list[dict[str, object]]:
    return [regeling_node(regeling, bestuur) for regeling in REGELINGEN for bestuur in BESTUREN]
