"""Why a sandbox says no, each with the HTTP status the real service would answer with. The API
answers them as `Fout` JSON (`{"code": ..., "detail": ...}`), the pages as an error page."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar


class Refusal(Exception):
    status: ClassVar[int] = 400

    def __init__(self, code: str, detail: str, *, headers: Mapping[str, str] | None = None) -> None:
        self.code = code
        self.detail = detail
        self.headers = dict(headers or {})
        super().__init__(f"{code}: {detail}")


class Unauthorized(Refusal):
    """No usable bearer token; the challenge names the sandbox's `realm` (RFC 6750)."""

    status = 401

    def __init__(self, code: str, detail: str, *, realm: str) -> None:
        challenge = f'Bearer realm="{realm}", error="invalid_token"'
        super().__init__(code, detail, headers={"WWW-Authenticate": challenge})


class Forbidden(Refusal):
    status = 403


class Unknown(Refusal):
    status = 404


class Conflict(Refusal):
    status = 409


class Invalid(Refusal):
    status = 422


class Unavailable(Refusal):
    status = 503
