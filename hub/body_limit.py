"""The largest request body the hub reads (`HUB_MAX_BODY_BYTES`): a larger one is refused with
413 before any of it is parsed, and before more of it than the limit is read.

A body with a `Content-Length` over the limit is refused on its headers alone. One sent in chunks
(no length given) is read up to the limit and handed on whole, or refused as soon as it passes
it; the server's framing of HTTP/1.1 already keeps a body to the length it announced.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from registry.i18n import negotiate
from registry.message_keys import MessageKey
from registry.messages import translate

CODE: Final[MessageKey] = "PAYLOAD_TOO_LARGE"
DRAIN_BYTES = 64 * 1024 * 1024
"""Most of a refused body read (and dropped) before the answer: a client that sends its whole
body before reading (as most do) reads the 413 instead of a reset connection. A body announced
larger than this is not read at all."""


class BodyLimit:
    def __init__(self, app: ASGIApp, *, max_bytes: int, by_path: Mapping[str, int] | None = None) -> None:
        """`by_path`: another limit for the paths under a prefix (`{"/events/": 1_048_576}`)."""
        self.app = app
        self.max_bytes = max_bytes
        self.by_path = dict(by_path or {})

    def limit(self, path: str) -> int:
        found = (most for prefix, most in self.by_path.items() if path.startswith(prefix))
        return next(found, self.max_bytes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        most = self.limit(scope["path"])
        declared = headers.get("content-length")
        if declared is not None:
            length = _length(declared)
            if length is None or length > most:
                if length is not None and length <= DRAIN_BYTES:
                    await _drain(receive)
                await self._refuse(scope, receive, send, headers, most)
                return
            await self.app(scope, receive, send)
            return
        if headers.get("transfer-encoding") is None:
            await self.app(scope, receive, send)  # no body at all
            return
        body = await self._read(receive, most)
        if body is None:
            await _drain(receive, DRAIN_BYTES)
            await self._refuse(scope, receive, send, headers, most)
            return
        await self.app(scope, _replay(body, receive), send)

    async def _read(self, receive: Receive, most: int) -> bytes | None:
        parts: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return b"".join(parts)  # the client went away: the app sees an empty body
            chunk: bytes = message.get("body", b"")
            size += len(chunk)
            if size > most:
                return None
            parts.append(chunk)
            if not message.get("more_body", False):
                return b"".join(parts)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, headers: Headers, most: int) -> None:
        language = negotiate(headers.get("accept-language"))
        message = translate(CODE, language, maximum=most)
        extensions = {"code": CODE, "maximum": most}
        if scope["path"].rstrip("/").endswith("/graphql"):
            content: object = {"errors": [{"message": message, "extensions": extensions}]}
        else:
            content = {**extensions, "message": message}
        # The client may still be sending: the connection is closed after the answer.
        response = JSONResponse(content, status_code=413, headers={"connection": "close"})
        await response(scope, receive, send)


def _length(declared: str) -> int | None:
    """The announced length, or None when it is not a plain decimal number; leading zeros
    cannot make it longer than the digits that count."""
    digits = declared.strip().lstrip("0") or "0"
    if not digits.isdigit() or not digits.isascii() or len(digits) > 18:
        return None
    return int(digits)


async def _drain(receive: Receive, most: int = DRAIN_BYTES) -> None:
    """Read what is left of the body, up to `most` bytes, keeping none of it."""
    read = 0
    while read <= most:
        message = await receive()
        read += len(message.get("body", b""))
        if message["type"] != "http.request" or not message.get("more_body", False):
            return


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()  # after the body: the disconnect, when it comes

    return replay
