"""Argument types several fields share, each with the maxima its values are checked against
before anything runs (`input_bounds.py`)."""

from __future__ import annotations

from typing import Annotated

import strawberry

from hub.graphql.bound import bounded
from registry.search_input import MAX_FILTERWAARDE_LENGTE, MAX_FILTERWAARDEN, MAX_ZOEKTERM_LENGTE

Zoekterm = Annotated[str | None, strawberry.argument(metadata=bounded(length=MAX_ZOEKTERM_LENGTE))]
"""A search term: a few words."""

Filter = Annotated[
    list[str] | None,
    strawberry.argument(metadata=bounded(items=MAX_FILTERWAARDEN, length=MAX_FILTERWAARDE_LENGTE)),
]
"""Values to filter on, any of which may match."""

Namen = Annotated[
    list[str],
    strawberry.argument(metadata=bounded(items=MAX_FILTERWAARDEN, length=MAX_FILTERWAARDE_LENGTE)),
]
"""Names of data items, such as the gegevens a person chooses to share."""
