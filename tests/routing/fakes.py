"""Small connectors that behave as a test tells them: answer, wait, or fail, call after call."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

from pydantic import TypeAdapter

from connectors.sdk import (
    CallContext,
    Connector,
    ConnectorConfig,
    Dossier,
    DossierStatus,
    Feit,
    StartResultaat,
)

DOSSIERS = TypeAdapter(list[Dossier])


Gate = Callable[[], Awaitable[object]]
"""What a call waits for before it answers: an event set by the test, a barrier, or `never`."""


async def never() -> None:
    """A gate that never opens: the call hangs until it is cancelled."""
    await asyncio.Event().wait()


@dataclass(frozen=True)
class Step:
    """One call: pass `after` (when given), then raise `error` or answer with dossiers titled `titels`."""

    after: Gate | None = None
    error: Exception | None = None
    titels: tuple[str, ...] = ("Zaalhuur",)


def answers(*titels: str, after: Gate | None = None) -> Step:
    return Step(after=after, titels=titels or ("Zaalhuur",))


def fails(error: Exception, *, after: Gate | None = None) -> Step:
    return Step(after=after, error=error)


def hangs() -> Step:
    return Step(after=never)


class FakeService(Connector[ConnectorConfig]):
    """Plays its steps in turn, one per call; the last one repeats. Counts calls, keeps contexts."""

    kind = "fake"

    def __init__(self, name: str, *steps: Step, audience: str | None = None, timeout: float = 5.0) -> None:
        super().__init__(
            ConnectorConfig(
                name=name,
                base_url="http://127.0.0.1:9",
                audience=audience or name,
                timeout_seconds=timeout,
            )
        )
        self.steps = list(steps) or [answers()]
        self.calls = 0
        self.cancelled = 0
        self.contexts: list[CallContext] = []
        self._progress = asyncio.Condition()

    async def called(self, times: int = 1) -> None:
        """Returns once the service has been called `times` times in all."""
        async with self._progress:
            await self._progress.wait_for(lambda: self.calls >= times)

    async def _play(self, context: CallContext) -> Step:
        step = self.steps[min(self.calls, len(self.steps) - 1)]
        self.calls += 1
        self.contexts.append(context)
        async with self._progress:
            self._progress.notify_all()
        if step.after is not None:
            try:
                await step.after()
            except asyncio.CancelledError:
                self.cancelled += 1
                raise
        if step.error is not None:
            raise step.error
        return step


class DossierService(FakeService):
    async def dossiers(self, context: CallContext) -> list[Dossier]:
        step = await self._play(context)
        return [
            Dossier(id=f"{self.name}-{i}", titel=titel, status=DossierStatus.IN_BEHANDELING, dienst=self.name)
            for i, titel in enumerate(step.titels)
        ]


class FactService(FakeService):
    async def gekende_gegevens(self, context: CallContext) -> list[Feit]:
        step = await self._play(context)
        return [Feit(naam="aantalLeden", waarde=titel, bron=self.name) for titel in step.titels]


class StartService(FakeService):
    async def start_aanvraag(
        self, context: CallContext, dienst: str, gegevens: Mapping[str, str]
    ) -> StartResultaat:
        await self._play(context)
        return StartResultaat(link=f"https://{self.name}.test/{dienst}", gedeelde_gegevens=tuple(gegevens))


def context_for(v_code: str | None = "V0001001") -> CallContext:
    async def token() -> str:
        return "exchanged-token"

    return CallContext(
        v_code=v_code, person=None, token=token, correlation_id="test", deadline=time.monotonic() + 30
    )


class ManualClock:
    """A monotonic clock that moves only when told, or when a retry waits on it: `sleep` moves
    it at once and notes how long it was asked to wait."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.waits: list[float] = []

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds

    async def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.advance(seconds)
        await asyncio.sleep(0)  # as a real wait does, let the others run
