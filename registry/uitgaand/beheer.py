"""Looking after the delivery queue: the deliveries listed and parked ones put back (`vloket
events`), what is done forgotten after a while, and the queue at a glance."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import and_, delete, func, select, update

from registry.associations.repository import utc
from registry.db import Database
from registry.uitgaand.model import STATUSSEN, Aflevering, Paar, Stand, Status
from registry.uitgaand.tables import aflevering_table, uitgaand_table


class Beheer:
    """The part of `Uitgaand` an operator and the engine's upkeep use."""

    db: Database

    async def lijst(
        self, *, status: Status | None = None, abonnee: str | None = None, first: int = 100
    ) -> list[Aflevering]:
        a, u = aflevering_table.c, uitgaand_table.c
        query = (
            select(
                a.id,
                a.uitgaand_id,
                a.abonnee,
                a.v_code,
                a.status,
                a.pogingen,
                a.laatste_fout,
                a.aangemaakt_op,
                a.volgende_poging,
                a.afgeleverd_op,
                u.versie,
                u.gebeurtenis,
            )
            .join(uitgaand_table, u.id == a.uitgaand_id)
            .order_by(a.id)
            .limit(first)
        )
        if status is not None:
            query = query.where(a.status == status)
        if abonnee is not None:
            query = query.where(a.abonnee == abonnee)
        async with self.db.read() as session:
            rows = (await session.execute(query)).all()
        return [
            Aflevering(
                id=row.id,
                uitgaand_id=row.uitgaand_id,
                abonnee=row.abonnee,
                v_code=row.v_code,
                versie=row.versie,
                gebeurtenis=row.gebeurtenis,
                status=row.status,
                pogingen=row.pogingen,
                laatste_fout=row.laatste_fout,
                aangemaakt_op=utc(row.aangemaakt_op),
                volgende_poging=utc(row.volgende_poging) if row.volgende_poging else None,
                afgeleverd_op=utc(row.afgeleverd_op) if row.afgeleverd_op else None,
            )
            for row in rows
        ]

    async def opnieuw(self, ids: Sequence[int] | None = None) -> tuple[set[Paar], set[int]]:
        """Put parked deliveries back in the queue with fresh attempts: those of `ids`, or all;
        the pairs to deliver again, and the ids put back. (One put back while an older one of its
        pair stays parked is parked again behind it when its turn comes.)"""
        a = aflevering_table.c
        condition = a.status == "mislukt"
        if ids is not None:
            condition = and_(condition, a.id.in_(list(ids)))
        async with self.db.write() as session:
            rows = (
                await session.execute(
                    update(aflevering_table)
                    .where(condition)
                    .values(status="wachtend", pogingen=0, volgende_poging=None)
                    .returning(a.id, a.abonnee, a.v_code)
                )
            ).all()
        return {Paar(row.abonnee, row.v_code) for row in rows}, {int(row.id) for row in rows}

    async def ruim_op(self, *, ouder_dan: datetime) -> tuple[int, int]:
        """Forget what is done and older than `ouder_dan`: delivered deliveries, and outbox
        events that are distributed and have no delivery left (a replay reaches back no further);
        how many of each. Waiting and parked deliveries, and their events, stay."""
        a, u = aflevering_table.c, uitgaand_table.c
        async with self.db.write() as session:
            deliveries = await session.execute(
                delete(aflevering_table).where(a.status == "afgeleverd", a.afgeleverd_op < ouder_dan)
            )
            still_needed = select(a.uitgaand_id).where(a.uitgaand_id == u.id).exists()
            events = await session.execute(
                delete(uitgaand_table).where(u.verdeeld.is_(True), u.tijdstip < ouder_dan, ~still_needed)
            )
        return int(deliveries.rowcount), int(events.rowcount)  # type: ignore[attr-defined]

    async def stand(self) -> Stand:
        a, u = aflevering_table.c, uitgaand_table.c
        async with self.db.read() as session:
            per_abonnee: dict[str, dict[Status, int]] = {}
            for abonnee, status, count in (
                await session.execute(select(a.abonnee, a.status, func.count()).group_by(a.abonnee, a.status))
            ).all():
                per_abonnee.setdefault(abonnee, dict.fromkeys(STATUSSEN, 0))[status] = int(count)
            falend = {
                abonnee: int(count)
                for abonnee, count in (
                    await session.execute(
                        select(a.abonnee, func.count())
                        .where(a.status == "wachtend", a.pogingen > 0)
                        .group_by(a.abonnee)
                    )
                ).all()
            }
            oudste = (
                await session.execute(select(func.min(a.aangemaakt_op)).where(a.status == "wachtend"))
            ).scalar_one_or_none()
            te_verdelen = (
                await session.execute(
                    select(func.count()).select_from(uitgaand_table).where(u.verdeeld.is_(False))
                )
            ).scalar_one()
        return Stand(
            per_status={status: sum(c[status] for c in per_abonnee.values()) for status in STATUSSEN},
            oudste_wachtend=utc(oudste) if oudste else None,
            te_verdelen=int(te_verdelen),
            per_abonnee=per_abonnee,
            falend=falend,
        )
