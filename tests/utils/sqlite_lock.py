"""Another process holding a SQLite file's write lock, for as long as a test wants it held."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

# Takes the lock (argv[2]: the journal mode, argv[3]: the kind of transaction), says so, and
# holds it until a line comes on stdin; then rolls back and says so.
_HOLDER = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=60)
connection.execute("PRAGMA journal_mode = " + sys.argv[2])
connection.execute("BEGIN " + sys.argv[3])
print("held", flush=True)
sys.stdin.readline()
connection.execute("ROLLBACK")
connection.close()
print("released", flush=True)
"""


class HeldLock:
    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self._process = process
        self.released = False

    async def release(self) -> None:
        """Give the lock back, and wait until the other process has."""
        if self.released:
            return
        assert self._process.stdin is not None
        assert self._process.stdout is not None
        self._process.stdin.write(b"\n")
        await self._process.stdin.drain()
        said = await self._process.stdout.readline()
        assert said == b"released\n", said
        assert await self._process.wait() == 0
        self.released = True


@asynccontextmanager
async def held_write_lock(path: Path, *, exclusive: bool = False) -> AsyncIterator[HeldLock]:
    """A real `sqlite3` connection in another process holds `path`'s write lock (an open
    `BEGIN IMMEDIATE` transaction, in WAL mode as the hub keeps its files) from when the block
    starts until it ends or `release()`. `exclusive`: the whole file, readers too (`BEGIN
    EXCLUSIVE` in rollback-journal mode), which no reader of the hub's can get past."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        _HOLDER,
        str(path),
        "DELETE" if exclusive else "WAL",
        "EXCLUSIVE" if exclusive else "IMMEDIATE",
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
    )
    lock = HeldLock(process)
    try:
        assert process.stdout is not None
        said = await process.stdout.readline()
        assert said == b"held\n", said
        yield lock
    finally:
        if process.returncode is None and not lock.released:
            await lock.release()
