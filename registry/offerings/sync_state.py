"""How far each catalog has been synced: the watermark `laatste_sync` per bron (the newest
modification time read from it), and the lock that keeps two syncs of one catalog apart.

On PostgreSQL the watermark row stays locked (`SELECT ... FOR UPDATE`) while a sync runs, so a
second sync of the same catalog, in any process, waits and then starts from where the first
ended. SQLite serves a single hub process: two syncs there may overlap, which stores nothing
twice (imports are idempotent) and never moves the watermark back.

Example::

    async with vergrendeld(db, "subsidies") as watermerk:
        changes = await read_since(watermerk.laatste_sync)
        ...
        watermerk.verschuif(changes.newest)   # stored when the block ends without error
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import Field, SQLModel

from registry.associations.repository import utc
from registry.db import Database


class CatalogusSyncRow(SQLModel, table=True):
    __tablename__ = "catalogus_sync"

    bron: str = Field(primary_key=True, max_length=120)
    laatste_sync: datetime | None = Field(
        default=None, sa_column=sa.Column(sa.DateTime(timezone=True), nullable=True)
    )


catalogus_sync_table = SQLModel.metadata.tables[CatalogusSyncRow.__tablename__]


@dataclass
class Watermerk:
    bron: str
    laatste_sync: datetime | None
    """The newest modification time read at the last successful sync; None before the first."""
    nieuw: datetime | None = None

    def verschuif(self, tot: datetime | None) -> None:
        """Remember `tot` as the new watermark (a later one wins; None changes nothing)."""
        if tot is not None and (self.nieuw is None or tot > self.nieuw):
            self.nieuw = tot


async def laatste_sync(db: Database, bron: str) -> datetime | None:
    async with db.read() as session:
        return await _lees(session, bron, lock=False)


@asynccontextmanager
async def vergrendeld(db: Database, bron: str) -> AsyncIterator[Watermerk]:
    """The watermark of `bron` for one sync; see the module docstring."""
    await _zorg_voor_rij(db, bron)
    if db.dialect == "postgresql":
        async with db.write() as session:
            watermerk = Watermerk(bron, await _lees(session, bron, lock=True))
            yield watermerk
            await _bewaar(session, watermerk)
        return
    async with db.read() as session:
        watermerk = Watermerk(bron, await _lees(session, bron, lock=False))
    yield watermerk
    async with db.write() as session:
        await _bewaar(session, watermerk)


async def _zorg_voor_rij(db: Database, bron: str) -> None:
    insert = postgresql.insert if db.dialect == "postgresql" else sqlite.insert
    statement = insert(catalogus_sync_table).values(bron=bron, laatste_sync=None)
    async with db.write() as session:
        await session.execute(statement.on_conflict_do_nothing(index_elements=["bron"]))


async def _lees(session: AsyncSession, bron: str, *, lock: bool) -> datetime | None:
    query = sa.select(catalogus_sync_table.c.laatste_sync).where(catalogus_sync_table.c.bron == bron)
    value = (await session.execute(query.with_for_update() if lock else query)).scalar_one_or_none()
    return None if value is None else utc(value)


async def _bewaar(session: AsyncSession, watermerk: Watermerk) -> None:
    """Store the new watermark unless another sync already got further."""
    if watermerk.nieuw is None:
        return
    huidig = await _lees(session, watermerk.bron, lock=False)
    if huidig is not None and huidig >= watermerk.nieuw:
        return
    await session.execute(
        sa.update(catalogus_sync_table)
        .where(catalogus_sync_table.c.bron == watermerk.bron)
        .values(laatste_sync=watermerk.nieuw)
    )
