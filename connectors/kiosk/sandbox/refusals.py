"""Why the sandbox says no, each with the HTTP status a real KIOSK would answer with. The API
answers them as `Fout` JSON, the pages as an error page."""

from __future__ import annotations

from typing import ClassVar


class Refusal(Exception):
    status: ClassVar[int] = 400
    headers: ClassVar[dict[str, str]] = {}

    def __init__(self, code: str, detail: str) -> None:
        self.code = code
        self.detail = detail
        super().__init__(f"{code}: {detail}")


class Unauthorized(Refusal):
    status = 401
    headers: ClassVar[dict[str, str]] = {"WWW-Authenticate": 'Bearer realm="kiosk", error="invalid_token"'}


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
