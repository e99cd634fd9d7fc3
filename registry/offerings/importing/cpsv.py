"""The CPSV-AP / IPDC vocabulary mapped onto the import's own fields (those of `inhoud.py`).

A node is read in expanded form, so properties are matched by their full IRIs, whatever the
document called them; where several IRIs mean the same, the first one present counts. Prefixes
as in the catalog context (`vocabulary.py`):

    @id (else dct:identifier)                   the record's id at its source
    dct:title | schema:name                     titel (the Dutch text)
    dct:description                             beschrijving
    dct:type  (IRI or code)                     type: FinancieelVoordeel, Toelating, ...
    dcat:theme | cv:thematicArea                themas
    cv:hasCompetentAuthority                    bestuur: a code, or an organisation with
        dct:identifier | skos:notation              its code (else its IRI's last part),
        skos:prefLabel | schema:name                name, and
        vloket:bestuursniveau                       level
    dct:spatial  (NUTS2, NUTS3+NIS or NIS)      criteria.werkingsgebieden
    cv:hasCriterion                             criteria: vloket:verenigingstypes,
                                                    vloket:hoofdactiviteiten, vloket:werkingsgebieden,
                                                    vloket:minimumleeftijd, vloket:maximumleeftijd;
                                                    its dct:description joins the voorwaarden
    cv:holdsRequirement                         voorwaarden (texts, or nodes with a dct:description)
    dct:temporal                                aanvraagperiode: dcat:startDate, dcat:endDate
    cpsv:hasChannel | cv:hasChannel             kanaal: schema:url | dcat:accessURL,
                                                    vloket:connector, vloket:connectorDienst,
                                                    dct:description, dct:type (Online: digitaal)
    vloket:digitaal                             kanaal.digitaal, when given
    cv:hasContactPoint                          contact: schema:name, schema:email | cv:email,
                                                    schema:telephone | cv:telephone,
                                                    schema:url | cv:contactPage
    vloket:procedure; cv:hasCost                procedure; kosten
    cpsv:hasInput; vloket:benodigdeGegevens     bewijsstukken; benodigde_gegevens

Errors name the property by its short name, with its path (`cv:hasContactPoint.schema:email`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from registry.offerings.importing import jsonld_waarden as waarden
from registry.offerings.importing.jsonld_waarden import Knoop, Onduidelijk
from registry.offerings.importing.velden import Veld
from registry.offerings.importing.vocabulary import CPSV, CV, DCAT, DCT, SKOS, VLOKET, schema

Lezen = Callable[[object], object]

DIGITALE_KANALEN = frozenset({"online", "website", "digitaal", "e-loket", "eloket", "webformulier"})
TITEL = (f"{DCT}title", *schema("name"))
BESCHRIJVING = (f"{DCT}description",)
CONTACT = {
    "contact_naam": schema("name"),
    "contact_email": (*schema("email"), f"{CV}email"),
    "contact_telefoon": (*schema("telephone"), f"{CV}telephone"),
    "contact_website": (*schema("url"), f"{CV}contactPage"),
}
PERIODE = {"van": (f"{DCAT}startDate",), "tot": (f"{DCAT}endDate",)}
KANAAL: dict[str, tuple[tuple[str, ...], Lezen]] = {
    "link": ((*schema("url"), f"{DCAT}accessURL", f"{DCAT}endpointURL"), waarden.adres),
    "connector": ((f"{VLOKET}connector",), waarden.een_code),
    "connector_dienst": ((f"{VLOKET}connectorDienst",), waarden.een_code),
    "uitleg": (BESCHRIJVING, waarden.een_code),
}
CRITERIA = {
    "verenigingstypes": (f"{VLOKET}verenigingstypes",),
    "hoofdactiviteiten": (f"{VLOKET}hoofdactiviteiten",),
    "min_leeftijd": (f"{VLOKET}minimumleeftijd",),
    "max_leeftijd": (f"{VLOKET}maximumleeftijd",),
}
WERKINGSGEBIEDEN = f"{VLOKET}werkingsgebieden"
# Prefixes a value may carry in a contact point (`mailto:`, `tel:`), not part of the value.
SCHEMES = ("mailto:", "tel:")


def velden(knoop: Knoop) -> dict[str, Veld]:
    """The node's properties under the import's own field names."""
    mapping = _Mapping()
    if knoop.id is not None:
        mapping.found["id"] = Veld("@id", knoop.id)
    else:
        mapping.neem("id", knoop, (f"{DCT}identifier",), waarden.tekst)
    mapping.neem("titel", knoop, TITEL, waarden.tekst)
    mapping.neem("beschrijving", knoop, BESCHRIJVING, waarden.tekst)
    mapping.neem("type", knoop, (f"{DCT}type",), waarden.een_code)
    mapping.neem("themas", knoop, (f"{DCAT}theme", f"{CV}thematicArea"), waarden.codes)
    mapping.neem("werkingsgebieden", knoop, (f"{DCT}spatial",), waarden.codes)
    mapping.neem("procedure", knoop, (f"{VLOKET}procedure",), omschrijving)
    mapping.neem("kosten", knoop, (f"{CV}hasCost",), omschrijving)
    mapping.neem("bewijsstukken", knoop, (f"{CPSV}hasInput",), omschrijvingen)
    mapping.neem("benodigde_gegevens", knoop, (f"{VLOKET}benodigdeGegevens",), waarden.teksten)
    mapping.bestuur(knoop)
    mapping.criteria(knoop)
    mapping.eerste_knoop(knoop, (f"{DCT}temporal",), PERIODE)
    mapping.eerste_knoop(knoop, (f"{CV}hasContactPoint",), CONTACT)
    mapping.kanaal(knoop)
    return mapping.found


class _Mapping:
    def __init__(self) -> None:
        self.found: dict[str, Veld] = {}

    def neem(self, veld: str, bron: Knoop, iris: tuple[str, ...], lees: Lezen, *, pad: str = "") -> None:
        """The first of `iris` that `bron` has, read by `lees`, as field `veld`."""
        eigenschap = bron.eigenschap(*iris)
        if eigenschap is None:
            return
        naam = f"{pad}{eigenschap.naam}"
        try:
            self.found[veld] = Veld(naam, lees(eigenschap.waarde))
        except Onduidelijk as error:
            self.found[veld] = Veld(naam, None, probleem=str(error))

    def bestuur(self, knoop: Knoop) -> None:
        eigenschap = knoop.eigenschap(f"{CV}hasCompetentAuthority")
        if eigenschap is None:
            return
        besturen = knoop.knopen(eigenschap.waarde)
        if not besturen:  # the code itself, as a value
            self.neem("bestuur_code", knoop, (eigenschap.iri,), waarden.een_code)
            return
        if len(eigenschap.waarde) > 1:
            self.found["bestuur_code"] = Veld(eigenschap.naam, None, probleem="één bevoegd bestuur")
            return
        [bestuur] = besturen
        pad = f"{eigenschap.naam}."
        code = (f"{DCT}identifier", f"{SKOS}notation")
        if bestuur.eigenschap(*code) is None and bestuur.id:
            # An organisation named by its IRI alone: the IRI ends in its code.
            self.found["bestuur_code"] = Veld(f"{pad}@id", waarden.iri_staart(bestuur.id))
        self.neem("bestuur_code", bestuur, code, waarden.een_code, pad=pad)
        self.neem("bestuur_naam", bestuur, (f"{SKOS}prefLabel", *schema("name")), waarden.tekst, pad=pad)
        self.neem("bestuur_niveau", bestuur, (f"{VLOKET}bestuursniveau",), waarden.een_code, pad=pad)

    def criteria(self, knoop: Knoop) -> None:
        eigenschap = knoop.eigenschap(f"{CV}hasCriterion")
        requirement = knoop.eigenschap(f"{CV}holdsRequirement")
        pad = f"{eigenschap.naam}." if eigenschap else ""
        beschrijvingen: list[object] = [requirement.waarde] if requirement else []
        for criterium in knoop.knopen(eigenschap.waarde) if eigenschap else []:
            for veld, iris in CRITERIA.items():
                lees = (
                    waarden.codes if veld in {"verenigingstypes", "hoofdactiviteiten"} else waarden.een_code
                )
                self.neem(veld, criterium, iris, lees, pad=pad)
            self._werkingsgebieden(criterium, pad)
            beschrijving = criterium.eigenschap(*BESCHRIJVING)
            beschrijvingen += [beschrijving.waarde] if beschrijving else []
        if not beschrijvingen:
            return
        naam = requirement.naam if requirement else f"{pad}dct:description"
        try:
            self.found["voorwaarden"] = samen(naam, [t for w in beschrijvingen for t in omschrijvingen(w)])
        except Onduidelijk as error:
            self.found["voorwaarden"] = Veld(naam, None, probleem=str(error))

    def _werkingsgebieden(self, criterium: Knoop, pad: str) -> None:
        eigenschap = criterium.eigenschap(WERKINGSGEBIEDEN)
        if eigenschap is None:
            return
        if "werkingsgebieden" in self.found:
            self.found["werkingsgebieden"] = Veld(
                f"{pad}{eigenschap.naam}", None, probleem="werkingsgebieden op één plaats: in dct:spatial"
            )
            return
        self.neem("werkingsgebieden", criterium, (WERKINGSGEBIEDEN,), waarden.codes, pad=pad)

    def eerste_knoop(
        self, knoop: Knoop, iris: tuple[str, ...], velden: Mapping[str, tuple[str, ...]]
    ) -> None:
        eigenschap = knoop.eigenschap(*iris)
        if eigenschap is None:
            return
        for doel in knoop.knopen(eigenschap.waarde)[:1]:
            for veld, eigen_iris in velden.items():
                self.neem(veld, doel, eigen_iris, zonder_scheme, pad=f"{eigenschap.naam}.")

    def kanaal(self, knoop: Knoop) -> None:
        """The first link, connector and explanation among the channels; digital when any
        channel is online."""
        eigenschap = knoop.eigenschap(f"{CPSV}hasChannel", f"{CV}hasChannel")
        pad = f"{eigenschap.naam}." if eigenschap else ""
        digitaal = False
        for kanaal in knoop.knopen(eigenschap.waarde) if eigenschap else []:
            for veld, (iris, lees) in KANAAL.items():
                if veld not in self.found:
                    self.neem(veld, kanaal, iris, lees, pad=pad)
            soort = kanaal.eigenschap(f"{DCT}type")
            soorten = {str(waarden.code(t)).casefold() for t in (soort.waarde if soort else [])}
            digitaal = digitaal or bool(soorten & DIGITALE_KANALEN)
        if knoop.eigenschap(f"{VLOKET}digitaal") is not None:
            self.neem("digitaal", knoop, (f"{VLOKET}digitaal",), waarden.een_code)
        elif eigenschap is not None:
            online = digitaal or "link" in self.found or "connector" in self.found
            self.found["digitaal"] = Veld(f"{pad}dct:type", online)


def zonder_scheme(waarde: object) -> object:
    """An address without its `mailto:` or `tel:`."""
    value = waarden.adres(waarde)
    if isinstance(value, str):
        for scheme in SCHEMES:
            if value.lower().startswith(scheme):
                return value[len(scheme) :]
    return value


def omschrijvingen(waarde: object) -> list[object]:
    """Texts given as such, or as nodes with a description or title (a requirement, a cost)."""
    items = waarden.als_lijst(waarde)
    result = waarden.teksten([item for item in items if _is_waarde(item)])
    for item in items:
        if isinstance(item, Mapping) and not _is_waarde(item):
            tekst = Knoop(item, {}).eigenschap(*BESCHRIJVING, *TITEL)
            result.append(waarden.tekst(tekst.waarde) if tekst else None)
    return result


def _is_waarde(item: object) -> bool:
    return isinstance(item, Mapping) and "@value" in item


def omschrijving(waarde: object) -> object:
    """Texts (or nodes with a description) as one text."""
    veld = samen("", omschrijvingen(waarde))
    if veld.probleem is not None:
        raise Onduidelijk(veld.probleem)
    return veld.waarde


def samen(naam: str, teksten: list[object]) -> Veld:
    """Several texts as one, a paragraph each."""
    if not all(isinstance(t, str) for t in teksten):
        return Veld(naam, None, probleem="tekst, of objecten met een dct:description")
    return Veld(naam, "\n\n".join(str(t).strip() for t in teksten if str(t).strip()) or None)
