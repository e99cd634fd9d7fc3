"""Simulated remotes for the conformance suite: canned answers, the failures every connector
must class correctly, and a remote that answers late.

A remote that answers late honours the request's read timeout as a real socket would: it gives
up after that many seconds with `httpx.ReadTimeout`, so a connector that passes
`timeout=context.remaining()` sees the same thing in the suite as in production.

Example::

    remote = SimulatedRemote(json_answer({"dossiers": []}))
    connector = MijnDienst(config, transport=remote.transport())
    ...
    assert remote.requests[0].url.path == "/verenigingen/V0001001/dossiers"
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
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


@dataclass
class SimulatedRemote:
    """A remote answering with `handler` after `delay` seconds; it keeps every request."""

    handler: Handler
    delay: float = 0.0
    requests: list[httpx.Request] = field(default_factory=list)

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self._answer)

    async def _answer(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.delay > 0:
            read_timeout = request.extensions.get("timeout", {}).get("read")
            if read_timeout is not None and read_timeout < self.delay:
                await asyncio.sleep(read_timeout)
                raise httpx.ReadTimeout("testkit: the remote did not answer in time", request=request)
            await asyncio.sleep(self.delay)
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
    ontvang_status: Handler | None = None

    def for_method(self, method: str) -> Handler | None:
        handler: Handler | None = getattr(self, method, None)
        return handler
