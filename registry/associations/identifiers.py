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


def insz_check_digits(first_nine: str, *, born_2000_or_later: bool = False) -> str:
    """The two check digits that make `first_nine` a valid INSZ (used to build examples)."""
    body = int(("2" if born_2000_or_later else "") + first_nine)
    return f"{97 - body % 97:02d}"


def kbo_check_digits(first_eight: str) -> str:
    return f"{97 - int(first_eight) % 97:02d}"
