"""What every paged list shares: the page size a caller may ask for, and cursors by position."""

from __future__ import annotations

import base64
import json

from registry.errors import FieldError, ValidationFailed
from registry.text import forbidden_character


def check_page_size(first: int, max_page_size: int) -> None:
    if not 1 <= first <= max_page_size:
        raise ValidationFailed(
            [FieldError("first", "ongeldig_formaat", {"verwacht": f"een getal van 1 tot {max_page_size}"})]
        )


def offset_cursor(offset: int, *, soort: str) -> str:
    """An opaque cursor for a list paged by position; `soort` keeps cursors of lists apart."""
    return base64.urlsafe_b64encode(f"{soort}:{offset}".encode()).decode()


def offset_of(after: str | None, *, soort: str) -> int:
    """The position an `offset_cursor` of this list points at; 0 without one. A cursor that is
    not one of this list's is refused at the field `after`."""
    if after is None:
        return 0
    try:
        kind, _, value = base64.urlsafe_b64decode(after.encode()).decode().partition(":")
    except (ValueError, UnicodeError):
        kind, value = "", ""
    if kind != soort or not (value.isascii() and value.isdigit()) or len(value) > 18:
        raise ValidationFailed(
            [FieldError("after", "ongeldig_formaat", {"verwacht": "een cursor uit een vorige pagina"})]
        )
    return int(value)


def keyset_cursor(sleutel: str, id: str) -> str:
    """An opaque cursor for a list ordered by (`sleutel`, `id`): the next page starts after it."""
    return base64.urlsafe_b64encode(json.dumps([sleutel, id]).encode()).decode().rstrip("=")


def keyset_of(after: str) -> tuple[str, str]:
    """The (`sleutel`, `id`) a `keyset_cursor` holds; anything else is refused at `after`."""
    try:
        padded = after + "=" * (-len(after) % 4)
        decoded = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, TypeError, RecursionError) as error:  # (a forged one nests deep)
        raise _not_a_cursor() from error
    if not (isinstance(decoded, list) and len(decoded) == 2 and all(isinstance(v, str) for v in decoded)):
        raise _not_a_cursor()
    # What the hub never wrote in one: a lone surrogate, a NUL or another forbidden character.
    if any(_unencodable(v) or forbidden_character(v) for v in decoded):
        raise _not_a_cursor()
    return decoded[0], decoded[1]


def _unencodable(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _not_a_cursor() -> ValidationFailed:
    return ValidationFailed(
        [FieldError("after", "ongeldig_formaat", {"verwacht": "een cursor uit een vorige pagina"})]
    )
