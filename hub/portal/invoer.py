"""What a visitor types or sends in a form or an address, read without trusting it: a whole
number within bounds, a path back to a page on this site."""

from __future__ import annotations

from hub.auth.routes import safe_next


def getal(value: object, *, maximum: int = 2**31 - 1) -> int | None:
    """A whole number typed or sent in a form or address, or None: ASCII digits only (not "²"),
    and never more than `maximum` (no huge numbers for the database or `int`)."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(maximum)):
        return None
    number = int(text)
    return number if number <= maximum else None


def terug_naar(value: object, default: str = "/") -> str:
    """A `terug` parameter as a path on this site, never elsewhere."""
    return safe_next(value if isinstance(value, str) and value else default) or default
