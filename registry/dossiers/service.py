"""The hub's copy of the dossiers services push: taking their deliveries durably and once, and
reading each dossier's latest state and history.

A delivery is stored with the answer it got (`deliveries.py`), and deliveries arriving together
share one transaction (`group_commit.py`). News older than what the copy holds (events arriving
out of order) goes into the history but never rolls a dossier's state back (`projection.py`).

Example::

    dossiers = Dossiers(db=db)
    ontvangst = await dossiers.ontvang("kiosk", "msg-1", [gebeurtenis])
    for kopie in await dossiers.van("V0001001"):
        print(kopie.titel, kopie.status)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import select, tuple_

from registry.associations.repository import utc
from registry.db import Database
from registry.dossiers.deliveries import store_deliveries
from registry.dossiers.gegevens import GemeldeGegevens, gemelde_gegevens
from registry.dossiers.group_commit import GroupCommit
from registry.dossiers.model import (
    Binnenkomend,
    DossierKopie,
    DossierStand,
    Gebeurtenis,
    Levering,
    OnbekendeVereniging,
    Ontvangst,
)
from registry.dossiers.rows import HISTORY_ORDER, gebeurtenis_of, stand_of
from registry.dossiers.tables import dossier_table, gebeurtenis_table


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Dossiers:
    db: Database
    clock: Callable[[], datetime] = field(default=_now)
    _group_commit: GroupCommit = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._group_commit = GroupCommit(write=self.ontvang_veel)

    async def ontvang(self, bron: str, webhook_id: str, gebeurtenissen: Sequence[Binnenkomend]) -> Ontvangst:
        """Store a delivery once; `OnbekendeVereniging` (nothing stored) when an event names an
        association the register does not hold.

        Deliveries that arrive while a write is under way share the next transaction
        (`GroupCommit`). Each returns once its transaction committed."""
        outcome = await self._group_commit.submit(Levering(bron, webhook_id, tuple(gebeurtenissen)))
        if isinstance(outcome, OnbekendeVereniging):
            raise outcome
        return outcome

    async def close(self) -> None:
        """At shutdown: let the write under way finish, never cancelled halfway."""
        await self._group_commit.close()

    async def ontvang_veel(self, leveringen: Sequence[Levering]) -> list[Ontvangst | OnbekendeVereniging]:
        """Store several deliveries in one transaction, each as `ontvang` would on its own: the
        same `webhook-id` twice (here or before) gets one answer, an event taken before is a
        duplicate, and a delivery naming an unknown association stores nothing of its own."""
        return await store_deliveries(self.db, leveringen, now=self.clock())

    async def bijgewerkt(
        self, bron: str, dossier_ids: Sequence[str]
    ) -> dict[str, tuple[datetime, DossierStand]]:
        """When each of these dossiers of `bron` last changed and its state, as the copy holds
        them (a dossier without a copy is not in the answer)."""
        d = dossier_table.c
        found: dict[str, tuple[datetime, DossierStand]] = {}
        async with self.db.read() as session:
            for start in range(0, len(dossier_ids), 500):
                rows = await session.execute(
                    select(
                        d.dossier_id,
                        d.bijgewerkt_op,
                        d.titel,
                        d.status,
                        d.actie_nodig,
                        d.deadline,
                        d.verwachte_beslissing,
                        d.link,
                    ).where(d.bron == bron, d.dossier_id.in_(dossier_ids[start : start + 500]))
                )
                found |= {
                    row.dossier_id: (
                        utc(row.bijgewerkt_op),
                        stand_of(row),
                    )
                    for row in rows
                }
        return found

    async def van(
        self, v_code: str, *, bronnen: Sequence[str] | None = None, met_historiek: bool = True
    ) -> list[DossierKopie]:
        """The association's dossiers as their services last told them, most recent first, each
        with its history (unless `met_historiek` is False: then none is read)."""
        dossiers = select(dossier_table).where(dossier_table.c.v_code == v_code)
        events = select(gebeurtenis_table).where(
            gebeurtenis_table.c.v_code == v_code, gebeurtenis_table.c.dossier_id.is_not(None)
        )
        if bronnen is not None:
            dossiers = dossiers.where(dossier_table.c.bron.in_(list(bronnen)))
            events = events.where(gebeurtenis_table.c.bron.in_(list(bronnen)))
        async with self.db.read() as session:
            rows = (await session.execute(dossiers.order_by(dossier_table.c.bijgewerkt_op.desc()))).all()
            wanted = rows and met_historiek
            taken = (await session.execute(events.order_by(*HISTORY_ORDER))).all() if wanted else []
        history: dict[tuple[str, str], list[Gebeurtenis]] = {}
        for event in taken:
            history.setdefault((event.bron, event.dossier_id), []).append(gebeurtenis_of(event))
        return [
            DossierKopie(
                bron=row.bron,
                dossier_id=row.dossier_id,
                v_code=row.v_code,
                stand=stand_of(row),
                bijgewerkt_op=utc(row.bijgewerkt_op),
                historiek=tuple(history.get((row.bron, row.dossier_id), ())),
            )
            for row in rows
        ]

    async def bronnen_van(self, v_code: str) -> set[str]:
        """The services whose dossiers of the association the copy holds."""
        return {
            bron for (bron,) in await self.db.lookup(dossier_table.c.v_code, [v_code], dossier_table.c.bron)
        }

    async def gemeld(self, v_code: str, *, bronnen: Sequence[str]) -> list[GemeldeGegevens]:
        """What each of `bronnen` last reported knowing about the association."""
        return await gemelde_gegevens(self.db, v_code, bronnen=bronnen)

    async def historieken(
        self, dossiers: Sequence[tuple[str, str]]
    ) -> dict[tuple[str, str], list[Gebeurtenis]]:
        """The history of each of `dossiers` (`(bron, dossier_id)`, a page of them), in one
        query: what `van(..., met_historiek=False)` left out, for only the dossiers shown."""
        if not dossiers:
            return {}
        keys = tuple_(gebeurtenis_table.c.bron, gebeurtenis_table.c.dossier_id)
        query = select(gebeurtenis_table).where(keys.in_(list(dict.fromkeys(dossiers))))
        async with self.db.read() as session:
            rows = (await session.execute(query.order_by(*HISTORY_ORDER))).all()
        found: dict[tuple[str, str], list[Gebeurtenis]] = {key: [] for key in dossiers}
        for row in rows:
            found[row.bron, row.dossier_id].append(gebeurtenis_of(row))
        return found

    async def historiek(self, bron: str, dossier_id: str) -> list[Gebeurtenis]:
        """Every event taken about the dossier, in the order its news happened."""
        query = select(gebeurtenis_table).where(
            gebeurtenis_table.c.bron == bron, gebeurtenis_table.c.dossier_id == dossier_id
        )
        async with self.db.read() as session:
            rows = (await session.execute(query.order_by(*HISTORY_ORDER))).all()
        return [gebeurtenis_of(row) for row in rows]
