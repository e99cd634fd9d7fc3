"""The form an editor fills in for an offering, and its words: what the form shows, read back
from a posted form, and turned into the same `DienstInput` the GraphQL API receives, so the
register checks it exactly as it checks an API call.

Field names are the register's field paths (`contact.email`, `criteria.werkingsgebieden`), so a
refusal's message lands next to its field. Long lists are typed as text: NIS codes separated by
commas, proof documents one per line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from starlette.datastructures import FormData

from hub.graphql.aanbod_inputs import (
    AanvraagperiodeInput,
    BestuurInput,
    ContactInput,
    CriteriaInput,
    DienstInput,
    KanaalInput,
)
from hub.graphql.inputs import DoelgroepInput
from hub.portal.i18n import N_
from registry.associations.codes import naam_van_werkingsgebied
from registry.offerings.gebieden import werkingsgebied
from registry.offerings.model import Bestuur, Bestuursniveau, Dienst, DienstInhoud

MEERDERE = ("themas", "criteria.verenigingstypes", "criteria.hoofdactiviteiten")
VOLGORDE = (
    "titel",
    "beschrijving",
    "type",
    "bestuur",
    "themas",
    "criteria.verenigingstypes",
    "criteria.hoofdactiviteiten",
    "criteria.werkingsgebieden",
    "criteria.doelgroep.minimumleeftijd",
    "criteria.doelgroep.maximumleeftijd",
    "voorwaarden",
    "procedure",
    "kosten",
    "bewijsstukken",
    "benodigdeGegevens",
    "aanvraagperiode.van",
    "aanvraagperiode.tot",
    "kanaal.digitaal",
    "kanaal.link",
    "kanaal.uitleg",
    "contact.naam",
    "contact.email",
    "contact.telefoon",
    "contact.website",
)
"""Every field, in the order the form shows them."""
ENKEL = tuple(naam for naam in VOLGORDE if naam not in MEERDERE)
VELDEN = frozenset(VOLGORDE)

_INDEX = re.compile(r"\[\d+\]$")
_GEMEENTECODE = 10


@dataclass
class Invoer:
    """What the form shows or what was posted, as text: kept as typed when it is refused."""

    waarden: dict[str, str] = field(default_factory=lambda: dict.fromkeys(ENKEL, ""))
    keuzes: dict[str, list[str]] = field(default_factory=lambda: {naam: [] for naam in MEERDERE})
    ongeldig: dict[str, str] = field(default_factory=dict)
    """Fields that cannot be read at all (a date, an age), with a message marked for translation."""

    @classmethod
    def nieuw(cls, besturen: Sequence[Bestuur]) -> Invoer:
        invoer = cls()
        invoer.waarden["kanaal.digitaal"] = "ja"
        if len(besturen) == 1:
            invoer.waarden["bestuur"] = besturen[0].code
        return invoer

    @classmethod
    def uit_formulier(cls, form: FormData) -> Invoer:
        invoer = cls()
        for naam in ENKEL:
            waarde = form.get(naam)
            invoer.waarden[naam] = waarde if isinstance(waarde, str) else ""
        for naam in MEERDERE:
            invoer.keuzes[naam] = [v for v in form.getlist(naam) if isinstance(v, str) and v]
        return invoer

    @classmethod
    def van(cls, inhoud: DienstInhoud) -> Invoer:
        criteria, doelgroep = inhoud.criteria, inhoud.criteria.doelgroep
        invoer = cls()
        invoer.waarden |= {
            "titel": inhoud.titel,
            "beschrijving": inhoud.beschrijving,
            "type": inhoud.type.value,
            "bestuur": inhoud.bestuur.code,
            "criteria.werkingsgebieden": ", ".join(_getypt(code) for code in criteria.werkingsgebieden),
            "criteria.doelgroep.minimumleeftijd": "" if doelgroep is None else str(doelgroep.minimumleeftijd),
            "criteria.doelgroep.maximumleeftijd": "" if doelgroep is None else str(doelgroep.maximumleeftijd),
            "voorwaarden": inhoud.voorwaarden or "",
            "procedure": inhoud.procedure or "",
            "kosten": inhoud.kosten or "",
            "aanvraagperiode.van": _iso(inhoud.aanvraagperiode.van),
            "aanvraagperiode.tot": _iso(inhoud.aanvraagperiode.tot),
            "kanaal.digitaal": "ja" if inhoud.kanaal.digitaal else "nee",
            "kanaal.link": inhoud.kanaal.link or "",
            "kanaal.uitleg": inhoud.kanaal.uitleg or "",
            "contact.naam": inhoud.contact.naam or "",
            "contact.email": inhoud.contact.email or "",
            "contact.telefoon": inhoud.contact.telefoon or "",
            "contact.website": inhoud.contact.website or "",
            "bewijsstukken": "\n".join(inhoud.bewijsstukken),
            "benodigdeGegevens": ", ".join(inhoud.benodigde_gegevens),
        }
        invoer.keuzes = {
            "themas": list(inhoud.themas),
            "criteria.verenigingstypes": [t.value for t in criteria.verenigingstypes],
            "criteria.hoofdactiviteiten": list(criteria.hoofdactiviteiten),
        }
        return invoer

    def input(self, besturen: Sequence[Bestuur], *, huidig: DienstInhoud | None = None) -> DienstInput:
        """The GraphQL input this form amounts to. The bestuur is looked up among the
        publisher's own; a code from elsewhere goes as it is, for the register to refuse. The
        link to a connected service is not on the form: an edit keeps the current one."""
        self.ongeldig = {}
        w = self.waarden
        code = w["bestuur"].strip()
        bestuur = next((b for b in besturen if b.code == code), None) or _onbekend_bestuur(code)
        minimum = self._leeftijd("criteria.doelgroep.minimumleeftijd")
        maximum = self._leeftijd("criteria.doelgroep.maximumleeftijd")
        kanaal = huidig.kanaal if huidig is not None else None
        return DienstInput(
            titel=w["titel"],
            beschrijving=w["beschrijving"],
            type=w["type"],
            bestuur=BestuurInput(niveau=bestuur.niveau.value, code=bestuur.code, naam=bestuur.naam),
            themas=self.keuzes["themas"],
            criteria=CriteriaInput(
                verenigingstypes=self.keuzes["criteria.verenigingstypes"],
                hoofdactiviteiten=self.keuzes["criteria.hoofdactiviteiten"],
                werkingsgebieden=[_code(d) for d in _delen(w["criteria.werkingsgebieden"], ",")],
                doelgroep=None
                if minimum is None and maximum is None
                else DoelgroepInput(minimumleeftijd=minimum, maximumleeftijd=maximum),
            ),
            voorwaarden=_tekst(w["voorwaarden"]),
            procedure=_tekst(w["procedure"]),
            kosten=_tekst(w["kosten"]),
            aanvraagperiode=AanvraagperiodeInput(
                van=self._datum("aanvraagperiode.van"), tot=self._datum("aanvraagperiode.tot")
            ),
            kanaal=KanaalInput(
                digitaal=w["kanaal.digitaal"] != "nee",
                link=_tekst(w["kanaal.link"]),
                connector=kanaal.connector if kanaal else None,
                connector_dienst=kanaal.connector_dienst if kanaal else None,
                uitleg=_tekst(w["kanaal.uitleg"]),
            ),
            contact=ContactInput(
                naam=_tekst(w["contact.naam"]),
                email=_tekst(w["contact.email"]),
                telefoon=_tekst(w["contact.telefoon"]),
                website=_tekst(w["contact.website"]),
            ),
            bewijsstukken=_delen(w["bewijsstukken"], "\n"),
            benodigde_gegevens=_delen(w["benodigdeGegevens"], ","),
        )

    def _datum(self, naam: str) -> date | None:
        tekst = self.waarden[naam].strip()
        if not tekst:
            return None
        try:
            return date.fromisoformat(tekst)
        except ValueError:
            self.ongeldig[naam] = N_("Geef een datum als 2025-12-31 (jaar-maand-dag).")
            return None

    def _leeftijd(self, naam: str) -> int | None:
        tekst = self.waarden[naam].strip()
        if not tekst:
            return None
        if not tekst.isascii() or not tekst.isdigit():
            self.ongeldig[naam] = N_("Geef een leeftijd in cijfers, zoals 12.")
            return None
        return int(tekst)


def veldnaam(pad: str) -> str | None:
    """The form field a register's field path belongs to (`themas[2]` → `themas`,
    `bestuur.naam` → `bestuur`); None when the form has no such field."""
    naam = _INDEX.sub("", pad)
    if naam.startswith("bestuur"):
        naam = "bestuur"
    return naam if naam in VELDEN else None


def besturen_van(codes: Iterable[str], eigen: Iterable[Dienst]) -> list[Bestuur]:
    """The administrations a publisher's role names, by name: as their own offerings name
    them, else by the place the code stands for, else the code itself."""
    bekend = {d.inhoud.bestuur.code: d.inhoud.bestuur for d in eigen}
    gevonden = [bekend.get(code) or _onbekend_bestuur(code) for code in codes]
    return sorted(gevonden, key=lambda b: (b.naam.casefold(), b.code))


def _onbekend_bestuur(code: str) -> Bestuur:
    gebied = werkingsgebied(code) if code else None
    if gebied is None:
        return Bestuur(niveau=Bestuursniveau.VLAAMS, code=code, naam=code)
    niveau = Bestuursniveau.GEMEENTELIJK if len(gebied) == _GEMEENTECODE else Bestuursniveau.PROVINCIAAL
    return Bestuur(niveau=niveau, code=code, naam=naam_van_werkingsgebied(gebied))


def _getypt(code: str) -> str:
    """A municipality as its NIS code (what editors know), a province as its own code."""
    return code[-5:] if len(code) == _GEMEENTECODE else code


def _code(getypt: str) -> str:
    """A NIS code as the register's werkingsgebied code; anything unknown goes as it is."""
    return werkingsgebied(getypt) or getypt


def _delen(tekst: str, scheiding: str) -> list[str]:
    return [deel.strip() for deel in tekst.split(scheiding) if deel.strip()]


def _tekst(tekst: str) -> str | None:
    return tekst if tekst.strip() else None


def _iso(dag: date | None) -> str:
    return "" if dag is None else dag.isoformat()
