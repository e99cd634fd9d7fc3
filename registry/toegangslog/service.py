"""Writing and reading the access log."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

import structlog
from sqlalchemy import select

from registry.associations.repository import utc
from registry.db import Database
from registry.errors import RegisterError
from registry.i18n import Language
from registry.paging import offset_cursor, offset_of
from registry.retention import remove_older
from registry.toegangslog.tables import toegang_table

log = structlog.get_logger("registry.toegangslog")


class Handeling(StrEnum):
    GELEZEN = "gelezen"
    GEWIJZIGD = "gewijzigd"
    GEDEELD = "gedeeld"
    """Once-only data sent to another service when the person started a request there."""
    GEDOWNLOAD = "gedownload"
    """The association's data taken along as a file (JSON-LD or CSV)."""


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


def rij(entry: Toegang, moment: datetime) -> dict[str, object]:
    """The entry as the table's row (what an outbound delivery writes in its own transaction)."""
    return {
        "v_code": entry.v_code,
        "tijdstip": moment,
        "handeling": entry.handeling.value,
        "onderdeel": entry.onderdeel[:240],
        "door": entry.door[:255],
        "door_naam": entry.door_naam[:250] if entry.door_naam else None,
        "namens": entry.namens,
        "client_id": entry.client_id,
    }


class Toegangslog:
    """Every entry is committed before `schrijf` returns: a response that carries private data
    leaves the hub only once the access log holds who saw it, and a crash loses none of it.

    Requests that note entries while a write is under way share the next write (group commit):
    one insert for many requests instead of a transaction each, with no timer. When the write
    fails, every request in it fails too, rather than answering without its entry."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._pending: list[dict[str, object]] = []
        self._waiting: list[asyncio.Future[None]] = []
        self._writer: asyncio.Task[None] | None = None

    async def schrijf(self, entries: Sequence[Toegang], *, tijdstip: datetime | None = None) -> None:
        if not entries:
            return
        moment = tijdstip or datetime.now(UTC)
        written = asyncio.get_running_loop().create_future()
        self._pending += [rij(e, moment) for e in entries]
        self._waiting.append(written)
        if self._writer is None or self._writer.done():
            self._writer = asyncio.ensure_future(self._write_all())
        # Shielded: a request given up halfway does not cancel the write others wait for.
        await asyncio.shield(written)

    async def _write_all(self) -> None:
        while self._pending:
            rows, self._pending = self._pending, []
            waiting, self._waiting = self._waiting, []
            try:
                await self.db.append(toegang_table, rows)
            except Exception as error:
                log.exception("access log write failed", rows=len(rows))
                _settle(waiting, error)
            except BaseException as error:
                # Cut short (cancelled): the loop ends here, so those waiting on this write and
                # those who noted entries meanwhile are all told; none is left waiting.
                noted, self._waiting, self._pending = self._waiting, [], []
                _settle([*waiting, *noted], error)
                raise
            else:
                _settle(waiting, None)

    async def flush(self) -> None:
        """Wait for the write under way, if any (every entry noted is in it or before it)."""
        writer = self._writer
        if writer is not None and not writer.done():
            await asyncio.shield(writer)

    async def close(self) -> None:
        """At shutdown: let the write under way finish; it is never cancelled halfway, where
        its transaction could keep the database's write lock from the writes that follow."""
        await self.flush()

    async def vergeet(self, ouder_dan: datetime) -> int:
        """Remove the entries from before `ouder_dan` (the retention period); how many."""
        await self.flush()
        return await remove_older(self.db, toegang_table, ouder_dan)

    async def lees(self, v_code: str, *, first: int, after: str | None = None) -> ToegangPagina:
        """Newest first, `first` at a time; what this process is writing now is in it."""
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
                tijdstip=utc(row["tijdstip"]),
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


def _settle(waiting: list[asyncio.Future[None]], error: BaseException | None) -> None:
    for written in waiting:
        if written.done():
            continue  # its request was cancelled; the shield keeps the write going
        if error is None:
            written.set_result(None)
        else:
            written.set_exception(AccessLogUnavailable())


class AccessLogUnavailable(RegisterError):
    """The access log could not store an entry: the request that needed it shows nothing."""

    code = message_key = "ACCESS_LOG_UNAVAILABLE"
    retryable = True

    def extensions(self, language: Language) -> dict[str, Any]:
        return {"code": self.code, "retryable": True}
