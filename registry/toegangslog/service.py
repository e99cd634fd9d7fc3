"""Writing and reading the access log."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

import structlog
from sqlalchemy import select

from registry.db import Database
from registry.paging import offset_cursor, offset_of
from registry.toegangslog.tables import toegang_table

log = structlog.get_logger("registry.toegangslog")


class Handeling(StrEnum):
    GELEZEN = "gelezen"
    GEWIJZIGD = "gewijzigd"
    GEDEELD = "gedeeld"
    """Once-only data sent to another service when the person started a request there."""


@dataclass(frozen=True)
class Toegang:
    v_code: str
    handeling: Handeling
    onderdeel: str
    door: str
    door_naam: str | None
    namens: str | None
    client_id: str | None
    tijdstip: datetime | None = None
    id: int | None = None


@dataclass(frozen=True)
class ToegangPagina:
    items: list[Toegang]
    volgende: str | None


def _row(entry: Toegang, moment: datetime) -> dict[str, object]:
    return {
        "v_code": entry.v_code,
        "tijdstip": moment,
        "handeling": entry.handeling.value,
        "onderdeel": entry.onderdeel[:240],
        "door": entry.door[:255],
        "door_naam": entry.door_naam[:250] if entry.door_naam else None,
        "namens": entry.namens,
        "client_id": entry.client_id[:120] if entry.client_id else None,
    }


class Toegangslog:
    """Entries are gathered and written together, at most `flush_interval` after they were noted
    (one insert for many requests instead of a write transaction per request: a write costs the
    hub about a millisecond, as much as the rest of a profile query). Reading the log
    writes what is pending first; `flush()` at shutdown writes the rest."""

    def __init__(self, db: Database, *, flush_interval: float = 0.2) -> None:
        self.db = db
        self.flush_interval = flush_interval
        self._pending: list[dict[str, object]] = []
        self._flusher: asyncio.Task[None] | None = None
        self._now = asyncio.Event()

    async def schrijf(self, entries: Sequence[Toegang], *, tijdstip: datetime | None = None) -> None:
        moment = tijdstip or datetime.now(UTC)
        self._pending += [_row(e, moment) for e in entries]
        if self._pending and (self._flusher is None or self._flusher.done()):
            self._flusher = asyncio.ensure_future(self._flush_soon())

    async def _flush_soon(self) -> None:
        # Rows noted while a batch was being written go with the next batch, not whenever the
        # next request happens to write or read.
        while self._pending:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._now.wait(), self.flush_interval)
            try:
                await self.flush()
            except Exception:  # the rows are back in the queue; the next write or read tries again
                log.exception("access log write failed; will retry")
                return

    async def flush(self) -> None:
        rows, self._pending = self._pending, []
        if not rows:
            return
        try:
            await self.db.append(toegang_table, rows)
        except BaseException:  # cancelled included: the rows wait for the next write
            self._pending = rows + self._pending
            raise

    async def close(self) -> None:
        """Write everything now (at shutdown). A delayed write still waiting is told to go at
        once and awaited, never cancelled: cancelled halfway, its transaction could keep the
        database's write lock from the writes that follow."""
        flusher, self._flusher = self._flusher, None
        if flusher is not None and not flusher.done():
            self._now.set()
            await flusher
            self._now.clear()
        await self.flush()

    async def lees(self, v_code: str, *, first: int, after: str | None = None) -> ToegangPagina:
        """Newest first, `first` at a time."""
        flusher = self._flusher
        if flusher is not None and not flusher.done():
            # A delayed write may hold rows taken from `_pending` right now: let it finish
            # (at once) so that what was logged before this read is in it.
            self._now.set()
            try:
                await asyncio.shield(flusher)
            finally:
                self._now.clear()
        await self.flush()
        query = select(toegang_table).where(toegang_table.c.v_code == v_code)
        if after is not None:
            query = query.where(toegang_table.c.id < offset_of(after, soort="t"))
        query = query.order_by(toegang_table.c.id.desc()).limit(first + 1)
        async with self.db.read() as session:
            rows = (await session.execute(query)).mappings().all()
        items = [
            Toegang(
                id=row["id"],
                v_code=row["v_code"],
                tijdstip=row["tijdstip"] if row["tijdstip"].tzinfo else row["tijdstip"].replace(tzinfo=UTC),
                handeling=Handeling(row["handeling"]),
                onderdeel=row["onderdeel"],
                door=row["door"],
                door_naam=row["door_naam"],
                namens=row["namens"],
                client_id=row["client_id"],
            )
            for row in rows[:first]
        ]
        volgende = (
            offset_cursor(items[-1].id, soort="t") if len(rows) > first and items[-1].id is not None else None
        )
        return ToegangPagina(items=items, volgende=volgende)
