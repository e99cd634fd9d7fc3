"""Demo and benchmark offerings: a realistic Flemish catalog, generated deterministically.

The catalog is one endless stream, drawn from a fixed seed: first what the Flemish agencies
offer, then what each province offers, then rounds over the municipalities, where each offers
in round r the r-th template of its own shuffled list (so Gent and Liedekerke are in the very
first round). Later passes repeat the stream as new rounds of the same offerings. Any prefix is
the same whatever `aantal` asks for, and dates are relative to `vandaag`, so deadlines stay
ahead in any demo.
"""

from __future__ import annotations

import random
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from itertools import count, islice
from typing import Final

from demo.aanbod.gemeentelijk_praktisch import GEMEENTELIJK_PRAKTISCH
from demo.aanbod.gemeentelijk_steun import GEMEENTELIJKE_STEUN
from demo.aanbod.provinciaal import DOMEINEN, PROVINCIAAL
from demo.aanbod.sjabloon import Periode, Sjabloon
from demo.aanbod.verplichtingen import VERPLICHTINGEN
from demo.aanbod.vlaams_samenleving import VLAAMS_SAMENLEVING
from demo.aanbod.vlaams_vrije_tijd import VLAAMS_VRIJE_TIJD
from registry.associations.codes import werkingsgebieden
from registry.associations.model import Doelgroep
from registry.errors import FieldError, ValidationFailed
from registry.offerings.model import (
    Aanvraagperiode,
    Bestuur,
    Bestuursniveau,
    Contact,
    Criteria,
    Dienst,
    DienstInhoud,
    Dienststatus,
    Kanaal,
)
from registry.text import fold

SEED: Final = 2025
VLAAMS: Final = (*VLAAMS_VRIJE_TIJD, *VLAAMS_SAMENLEVING, *VERPLICHTINGEN)
GEMEENTELIJK: Final = (*GEMEENTELIJKE_STEUN, *GEMEENTELIJK_PRAKTISCH)
VLAAMSE_HULPLIJN: Final = "1700"
PROVINCIECODE_LENGTE: Final = 4
_NIET_ALFANUMERIEK = re.compile(r"[^a-z0-9]+")


def demo_aanbod(*, vandaag: date, aantal: int = 520) -> list[DienstInhoud]:
    """The first `aantal` offerings of the demo catalog, valid as the register stores them."""
    _check_aantal(aantal)
    return list(islice(_stroom(vandaag), aantal))


def synthetisch_aanbod(aantal: int, *, vandaag: date) -> list[Dienst]:
    """`aantal` published offerings of the same catalog, for benchmarks: ids and publication
    dates are drawn from their own seed, the content is `demo_aanbod`'s."""
    _check_aantal(aantal)
    rng = random.Random(SEED + 1)  # noqa: S311 - reproducible test data, no secret
    diensten = []
    for inhoud in islice(_stroom(vandaag), aantal):
        gepubliceerd = datetime.combine(vandaag - timedelta(days=rng.randint(1, 400)), time(9), tzinfo=UTC)
        diensten.append(
            Dienst(
                id=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                versie=1,
                status=Dienststatus.GEPUBLICEERD,
                inhoud=inhoud,
                gewijzigd_op=gepubliceerd,
                gepubliceerd_op=gepubliceerd,
            )
        )
    return diensten


def _check_aantal(aantal: int) -> None:
    if aantal < 0:
        raise ValidationFailed(
            [FieldError("aantal", "ongeldig_formaat", {"verwacht": "een aantal van 0 of meer"})]
        )


def _stroom(vandaag: date) -> Iterator[DienstInhoud]:
    rng = random.Random(SEED)  # noqa: S311 - reproducible demo data, no secret
    gebieden = werkingsgebieden()
    provincies = [(code, gebieden[code]) for code in DOMEINEN]
    # Brussels' municipalities are outside Flanders: only Flemish agencies offer there.
    gemeenten = [
        (code, naam)
        for code, naam in gebieden.items()
        if len(code) > PROVINCIECODE_LENGTE and code[:PROVINCIECODE_LENGTE] in DOMEINEN
    ]
    volgordes = {code: rng.sample(GEMEENTELIJK, len(GEMEENTELIJK)) for code, _ in gemeenten}
    for ronde in count():
        for sjabloon in VLAAMS:
            yield _inhoud(sjabloon, _vlaams(sjabloon), ronde, rng, vandaag)
        for code, naam in provincies:
            for sjabloon in PROVINCIAAL:
                yield _inhoud(sjabloon, _provinciaal(sjabloon, code, naam), ronde, rng, vandaag)
        for positie in range(len(GEMEENTELIJK)):
            for code, naam in gemeenten:
                sjabloon = volgordes[code][positie]
                yield _inhoud(sjabloon, _gemeentelijk(sjabloon, code, naam), ronde, rng, vandaag)


@dataclass(frozen=True)
class _Aanbieder:
    """Who offers it, where it holds, how to reach them, and the places its texts name."""

    bestuur: Bestuur
    gebieden: tuple[str, ...]
    contact: Contact
    # where requests are made online, one page per offering; None: on the contact's website
    e_loket: str | None
    plaatsen: dict[str, str]

    def link(self, titel: str) -> str | None:
        return f"{self.e_loket}/{_slug(titel)}" if self.e_loket else self.contact.website


