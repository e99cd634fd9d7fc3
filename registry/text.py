"""Text hygiene shared by every register: what a text may contain, trimming, refusing HTML,
normalising names, and showing untrusted text safely (in messages, pages and on a terminal).

A text field holds printable characters only: no control characters (a field that documents
several lines allows newline and tab), no bidirectional overrides, embeddings or isolates (they
make a text read differently from what it holds), no surrogates or noncharacters. Characters
that show nothing (zero-width spaces and joiners, soft hyphens, byte order marks, word joiners)
are trimmed from the ends like whitespace, so a text made of nothing else is empty.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Final

from registry.message_keys import MessageKey

# A tag-like construct or a character reference: enough to refuse markup in plain-text fields.
# `[^<>]*` rather than `[^>]*`: a text full of `<a` without `>` is read once, not once per `<`.
_HTML = re.compile(r"<\s*/?\s*[a-zA-Z!][^<>]*>|&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);")
_NOT_WORD = re.compile(r"[^\w]+")

_CONTROL = "\x00-\x1f\x7f-\x9f"
_BIDI = "\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c"
# Line and paragraph separators (use a newline), deprecated format characters, and the tag
# characters, which show nothing and can carry hidden text.
_ODD = "\u2028\u2029\u206a-\u206f\U000e0000-\U000e007f"
_SURROGATES = "\ud800-\udfff"
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    chr(plane * 0x10000 + 0xFFFE) + chr(plane * 0x10000 + 0xFFFF) for plane in range(17)
)
_FORBIDDEN = re.compile(f"[{_CONTROL}{_BIDI}{_ODD}{_SURROGATES}{_NONCHARACTERS}]")
_FORBIDDEN_MULTILINE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}{_ODD}{_SURROGATES}{_NONCHARACTERS}]")
_UNSAFE_TO_SHOW = _FORBIDDEN_MULTILINE  # what a page or terminal shows as a replacement character
_REPLACED: Final[dict[int, int]] = {
    number: 0xFFFD
    for first, last in (
        (0x00, 0x08),
        (0x0B, 0x1F),
        (0x7F, 0x9F),
        (0x202A, 0x202E),
        (0x2066, 0x2069),
        (0x200E, 0x200F),
        (0x061C, 0x061C),
        (0x2028, 0x2029),
        (0x206A, 0x206F),
        (0xE0000, 0xE007F),
        (0xD800, 0xDFFF),
        (0xFDD0, 0xFDEF),
    )
    for number in range(first, last + 1)
} | {plane * 0x10000 + low: 0xFFFD for plane in range(17) for low in (0xFFFE, 0xFFFF)}
_INVISIBLE = "\u00ad\u034f\u180e\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff"
# Every character `str.isspace()` calls whitespace lies below U+3001.
_BLANK: Final = "".join(ch for ch in map(chr, range(0x3001)) if ch.isspace()) + _INVISIBLE
REPLACEMENT: Final = "\ufffd"


@dataclass(frozen=True)
class ForbiddenCharacter:
    """The first character a text may not hold: its message key, code point and position (from 1)."""

    code: MessageKey
    teken: str
    positie: int


def forbidden_character(value: str, *, multiline: bool = False) -> ForbiddenCharacter | None:
    """The first character `value` (as `clean` leaves it) may not hold, or None. Newline and tab
    only when `multiline`; a carriage return never (`clean` reads `\\r\\n` as a newline)."""
    found = (_FORBIDDEN_MULTILINE if multiline else _FORBIDDEN).search(value)
    if found is None:
        return None
    character = found.group()
    number = ord(character)
    code: MessageKey
    if number < 0xA0:
        code = "controleteken"
    elif 0x202A <= number <= 0x202E or 0x2066 <= number <= 0x2069 or number in (0x200E, 0x200F, 0x61C):
        code = "richtingsteken"
    else:
        code = "ongeldig_teken"
    return ForbiddenCharacter(code, f"U+{number:04X}", found.start() + 1)


def clean(value: str | None, *, multiline: bool = False) -> str | None:
    """Normalised (NFC, `\\r\\n` as `\\n` in multiline text) and trimmed of whitespace and
    invisible characters at both ends; None when nothing is left."""
    if value is None:
        return None
    if multiline:
        value = value.replace("\r\n", "\n")
    stripped = unicodedata.normalize("NFC", value).strip(_BLANK)
    return stripped if shows_something(stripped) else None


# Letters that show as blank space: Hangul fillers and the blank braille pattern.
_BLANK_LETTERS: Final = frozenset("\u115f\u1160\u3164\uffa0\u2800")
# Format characters, combining marks, separators and controls show nothing by themselves.
_SHOWS_NOTHING: Final = frozenset({"Cf", "Mn", "Me", "Zs", "Zl", "Zp", "Cc"})


def shows_something(value: str) -> bool:
    """Whether `value` holds a character that shows: a text of only combining marks, format
    characters, fillers or spaces reads as empty, and counts as empty."""
    return any(ch not in _BLANK_LETTERS and unicodedata.category(ch) not in _SHOWS_NOTHING for ch in value)


def contains_html(value: str) -> bool:
    return _HTML.search(value) is not None


def neutralise(value: str) -> str:
    """`value` safe to show: every control (but newline and tab), bidirectional control,
    surrogate or noncharacter replaced by U+FFFD, so stored text can never reorder, hide or
    break what is shown around it. A `str` subclass keeps its type (markup stays markup: the
    replacement adds no markup)."""
    if _UNSAFE_TO_SHOW.search(value) is None:
        return value
    return value.translate(_REPLACED)


def excerpt(value: str, limit: int = 60) -> str:
    """At most `limit` characters of `value` on one line, made safe to show; "…" when cut."""
    head = value[: limit + 1]
    shown = neutralise(head).replace("\n", " ").replace("\t", " ")
    return shown if len(head) <= limit else shown[:limit] + "…"


def fold(value: str) -> str:
    """Lower case without accents: the form searches compare."""
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def normalised_name(value: str) -> str:
    """A name reduced for duplicate detection: case, accents, punctuation and word order ignored."""
    words = [word for word in _NOT_WORD.split(fold(value).replace("_", " ")) if word]
    return " ".join(sorted(words))


def escape_like(value: str) -> str:
    """`value` taken literally in a LIKE pattern (with `ESCAPE '\\'`)."""
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
