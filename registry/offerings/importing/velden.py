"""Reading one record's raw values (strings from CSV, JSON values from JSON-LD) as the types an
offering needs, collecting every problem under the name the file itself uses for the field."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import TypeVar

from registry.validation import Checks

E = TypeVar("E", bound=StrEnum)

_TRUE = frozenset({"ja", "j", "true", "waar", "1", "yes", "y"})
_FALSE = frozenset({"nee", "n", "false", "onwaar", "0", "no"})


class _Gemeld:
    """A value already reported as unreadable: no further complaint about it."""


_GEMELD = _Gemeld()


@dataclass(frozen=True)
class Veld:
    """A raw value and the name its file gives it (`titel`, `dct:title`), for error messages."""

    naam: str
    waarde: object
    probleem: str | None = None
    """What was expected instead, when the file's value could not be read with certainty."""


class Lezer:
    """Typed access to one record's fields, keyed by the import's own field names (the CSV
    header's); every problem lands in `checks` under the file's name for the field."""

    def __init__(self, velden: Mapping[str, Veld], checks: Checks) -> None:
        self._velden = velden
        self.checks = checks

    def naam(self, veld: str) -> str:
        found = self._velden.get(veld)
        return found.naam if found else veld

    def _ruw(self, veld: str) -> object:
        found = self._velden.get(veld)
        if found is None:
            return None
        if found.probleem is not None:
            self.checks.fail(found.naam, "ongeldig_formaat", verwacht=found.probleem)
            return _GEMELD
        return found.waarde

    def _fout_type(self, veld: str, verwacht: str) -> None:
        self.checks.fail(self.naam(veld), "ongeldig_formaat", verwacht=verwacht)

    def _string(self, veld: str) -> str | _Gemeld | None:
        raw = self._ruw(veld)
        if raw is None or isinstance(raw, str | _Gemeld):
            return raw
        self._fout_type(veld, "tekst")
        return _GEMELD

    def tekst(
        self, veld: str, *, verplicht: bool = False, max_lengte: int = 500, meerdere_regels: bool = False
    ) -> str | None:
        value = self._string(veld)
        if isinstance(value, _Gemeld):
            return None
        return self.checks.text(
            self.naam(veld), value, required=verplicht, max_length=max_lengte, multiline=meerdere_regels
        )

    def email(self, veld: str) -> str | None:
        value = self._string(veld)
        return None if isinstance(value, _Gemeld) else self.checks.email(self.naam(veld), value)

    def telefoon(self, veld: str) -> str | None:
        value = self._string(veld)
        return None if isinstance(value, _Gemeld) else self.checks.phone(self.naam(veld), value)

    def url(self, veld: str) -> str | None:
        value = self._string(veld)
        return None if isinstance(value, _Gemeld) else self.checks.url(self.naam(veld), value)

    def keuze(self, veld: str, enum: type[E], *, verplicht: bool = True) -> E | None:
        value = self._string(veld)
        if isinstance(value, _Gemeld):
            return None
        if value is None or not value.strip():
            if verplicht:
                self.checks.fail(self.naam(veld), "verplicht")
            return None
        return self.checks.choice(self.naam(veld), value, enum)

    def lijst(self, veld: str, *, max_lengte: int = 250) -> list[str]:
        """A list of texts; a single text counts as a list of one; empty items are left out."""
        raw = self._ruw(veld)
        items = [raw] if isinstance(raw, str) else raw if isinstance(raw, list) else None
        if isinstance(raw, _Gemeld):
            return []
        if raw is not None and items is None:
            self._fout_type(veld, "een lijst van teksten")
            return []
        result: list[str] = []
        for index, item in enumerate(items or []):
            where = f"{self.naam(veld)}[{index}]"
            if not isinstance(item, str):
                self.checks.fail(where, "ongeldig_formaat", verwacht="tekst")
                continue
            cleaned = self.checks.text(where, item, max_length=max_lengte)
            if cleaned is not None:
                result.append(cleaned)
        return result

    def geheel_getal(self, veld: str) -> int | None:
        raw = self._ruw(veld)
        if isinstance(raw, _Gemeld):
            return None
        if isinstance(raw, str):
            raw = raw.strip() or None
            if raw is not None and raw.isascii() and raw.lstrip("-").isdigit():
                return int(raw)
        if raw is None or (isinstance(raw, int) and not isinstance(raw, bool)):
            return raw
        self._fout_type(veld, "een geheel getal")
        return None

    def datum(self, veld: str) -> date | None:
        value = self._string(veld)
        value = value.strip() if isinstance(value, str) else None
        if not value:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
        try:
            return datetime.fromisoformat(value).date()
        except ValueError:
            self._fout_type(veld, "een datum als 2025-03-31")
            return None

    def waarheid(self, veld: str, *, standaard: bool) -> bool:
        raw = self._ruw(veld)
        if isinstance(raw, bool):
            return raw
        if raw is None or isinstance(raw, _Gemeld) or (isinstance(raw, str) and not raw.strip()):
            return standaard
        if isinstance(raw, str) and raw.strip().casefold() in _TRUE | _FALSE:
            return raw.strip().casefold() in _TRUE
        self._fout_type(veld, "ja of nee")
        return standaard
