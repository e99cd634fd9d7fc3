"""One record's fields, by the import's own names (the CSV header's; the JSON-LD reader maps its
properties onto them), turned into an offering's content, or every problem with it at once.

    id                          the record's id at its source: required, no spaces
    titel, beschrijving         required, plain text (no HTML)
    type                        required, one of the IPDC types (Diensttype)
    bestuur_code                required: a NIS, NUTS2 or OVO code the code lists know
    bestuur_niveau              told by the code's shape when empty
    bestuur_naam                from the code lists when empty (municipalities, provinces)
    themas, bewijsstukken, benodigde_gegevens
                                lists of plain texts
    verenigingstypes, hoofdactiviteiten, werkingsgebieden
                                criteria: known codes only, each once
    min_leeftijd, max_leeftijd  criteria.doelgroep: 0..150, min <= max
    van, tot                    aanvraagperiode: dates, van <= tot
    digitaal, link, connector, connector_dienst, uitleg
                                kanaal: when not digital, uitleg says how to ask
    contact_naam, contact_email, contact_telefoon, contact_website
                                contact: a valid address, number, web address
    voorwaarden, procedure, kosten
                                plain texts

Lengths follow the register's own limits, so what passes here is not refused when stored.
"""

from __future__ import annotations

from collections.abc import Mapping

from registry.associations.codes import Verenigingstype
from registry.associations.model import Doelgroep
from registry.offerings.importing import codelijsten
from registry.offerings.importing.records import EerderGezien, Gelezen, Record, fouten_van
from registry.offerings.importing.velden import Lezer, Veld
from registry.offerings.model import (
    Aanvraagperiode,
    Bestuur,
    Bestuursniveau,
    Contact,
    Criteria,
    DienstInhoud,
    Diensttype,
    Kanaal,
)
from registry.validation import Checks

VELDEN = (
    "id", "titel", "beschrijving", "type", "bestuur_niveau", "bestuur_code", "bestuur_naam", "themas",
    "verenigingstypes", "hoofdactiviteiten", "werkingsgebieden", "min_leeftijd", "max_leeftijd",
    "van", "tot", "digitaal", "link", "connector", "connector_dienst", "uitleg", "contact_naam",
    "contact_email", "contact_telefoon", "contact_website", "benodigde_gegevens", "voorwaarden",
    "procedure", "kosten", "bewijsstukken",
)  # fmt: skip
"""Every field an import knows, in the order of the CSV header."""
VERPLICHT = ("id", "titel", "beschrijving", "type", "bestuur_code")
LISTS = frozenset(
    {
        "themas",
        "verenigingstypes",
        "hoofdactiviteiten",
        "werkingsgebieden",
        "benodigde_gegevens",
        "bewijsstukken",
    }
)
MAX_TITEL = 250
MAX_TEKST = 10_000
MAX_ID = 250  # the register keeps a source's id in 250 characters
MAX_ITEM = 120


def bron_id(velden: Mapping[str, Veld], checks: Checks) -> str | None:
    lezer = Lezer(velden, checks)
    value = lezer.tekst("id", verplicht=True, max_lengte=MAX_ID)
    if value is not None and any(ch.isspace() for ch in value):
        checks.fail(lezer.naam("id"), "ongeldig_formaat", verwacht="een id zonder spaties")
        return None
    return value


def inhoud(velden: Mapping[str, Veld], checks: Checks) -> DienstInhoud | None:
    """The content, or None when `checks` holds a problem with it."""
    lezer = Lezer(velden, checks)
    before = len(checks.errors)
    titel = lezer.tekst("titel", verplicht=True, max_lengte=MAX_TITEL)
    beschrijving = lezer.tekst("beschrijving", verplicht=True, max_lengte=MAX_TEKST, meerdere_regels=True)
    soort = lezer.keuze("type", Diensttype)
    bestuur = _bestuur(lezer)
    themas = tuple(lezer.lijst("themas", max_lengte=MAX_ITEM))
    criteria = _criteria(lezer)
    aanvraagperiode = _aanvraagperiode(lezer)
    kanaal = _kanaal(lezer)
    contact = Contact(
        naam=lezer.tekst("contact_naam", max_lengte=250),
        email=lezer.email("contact_email"),
        telefoon=lezer.telefoon("contact_telefoon"),
        website=lezer.url("contact_website"),
    )
    bewijsstukken = tuple(lezer.lijst("bewijsstukken", max_lengte=500))
    benodigde_gegevens = tuple(lezer.lijst("benodigde_gegevens", max_lengte=MAX_ITEM))
    voorwaarden = lezer.tekst("voorwaarden", max_lengte=MAX_TEKST, meerdere_regels=True)
    procedure = lezer.tekst("procedure", max_lengte=MAX_TEKST, meerdere_regels=True)
    kosten = lezer.tekst("kosten", max_lengte=MAX_TEKST, meerdere_regels=True)
    if len(checks.errors) > before or titel is None or beschrijving is None:
        return None
    if soort is None or bestuur is None:
        return None
    return DienstInhoud(
        titel=titel,
        beschrijving=beschrijving,
        type=soort,
        bestuur=bestuur,
        themas=themas,
        criteria=criteria,
        voorwaarden=voorwaarden,
        procedure=procedure,
        kosten=kosten,
        aanvraagperiode=aanvraagperiode,
        kanaal=kanaal,
        contact=contact,
        bewijsstukken=bewijsstukken,
        benodigde_gegevens=benodigde_gegevens,
    )


