"""Notices for an association (`meldingen`): an offering that newly fits it, and the deadline of a
fitting offering that comes within 14 days.

What is noticeable is worked out from the catalog each time it is asked; what was shown is kept,
so each notice is new (`nieuw`) only the first time, and a notice put away (`verberg`) is not
shown again. A deadline notice is keyed by the deadline itself: a deadline moved later makes a
new notice when it comes near again.

Example::

    meldingen = Meldingen(db=db, op_maat=op_maat)
    for melding in await meldingen.voor(vereniging):
        print(melding.tekst, "(nieuw)" if melding.nieuw else "")
    await meldingen.verberg("V0001001", melding.sleutel)
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import Any, cast

from sqlalchemy import CursorResult, select, update
from sqlalchemy.dialects import postgresql, sqlite

from registry import kalender
from registry.associations.model import Vereniging
from registry.db import Database
from registry.dossiers.model import DossierKopie
from registry.dossiers.service import Dossiers
from registry.errors import NotFound
from registry.meldingen.tables import melding_table
from registry.offerings.model import Dienst, Match
from registry.offerings.op_maat import AanbodOpMaat

DEADLINE_DAGEN = 14
"""A fitting offering's deadline becomes a notice this many days ahead."""
NIEUW_DAGEN = 30
"""An offering published this recently that fits is news."""


class Meldingsoort(StrEnum):
    NIEUW_AANBOD = "nieuw_aanbod"
    DEADLINE = "deadline"
    DOSSIER_ACTIE = "dossier_actie"
    """A service pushed that a dossier waits for the association."""
    DOSSIER_BESLIST = "dossier_beslist"
    """A service pushed that it decided on a dossier."""


@dataclass(frozen=True)
class DossierVermelding:
    """The dossier a notice is about, as its service last told the hub."""

    bron: str
    dossier_id: str
    titel: str
    link: str
    actie: str | None = None
    """What the service asks of the association, in its words (a dossier that waits)."""


@dataclass(frozen=True)
class Melding:
    sleutel: str
    soort: Meldingsoort
    tekst: str
    dienst: Dienst | None
    """The offering it is about (new offerings, deadlines)."""
    deadline: date | None
    nieuw: bool
    """Shown for the first time now."""
    dossier: DossierVermelding | None = None
    """The dossier it is about (what a service pushed)."""


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Meldingen:
    db: Database
    op_maat: AanbodOpMaat
    clock: Callable[[], datetime] = field(default=_now)

    async def voor(self, vereniging: Vereniging) -> list[Melding]:
        """The association's notices: what its dossiers wait for (soonest deadline first) and
        decisions, then offerings' deadlines (soonest first), then new offerings."""
        now = self.clock()
        kandidaten, eerder = await self._kandidaten(vereniging, now)
        # A write transaction only when something is shown for the first time; a concurrent
        # reader that showed it too changes nothing (the first showing stands).
        nieuw = [k for k in kandidaten if k.sleutel not in eerder]
        if nieuw:
            insert = postgresql.insert if self.db.dialect == "postgresql" else sqlite.insert
            statement = insert(melding_table).values(
                [{"v_code": vereniging.v_code, "sleutel": k.sleutel, "getoond_op": now} for k in nieuw]
            )
            async with self.db.write() as session:
                await session.execute(statement.on_conflict_do_nothing(index_elements=["v_code", "sleutel"]))
        return [
            Melding(**{**k.__dict__, "nieuw": k.sleutel not in eerder})
            for k in kandidaten
            if eerder.get(k.sleutel) is None
        ]

    async def actueel(self, vereniging: Vereniging) -> list[Melding]:
        """The notices there are now, in the same order, without counting them as shown (what
        mail tells); `nieuw` says whether the portal has not shown one yet."""
        kandidaten, eerder = await self._kandidaten(vereniging, self.clock())
        return [
            Melding(**{**k.__dict__, "nieuw": k.sleutel not in eerder})
            for k in kandidaten
            if eerder.get(k.sleutel) is None
        ]

    async def _kandidaten(
        self, vereniging: Vereniging, now: datetime
    ) -> tuple[list[_Kandidaat], dict[str, datetime | None]]:
        """What is noticeable now, and for each notice shown before when it was put away."""
        vandaag = kalender.vandaag(now)
        # What each dossier waits for is in its state; its history is not needed here.
        kopieen = await Dossiers(self.db).van(vereniging.v_code, met_historiek=False)
        kandidaten = _uit_dossiers(kopieen, now) + _kandidaten(
            await self.op_maat.voor(vereniging, vandaag=vandaag), now
        )
        if not kandidaten:
            return [], {}
        async with self.db.read() as session:
            rows = await session.execute(
                select(melding_table.c.sleutel, melding_table.c.verborgen_op).where(
                    melding_table.c.v_code == vereniging.v_code,
                    melding_table.c.sleutel.in_([k.sleutel for k in kandidaten]),
                )
            )
            return kandidaten, {row.sleutel: row.verborgen_op for row in rows}

    async def verberg(self, v_code: str, sleutel: str) -> None:
        """Put a notice away for good. Only a notice the association was shown can be."""
        async with self.db.write() as session:
            result = await session.execute(
                update(melding_table)
                .where(melding_table.c.v_code == v_code, melding_table.c.sleutel == sleutel)
                .values(verborgen_op=self.clock())
            )
        if cast(CursorResult[Any], result).rowcount == 0:
            raise NotFound("melding", sleutel)


