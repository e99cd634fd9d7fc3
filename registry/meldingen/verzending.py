"""The choices as the mail rounds work them: which associations are due a round, whose choices
mail their notices, and what each choice has had by mail, kept per notice (`sleutel`) so a notice
is mailed once and no more is kept than what is current."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import delete, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from registry.db import Database
from registry.meldingen.tables import verzonden_table, voorkeur_table
from registry.meldingen.voorkeur import Frequentie, Voorkeur, voorkeur_of


async def noteer(
    session: AsyncSession, *, dialect: str, voorkeur_id: str, sleutels: Iterable[str], nu: datetime
) -> None:
    """Note `sleutels` as had by the choice `voorkeur_id` (those it had already stay as they were)."""
    rows = [{"voorkeur_id": voorkeur_id, "sleutel": s, "verzonden_op": nu} for s in sorted(set(sleutels))]
    if not rows:
        return
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    await session.execute(
        insert(verzonden_table).values(rows).on_conflict_do_nothing(index_elements=["voorkeur_id", "sleutel"])
    )


class Verzending:
    """The part of `Voorkeuren` the mail rounds use."""

    db: Database
    clock: Callable[[], datetime]

    async def van_vereniging(self, v_code: str) -> list[Voorkeur]:
        """The choices that mail this association's notices."""
        async with self.db.read() as session:
            rows = (
                (
                    await session.execute(
                        select(voorkeur_table).where(
                            voorkeur_table.c.v_code == v_code,
                            voorkeur_table.c.bevestigd_op.is_not(None),
                            voorkeur_table.c.frequentie != Frequentie.NOOIT.value,
                        )
                    )
                )
                .mappings()
                .all()
            )
        return [voorkeur_of(row) for row in rows]

    async def met_direct(self, v_codes: Iterable[str]) -> set[str]:
        """Which of these associations have someone who wants their notices at once."""
        wanted = sorted(set(v_codes))
        if not wanted:
            return set()
        async with self.db.read() as session:
            rows = await session.execute(
                select(voorkeur_table.c.v_code)
                .where(
                    voorkeur_table.c.v_code.in_(wanted),
                    voorkeur_table.c.frequentie == Frequentie.DIRECT.value,
                    voorkeur_table.c.bevestigd_op.is_not(None),
                )
                .distinct()
            )
            return {row.v_code for row in rows}

    async def te_doen(self, *, gecontroleerd_voor: datetime, digest_voor: datetime) -> set[str]:
        """Associations with a choice due: 'at once' not looked at since `gecontroleerd_voor`
        (news that comes with time: a nearing deadline, a new offering) or whose mail failed, or
        a digest not sent since `digest_voor`."""
        async with self.db.read() as session:
            rows = await session.execute(
                select(voorkeur_table.c.v_code)
                .where(
                    voorkeur_table.c.bevestigd_op.is_not(None),
                    or_(
                        (voorkeur_table.c.frequentie == Frequentie.DIRECT.value)
                        & or_(
                            voorkeur_table.c.gecontroleerd_op.is_(None),
                            voorkeur_table.c.gecontroleerd_op < gecontroleerd_voor,
                        ),
                        (voorkeur_table.c.frequentie == Frequentie.DAGELIJKS.value)
                        & (voorkeur_table.c.digest_op < digest_voor),
                    ),
                )
                .distinct()
                .limit(10_000)
            )
            return {row.v_code for row in rows}

    async def opnieuw(self, voorkeur: Voorkeur) -> None:
        """Its mail could not be sent: due again at the next round."""
        async with self.db.write() as session:
            await session.execute(
                update(voorkeur_table).where(voorkeur_table.c.id == voorkeur.id).values(gecontroleerd_op=None)
            )

    async def verzonden(self, voorkeur_id: str) -> set[str]:
        async with self.db.read() as session:
            rows = await session.execute(
                select(verzonden_table.c.sleutel).where(verzonden_table.c.voorkeur_id == voorkeur_id)
            )
            return {row.sleutel for row in rows}

    async def gemaild(
        self, voorkeur: Voorkeur, sleutels: Iterable[str], *, huidig: Iterable[str], digest: bool
    ) -> None:
        """`sleutels` were mailed (or nothing was new); `huidig`: the notices there are now (what
        is no longer there is forgotten, so the table holds no more than what is current)."""
        nu = self.clock()
        values: dict[str, Any] = {"gecontroleerd_op": nu}
        if digest:
            values["digest_op"] = nu
        async with self.db.write() as session:
            await noteer(session, dialect=self.db.dialect, voorkeur_id=voorkeur.id, sleutels=sleutels, nu=nu)
            await session.execute(
                delete(verzonden_table).where(
                    verzonden_table.c.voorkeur_id == voorkeur.id,
                    verzonden_table.c.sleutel.not_in(sorted({*huidig, *sleutels})),
                )
            )
            await session.execute(
                update(voorkeur_table).where(voorkeur_table.c.id == voorkeur.id).values(values)
            )