def _bestuur(lezer: Lezer) -> Bestuur | None:
    code = lezer.tekst("bestuur_code", verplicht=True, max_lengte=20)
    niveau = lezer.keuze("bestuur_niveau", Bestuursniveau, verplicht=False)
    naam = lezer.tekst("bestuur_naam", max_lengte=250)
    if code is None:
        return None
    niveau = niveau or codelijsten.niveau_van(code)
    if niveau is None:
        lezer.checks.fail(
            lezer.naam("bestuur_code"), "ongeldig_formaat", verwacht=codelijsten.BESTUUR_VERWACHT
        )
        return None
    before = len(lezer.checks.errors)
    code, gekende_naam = codelijsten.bestuurscode(lezer.checks, lezer.naam("bestuur_code"), code, niveau)
    if len(lezer.checks.errors) > before:
        return None
    naam = naam or gekende_naam
    if naam is None:
        lezer.checks.fail(lezer.naam("bestuur_naam"), "verplicht")
        return None
    return Bestuur(niveau=niveau, code=code, naam=naam)


def _criteria(lezer: Lezer) -> Criteria:
    checks = lezer.checks
    types = codelijsten.codes(
        checks, lezer.naam("verenigingstypes"), lezer.lijst("verenigingstypes"), list(Verenigingstype)
    )
    return Criteria(
        verenigingstypes=tuple(Verenigingstype(t) for t in types),
        hoofdactiviteiten=codelijsten.hoofdactiviteiten(
            checks, lezer.naam("hoofdactiviteiten"), lezer.lijst("hoofdactiviteiten")
        ),
        werkingsgebieden=codelijsten.gebieden(
            checks, lezer.naam("werkingsgebieden"), lezer.lijst("werkingsgebieden")
        ),
        doelgroep=_doelgroep(lezer),
    )


def _doelgroep(lezer: Lezer) -> Doelgroep | None:
    minimum, maximum = lezer.geheel_getal("min_leeftijd"), lezer.geheel_getal("max_leeftijd")
    if minimum is None and maximum is None:
        return None
    valid = True
    for veld, leeftijd in (("min_leeftijd", minimum), ("max_leeftijd", maximum)):
        if leeftijd is not None and not 0 <= leeftijd <= 150:
            lezer.checks.fail(lezer.naam(veld), "leeftijd_bereik")
            valid = False
    doelgroep = Doelgroep(
        minimumleeftijd=0 if minimum is None else minimum,
        maximumleeftijd=150 if maximum is None else maximum,
    )
    if valid and doelgroep.minimumleeftijd > doelgroep.maximumleeftijd:
        lezer.checks.fail(lezer.naam("min_leeftijd"), "minimum_boven_maximum")
    return doelgroep


def _aanvraagperiode(lezer: Lezer) -> Aanvraagperiode:
    van, tot = lezer.datum("van"), lezer.datum("tot")
    if van is not None and tot is not None and tot < van:
        lezer.checks.fail(lezer.naam("tot"), "einddatum_voor_startdatum", startdatum=van.isoformat())
    return Aanvraagperiode(van=van, tot=tot)


def _kanaal(lezer: Lezer) -> Kanaal:
    checks = lezer.checks
    digitaal = lezer.waarheid("digitaal", standaard=True)
    connector = lezer.tekst("connector", max_lengte=63)
    connector_dienst = lezer.tekst("connector_dienst", max_lengte=120)
    uitleg = lezer.tekst("uitleg", max_lengte=MAX_TEKST, meerdere_regels=True)
    if connector_dienst is not None and connector is None:
        checks.fail(lezer.naam("connector"), "verplicht")
    if not digitaal and uitleg is None:
        checks.fail(lezer.naam("uitleg"), "verplicht")
    if not digitaal and connector is not None:
        checks.fail(
            lezer.naam("digitaal"), "ongeldig_formaat", verwacht="ja: een connector start het digitaal"
        )
    return Kanaal(
        digitaal=digitaal,
        link=lezer.url("link"),
        connector=connector,
        connector_dienst=connector_dienst,
        uitleg=uitleg,
    )


def record(velden: Mapping[str, Veld], plaats: str, gezien: EerderGezien) -> Gelezen:
    """The record at `plaats`, or its problems; a repeated id is refused before anything else."""
    checks = Checks()
    sleutel = bron_id(velden, checks)
    if sleutel is not None:
        dubbel = gezien.dubbel(sleutel, plaats, Lezer(velden, checks).naam("id"))
        if dubbel is not None:
            return [dubbel]
    gebouwd = inhoud(velden, checks)
    if checks.errors or sleutel is None or gebouwd is None:
        return fouten_van(plaats, checks.errors)
    return Record(bron_id=sleutel, inhoud=gebouwd, plaats=plaats)
