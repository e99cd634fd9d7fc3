"""Text hygiene shared by every register: trimming, refusing HTML, normalising names."""

from __future__ import annotations

import re
import unicodedata

# A tag-like construct or a character reference: enough to refuse markup in plain-text fields.
_HTML = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>|&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);")
_NOT_WORD = re.compile(r"[^\w]+")


def clean(value: str | None) -> str | None:
    """Trimmed text, or None when nothing is left."""
    if value is None:
        return None
    stripped = value.strip()
    return stripped or None


def contains_html(value: str) -> bool:
    return _HTML.search(value) is not None


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
