"""Why an offering fits the association, as data the templates word in the visitor's language:
per reason the offerings register gives (`Match.redenen`), the names, ages and areas it is about.
"""

from __future__ import annotations

from dataclasses import dataclass

from hub.portal.i18n import N_
from hub.portal.woorden import ACTIVITEITEN
from registry.associations.codes import HOOFDACTIVITEITEN, naam_van_werkingsgebied
from registry.associations.model import Vereniging
from registry.offerings.model import Match
from registry.offerings.redenen import Criterium, Profiel, binnen, plaatsen

TYPE_IN_ZIN: dict[str, str] = {
    "FV": N_("feitelijke vereniging"),
    "VZER": N_("vereniging zonder eigen rechtspersoonlijkheid"),
    "VZW": N_("vereniging zonder winstoogmerk"),
    "IVZW": N_("internationale vereniging zonder winstoogmerk"),
    "PS": N_("private stichting"),
    "SVON": N_("stichting van openbaar nut"),
}
"""Verenigingstypes as they read inside a sentence, as the register's reasons write them."""

STREKEN: dict[str, str] = {
    "BE10": N_("het Brussels Hoofdstedelijk Gewest"),
    "BE21": N_("de provincie Antwerpen"),
    "BE22": N_("de provincie Limburg"),
    "BE23": N_("de provincie Oost-Vlaanderen"),
    "BE24": N_("de provincie Vlaams-Brabant"),
    "BE25": N_("de provincie West-Vlaanderen"),
}
"""Provinces (and Brussels) as they read inside a sentence; municipalities keep their name."""


@dataclass(frozen=True)
class Plaats:
    tekst: str
    vertalen: bool
    """A province's phrase is a text of the catalogs; a municipality's name stays as it is."""


@dataclass(frozen=True)
class Gebiedszin:
    """`zelfde`: the association is active where the offering holds; `erin`: its areas lie in
    the (larger) area `daar`; `omvat`: the offering holds in areas `daar` inside its area."""

    soort: str
    eigen: tuple[Plaats, ...]
    daar: tuple[Plaats, ...]


@dataclass(frozen=True)
class Waarom:
    criterium: str
    namen: tuple[str, ...] = ()
    aanbod: tuple[int, int] | None = None
    eigen: tuple[int, int] | None = None
    zinnen: tuple[Gebiedszin, ...] = ()


def _plaats(code: str) -> Plaats:
    streek = STREKEN.get(code)
    return Plaats(streek, True) if streek else Plaats(naam_van_werkingsgebied(code), False)


def _plaatsen(codes: list[str]) -> tuple[Plaats, ...]:
    return tuple(_plaats(code) for code in dict.fromkeys(codes))


def _gebiedszinnen(aanbod: tuple[str, ...], eigen_gebieden: tuple[str, ...]) -> tuple[Gebiedszin, ...]:
    """The areas of the association and of the offering that overlap, grouped the way the
    register's reason (`redenen.werkingsgebieden`) tells them."""
    paren = [(e, d) for d in aanbod for e in eigen_gebieden if binnen(e, d) or binnen(d, e)]
    zelfde = [e for e, d in paren if e == d]
    erin: dict[str, list[str]] = {}
    omvat: dict[str, list[str]] = {}
    for eigen, daar in paren:
        if eigen != daar and binnen(eigen, daar):
            erin.setdefault(daar, []).append(eigen)
        elif eigen != daar:
            omvat.setdefault(eigen, []).append(daar)
    zinnen = [Gebiedszin("zelfde", _plaatsen(zelfde), ())] if zelfde else []
    zinnen += [Gebiedszin("erin", _plaatsen(e), _plaatsen([d])) for d, e in erin.items()]
    zinnen += [Gebiedszin("omvat", _plaatsen([e]), _plaatsen(d)) for e, d in omvat.items()]
    return tuple(zinnen)


def waarom(match: Match, vereniging: Vereniging) -> list[Waarom]:
    """Per reason the register gives, the data it is about."""
    profiel = Profiel.van(match.dienst.inhoud)
    gevonden = []
    for reden in match.redenen:
        if reden.criterium == Criterium.WERKINGSGEBIEDEN:
            zinnen = _gebiedszinnen(profiel.gebieden, plaatsen(vereniging.werkingsgebieden))
            gevonden.append(Waarom(reden.criterium, zinnen=zinnen))
        elif reden.criterium == Criterium.HOOFDACTIVITEITEN:
            eigen = {code.strip().upper() for code in vereniging.hoofdactiviteiten}
            codes = sorted(profiel.hoofdactiviteiten & eigen, key=lambda c: HOOFDACTIVITEITEN.get(c, c))
            gevonden.append(Waarom(reden.criterium, namen=tuple(ACTIVITEITEN.get(c, c) for c in codes)))
        elif reden.criterium == Criterium.VERENIGINGSTYPES:
            gevonden.append(Waarom(reden.criterium, namen=(TYPE_IN_ZIN[vereniging.verenigingstype],)))
        elif reden.criterium == Criterium.DOELGROEP:
            doelgroep = vereniging.doelgroep
            eigen_leeftijden = (doelgroep.minimumleeftijd, doelgroep.maximumleeftijd)
            gevonden.append(Waarom(reden.criterium, aanbod=profiel.leeftijden, eigen=eigen_leeftijden))
        else:
            gevonden.append(Waarom(Criterium.ALGEMEEN))
    return gevonden
