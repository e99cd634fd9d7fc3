"""The rules an offering's content must meet before it is stored: the register's own text,
contact and code rules, plus those of an offering. Every problem is reported at once, each at
its path in the API's camelCase names (`criteria.hoofdactiviteiten[1]`, `aanvraagperiode.tot`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from types import MappingProxyType
from typing import Final

from registry.associations import rules
from registry.associations.codes import (
    HOOFDACTIVITEITEN,
    NIET_VAN_TOEPASSING,
    Verenigingstype,
    werkingsgebieden,
)
from registry.associations.commands import DoelgroepInvoer
from registry.offerings.model import Aanvraagperiode, Bestuur, Contact, Criteria, DienstInhoud, Kanaal
from registry.validation import Checks

MAX_TITEL = 250
MAX_LANGE_TEKST = 10_000
MAX_CODE = 40
MAX_ITEM = 120

# How many items each list of an offering holds; a longer list is refused before its items are read.
MAX_THEMAS = 30
MAX_VERENIGINGSTYPES = len(Verenigingstype)
MAX_HOOFDACTIVITEITEN = len(HOOFDACTIVITEITEN)
MAX_WERKINGSGEBIEDEN = 300
MAX_BEWIJSSTUKKEN = 30
MAX_BENODIGDE_GEGEVENS = 30
MAXIMA: Final[Mapping[str, int]] = MappingProxyType(
    {
        "themas": MAX_THEMAS,
        "criteria.verenigingstypes": MAX_VERENIGINGSTYPES,
        "criteria.hoofdactiviteiten": MAX_HOOFDACTIVITEITEN,
        "criteria.werkingsgebieden": MAX_WERKINGSGEBIEDEN,
        "bewijsstukken": MAX_BEWIJSSTUKKEN,
        "benodigdeGegevens": MAX_BENODIGDE_GEGEVENS,
    }
)
"""The most items of each list, by the API's path to it."""

EERSTE_DAG = date(2000, 1, 1)
LAATSTE_DAG = date(2099, 12, 31)
"""The dates an offering names (its aanvraagperiode) lie between these."""


def gecontroleerd(inhoud: DienstInhoud) -> DienstInhoud:
    """The content trimmed and normalised, or `ValidationFailed` listing every problem."""
    checks = Checks()
    titel = checks.text("titel", inhoud.titel, required=True, max_length=MAX_TITEL)
    beschrijving = checks.text(
        "beschrijving", inhoud.beschrijving, required=True, max_length=MAX_LANGE_TEKST, multiline=True
    )
    lange_teksten = {
        veld: checks.text(veld, getattr(inhoud, veld), max_length=MAX_LANGE_TEKST, multiline=True)
        for veld in ("voorwaarden", "procedure", "kosten")
    }
    checked = {
        "bestuur": _bestuur(checks, inhoud.bestuur),
        "themas": _items(checks, "themas", inhoud.themas),
        "criteria": _criteria(checks, inhoud.criteria),
        "aanvraagperiode": _aanvraagperiode(checks, inhoud.aanvraagperiode),
        "kanaal": _kanaal(checks, inhoud.kanaal),
        "contact": _contact(checks, inhoud.contact),
        "bewijsstukken": _items(checks, "bewijsstukken", inhoud.bewijsstukken, max_length=500),
        "benodigde_gegevens": _items(checks, "benodigdeGegevens", inhoud.benodigde_gegevens),
    }
    checks.raise_if_any()
    assert titel is not None
    assert beschrijving is not None
    return inhoud.model_copy(
        update={"titel": titel, "beschrijving": beschrijving, **lange_teksten, **checked}
    )


def _bestuur(checks: Checks, bestuur: Bestuur) -> Bestuur:
    with checks.within("bestuur"):
        code = checks.text("code", bestuur.code, required=True, max_length=MAX_CODE)
        naam = checks.text("naam", bestuur.naam, required=True, max_length=MAX_TITEL)
    return bestuur.model_copy(update={"code": (code or "").upper(), "naam": naam or ""})


