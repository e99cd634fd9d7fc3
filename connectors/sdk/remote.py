"""How a remote system's HTTP answers become SDK errors, by what the hub must do about them.

| what happened                                    | error                  | the hub…                |
|--------------------------------------------------|------------------------|-------------------------|
| no connection, timeout, deadline, 5xx, 429,      | `ConnectorUnavailable` | retries, serves stale   |
| an answer that is not the JSON agreed            |                        |                         |
| 404                                              | `NotFound`             | says there is nothing   |
| 400, 409, 422                                    | `ConnectorRejected`    | shows the remote reason |
| 401, 403, a redirect, any other 4xx              | `ConnectorConfigError` | stops calling; fix setup|

A connector that calls a JSON API with the token exchanged for its audience sends each call
through `bearer_request`; one with its own way of sending takes `remote_answer`.

Example::

    dossiers = await bearer_request(
        self.http, self.name, context, "GET", "/api/dossiers", TypeAdapter(list[DossierDocument])
    )
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

import anyio.to_thread
import httpx
from pydantic import BaseModel, TypeAdapter

from connectors.sdk.context import CallContext
from connectors.sdk.errors import (
    ConnectorConfigError,
    ConnectorError,
    ConnectorRejected,
    ConnectorUnavailable,
    NotFound,
)

T = TypeVar("T")

INLINE_BYTES = 64 * 1024
"""Answers up to this size are read on the event loop; larger ones in a worker thread."""
MAX_ANSWER_BYTES = 16 * 1024 * 1024
"""The largest answer read from a remote system (decoded), unless a call says otherwise; a larger
one is refused while it arrives, never held whole."""
REJECTIONS = frozenset({400, 409, 422})
REFUSED_CREDENTIALS = frozenset({401, 403})
_REASON_KEYS = ("detail", "message", "error_description", "error")


async def bearer_request(
    http: httpx.AsyncClient,
    service: str,
    context: CallContext,
    method: str,
    path: str,
    shape: TypeAdapter[T],
    *,
    body: BaseModel | None = None,
) -> T:
    """One request to `service` with the token for its audience, `body` as JSON by its aliases,
    the answer read as `shape`, all within the call's deadline; else the SDK error for it.

    Example::

        created = await bearer_request(
            self.http, self.name, context, "POST", "/api/aanvragen", TypeAdapter(Aangemaakt), body=voorstel
        )
    """

    async def send() -> httpx.Response:
        token = await context.token()
        request = http.build_request(
            method,
            path,
            json=body.model_dump(by_alias=True, mode="json") if body is not None else None,
            headers={"Authorization": f"Bearer {token}"},
            timeout=context.remaining(),
        )
        return await http.send(request, stream=True)  # read by `remote_answer`, bounded

    return await remote_answer(service, send, shape, within=context.remaining())


async def remote_answer(
    service: str,
    send: Callable[[], Awaitable[httpx.Response]],
    shape: TypeAdapter[T],
    *,
    within: float,
    max_bytes: int = MAX_ANSWER_BYTES,
) -> T:
    """`send()`'s answer read as `shape`, all within `within` seconds, or the SDK error that
    says what went wrong. `send` is called only when there is time left. It may return a
    streamed response (`client.send(request, stream=True)`): its body is then read here, and
    refused as soon as it passes `max_bytes`."""
    if within <= 0:
        raise ConnectorUnavailable(service, "the call's deadline passed before it was sent")
    try:
        async with asyncio.timeout(within):
            response = await send()
            response = await _bounded(service, response, max_bytes)
    except (httpx.TimeoutException, TimeoutError) as error:
        raise ConnectorUnavailable(service, f"no answer within {within:.2f}s") from error
    except httpx.HTTPError as error:
        raise ConnectorUnavailable(service, f"{type(error).__name__}: {error}") from error
    if len(response.content) > INLINE_BYTES:  # read in a worker thread: the loop serves on
        return await anyio.to_thread.run_sync(answer_of, service, response, shape)
    return answer_of(service, response, shape)


async def _bounded(service: str, response: httpx.Response, max_bytes: int) -> httpx.Response:
    """The response with its body read, at most `max_bytes` of it (decoded: a compressed bomb
    is stopped too)."""
    try:
        declared = int(response.headers.get("content-length") or 0)
    except ValueError:
        declared = 0
    too_large = ConnectorUnavailable(service, f"an answer larger than {max_bytes} bytes")
    if response.is_stream_consumed:  # read whole by the client already
        await response.aclose()
        if len(response.content) > max_bytes:
            raise too_large
        return response
    try:
        if declared > max_bytes:
            raise too_large
        body = bytearray()
        async for chunk in response.aiter_bytes():
            body += chunk
            if len(body) > max_bytes:
                raise too_large
    finally:
        await response.aclose()
    headers = [
        (k, v) for k, v in response.headers.multi_items() if k not in ("content-encoding", "content-length")
    ]
    return httpx.Response(
        response.status_code, headers=headers, content=bytes(body), request=response.request
    )


@dataclass(frozen=True)
class DocumentInhoud:
    """A document's contents as they arrive: its media type, its size when the service says it,
    and its bytes a chunk at a time. Whoever opens one calls `sluit` when done, read or not."""

    mediatype: str
    grootte: int | None
    stukken: AsyncIterator[bytes]
    sluit: Callable[[], Awaitable[None]]


async def bearer_stream(
    http: httpx.AsyncClient, service: str, context: CallContext, path: str, *, accept: str
) -> DocumentInhoud:
    """A GET of a file at `service` with the token for its audience, opened within the call's
    deadline: its status and headers read, its body not yet (the caller streams it on, each chunk
    within the client's read timeout). A refusal is the SDK error `bearer_request` raises.

    Example::

        path = f"/api/documenten/{quote(document_id, safe='')}"
        return await bearer_stream(self.http, self.name, context, path, accept="application/pdf")
    """
    within = context.remaining()
    if within <= 0:
        raise ConnectorUnavailable(service, "the call's deadline passed before it was sent")
    try:
        async with asyncio.timeout(within):
            token = await context.token()
            request = http.build_request(
                "GET",
                path,
                # Uncompressed: a document is compressed already, and a small compressed answer
                # could unpack to far more than its bound before that could be counted.
                headers={"Authorization": f"Bearer {token}", "Accept": accept, "Accept-Encoding": "identity"},
                timeout=within,
            )
            response = await http.send(request, stream=True)
    except (httpx.TimeoutException, TimeoutError) as error:
        raise ConnectorUnavailable(service, f"no answer within {within:.2f}s") from error
    except httpx.HTTPError as error:
        raise ConnectorUnavailable(service, f"{type(error).__name__}: {error}") from error
    if not 200 <= response.status_code < 300:
        try:
            refused = await _bounded(service, response, INLINE_BYTES)
        except ConnectorUnavailable:
            raise ConnectorUnavailable(service, f"HTTP {response.status_code}") from None
        raise refusal(service, refused)
    if response.headers.get("content-encoding", "identity").strip().lower() != "identity":
        await response.aclose()
        raise ConnectorUnavailable(service, "a compressed answer to a request for an uncompressed file")
    try:
        grootte: int | None = int(response.headers["content-length"])
    except (KeyError, ValueError):
        grootte = None
    if grootte is not None and grootte < 0:
        grootte = None
    mediatype = response.headers.get("content-type", "").partition(";")[0].strip().lower()
    return DocumentInhoud(
        mediatype=mediatype, grootte=grootte, stukken=response.aiter_bytes(), sluit=response.aclose
    )


def answer_of(service: str, response: httpx.Response, shape: TypeAdapter[T]) -> T:
    status = response.status_code
    if not 200 <= status < 300:
        raise refusal(service, response)
    try:
        return shape.validate_json(response.content)
    except ValueError as error:  # pydantic's ValidationError is a ValueError
        raise ConnectorUnavailable(service, f"HTTP {status} with an unreadable answer: {error}") from error


def refusal(service: str, response: httpx.Response) -> ConnectorError:
    status, reason = response.status_code, _reason(response)
    if status >= 500 or status == 429:
        return ConnectorUnavailable(service, f"HTTP {status}: {reason}")
    if status == 404:
        return NotFound(service, reason)
    if status in REJECTIONS:
        return ConnectorRejected(service, reason)
    if status in REFUSED_CREDENTIALS:
        return ConnectorConfigError(
            service,
            f"HTTP {status}, the token was refused ({reason}): check the audience it is exchanged for",
        )
    return ConnectorConfigError(
        service, f"unexpected HTTP {status} for {response.request.url.path}: {reason}"
    )


def _reason(response: httpx.Response) -> str:
    """The remote's own words: a JSON error's reason field, else a line of the body."""
    try:
        body = response.json()
    except (ValueError, RecursionError):  # not JSON, or nested past the parser's depth
        body = None
    if isinstance(body, dict):
        for key in _REASON_KEYS:
            if isinstance(body.get(key), str) and body[key].strip():
                return str(body[key]).strip()
    text = response.text.strip().splitlines()
    return text[0][:200] if text else response.reason_phrase or f"HTTP {response.status_code}"
