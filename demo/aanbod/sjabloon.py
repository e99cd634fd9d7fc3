"""What one demo offering template holds, before it is filled in for a bestuur."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from registry.associations.codes import Verenigingstype
from registry.offerings.model import Diensttype

Leeftijden = tuple[int, int]


class Periode(StrEnum):
    """How requests are taken: any time, in a call with a deadline, or once a year."""

    DOORLOPEND = "doorlopend"
    OPROEP = "oproep"
    JAARLIJKS = "jaarlijks"


@dataclass(frozen=True)
class Afdeling:
    """The department that answers questions, and its mailbox at the bestuur's domain."""

    naam: str
    mailbox: str


SPORT = Afdeling("Sportdienst", "sport")
JEUGD = Afdeling("Jeugddienst", "jeugd")
CULTUUR = Afdeling("Cultuurdienst", "cultuur")
EVENEMENTEN = Afdeling("Dienst Evenementen", "evenementen")
UITLEEN = Afdeling("Uitleendienst", "uitleendienst")
VRIJE_TIJD = Afdeling("Vrijetijdsloket", "vrijetijd")
WELZIJN = Afdeling("Dienst Welzijn", "welzijn")
MILIEU = Afdeling("Milieudienst", "milieu")
NOORD_ZUID = Afdeling("Dienst Noord-Zuid", "noordzuid")
VERENIGINGSLOKET = Afdeling("Verenigingsloket", "verenigingen")


@dataclass(frozen=True)
class Agentschap:
    """A Flemish agency or department: its organisation code (OVO), name and website."""

    code: str
    naam: str
    website: str


ALGEMEEN = ("naam", "vCode", "e-mail")
MET_ADRES = (*ALGEMEEN, "adres", "telefoon")
SUBSIDIE = (*ALGEMEEN, "adres", "rekeningnummer")
KIOSK = (*ALGEMEEN, "rekeningnummer", "contactpersoon")
VZW = (*ALGEMEEN, "kboNummer")


@dataclass(frozen=True)
class Sjabloon:
    """One offering as a bestuur would write it. Texts may name `{gemeente}` or `{provincie}`.

    Criteria vary per bestuur: one choice of `typekeuzes` and of `doelgroepen` is drawn, so two
    municipalities offering the same thing need not aim at the same associations.
    """

    titel: str
    beschrijving: str
    type: Diensttype
    themas: tuple[str, ...]
    afdeling: Afdeling = VERENIGINGSLOKET
    hoofdactiviteiten: tuple[str, ...] = ()
    typekeuzes: tuple[tuple[Verenigingstype, ...], ...] = ((),)
    doelgroepen: tuple[Leeftijden | None, ...] = (None,)
    # Flemish offerings for some areas only (codes); local ones hold in their own area.
    gebieden: tuple[str, ...] = ()
    voorwaarden: str | None = None
    procedure: str | None = None
    kosten: str | None = None
    bewijsstukken: tuple[str, ...] = ()
    gegevens: tuple[str, ...] = ALGEMEEN
    periode: Periode = Periode.DOORLOPEND
    # How to ask: online by default; a KIOSK regeling; or, when `balie` is set, not digitally.
    kiosk_regeling: str | None = None
    balie: str | None = None
    # For Flemish offerings: the agency that offers it, and, when it is done elsewhere (a
    # federal service), that service: the link and the contact point there.
    agentschap: Agentschap | None = None
    uitvoerder: Agentschap | None = None


CULTUUR_SPORT_VRIJE_TIJD = "CultuurSportVrijeTijd"
BURGER_OVERHEID = "BurgerOverheid"
WELZIJN_GEZONDHEID = "WelzijnGezondheid"
MILIEU_ENERGIE = "MilieuEnergie"
ONDERWIJS_WETENSCHAP = "OnderwijsWetenschap"
ECONOMIE_WERK = "EconomieWerk"
MOBILITEIT_OPENBARE_WERKEN = "MobiliteitOpenbareWerken"