def _items(
    checks: Checks, veld: str, values: Sequence[str], *, max_length: int = MAX_ITEM
) -> tuple[str, ...]:
    """Plain-text list items, each required; a repeated item is kept once."""
    if not checks.at_most(veld, values, MAXIMA[veld]):
        return ()
    kept: dict[str, None] = {}  # ordered, and a lookup costs the same however long the list
    for index, value in enumerate(values):
        item = checks.text(f"{veld}[{index}]", value, required=True, max_length=max_length)
        if item is not None:
            kept[item] = None
    return tuple(kept)


def _criteria(checks: Checks, criteria: Criteria) -> Criteria:
    with checks.within("criteria"):
        checks.at_most("verenigingstypes", criteria.verenigingstypes, MAX_VERENIGINGSTYPES)
        hoofdactiviteiten = (
            rules.codes(checks, "hoofdactiviteiten", criteria.hoofdactiviteiten, HOOFDACTIVITEITEN)
            if checks.at_most("hoofdactiviteiten", criteria.hoofdactiviteiten, MAX_HOOFDACTIVITEITEN)
            else ()
        )
        gebieden = (
            _werkingsgebieden(checks, criteria.werkingsgebieden)
            if checks.at_most("werkingsgebieden", criteria.werkingsgebieden, MAX_WERKINGSGEBIEDEN)
            else ()
        )
    doelgroep = None
    if criteria.doelgroep is not None:
        invoer = DoelgroepInvoer(
            minimumleeftijd=criteria.doelgroep.minimumleeftijd,
            maximumleeftijd=criteria.doelgroep.maximumleeftijd,
        )
        doelgroep = rules.doelgroep(checks, invoer, prefix="criteria.doelgroep")
    return Criteria(
        verenigingstypes=tuple(dict.fromkeys(criteria.verenigingstypes)),
        hoofdactiviteiten=hoofdactiviteiten,
        werkingsgebieden=gebieden,
        doelgroep=doelgroep,
    )


def _werkingsgebieden(checks: Checks, values: Sequence[str]) -> tuple[str, ...]:
    """Known province or municipality codes; `NVT` says nothing about where an offering
    applies, so it is refused rather than read as "everywhere"."""
    for index, value in enumerate(values):
        if value.strip().upper() == NIET_VAN_TOEPASSING:
            checks.fail(f"werkingsgebieden[{index}]", "nvt_niet_voor_aanbod")
    known = rules.codes(checks, "werkingsgebieden", values, werkingsgebieden())
    return tuple(code for code in known if code != NIET_VAN_TOEPASSING)


def _aanvraagperiode(checks: Checks, periode: Aanvraagperiode) -> Aanvraagperiode:
    for veld, dag in (("van", periode.van), ("tot", periode.tot)):
        if dag is not None and not EERSTE_DAG <= dag <= LAATSTE_DAG:
            checks.fail(
                f"aanvraagperiode.{veld}",
                "datum_buiten_bereik",
                van=EERSTE_DAG.isoformat(),
                tot=LAATSTE_DAG.isoformat(),
            )
    if periode.van is not None and periode.tot is not None and periode.tot < periode.van:
        checks.fail("aanvraagperiode.tot", "einddatum_voor_startdatum", startdatum=periode.van.isoformat())
    return periode


def _kanaal(checks: Checks, kanaal: Kanaal) -> Kanaal:
    with checks.within("kanaal"):
        link = checks.url("link", kanaal.link)
        connector = checks.text("connector", kanaal.connector, max_length=MAX_ITEM)
        connector_dienst = checks.text("connectorDienst", kanaal.connector_dienst, max_length=MAX_ITEM)
        uitleg = checks.text("uitleg", kanaal.uitleg, max_length=MAX_LANGE_TEKST, multiline=True)
        if not kanaal.digitaal and uitleg is None:
            checks.fail("uitleg", "uitleg_niet_digitaal")
    return Kanaal(
        digitaal=kanaal.digitaal,
        link=link,
        connector=connector,
        connector_dienst=connector_dienst,
        uitleg=uitleg,
    )


def _contact(checks: Checks, contact: Contact) -> Contact:
    with checks.within("contact"):
        return Contact(
            naam=checks.text("naam", contact.naam, max_length=MAX_TITEL),
            email=checks.email("email", contact.email),
            telefoon=checks.phone("telefoon", contact.telefoon),
            website=checks.url("website", contact.website),
        )
