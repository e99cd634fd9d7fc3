"""Simulated remotes for the conformance suite: canned answers, the failures every connector
must class correctly, and a remote that answers late.

A remote that answers late honours the request's read timeout as a real socket would: a request
whose read timeout ends before the answer comes gets `httpx.ReadTimeout`, so a connector that
passes `timeout=context.remaining()` sees the same thing in the suite as in production. Its time
is simulated: it gives up, or answers, at once, so no check waits for real time to pass.

Example::

    remote = SimulatedRemote(json_answer({"dossiers": []}))
    connector = MijnDienst(config, transport=remote.transport())
    ...
    assert remote.requests[0].url.path == "/verenigingen/V0001001/dossiers"
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import httpx

from connectors.sdk.errors import (
    ConnectorConfigError,
    ConnectorError,
    ConnectorRejected,
    ConnectorUnavailable,
    NotFound,
)

Handler = Callable[[httpx.Request], httpx.Response]
"""How a simulated remote answers one request."""


def json_answer(body: object, *, status: int = 200) -> Handler:
    """A remote that answers every request with `body` as JSON."""

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, json=body)

    return answer


def status_answer(status: int) -> Handler:
    return json_answer({"fout": f"testkit answers {status}"}, status=status)


def garbage_answer(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, text="<html>Onderhoud</html>", headers={"Content-Type": "text/html"})


def failing_with(error: type[httpx.TransportError]) -> Handler:
    """A remote the request never reaches: the transport raises `error`."""

    def fail(request: httpx.Request) -> httpx.Response:
        raise error(f"testkit: {error.__name__}", request=request)

    return fail


@dataclass(frozen=True)
class RemoteFailure:
    """Something a remote does wrong, and the SDK error a connector must raise for it."""

    name: str
    answer: Handler
    expected: type[ConnectorError]


FAILURES: tuple[RemoteFailure, ...] = (
    *(RemoteFailure(f"http-{s}", status_answer(s), ConnectorUnavailable) for s in (500, 502, 503)),
    RemoteFailure("read-timeout", failing_with(httpx.ReadTimeout), ConnectorUnavailable),
    RemoteFailure("connect-timeout", failing_with(httpx.ConnectTimeout), ConnectorUnavailable),
    RemoteFailure("connection-refused", failing_with(httpx.ConnectError), ConnectorUnavailable),
    RemoteFailure("connection-dropped", failing_with(httpx.RemoteProtocolError), ConnectorUnavailable),
    RemoteFailure("garbage-body", garbage_answer, ConnectorUnavailable),
    RemoteFailure("http-404", status_answer(404), NotFound),
    *(RemoteFailure(f"http-{s}", status_answer(s), ConnectorRejected) for s in (400, 409, 422)),
    *(RemoteFailure(f"http-{s}", status_answer(s), ConnectorConfigError) for s in (401, 403)),
)


def read_timeout(request: httpx.Request) -> float | None:
    """How long the client that sent `request` waits for its answer (None: without end)."""
    seconds: float | None = request.extensions.get("timeout", {}).get("read")
    return seconds


@dataclass
class SimulatedRemote:
    """A remote answering with `handler`, `delay` seconds late; it keeps every request.

    Late, it answers only a request that would wait that long: another gets `httpx.ReadTimeout`,
    as from a socket whose read timeout passed. Either happens at once (simulated time)."""

    handler: Handler
    delay: float = 0.0
    requests: list[httpx.Request] = field(default_factory=list)

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self._answer)

    def _answer(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        waits = read_timeout(request)
        if self.delay > 0 and waits is not None and waits < self.delay:
            raise httpx.ReadTimeout(
                f"testkit: the remote did not answer within the read timeout of {waits:.2f} s",
                request=request,
            )
        return self.handler(request)


@dataclass(frozen=True)
class Responses:
    """How the remote answers when all is well, per capability method (None: that capability's
    happy path is skipped). Example::

        responses = Responses(dossiers=json_answer({"dossiers": [{"nummer": "D-1", ...}]}))
    """

    gekende_gegevens: Handler | None = None
    dossiers: Handler | None = None
    aanbod: Handler | None = None
    start_aanvraag: Handler | None = None
    wijzig_dossier: Handler | None = None
    gewijzigde_dossiers: Handler | None = None
    documenten: Handler | None = None
    status_push: tuple[Mapping[str, str], bytes] | None = None
    """For `StatusEvents`: a push as the service would send it, signed (headers, body)."""

    def for_method(self, method: str) -> Handler | None:
        handler: Handler | None = getattr(self, method, None)
        return handler
