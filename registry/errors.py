"""Errors the registers raise, classed by what the caller should do.

Each carries a machine-readable `code` (the API's `extensions.code`) and renders its message in
the caller's language. The API layer turns them into one consistent shape.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from registry.i18n import Language
from registry.message_keys import MessageKey
from registry.messages import translate


@dataclass(frozen=True)
class FieldError:
    """One offending field: where (`veld`, a path like `contactgegevens[1].waarde`) and why."""

    veld: str
    code: MessageKey
    params: Mapping[str, object] = field(default_factory=dict)

    def message(self, language: Language) -> str:
        return translate(self.code, language, **self.params)


class RegisterError(Exception):
    """Base of every expected failure; never masked. A subclass names its `code` and the
    `message_key` of its message (most often the code itself, as `code = message_key = "…"`)."""

    code: ClassVar[str]
    message_key: MessageKey
    """Which message tells the caller; an instance may pick a more precise one than its class."""
    retryable: ClassVar[bool] = False
    """Whether the same request may succeed when tried again a little later."""

    def __init__(self, **params: object) -> None:
        self.params = params
        super().__init__(translate(self.message_key, "nl", **params))

    def message(self, language: Language) -> str:
        return translate(self.message_key, language, **self.params)

    def extensions(self, language: Language) -> dict[str, Any]:
        return {"code": self.code}


class ValidationFailed(RegisterError):
    code = message_key = "VALIDATION_FAILED"

    def __init__(self, fouten: list[FieldError]) -> None:
        self.fouten = fouten
        super().__init__()

    def extensions(self, language: Language) -> dict[str, Any]:
        return {
            "code": self.code,
            "fouten": [{"veld": f.veld, "code": f.code, "melding": f.message(language)} for f in self.fouten],
        }


class NotFound(RegisterError):
    code = message_key = "NOT_FOUND"

    def __init__(self, soort: str, id: str) -> None:
        super().__init__(soort=soort, id=id)


class VersionConflict(RegisterError):
    code = "VERSION_CONFLICT"
    message_key: MessageKey = "VERSION_CONFLICT"

    def __init__(self, *, verwacht: int, actueel: int) -> None:
        super().__init__(verwacht=verwacht, actueel=actueel)

    def extensions(self, language: Language) -> dict[str, Any]:
        return {
            "code": self.code,
            "verwachteVersie": self.params["verwacht"],
            "actueleVersie": self.params["actueel"],
        }


@dataclass(frozen=True)
class DuplicateCandidate:
    v_code: str
    naam: str
    gemeenten: tuple[str, ...]


class PossibleDuplicate(RegisterError):
    code = message_key = "POSSIBLE_DUPLICATE"

    def __init__(self, kandidaten: list[DuplicateCandidate], bevestigingstoken: str) -> None:
        self.kandidaten = kandidaten
        self.bevestigingstoken = bevestigingstoken
        super().__init__()

    def extensions(self, language: Language) -> dict[str, Any]:
        return {
            "code": self.code,
            "bevestigingstoken": self.bevestigingstoken,
            "kandidaten": [
                {"vCode": k.v_code, "naam": k.naam, "gemeenten": list(k.gemeenten)} for k in self.kandidaten
            ],
        }


class Unauthenticated(RegisterError):
    code = message_key = "UNAUTHENTICATED"


class Forbidden(RegisterError):
    code = "FORBIDDEN"
    message_key: MessageKey = "FORBIDDEN"

    def __init__(
        self, *, namens: str | None = None, reden: MessageKey | None = None, **params: object
    ) -> None:
        if reden is not None:
            self.message_key = reden
        elif namens is not None:
            self.message_key = "FORBIDDEN_ACTING_FOR_OTHER"
        super().__init__(namens=namens, **params)


class RegisterBusy(RegisterError):
    """The store was held by another writer for longer than the busy timeout; nothing was done."""

    code = message_key = "REGISTER_BUSY"
    retryable = True

    def extensions(self, language: Language) -> dict[str, Any]:
        return {"code": self.code, "retryable": True}


class VerenigingGestopt(RegisterError):
    code = message_key = "VERENIGING_GESTOPT"