@dataclass(frozen=True)
class _Kandidaat:
    sleutel: str
    soort: Meldingsoort
    tekst: str
    dienst: Dienst | None
    deadline: date | None
    dossier: DossierVermelding | None = None


def _uit_dossiers(kopieen: list[DossierKopie], now: datetime) -> list[_Kandidaat]:
    """A notice for each dossier that waits for the association, and for each decision of the
    last `NIEUW_DAGEN` days. A new action (another text or deadline) is a new notice."""
    acties: list[_Kandidaat] = []
    besluiten: list[_Kandidaat] = []
    for kopie in kopieen:
        stand = kopie.stand
        dossier = DossierVermelding(kopie.bron, kopie.dossier_id, stand.titel, stand.link, stand.actie_nodig)
        if stand.status == "actie_nodig" or stand.actie_nodig:
            wat = stand.actie_nodig or "Er is iets van u nodig."
            tot = f" Uiterlijk {stand.deadline:%d/%m/%Y}." if stand.deadline else ""
            acties.append(
                _Kandidaat(
                    sleutel=_sleutel("actie", kopie, stand.actie_nodig, stand.deadline),
                    soort=Meldingsoort.DOSSIER_ACTIE,
                    tekst=f"Uw dossier '{stand.titel}' bij {kopie.bron}: {wat}{tot}",
                    dienst=None,
                    deadline=stand.deadline,
                    dossier=dossier,
                )
            )
        elif stand.status == "beslist" and now - kopie.bijgewerkt_op <= timedelta(days=NIEUW_DAGEN):
            besluiten.append(
                _Kandidaat(
                    sleutel=_sleutel("beslist", kopie),
                    soort=Meldingsoort.DOSSIER_BESLIST,
                    tekst=f"Er is een beslissing over uw dossier '{stand.titel}' bij {kopie.bron}.",
                    dienst=None,
                    deadline=None,
                    dossier=dossier,
                )
            )
    acties.sort(key=lambda k: (k.deadline or date.max, k.tekst))
    return acties + besluiten


def _sleutel(soort: str, kopie: DossierKopie, *wat: object) -> str:
    """A short key for what the notice says about this dossier (ids may be long)."""
    inhoud = json.dumps([kopie.bron, kopie.dossier_id, *[str(w) for w in wat]])
    return f"dossier-{soort}:{hashlib.sha256(inhoud.encode()).hexdigest()[:40]}"


def _kandidaten(matches: list[Match], now: datetime) -> list[_Kandidaat]:
    vandaag = kalender.vandaag(now)
    binnenkort = vandaag + timedelta(days=DEADLINE_DAGEN)
    deadlines: list[_Kandidaat] = []
    nieuws: list[_Kandidaat] = []
    for match in matches:
        dienst, tot = match.dienst, match.deadline
        if tot is not None and vandaag <= tot <= binnenkort:
            dagen = (tot - vandaag).days
            wanneer = "vandaag" if dagen == 0 else "morgen" if dagen == 1 else f"over {dagen} dagen"
            deadlines.append(
                _Kandidaat(
                    sleutel=f"deadline:{dienst.id}:{tot.isoformat()}",
                    soort=Meldingsoort.DEADLINE,
                    tekst=f"Aanvragen voor '{dienst.inhoud.titel}' kan tot {tot:%d/%m/%Y} ({wanneer}).",
                    dienst=dienst,
                    deadline=tot,
                )
            )
        gepubliceerd = dienst.gepubliceerd_op
        if gepubliceerd is not None and now - gepubliceerd <= timedelta(days=NIEUW_DAGEN):
            nieuws.append(
                _Kandidaat(
                    sleutel=f"nieuw:{dienst.id}",
                    soort=Meldingsoort.NIEUW_AANBOD,
                    tekst=f"Nieuw aanbod dat bij uw vereniging past: '{dienst.inhoud.titel}'.",
                    dienst=dienst,
                    deadline=tot,
                )
            )
    deadlines.sort(key=lambda k: (k.deadline or date.max, k.tekst))
    return deadlines + nieuws
