"""From the outbox to deliveries: each event not yet distributed becomes a waiting delivery for
every subscriber that may see a part it changed, and a replay does so again for one subscriber.
One run at a time, so the deliveries of one association are created in the order of its changes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Row, insert, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from registry.db import Database
from registry.uitgaand.model import Abonnement, Paar
from registry.uitgaand.outbox import WORDT_GEDEELD
from registry.uitgaand.tables import aflevering_table, uitgaand_table

RELAY_LOCK_ID = 7_150_002
"""Arbitrary but fixed: the PostgreSQL advisory lock that lets one `verdeel` run at a time, so
the deliveries of one association are created in the order of its changes."""


class Verdeling:
    """The part of `Uitgaand` that creates deliveries."""

    db: Database
    clock: Callable[[], datetime]

    async def verdeel(self, abonnementen: Sequence[Abonnement], *, per: int = 500) -> set[Paar]:
        """Turn every outbox event not yet distributed into deliveries, one per subscriber that
        may see a part that changed; the pairs that got one, for the engine to deliver."""
        paren: set[Paar] = set()
        while True:
            async with self.db.write() as session:
                await self._one_at_a_time(session)
                rows = (
                    await session.execute(
                        select(
                            uitgaand_table.c.id,
                            uitgaand_table.c.v_code,
                            uitgaand_table.c.onderdelen,
                            uitgaand_table.c.voor,
                        )
                        .where(uitgaand_table.c.verdeeld.is_(False))
                        .order_by(uitgaand_table.c.id)
                        .limit(per)
                    )
                ).all()
                if not rows:
                    return paren
                paren |= await self._nieuwe_afleveringen(session, rows, abonnementen)
                await session.execute(
                    update(uitgaand_table)
                    .where(uitgaand_table.c.id.in_([row.id for row in rows]))
                    .values(verdeeld=True)
                )
            if len(rows) < per:
                return paren

    async def herspeel(self, abonnement: Abonnement, *, sinds: datetime, per: int = 500) -> set[Paar]:
        """Deliver again to one subscriber every event since `sinds` it may see, in order (the
        same event ids: a receiver that kept what it applied skips them); `per` at a time."""
        u = uitgaand_table.c
        paren: set[Paar] = set()
        na = 0
        while True:
            async with self.db.write() as session:
                await self._one_at_a_time(session)
                rows = (
                    await session.execute(
                        select(u.id, u.v_code, u.onderdelen, u.voor)
                        .where(
                            u.tijdstip >= sinds,
                            u.verdeeld.is_(True),
                            u.id > na,
                            u.gebeurtenis != WORDT_GEDEELD,
                        )
                        .order_by(u.id)
                        .limit(per)
                    )
                ).all()
                paren |= await self._nieuwe_afleveringen(session, rows, [abonnement])
            if len(rows) < per:
                return paren
            na = rows[-1].id

    async def _one_at_a_time(self, session: AsyncSession) -> None:
        """On PostgreSQL, take `RELAY_LOCK_ID` until `session`'s transaction ends (on SQLite a
        write transaction holds the write lock from its start)."""
        if self.db.dialect == "postgresql":
            await session.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": RELAY_LOCK_ID})

    async def _nieuwe_afleveringen(
        self,
        session: AsyncSession,
        rows: Sequence[Row[Any, Any, Any, Any]],
        abonnementen: Sequence[Abonnement],
    ) -> set[Paar]:
        """A waiting delivery of each outbox event in `rows` to each subscriber that may see one
        of the parts it changed; the pairs that got one."""
        nu = self.clock()
        nieuw = [
            {
                "uitgaand_id": row.id,
                "abonnee": abonnement.naam,
                "v_code": row.v_code,
                "status": "wachtend",
                "pogingen": 0,
                "aangemaakt_op": nu,
            }
            for row in rows
            for abonnement in abonnementen
            if abonnement.krijgt(row.onderdelen, row.voor)
        ]
        if nieuw:
            await session.execute(insert(aflevering_table), nieuw)
        return {Paar(item["abonnee"], item["v_code"]) for item in nieuw}
