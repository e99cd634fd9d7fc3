"""Errors the registers raise, classed by what the caller should do.

Each carries a machine-readable `code` (the API's `extensions.code`) and renders its message in
the caller's language. The API layer turns them into one consistent shape.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from registry.i18n import Language
from registry.messages import translate


@dataclass(frozen=True)
class FieldError:
    """One offending field: where (`veld`, a path like `contactgegevens[1].waarde`) and why."""

    veld: str
    code: str
    params: Mapping[str, object] = field(default_factory=dict)

    def message(self, language: Language) -> str:
        return translate(self.code, language, **self.params)


class RegisterError(Exception):
    """Base of every expected failure; never masked."""

    code: ClassVar[str] = "BAD_REQUEST"
    retryable: ClassVar[bool] = False
    """Whether the same request may succeed when tried again a little later."""

    def __init__(self, **params: object) -> None:
        self.params = params
        super().__init__(translate(self.message_key, "nl", **params))

    @property
    def message_key(self) -> str:
        return self.code

    def message(self, language: Language) -> str:
        return translate(self.message_key, language, **self.params)

    def extensions(self, language: Language) -> dict[str, Any]:
        return {"code": self.code}


class ValidationFailed(RegisterError):
    code = "VALIDATION_FAILED"

    def __init__(self, fouten: list[FieldError]) -> None:
        self.fouten = fouten
        super().__init__()

    def extensions(self, language: Language) -> dict[str, Any]:
        return {
            "code": self.code,
            "fouten": [{"veld": f.veld, "code": f.code, "melding": f.message(language)} for f in self.fouten],
        }


class NotFound(RegisterError):
    code = "NOT_FOUND"

    def __init__(self, soort: str, id: str) -> None:
        super().__init__(soort=soort, id=id)


class VersionConflict(RegisterError):
    code = "VERSION_CONFLICT"

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
    code = "POSSIBLE_DUPLICATE"

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
    code = "UNAUTHENTICATED"


class Forbidden(RegisterError):
    code = "FORBIDDEN"

    def __init__(self, *, namens: str | None = None, reden: str | None = None, **params: object) -> None:
        self._key = reden or ("FORBIDDEN_ACTING_FOR_OTHER" if namens is not None else self.code)
        super().__init__(namens=namens, **params)

    @property
    def message_key(self) -> str:
        return self._key


class RegisterBusy(RegisterError):
    """The store was held by another writer for longer than the busy timeout; nothing was done."""

    code = "REGISTER_BUSY"
    retryable = True

    def extensions(self, language: Language) -> dict[str, Any]:
        return {"code": self.code, "retryable": True}


class VerenigingGestopt(RegisterError):
    code = "VERENIGING_GESTOPT"
