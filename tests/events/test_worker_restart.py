"""`vloket worker` keeps procrastinate's worker running: started again after a backoff when it
stops on its own or on a database error, cancelled (gracefully) when asked to stop."""

from __future__ import annotations

import asyncio

import pytest
from procrastinate.exceptions import ConnectorException

from hub.events.retry import Backoff
from hub.events.worker import run_until_stopped

NO_WAIT = Backoff(first=0.0, cap=0.0, random=lambda: 0.0)


class Runs:
    """A stand-in for procrastinate's worker: each run ends as `endings` says (None: it returns
    as the worker does when a side task failed; an exception: it raises that), and the run after
    the last ending lasts until it is cancelled."""

    def __init__(self, *endings: BaseException | None) -> None:
        self.endings = list(endings)
        self.started = 0
        self.waiting = asyncio.Event()
        self.cancelled = False

    async def __call__(self) -> None:
        self.started += 1
        if self.endings:
            ending = self.endings.pop(0)
            if ending is not None:
                raise ending
            return
        self.waiting.set()
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            self.cancelled = True
            raise


async def stop_when_waiting(runs: Runs, stopping: asyncio.Event) -> None:
    await runs.waiting.wait()
    stopping.set()


async def test_a_worker_that_stops_on_its_own_or_on_a_database_error_is_started_again() -> None:
    runs = Runs(None, ConnectorException("connection ended"), None)
    stopping = asyncio.Event()

    restarts, _ = await asyncio.gather(
        run_until_stopped(runs, stopping, backoff=NO_WAIT), stop_when_waiting(runs, stopping)
    )

    assert (restarts, runs.started) == (3, 4)
    assert runs.cancelled  # the one running when asked to stop was cancelled, not left behind


async def test_another_error_is_not_hidden_by_starting_again() -> None:
    runs = Runs(None, ValueError("a bug"))

    with pytest.raises(ValueError, match="a bug"):
        await run_until_stopped(runs, asyncio.Event(), backoff=NO_WAIT)
    assert runs.started == 2


async def test_asked_to_stop_during_the_backoff_it_starts_nothing_more() -> None:
    stopping = asyncio.Event()
    waiting = Backoff(first=3600.0, cap=3600.0, random=lambda: 1.0)

    class StopsThenEnds(Runs):
        async def __call__(self) -> None:
            await super().__call__()
            stopping.set()  # the signal comes while the backoff waits

    runs = StopsThenEnds(None)

    assert await run_until_stopped(runs, stopping, backoff=waiting) == 0
    assert runs.started == 1


async def test_asked_to_stop_before_it_runs_it_runs_nothing() -> None:
    stopping = asyncio.Event()
    stopping.set()
    runs = Runs()

    assert await run_until_stopped(runs, stopping, backoff=NO_WAIT) == 0
    assert not runs.waiting.is_set()
