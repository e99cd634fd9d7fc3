"""The registration wizard's answers: what each step asks, the answers carried from step to step
in hidden fields, and everything wrong with them, by the register's own rules (the dry run
`changes.registreer` makes before a vCode is allocated; nothing is stored)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import date

from starlette.datastructures import FormData

from hub.portal.i18n import N_
from hub.portal.web import Bezoek
from registry.associations import changes
from registry.associations.commands import (
    AdresInvoer,
    ContactgegevenInvoer,
    DoelgroepInvoer,
    LocatieInvoer,
    RegistratieInvoer,
)
from registry.errors import ValidationFailed
from registry.validation import Checks

STAPPEN: dict[int, tuple[str, ...]] = {
    1: ("naam", "beschrijving", "startdatum"),
    2: ("straat", "huisnummer", "bus", "postcode", "gemeente", "email"),
    3: ("minimumleeftijd", "maximumleeftijd", "activiteiten"),
}
OVERZICHT = len(STAPPEN) + 1

# The register's field paths (as in its refusals) by the form field that asks for them.
_VELD_VAN_PAD = {
    "naam": "naam",
    "korteBeschrijving": "beschrijving",
    "startdatum": "startdatum",
    "locaties[0].adres.straatnaam": "straat",
    "locaties[0].adres.huisnummer": "huisnummer",
    "locaties[0].adres.busnummer": "bus",
    "locaties[0].adres.postcode": "postcode",
    "locaties[0].adres.gemeente": "gemeente",
    "contactgegevens[0].waarde": "email",
    "doelgroep.minimumleeftijd": "minimumleeftijd",
    "doelgroep.maximumleeftijd": "maximumleeftijd",
}
_VELD_VAN_GROEP = (
    ("hoofdactiviteitenVerenigingsloket", "activiteiten"),
    ("locaties", "straat"),
    ("contactgegevens", "email"),
)
_DATUM = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
GEEN_DATUM = N_("Schrijf de datum als dag/maand/jaar, zoals 15/09/2015.")
GEEN_LEEFTIJD = N_("Schrijf een leeftijd in cijfers, zoals 12.")


@dataclass(frozen=True)
class Antwoorden:
    """What the person typed so far, as typed (shown again when something is wrong)."""

    naam: str = ""
    beschrijving: str = ""
    startdatum: str = ""
    straat: str = ""
    huisnummer: str = ""
    bus: str = ""
    postcode: str = ""
    gemeente: str = ""
    email: str = ""
    minimumleeftijd: str = ""
    maximumleeftijd: str = ""
    activiteiten: tuple[str, ...] = ()

    @classmethod
    def uit(cls, form: FormData) -> Antwoorden:
        teksten = {f.name: str(form.get(f.name) or "") for f in fields(cls) if f.name != "activiteiten"}
        gekozen = tuple(dict.fromkeys(str(code) for code in form.getlist("activiteiten")))
        return cls(**teksten, activiteiten=gekozen)

    def verborgen(self, behalve: Sequence[str] = ()) -> list[tuple[str, str]]:
        """The answers as hidden fields, but for those the page asks for itself."""
        paren = [(f.name, getattr(self, f.name)) for f in fields(self) if f.name != "activiteiten"]
        paren += [("activiteiten", code) for code in self.activiteiten]
        return [(naam, waarde) for naam, waarde in paren if waarde and naam not in behalve]


@dataclass
class Fouten:
    """What is wrong, by form field; and what belongs to no field (shown at the top)."""

    velden: dict[str, str] = field(default_factory=dict)
    algemeen: list[str] = field(default_factory=list)

    def voeg_toe(self, per_pad: Mapping[str, str]) -> None:
        for pad, melding in per_pad.items():
            veld = _veld_van(pad)
            if veld is None:
                self.algemeen.append(melding)
            else:
                self.velden.setdefault(veld, melding)

    def van_stap(self, stap: int) -> dict[str, str]:
        """This step's messages, in the order of its fields."""
        return {veld: self.velden[veld] for veld in STAPPEN.get(stap, ()) if veld in self.velden}

    def eerste_stap(self) -> int | None:
        return next((stap for stap in STAPPEN if self.van_stap(stap)), None)


def _veld_van(pad: str) -> str | None:
    if pad in _VELD_VAN_PAD:
        return _VELD_VAN_PAD[pad]
    return next((veld for begin, veld in _VELD_VAN_GROEP if pad.startswith(begin)), None)


def _datum(tekst: str) -> date | None:
    tekst = tekst.strip()
    try:
        return date.fromisoformat(tekst)
    except ValueError:
        pass
    gevonden = _DATUM.fullmatch(tekst)
    try:
        return date(int(gevonden[3]), int(gevonden[2]), int(gevonden[1])) if gevonden else None
    except ValueError:
        return None


def invoer_van(a: Antwoorden) -> tuple[RegistratieInvoer, dict[str, str]]:
    """The register's input from the answers, and the answers that are no date or number."""
    onleesbaar: dict[str, str] = {}
    startdatum = _datum(a.startdatum)
    if startdatum is None and a.startdatum.strip():
        onleesbaar["startdatum"] = GEEN_DATUM
    leeftijden: dict[str, int | None] = {}
    for veld in ("minimumleeftijd", "maximumleeftijd"):
        tekst = getattr(a, veld).strip()
        leesbaar = tekst.isascii() and tekst.isdigit()
        if tekst and not leesbaar:
            onleesbaar[veld] = GEEN_LEEFTIJD
        leeftijden[veld] = int(tekst) if leesbaar else None
    adres = AdresInvoer(
        straatnaam=a.straat,
        huisnummer=a.huisnummer,
        busnummer=a.bus or None,
        postcode=a.postcode,
        gemeente=a.gemeente,
    )
    heeft_adres = any(v.strip() for v in (a.straat, a.huisnummer, a.bus, a.postcode, a.gemeente))
    invoer = RegistratieInvoer(
        naam=a.naam,
        korte_beschrijving=a.beschrijving or None,
        startdatum=startdatum,
        doelgroep=DoelgroepInvoer(**leeftijden) if any(v is not None for v in leeftijden.values()) else None,
        hoofdactiviteiten=list(a.activiteiten),
        contactgegevens=(
            [ContactgegevenInvoer(contactgegeventype="E-mail", waarde=a.email, is_primair=True)]
            if a.email.strip()
            else []
        ),
        locaties=(
            [LocatieInvoer(locatietype="Correspondentie", is_primair=True, adres=adres)]
            if heeft_adres
            else []
        ),
    )
    return invoer, onleesbaar


def controleer(bezoek: Bezoek, antwoorden: Antwoorden) -> Fouten:
    """Everything wrong with the answers: what is no date or number, then what the register's
    rules refuse (the same dry run the register makes before storing; nothing is stored)."""
    invoer, onleesbaar = invoer_van(antwoorden)
    checks = Checks()
    changes.registreer(invoer, v_code="V0000000", today=bezoek.portal.register.today(), checks=checks)
    fouten = Fouten(velden={veld: bezoek.gettext(tekst) for veld, tekst in onleesbaar.items()})
    fouten.voeg_toe(bezoek.veldfouten(ValidationFailed(checks.errors)))
    return fouten


def nummer(waarde: object) -> int:
    tekst = str(waarde or "")
    return int(tekst) if tekst in {str(n) for n in range(1, OVERZICHT + 1)} else 1
