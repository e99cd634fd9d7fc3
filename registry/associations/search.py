"""Searching the register: name fragments and characteristics, keyset paging, facet counts.

Filters on different characteristics combine with AND, several values of one with OR. Each
facet is counted with every filter applied except its own, so a client can offer the other
values of a facet it already filters on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final

from sqlalchemy import (
    ColumnElement,
    Integer,
    and_,
    cast,
    exists,
    false,
    func,
    literal,
    select,
    true,
    tuple_,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncSession

from registry.associations.model import Vereniging
from registry.associations.repository import to_vereniging
from registry.associations.search_rows import FACETTEN, numbers_matching
from registry.associations.tables import vereniging_table, zoek_table, zoekwaarde_table
from registry.paging import check_page_size, keyset_cursor, keyset_of
from registry.search_input import check_filters, search_words
from registry.text import escape_like


@dataclass(frozen=True)
class Zoekopdracht:
    tekst: str | None = None
    types: list[str] = field(default_factory=list)
    hoofdactiviteiten: list[str] = field(default_factory=list)
    werkingsgebieden: list[str] = field(default_factory=list)
    gemeenten: list[str] = field(default_factory=list)
    postcodes: list[str] = field(default_factory=list)
    statussen: list[str] = field(default_factory=list)
    first: int = 20
    after: str | None = None


@dataclass(frozen=True)
class Facetwaarde:
    waarde: str
    aantal: int


@dataclass(frozen=True)
class Zoekresultaat:
    verenigingen: list[tuple[str, Vereniging]]
    """Each association with the cursor that points just after it."""
    totaal: int
    heeft_volgende: bool
    facetten: dict[str, list[Facetwaarde]]


_NONE: Final = false()
"""What a filter on values the register does not hold meets: nothing."""


def _holds(dialect: str, numbers: list[int]) -> ColumnElement[bool]:
    """The row holds one of the values numbered `numbers` (PostgreSQL: arrays overlap, found
    through their index)."""
    if not numbers:
        return _NONE
    if dialect == "postgresql":
        return zoek_table.c.kenmerken.op("&&")(cast(postgresql.array(numbers), postgresql.ARRAY(Integer)))
    held = func.json_each(zoek_table.c.kenmerken).table_valued("value")
    return exists(select(literal(1)).select_from(held).where(held.c.value.in_(numbers)))


def _words(opdracht: Zoekopdracht) -> list[ColumnElement[bool]]:
    """The name holds every word of the search term."""
    return [
        zoek_table.c.zoeknaam.like(f"%{escape_like(word)}%", escape="\\")
        for word in search_words(opdracht.tekst)
    ]


def _filters(opdracht: Zoekopdracht) -> dict[str, list[str]]:
    """Per characteristic: the values asked (each compared regardless of case)."""
    return {
        "type": opdracht.types,
        "hoofdactiviteit": opdracht.hoofdactiviteiten,
        "werkingsgebied": opdracht.werkingsgebieden,
        "gemeente": opdracht.gemeenten,
        "postcode": opdracht.postcodes,
        "status": opdracht.statussen,
    }


MAX_FACETWAARDEN: Final = 100
"""Values shown per facet, the most frequent first (an answer stays bounded however varied the
associations found: a register of Flanders holds some 300 gemeenten)."""

PAGE_FROM_FOUND: Final = 10_000
"""Up to this many found, a page is sorted out of all that was found (the trigram or value
index finds them: their number bounds the work, about 1 ms per thousand); above it, the names
are read in order until the page is full, which, at one association in twenty or more, takes
the first few hundred. PostgreSQL alone: SQLite reads every name either way."""


async def zoek(session: AsyncSession, opdracht: Zoekopdracht, *, max_page_size: int) -> Zoekresultaat:
    check_page_size(opdracht.first, max_page_size)
    check_filters(
        {
            "types": opdracht.types,
            "hoofdactiviteiten": opdracht.hoofdactiviteiten,
            "werkingsgebieden": opdracht.werkingsgebieden,
            "gemeenten": opdracht.gemeenten,
            "postcodes": opdracht.postcodes,
            "statussen": opdracht.statussen,
        }
    )
    dialect = session.get_bind().dialect.name
    asked = {soort: values for soort, values in _filters(opdracht).items() if values}
    numbers = await numbers_matching(session, asked)
    holds = {soort: _holds(dialect, numbers[soort]) for soort in asked}
    words = _words(opdracht)
    totaal, facetten = await _counts(session, dialect, words, holds)
    rows = await _page(session, opdracht, [*words, *holds.values()], by_found=_by_found(dialect, totaal))
    return Zoekresultaat(
        verenigingen=[
            (keyset_cursor(zoeknaam, v_code), to_vereniging(document))
            for zoeknaam, v_code, document in rows[: opdracht.first]
        ],
        totaal=totaal,
        heeft_volgende=len(rows) > opdracht.first,
        facetten=facetten,
    )


def _by_found(dialect: str, totaal: int) -> bool:
    return dialect == "postgresql" and totaal <= PAGE_FROM_FOUND


async def _page(
    session: AsyncSession, opdracht: Zoekopdracht, conditions: list[ColumnElement[bool]], *, by_found: bool
) -> list[tuple[str, str, dict[str, Any]]]:
    """One page (and one more, to know whether another follows), with the documents on it."""
    z = zoek_table.c
    page = select(z.zoeknaam, z.v_code).where(*conditions)
    if opdracht.after:
        zoeknaam, v_code = keyset_of(opdracht.after)
        page = page.where(tuple_(z.zoeknaam, z.v_code) > tuple_(zoeknaam, v_code))
    if by_found:  # all found first (by their index), then sorted: not a walk along the names
        treffers = page.cte("treffers").prefix_with("MATERIALIZED")
        page = select(treffers.c.zoeknaam, treffers.c.v_code)
        order = [treffers.c.zoeknaam, treffers.c.v_code]
    else:
        order = [z.zoeknaam, z.v_code]
    found = page.order_by(*order).limit(opdracht.first + 1).subquery()
    # The page's documents by key, after the page is found in the narrow rows.
    result = await session.execute(
        select(found.c.zoeknaam, found.c.v_code, vereniging_table.c.document)
        .join(vereniging_table, vereniging_table.c.v_code == found.c.v_code)
        .order_by(found.c.zoeknaam, found.c.v_code)
    )
    return [(zoeknaam, v_code, document) for zoeknaam, v_code, document in result]


async def _counts(
    session: AsyncSession,
    dialect: str,
    words: list[ColumnElement[bool]],
    holds: dict[str, ColumnElement[bool]],
) -> tuple[int, dict[str, list[Facetwaarde]]]:
    """The total and every facet's counts in one pass over the rows the name fragment finds.
    Those rows are first grouped by the values they hold and the filters they meet (many
    associations hold the same: one municipality, one activity, one type), then each value of
    each group (and a 0, which every group holds once: the total) is counted among the rows that
    meet every filter and, for a facet filtered on, among those that meet every filter but its
    own."""
    facetten: dict[str, list[Facetwaarde]] = {soort: [] for soort in FACETTEN}
    nobody = [soort for soort, held in holds.items() if held is _NONE]
    if len(nobody) > 1 or any(soort not in FACETTEN for soort in nobody):
        return 0, facetten  # no row meets the others' filters either: every count is 0
    z = zoek_table.c
    meets = {soort: holds[soort].label(f"meets_{soort}") for soort in holds}
    decided = [label for soort, label in meets.items() if holds[soort] is not _NONE]  # (not a constant)
    grouped = (
        select(z.kenmerken, *meets.values(), func.count().label("n"))
        .where(*words)
        .group_by(z.kenmerken, *decided)
    )
    # On SQLite each row's filters are decided once, before its values are unnested (a subquery
    # pulled up would decide them again for every value).
    found = (
        grouped.cte("gevonden").prefix_with("MATERIALIZED")
        if meets and dialect != "postgresql"
        else grouped.subquery("gevonden")
    )

    def among(but: str | None = None) -> ColumnElement[int]:
        wanted = [found.c[f"meets_{soort}"] for soort in holds if soort != but]
        return func.sum(found.c.n).filter(and_(*wanted)) if wanted else func.sum(found.c.n)

    if dialect == "postgresql":
        values = func.unnest(func.array_append(found.c.kenmerken, 0)).table_valued("value")
        value = values.render_derived(name="kenmerk")
    else:
        value = func.json_each(func.json_insert(found.c.kenmerken, "$[#]", 0)).table_valued("value")
    own = [soort for soort in holds if soort in FACETTEN]
    counted = (
        select(
            value.c.value.label("nummer"),
            among().label("alle"),
            *(among(but=soort).label(f"zonder_{soort}") for soort in own),
        )
        .select_from(found.join(value, true()))
        .group_by(value.c.value)
    ).subquery("geteld")
    named = select(zoekwaarde_table.c.waarde, counted).select_from(
        counted.outerjoin(zoekwaarde_table, zoekwaarde_table.c.id == counted.c.nummer)
    )
    totaal = 0
    for row in (await session.execute(named)).mappings():
        if row["waarde"] is None:  # the 0 every group holds
            totaal = int(row["alle"] or 0)
            continue
        soort, _, eigen = str(row["waarde"]).partition(":")
        aantal = int((row[f"zonder_{soort}"] if soort in own else row["alle"]) or 0)
        if soort in facetten and aantal:
            facetten[soort].append(Facetwaarde(waarde=eigen, aantal=aantal))
    for soort, gevonden in facetten.items():
        facetten[soort] = sorted(gevonden, key=lambda f: (-f.aantal, f.waarde))[:MAX_FACETWAARDEN]
    return totaal, facetten


__all__ = ["PAGE_FROM_FOUND", "Facetwaarde", "Zoekopdracht", "Zoekresultaat", "zoek"]
