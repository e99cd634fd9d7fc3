"""The CPSV-AP / IPDC vocabulary mapped onto the import's own fields (those of `inhoud.py`).

Properties are matched by local name (`dct:title` = `title` = `http://purl.org/dc/terms/title`):

    @id (else identifier)                      the record's id at its source
    title | name                               titel (the Dutch text of a language map)
    description                                beschrijving
    type | productType  (IRI or code)          type: FinancieelVoordeel, Toelating, ...
    theme | thematicArea | themas              themas
    hasCompetentAuthority                      bestuur: its identifier (else its IRI's last
        .identifier | .prefLabel | .niveau         part), prefLabel or name, niveau
    spatial  (NUTS2, NUTS3+NIS or NIS codes)   criteria.werkingsgebieden
    criteria | hasCriterion                    criteria: verenigingstypes, hoofdactiviteiten,
                                                   werkingsgebieden, minimumleeftijd,
                                                   maximumleeftijd; a criterion's description
                                                   joins the voorwaarden
    holdsRequirement | hasRequirement          voorwaarden (texts, or nodes with a description)
    temporal | aanvraagperiode                 aanvraagperiode: startDate, endDate
    hasChannel                                 kanaal: url | accessURL, connector,
                                                   connectorDienst, description, type
                                                   (Online/Website: digitaal); digitaal
    hasContactPoint                            contact: name, email, telephone, url | contactPage
    procedure; hasCost | kosten                procedure; kosten
    hasInput | bewijsstukken                   bewijsstukken
    benodigdeGegevens                          benodigde_gegevens

Errors name the property as the document spells it, with its path (`cv:hasContactPoint.email`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from registry.offerings.importing import jsonld_waarden as waarden
from registry.offerings.importing.jsonld_waarden import Knoop, Onduidelijk
from registry.offerings.importing.velden import Veld

DIGITALE_KANALEN = frozenset({"online", "website", "digitaal", "e-loket", "eloket", "webformulier"})
CONTACT = {
    "contact_naam": ("name", "title", "naam"),
    "contact_email": ("email", "hasEmail"),
    "contact_telefoon": ("telephone", "hasTelephone", "telefoon"),
    "contact_website": ("url", "contactPage", "page", "website"),
}
PERIODE = {"van": ("startDate", "van"), "tot": ("endDate", "tot")}
KANAAL = {
    "link": ("url", "accessURL", "endpointURL", "page"),
    "connector": ("connector",),
    "connector_dienst": ("connectorDienst",),
    "uitleg": ("description", "uitleg"),
}
CRITERIA = {
    "verenigingstypes": ("verenigingstypes",),
    "hoofdactiviteiten": ("hoofdactiviteiten",),
    "min_leeftijd": ("minimumleeftijd", "minLeeftijd"),
    "max_leeftijd": ("maximumleeftijd", "maxLeeftijd"),
}
# Prefixes a value may carry in a contact point (`mailto:`, `tel:`), not part of the value.
SCHEMES = ("mailto:", "tel:")

Lezen = Callable[[object], object]


def velden(knoop: Knoop) -> dict[str, Veld]:
    """The node's properties under the import's own field names."""
    mapping = _Mapping()
    if knoop.id is not None:
        mapping.found["id"] = Veld("@id", knoop.id)
    else:
        mapping.neem("id", knoop, ("identifier",), waarden.tekst)
    mapping.neem("titel", knoop, ("title", "name", "naam"), waarden.tekst)
    mapping.neem("beschrijving", knoop, ("description", "beschrijving"), waarden.tekst)
    mapping.neem("type", knoop, ("type", "productType"), een_code)
    mapping.neem("themas", knoop, ("theme", "themes", "thematicArea", "themas"), waarden.codes)
    mapping.neem("werkingsgebieden", knoop, ("spatial",), waarden.codes)
    mapping.neem("procedure", knoop, ("procedure",), omschrijving)
    mapping.neem("kosten", knoop, ("hasCost", "kosten"), omschrijving)
    mapping.neem("bewijsstukken", knoop, ("hasInput", "bewijsstukken"), omschrijvingen)
    mapping.neem("benodigde_gegevens", knoop, ("benodigdeGegevens",), waarden.teksten)
    mapping.bestuur(knoop)
    mapping.criteria(knoop)
    mapping.eerste_knoop(knoop, ("temporal", "aanvraagperiode"), PERIODE)
    mapping.eerste_knoop(knoop, ("hasContactPoint", "contactPoint", "contact"), CONTACT)
    mapping.kanaal(knoop)
    return mapping.found


class _Mapping:
    def __init__(self) -> None:
        self.found: dict[str, Veld] = {}

    def neem(self, veld: str, bron: Knoop, namen: tuple[str, ...], lees: Lezen, *, pad: str = "") -> None:
        """The first of `namen` that `bron` has, read by `lees`, as field `veld`."""
        try:
            eigenschap = bron.eigenschap(*namen)
        except Onduidelijk as error:
            self.found[veld] = Veld(f"{pad}{namen[0]}", None, probleem=str(error))
            return
        if eigenschap is None:
            return
        naam = f"{pad}{eigenschap.sleutel}"
        try:
            self.found[veld] = Veld(naam, lees(eigenschap.waarde))
        except Onduidelijk as error:
            self.found[veld] = Veld(naam, None, probleem=str(error))

    def bestuur(self, knoop: Knoop) -> None:
        eigenschap = knoop.eigenschap("hasCompetentAuthority", "competentAuthority", "bevoegdBestuur")
        if eigenschap is None:
            return
        besturen = knoop.knopen(eigenschap.waarde)
        if not besturen:  # the code itself, as a string
            self.neem("bestuur_code", knoop, (eigenschap.sleutel,), een_code)
            return
        if len(besturen) > 1:
            self.found["bestuur_code"] = Veld(eigenschap.sleutel, None, probleem="één bevoegd bestuur")
            return
        [bestuur] = besturen
        pad = f"{eigenschap.sleutel}."
        if bestuur.eigenschap("identifier", "notation", "code") is None and bestuur.id:
            # An organisation named by its IRI alone: the IRI ends in its code.
            self.found["bestuur_code"] = Veld(f"{pad}@id", waarden.iri_staart(bestuur.id))
        self.neem("bestuur_code", bestuur, ("identifier", "notation", "code"), een_code, pad=pad)
        self.neem("bestuur_naam", bestuur, ("prefLabel", "name", "label", "naam"), waarden.tekst, pad=pad)
        self.neem("bestuur_niveau", bestuur, ("niveau", "bestuursniveau", "level"), een_code, pad=pad)

    def criteria(self, knoop: Knoop) -> None:
        eigenschap = knoop.eigenschap("criteria", "hasCriterion")
        requirement = knoop.eigenschap("holdsRequirement", "hasRequirement", "requirement", "voorwaarden")
        teksten = omschrijvingen(requirement.waarde) if requirement else []
        criteria = knoop.knopen(eigenschap.waarde) if eigenschap else []
        pad = f"{eigenschap.sleutel}." if eigenschap else ""
        for criterium in criteria:
            for veld, namen in CRITERIA.items():
                lees = waarden.codes if veld in {"verenigingstypes", "hoofdactiviteiten"} else een_code
                self.neem(veld, criterium, namen, lees, pad=pad)
            self._werkingsgebieden(criterium, pad)
            beschrijving = criterium.eigenschap("description")
            teksten += omschrijvingen(beschrijving.waarde) if beschrijving else []
        if teksten:
            naam = requirement.sleutel if requirement else f"{pad}description"
            self.found["voorwaarden"] = samen(naam, teksten)

    def _werkingsgebieden(self, criterium: Knoop, pad: str) -> None:
        if criterium.eigenschap("werkingsgebieden") is None:
            return
        if "werkingsgebieden" in self.found:
            self.found["werkingsgebieden"] = Veld(
                f"{pad}werkingsgebieden", None, probleem="werkingsgebieden op één plaats: in dct:spatial"
            )
            return
        self.neem("werkingsgebieden", criterium, ("werkingsgebieden",), waarden.codes, pad=pad)

    def eerste_knoop(
        self, knoop: Knoop, namen: tuple[str, ...], velden: Mapping[str, tuple[str, ...]]
    ) -> None:
        eigenschap = knoop.eigenschap(*namen)
        if eigenschap is None:
            return
        for doel in knoop.knopen(eigenschap.waarde)[:1]:
            for veld, eigen_namen in velden.items():
                self.neem(veld, doel, eigen_namen, zonder_scheme, pad=f"{eigenschap.sleutel}.")

    def kanaal(self, knoop: Knoop) -> None:
        """The first link, connector and explanation among the channels; digital when any
        channel is online."""
        eigenschap = knoop.eigenschap("hasChannel", "channel", "kanaal")
        pad = f"{eigenschap.sleutel}." if eigenschap else ""
        digitaal = False
        for kanaal in knoop.knopen(eigenschap.waarde) if eigenschap else []:
            for veld, namen in KANAAL.items():
                if veld not in self.found:
                    self.neem(veld, kanaal, namen, een_code, pad=pad)
            soort = kanaal.eigenschap("type")
            soorten = {
                str(waarden.code(t)).casefold() for t in waarden.als_lijst(soort.waarde if soort else None)
            }
            digitaal = digitaal or bool(soorten & DIGITALE_KANALEN)
        if knoop.eigenschap("digitaal") is not None:
            self.neem("digitaal", knoop, ("digitaal",), een_code)
        elif eigenschap is not None:
            online = digitaal or "link" in self.found or "connector" in self.found
            self.found["digitaal"] = Veld(f"{pad}type", online)


def een_code(waarde: object) -> object:
    """One value: a code, a number, a date, or a Dutch text."""
    items = waarden.als_lijst(waarde)
    if len(items) > 1:
        raise Onduidelijk("één waarde, geen lijst")
    item = items[0] if items else None
    if isinstance(item, Mapping) and not ("@value" in item or "@id" in item):
        return waarden.tekst(item)
    return waarden.code(item)


def zonder_scheme(waarde: object) -> object:
    value = een_code(waarde)
    if isinstance(value, str):
        for scheme in SCHEMES:
            if value.lower().startswith(scheme):
                return value[len(scheme) :]
    return value


def omschrijvingen(waarde: object) -> list[object]:
    """Texts given as such, or as nodes with a description or title (a requirement, a cost)."""
    result: list[object] = []
    for item in waarden.als_lijst(waarde):
        if isinstance(item, Mapping) and not waarden.is_letterlijk(item):
            tekst = Knoop(item, {}).eigenschap("description", "title", "name")
            result.append(waarden.tekst(tekst.waarde) if tekst else None)
        else:
            result.append(waarden.tekst(item))
    return result


def omschrijving(waarde: object) -> object:
    return samen("", omschrijvingen(waarde)).waarde


def samen(naam: str, teksten: list[object]) -> Veld:
    """Several texts as one, a paragraph each."""
    if not all(isinstance(t, str) for t in teksten):
        return Veld(naam, None, probleem="tekst, of objecten met een dct:description")
    return Veld(naam, "\n\n".join(str(t).strip() for t in teksten if str(t).strip()) or None)
