"""A push the hub refuses: the status and message key it is answered with, and the body that
answer carries (the code, its message in the caller's language, and the fields it names)."""

from __future__ import annotations

from fastapi.responses import JSONResponse

from registry.i18n import Language
from registry.message_keys import MessageKey
from registry.messages import translate
from registry.text import excerpt


class Refused(Exception):
    def __init__(self, status: int, code: MessageKey, **params: object) -> None:
        super().__init__(code)
        self.status = status
        self.code = code
        self.params = params

    def response(self, language: Language) -> JSONResponse:
        body = {"code": self.code, "message": translate(self.code, language, **self.params), **self.params}
        return JSONResponse(body, status_code=self.status)


def malformed(veld: str, reden: str) -> Refused:
    """400 `EVENT_MALFORMED`, naming the field (`[3].data.vCode`) and why."""
    return Refused(400, "EVENT_MALFORMED", veld=veld, reden=excerpt(reden, 200))
