"""Portal pages: registering a new feitelijke vereniging, in a short wizard.

Three steps ask (1) the name, a short description and the start date, (2) the address and an
e-mail address, (3) the ages it is for and what it mainly does; the fourth shows everything
("Klopt dit?"). Each step is a POST form that carries the earlier answers in hidden fields: nothing
private reaches a URL and nothing is kept until the register accepts the registration.

Each step is checked by the register's own rules (`changes.registreer`, the dry run the register
itself makes before it allocates a vCode; nothing is stored), so a mistake shows at its step.
Registering goes through the register exactly as the GraphQL mutation `registreerFeitelijkeVereniging`
does: the person becomes a vertegenwoordiger, a suspected duplicate is asked about first
("Is dit uw vereniging?") and registered only when confirmed with the register's token.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import FormData

from hub.auth.principal import Principal
from hub.portal.i18n import N_
from hub.portal.web import Bezoek, bezoek
from hub.registrant import met_registrant
from registry.associations import changes
from registry.associations.codes import HOOFDACTIVITEITEN
from registry.associations.commands import (
    AdresInvoer,
    ContactgegevenInvoer,
    DoelgroepInvoer,
    LocatieInvoer,
    RegistratieInvoer,
)
from registry.errors import PossibleDuplicate, RegisterError, ValidationFailed
from registry.toegangslog.service import Handeling
from registry.validation import Checks

BezoekDep = Annotated[Bezoek, Depends(bezoek)]

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
BEVESTIGING_VERLOPEN = N_(
    "Uw bevestiging is verlopen of hoort bij andere gegevens. Kies opnieuw 'Registreren': "
    "we kijken dan opnieuw na of uw vereniging al in het register staat."
)
router = APIRouter(include_in_schema=False)


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


def _invoer(a: Antwoorden) -> tuple[RegistratieInvoer, dict[str, str]]:
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


def _controleer(bezoek: Bezoek, antwoorden: Antwoorden) -> Fouten:
    """Everything wrong with the answers: what is no date or number, then what the register's
    rules refuse (the same dry run the register makes before storing; nothing is stored)."""
    invoer, onleesbaar = _invoer(antwoorden)
    checks = Checks()
    changes.registreer(invoer, v_code="V0000000", today=bezoek.portal.register.today(), checks=checks)
    fouten = Fouten(velden={veld: bezoek.gettext(tekst) for veld, tekst in onleesbaar.items()})
    fouten.voeg_toe(bezoek.veldfouten(ValidationFailed(checks.errors)))
    return fouten


def _nummer(waarde: object) -> int:
    tekst = str(waarde or "")
    return int(tekst) if tekst in {str(n) for n in range(1, OVERZICHT + 1)} else 1


# --- the pages ----------------------------------------------------------------------------------


@router.get("/registreren", response_class=HTMLResponse)
async def begin(bezoek: BezoekDep) -> Response:
    bezoek.aangemeld()
    return _stap(bezoek, 1, Antwoorden(), wijzig=False)


@router.post("/registreren", response_class=HTMLResponse)
async def verder(bezoek: BezoekDep) -> Response:
    form = await bezoek.formulier()
    persoon = bezoek.aangemeld()
    antwoorden = Antwoorden.uit(form)
    stap = _nummer(form.get("stap"))
    wijzig = form.get("wijzig") == "1"
    knop = str(form.get("knop") or "volgende")
    if knop.startswith("wijzig-"):
        return _stap(
            bezoek, min(_nummer(knop.removeprefix("wijzig-")), len(STAPPEN)), antwoorden, wijzig=True
        )
    if knop == "vorige":
        return _stap(bezoek, max(min(stap - 1, len(STAPPEN)), 1), antwoorden, wijzig=wijzig)
    if knop == "registreren":
        token = str(form.get("bevestigingstoken") or "") or None
        return await _registreer(bezoek, persoon, antwoorden, bevestigingstoken=token)
    if stap in STAPPEN:
        fouten = _controleer(bezoek, antwoorden)
        if fouten.van_stap(stap):
            return _stap(bezoek, stap, antwoorden, wijzig=wijzig, fouten=fouten, status_code=400)
        if not wijzig and stap + 1 in STAPPEN:
            return _stap(bezoek, stap + 1, antwoorden, wijzig=False)
    return _overzicht(bezoek, antwoorden)


@router.get("/registreren/bestaat/{v_code}", response_class=HTMLResponse)
async def bestaat_al(bezoek: BezoekDep, v_code: str) -> Response:
    """'Ja, dit is onze vereniging': how to get access to it instead of registering it again."""
    persoon = bezoek.aangemeld()
    vereniging = await bezoek.portal.register.get(v_code.strip().upper())
    return bezoek.render(
        "pagina/registreren_bestaat.html",
        bestaande=vereniging,
        al_vertegenwoordiger=persoon.represents(vereniging),
    )


async def _registreer(
    bezoek: Bezoek, persoon: Principal, antwoorden: Antwoorden, *, bevestigingstoken: str | None
) -> Response:
    invoer, onleesbaar = _invoer(antwoorden)
    if onleesbaar:
        return _geweigerd(
            bezoek, antwoorden, Fouten(velden={v: bezoek.gettext(t) for v, t in onleesbaar.items()})
        )
    try:
        geregistreerd = await bezoek.portal.register.registreer_feitelijke_vereniging(
            invoer=met_registrant(invoer, persoon), actor=persoon.actor(), bevestigingstoken=bevestigingstoken
        )
    except PossibleDuplicate as dubbel:
        return bezoek.render(
            "pagina/registreren_dubbel.html",
            status_code=409,
            kandidaten=dubbel.kandidaten,
            bevestigingstoken=dubbel.bevestigingstoken,
            verborgen=antwoorden.verborgen(),
            naam=invoer.naam.strip(),
        )
    except ValidationFailed as geweigerd:
        per_pad = bezoek.veldfouten(geweigerd)
        fouten = Fouten()
        if per_pad.pop("bevestigingstoken", None) is not None:
            fouten.algemeen.append(bezoek.gettext(BEVESTIGING_VERLOPEN))
        fouten.voeg_toe(per_pad)
        return _geweigerd(bezoek, antwoorden, fouten)
    await bezoek.log(geregistreerd.v_code, Handeling.GEWIJZIGD, "portaal: registratie")
    try:
        await bezoek.portal.authenticator.choose(persoon, geregistreerd.v_code)
    except RegisterError:
        # Registered, but the login did not name the person, so they are not its vertegenwoordiger.
        return bezoek.render(
            "pagina/bericht.html",
            titel=bezoek.gettext("Uw vereniging is geregistreerd"),
            bericht=bezoek.gettext(
                "Ze heeft het nummer %(vcode)s. Om namens haar te handelen, bel gratis 1700.",
                vcode=geregistreerd.v_code,
            ),
        )
    return bezoek.redirect("/")


def _geweigerd(bezoek: Bezoek, antwoorden: Antwoorden, fouten: Fouten) -> Response:
    """A refused registration: the first step with a problem, or the overview when the problem
    belongs to no field (an expired confirmation, for instance)."""
    stap = fouten.eerste_stap()
    if stap is None:
        return _overzicht(bezoek, antwoorden, algemeen=fouten.algemeen, status_code=400)
    return _stap(bezoek, stap, antwoorden, wijzig=True, fouten=fouten, status_code=400)


def _stap(
    bezoek: Bezoek,
    stap: int,
    antwoorden: Antwoorden,
    *,
    wijzig: bool,
    fouten: Fouten | None = None,
    status_code: int = 200,
) -> Response:
    return bezoek.render(
        "pagina/registreren.html",
        status_code=status_code,
        stap=stap,
        stappen=OVERZICHT,
        antwoorden=antwoorden,
        verborgen=antwoorden.verborgen(behalve=STAPPEN[stap]),
        fouten=(fouten or Fouten()).van_stap(stap),
        wijzig=wijzig,
        activiteiten=HOOFDACTIVITEITEN,
    )


def _overzicht(
    bezoek: Bezoek, antwoorden: Antwoorden, *, algemeen: Sequence[str] = (), status_code: int = 200
) -> Response:
    invoer, _ = _invoer(antwoorden)
    return bezoek.render(
        "pagina/registreren_overzicht.html",
        status_code=status_code,
        stap=OVERZICHT,
        stappen=OVERZICHT,
        invoer=invoer,
        antwoorden=antwoorden,
        verborgen=antwoorden.verborgen(),
        activiteiten=HOOFDACTIVITEITEN,
        algemeen=" ".join(algemeen),
    )