def _vlaams(sjabloon: Sjabloon) -> _Aanbieder:
    agentschap = sjabloon.agentschap
    if agentschap is None:
        raise ValueError(f"the Flemish offering {sjabloon.titel!r} names no agency")
    loket = sjabloon.uitvoerder or agentschap
    return _Aanbieder(
        bestuur=Bestuur(niveau=Bestuursniveau.VLAAMS, code=agentschap.code, naam=agentschap.naam),
        gebieden=sjabloon.gebieden,
        contact=Contact(
            naam=loket.naam,
            telefoon=None if sjabloon.uitvoerder else VLAAMSE_HULPLIJN,
            website=loket.website,
        ),
        e_loket=None if sjabloon.uitvoerder else loket.website,
        plaatsen={},
    )


def _provinciaal(sjabloon: Sjabloon, code: str, naam: str) -> _Aanbieder:
    website = f"https://www.{DOMEINEN[code]}"
    in_zin = "de provincie " + naam.removeprefix("Provincie ")
    return _Aanbieder(
        bestuur=Bestuur(niveau=Bestuursniveau.PROVINCIAAL, code=code, naam=naam),
        gebieden=(code,),
        contact=Contact(
            naam=f"{sjabloon.afdeling.naam} {naam}",
            email=f"{sjabloon.afdeling.mailbox}@{DOMEINEN[code]}",
            website=website,
        ),
        e_loket=f"{website}/e-loket",
        plaatsen={"provincie": in_zin, "Provincie": in_zin[0].upper() + in_zin[1:]},
    )


def _gemeentelijk(sjabloon: Sjabloon, code: str, naam: str) -> _Aanbieder:
    domein = f"{_slug(naam)}.be"
    return _Aanbieder(
        # a municipality code is its arrondissement's NUTS3 code followed by its NIS code
        bestuur=Bestuur(niveau=Bestuursniveau.GEMEENTELIJK, code=code[5:], naam=naam),
        gebieden=(code,),
        contact=Contact(
            naam=f"{sjabloon.afdeling.naam} {naam}",
            email=f"{sjabloon.afdeling.mailbox}@{domein}",
            website=f"https://www.{domein}",
        ),
        e_loket=f"https://www.{domein}/e-loket",
        plaatsen={"gemeente": naam},
    )


def _inhoud(
    sjabloon: Sjabloon, aanbieder: _Aanbieder, ronde: int, rng: random.Random, vandaag: date
) -> DienstInhoud:
    plaatsen = aanbieder.plaatsen
    titel = sjabloon.titel.format_map(plaatsen)
    leeftijden = rng.choice(sjabloon.doelgroepen)
    return DienstInhoud(
        titel=titel if ronde == 0 else f"{titel} (ronde {ronde + 1})",
        beschrijving=sjabloon.beschrijving.format_map(plaatsen),
        type=sjabloon.type,
        bestuur=aanbieder.bestuur,
        themas=sjabloon.themas,
        criteria=Criteria(
            verenigingstypes=rng.choice(sjabloon.typekeuzes),
            hoofdactiviteiten=sjabloon.hoofdactiviteiten,
            werkingsgebieden=aanbieder.gebieden,
            doelgroep=None
            if leeftijden is None
            else Doelgroep(minimumleeftijd=leeftijden[0], maximumleeftijd=leeftijden[1]),
        ),
        voorwaarden=sjabloon.voorwaarden and sjabloon.voorwaarden.format_map(plaatsen),
        procedure=sjabloon.procedure and sjabloon.procedure.format_map(plaatsen),
        kosten=sjabloon.kosten,
        aanvraagperiode=_periode(sjabloon.periode, rng, vandaag),
        kanaal=_kanaal(sjabloon, aanbieder.link(titel), plaatsen),
        contact=aanbieder.contact,
        bewijsstukken=sjabloon.bewijsstukken,
        benodigde_gegevens=sjabloon.gegevens,
    )


def _periode(soort: Periode, rng: random.Random, vandaag: date) -> Aanvraagperiode:
    """Open-ended for what is asked any time; otherwise mostly open with a deadline ahead, some
    closing within two weeks, some not open yet, and a few already closed (still published)."""
    if soort is Periode.DOORLOPEND:
        return Aanvraagperiode()
    dagen = 120 if soort is Periode.OPROEP else 330
    worp = rng.random()
    if worp < 0.04:
        tot = vandaag - timedelta(days=rng.randint(1, 45))
    elif worp < 0.24:
        tot = vandaag + timedelta(days=rng.randint(0, 14))
    elif worp < 0.34:
        van = vandaag + timedelta(days=rng.randint(7, 60))
        return Aanvraagperiode(van=van, tot=van + timedelta(days=rng.randint(30, 90)))
    else:
        tot = vandaag + timedelta(days=rng.randint(15, dagen))
    return Aanvraagperiode(van=tot - timedelta(days=rng.randint(45, dagen)), tot=tot)


def _kanaal(sjabloon: Sjabloon, link: str | None, plaatsen: dict[str, str]) -> Kanaal:
    if sjabloon.kiosk_regeling:
        return Kanaal(connector="kiosk", connector_dienst=sjabloon.kiosk_regeling)
    if sjabloon.balie:
        return Kanaal(digitaal=False, uitleg=sjabloon.balie.format_map(plaatsen))
    return Kanaal(link=link)


def _slug(tekst: str) -> str:
    return _NIET_ALFANUMERIEK.sub("-", fold(tekst)).strip("-")
