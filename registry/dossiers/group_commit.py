"""Deliveries that arrive while a write is under way share the next transaction (group commit,
as the access log does): a handful of statements for all of them instead of a transaction and
several statements each. Each is answered once its transaction committed."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field

from registry.dossiers.model import Levering, OnbekendeVereniging, Ontvangst

MAX_EVENTS_PER_WRITE = 1000
"""Most events one shared transaction takes (more deliveries wait for the next)."""


@dataclass
class GroupCommit:
    write: Callable[[Sequence[Levering]], Awaitable[list[Ontvangst | OnbekendeVereniging]]]
    """Stores deliveries in one transaction, answering each (`store_deliveries`)."""
    _pending: list[tuple[Levering, asyncio.Future[Ontvangst | OnbekendeVereniging]]] = field(
        default_factory=list, init=False, repr=False
    )
    _writer: asyncio.Task[None] | None = field(default=None, init=False, repr=False)

    async def submit(self, levering: Levering) -> Ontvangst | OnbekendeVereniging:
        """The delivery's outcome, once the write that took it committed."""
        answered: asyncio.Future[Ontvangst | OnbekendeVereniging] = asyncio.get_running_loop().create_future()
        self._pending.append((levering, answered))
        if self._writer is None or self._writer.done():
            self._writer = asyncio.ensure_future(self._write_all())
        # Shielded: a delivery given up halfway does not cancel the write others wait for.
        return await asyncio.shield(answered)

    async def close(self) -> None:
        """At shutdown: let the write under way finish; it is never cancelled halfway, where its
        transaction could keep the database's write lock from the writes that follow."""
        writer = self._writer
        if writer is not None and not writer.done():
            await asyncio.shield(writer)

    async def _write_all(self) -> None:
        while self._pending:
            batch: list[tuple[Levering, asyncio.Future[Ontvangst | OnbekendeVereniging]]] = []
            taken = 0
            while self._pending and (
                not batch or taken + len(self._pending[0][0].gebeurtenissen) <= MAX_EVENTS_PER_WRITE
            ):
                batch.append(self._pending.pop(0))
                taken += len(batch[-1][0].gebeurtenissen)
            try:
                outcomes = await self.write([levering for levering, _ in batch])
            except Exception as error:
                for _, answered in batch:
                    if not answered.done():
                        answered.set_exception(error)
            else:
                for (_, answered), outcome in zip(batch, outcomes, strict=True):
                    if not answered.done():
                        answered.set_result(outcome)
