"""Belgian identifiers with check digits: INSZ (rijksregisternummer) and KBO-nummer."""

from __future__ import annotations

import re

_FORMATTING = re.compile(r"[\s.\-/]")


def _digits(value: str, *, strip_prefix: str = "") -> str | None:
    cleaned = _FORMATTING.sub("", value.strip())
    if strip_prefix and cleaned.upper().startswith(strip_prefix):
        cleaned = cleaned[len(strip_prefix) :]
    return cleaned if cleaned.isascii() and cleaned.isdigit() else None


def normalise_insz(value: str) -> str | None:
    """The 11 digits of a valid INSZ, or None when `value` is not one.

    The check is `97 - (first 9 digits mod 97)`; for people born in 2000 or later the first 9
    digits are prefixed with `2` before taking the modulo.
    """
    digits = _digits(value)
    if digits is None or len(digits) != 11:
        return None
    body, check = int(digits[:9]), int(digits[9:])
    if check in (97 - body % 97, 97 - int("2" + digits[:9]) % 97):
        return digits
    return None


def normalise_kbo(value: str) -> str | None:
    """The 10 digits of a valid KBO-nummer, or None. `BE`, dots and spaces are formatting."""
    digits = _digits(value, strip_prefix="BE")
    if digits is None or len(digits) != 10:
        return None
    return digits if 97 - int(digits[:8]) % 97 == int(digits[8:]) else None
