"""Checks that call a connector's capabilities against simulated remotes: errors classed by what
the caller must do, the exchanged token on every request and nothing of the person's own, the
deadline kept, well-formed answers, idempotent status events and an honest health.

Each check returns when the connector conforms, raises `Nonconformity` saying what to fix, or
`NotApplicable` when there is nothing to check (say, a capability that never asks its remote).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import httpx

from connectors.sdk.context import CallContext
from connectors.sdk.discovery import AnyConnector
from connectors.sdk.errors import ConnectorUnavailable
from connectors.sdk.testkit.calls import CALLS, CapabilityCall
from connectors.sdk.testkit.context import exchanged_token, person_token_within_reach
from connectors.sdk.testkit.remotes import (
    Handler,
    RemoteFailure,
    SimulatedRemote,
    failing_with,
    read_timeout,
    status_answer,
)
from connectors.sdk.testkit.subject import Nonconformity, NotApplicable, Subject

DEADLINE = 0.2
"""Seconds the deadline check gives a call."""
LATE = 1.0
"""When the late remote answers; well past the deadline."""
STUCK = 30.0
"""A call still running this long after its deadline is stuck (the suite must not hang)."""


@dataclass(frozen=True)
class Outcome:
    result: object = None
    error: BaseException | None = None

    def describe(self) -> str:
        if self.error is None:
            return f"returned {self.result!r:.200}"
        return f"raised {type(self.error).__module__}.{type(self.error).__qualname__}: {self.error}"


async def attempt(call: CapabilityCall, connector: AnyConnector, context: CallContext) -> Outcome:
    try:
        return Outcome(result=await call.invoke(connector, context))
    except Exception as error:  # whatever escapes is the verdict, judged by the caller
        return Outcome(error=error)


async def _call(subject: Subject, capability: str, remote: SimulatedRemote, within: float = 5.0) -> Outcome:
    async with subject.connected(remote) as connector:
        outcome = await attempt(CALLS[capability], connector, subject.context(within=within))
    if not remote.requests and outcome.error is None:
        raise NotApplicable(f"{capability} did not ask its remote; nothing to check")
    return outcome


def _answer(subject: Subject, capability: str) -> Handler:
    return subject.responses.for_method(CALLS[capability].method) or status_answer(503)


async def check_failure_is_classed(subject: Subject, capability: str, failure: RemoteFailure) -> None:
    outcome = await _call(subject, capability, SimulatedRemote(failure.answer))
    if isinstance(outcome.error, failure.expected):
        return
    raise Nonconformity(
        f"{CALLS[capability].method}() against a remote with {failure.name}: expected "
        f"{failure.expected.__name__}, but it {outcome.describe()}"
    )


async def check_exchanged_token(subject: Subject, capability: str) -> None:
    remote = SimulatedRemote(_answer(subject, capability))
    await _call(subject, capability, remote)
    expected = [f"Bearer {exchanged_token(subject.audience)}"]
    for request in remote.requests:
        sent = request.headers.get_list("authorization")
        if sent != expected:
            raise Nonconformity(
                f"{request.method} {request.url} carried Authorization {sent}; every request must carry "
                f"exactly {expected}, the token `await context.token()` gives"
            )


async def check_person_token_stays(subject: Subject, capability: str) -> None:
    remote = SimulatedRemote(_answer(subject, capability))
    with person_token_within_reach() as person_token:
        await _call(subject, capability, remote)
    for request in remote.requests:
        carried = [str(request.url), *request.headers.values(), request.content.decode("utf-8", "replace")]
        if any(person_token in part for part in carried):
            raise Nonconformity(
                f"{request.method} {request.url} carried the person's own token; a connector sends only "
                "the token exchanged for its audience (`await context.token()`)"
            )


async def check_deadline(subject: Subject, capability: str) -> None:
    """Against a remote that answers well past the deadline, each request must wait no longer
    than the deadline allows (its read timeout), and the call must end with
    `ConnectorUnavailable`. Time is simulated (see `SimulatedRemote`): nothing waits."""
    method = CALLS[capability].method
    remote = SimulatedRemote(_answer(subject, capability), delay=LATE)
    try:
        async with asyncio.timeout(STUCK):  # a connector that hangs must not hang the suite
            outcome = await _call(subject, capability, remote, within=DEADLINE)
    except TimeoutError:
        outcome = Outcome(error=TimeoutError(f"still running {STUCK:.0f}s after its deadline"))
    for request in remote.requests:
        waits = read_timeout(request)
        if waits is None or waits > DEADLINE:
            shown = "no read timeout" if waits is None else f"a read timeout of {waits:.2f}s"
            raise Nonconformity(
                f"{method}() sent {request.method} {request.url} with {shown} while its deadline was "
                f"{DEADLINE}s away; pass `timeout=context.remaining()` to every request"
            )
    if not isinstance(outcome.error, ConnectorUnavailable):
        raise Nonconformity(
            f"{method}() past its deadline must raise ConnectorUnavailable, but it {outcome.describe()}"
        )


async def check_well_answered(subject: Subject, capability: str) -> None:
    call = CALLS[capability]
    handler = subject.responses.for_method(call.method)
    if handler is None:
        raise NotApplicable(
            f"no canned answer for {capability}: set `responses = Responses({call.method}=...)`"
        )
    outcome = await _call(subject, capability, SimulatedRemote(handler))
    if outcome.error is not None or not call.well_formed(outcome.result):
        raise Nonconformity(
            f"{call.method}() with the canned answer must return {call.describe_answer()}, "
            f"but it {outcome.describe()}"
        )


async def check_health_unreachable(subject: Subject) -> None:
    async with subject.connected(SimulatedRemote(failing_with(httpx.ConnectError))) as connector:
        try:
            health = await connector.health()
        except Exception as error:  # health answers, it does not raise
            raise Nonconformity(f"health() must report an unreachable remote, not raise {error!r}") from error
    if health.reachable:
        raise Nonconformity(f"health() called a refused connection reachable: {health.detail}")
