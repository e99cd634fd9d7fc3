"""What a search may ask: a bounded search term and bounded filter lists, refused whole (never
cut short) when over a bound, so every search is a bounded number of conditions and values
whatever was sent, and no database limit (variables, expression depth, pattern length) can be
reached from it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Final

from registry.errors import FieldError, ValidationFailed
from registry.text import fold, forbidden_character

MAX_ZOEKTERM_LENGTE: Final = 200
"""Characters in a search term."""
MAX_ZOEKWOORDEN: Final = 10
"""Words in a search term: each is one condition."""
MAX_FILTERWAARDEN: Final = 50
"""Values in one filter list (several gemeenten, postcodes, …)."""
MAX_FILTERWAARDE_LENGTE: Final = 120
"""Characters in one filter value (names of gemeenten, codes)."""


def search_words(term: str | None, *, veld: str = "zoekterm") -> list[str]:
    """The words of `term` as the search compares them (lower case, no accents)."""
    if not term:
        return []
    if len(term) > MAX_ZOEKTERM_LENGTE:
        raise ValidationFailed([FieldError(veld, "te_lang", {"max": MAX_ZOEKTERM_LENGTE})])
    _refuse_forbidden(veld, term)
    words = fold(term).split()
    if len(words) > MAX_ZOEKWOORDEN:
        raise ValidationFailed(
            [FieldError(veld, "te_veel_woorden", {"max": MAX_ZOEKWOORDEN, "aantal": len(words)})]
        )
    return words


def check_filters(filters: Mapping[str, Sequence[str]]) -> None:
    """Every filter list within `MAX_FILTERWAARDEN` values of `MAX_FILTERWAARDE_LENGTE`
    characters; all that is over is named at once."""
    errors: list[FieldError] = []
    for veld, values in filters.items():
        if len(values) > MAX_FILTERWAARDEN:
            errors.append(FieldError(veld, "te_veel", {"max": MAX_FILTERWAARDEN, "aantal": len(values)}))
            continue
        errors += [
            FieldError(f"{veld}[{index}]", "te_lang", {"max": MAX_FILTERWAARDE_LENGTE})
            for index, value in enumerate(values)
            if len(value) > MAX_FILTERWAARDE_LENGTE
        ]
        found = (_forbidden(f"{veld}[{index}]", value) for index, value in enumerate(values))
        errors += [error for error in found if error is not None]
    if errors:
        raise ValidationFailed(errors)


def _forbidden(veld: str, value: str) -> FieldError | None:
    found = forbidden_character(value)
    if found is None:
        return None
    return FieldError(veld, found.code, {"teken": found.teken, "positie": found.positie})


def _refuse_forbidden(veld: str, value: str) -> None:
    error = _forbidden(veld, value)
    if error is not None:
        raise ValidationFailed([error])
