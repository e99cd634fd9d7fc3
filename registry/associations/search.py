"""Searching the register: name fragments and characteristics, keyset paging, facet counts.

Filters on different characteristics combine with AND, several values of one with OR. Each
facet is counted with every filter applied except its own, so a client can offer the other
values of a facet it already filters on.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, Text, and_, cast, exists, func, literal, select, true, tuple_
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncSession

from registry.associations.model import Vereniging
from registry.associations.repository import FACETTEN, sleutel, to_vereniging
from registry.associations.tables import vereniging_table, zoek_table
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


def _has(dialect: str, soort: str, values: list[str]) -> ColumnElement[bool]:
    """The row holds one of `values` of `soort` (regardless of case and Unicode form): checked on
    the row's own values as filters match them (`sleutel`), with no lookup elsewhere
    (PostgreSQL: arrays overlap)."""
    wanted = [sleutel(soort, value) for value in values]
    if dialect == "postgresql":
        return zoek_table.c.sleutels.op("&&")(cast(postgresql.array(wanted), postgresql.ARRAY(Text)))
    held = func.json_each(zoek_table.c.sleutels).table_valued("value")
    return exists(select(literal(1)).select_from(held).where(held.c.value.in_(wanted)))


def _words(opdracht: Zoekopdracht) -> list[ColumnElement[bool]]:
    """The name holds every word of the search term."""
    return [
        zoek_table.c.zoeknaam.like(f"%{escape_like(word)}%", escape="\\")
        for word in search_words(opdracht.tekst)
    ]


def _conditions(dialect: str, opdracht: Zoekopdracht) -> list[ColumnElement[bool]]:
    """The words and every filter."""
    filters = [_has(dialect, soort, values) for soort, values in _filters(opdracht).items() if values]
    return [*_words(opdracht), *filters]


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
    z = zoek_table.c
    dialect = session.get_bind().dialect.name
    page = select(z.zoeknaam, z.v_code).where(*_conditions(dialect, opdracht))
    if opdracht.after:
        zoeknaam, v_code = keyset_of(opdracht.after)
        page = page.where(tuple_(z.zoeknaam, z.v_code) > tuple_(zoeknaam, v_code))
    found = page.order_by(z.zoeknaam, z.v_code).limit(opdracht.first + 1).subquery()
    # The page's documents by key, after the page is found in the narrow rows.
    rows = (
        await session.execute(
            select(found.c.zoeknaam, found.c.v_code, vereniging_table.c.document)
            .join(vereniging_table, vereniging_table.c.v_code == found.c.v_code)
            .order_by(found.c.zoeknaam, found.c.v_code)
        )
    ).all()
    totaal, facetten = await _counts(session, dialect, opdracht)
    return Zoekresultaat(
        verenigingen=[
            (keyset_cursor(row.zoeknaam, row.v_code), to_vereniging(row.document))
            for row in rows[: opdracht.first]
        ],
        totaal=int(totaal),
        heeft_volgende=len(rows) > opdracht.first,
        facetten=facetten,
    )


async def _counts(
    session: AsyncSession, dialect: str, opdracht: Zoekopdracht
) -> tuple[int, dict[str, list[Facetwaarde]]]:
    """The total and every facet's counts in one pass over the rows the name fragment finds.
    Each row says once whether it meets each filter; each of its values (and an empty one, which
    every row has once: the total) is then counted among the rows that meet every filter, and,
    for a facet filtered on, among those that meet every filter but its own."""
    z = zoek_table.c
    words = _words(opdracht)
    filtered = {soort: values for soort, values in _filters(opdracht).items() if values}
    meets = {
        soort: _has(dialect, soort, values).label(f"meets_{soort}") for soort, values in filtered.items()
    }
    rows = select(z.facetten, *meets.values()).where(*words)
    # On SQLite each row's filters are decided once, before its values are unnested (a subquery
    # pulled up would decide them again for every value); on PostgreSQL deciding one (arrays
    # overlap) costs less than holding the rows found aside.
    found = (
        rows.cte("gevonden").prefix_with("MATERIALIZED")
        if meets and dialect != "postgresql"
        else rows.subquery("gevonden")
    )

    def among(but: str | None = None) -> ColumnElement[int]:
        wanted = [found.c[f"meets_{soort}"] for soort in filtered if soort != but]
        return func.count().filter(and_(*wanted)) if wanted else func.count()

    if dialect == "postgresql":
        values = func.unnest(func.array_append(found.c.facetten, "")).table_valued("value")
        value = values.render_derived(name="kenmerk")
    else:
        value = func.json_each(func.json_insert(found.c.facetten, "$[#]", "")).table_valued("value")
    own = [soort for soort in filtered if soort in FACETTEN]
    counted = (
        select(
            value.c.value,
            among().label("alle"),
            *(among(but=soort).label(f"zonder_{soort}") for soort in own),
        )
        .select_from(found.join(value, true()))
        .group_by(value.c.value)
    )
    totaal = 0
    facetten: dict[str, list[Facetwaarde]] = {soort: [] for soort in FACETTEN}
    for row in (await session.execute(counted)).mappings():
        waarde = str(row["value"])
        if waarde == "":
            totaal = int(row["alle"])
            continue
        soort, _, eigen = waarde.partition(":")
        aantal = int(row[f"zonder_{soort}"] if soort in own else row["alle"])
        if soort in facetten and aantal:
            facetten[soort].append(Facetwaarde(waarde=eigen, aantal=aantal))
    for gevonden in facetten.values():
        gevonden.sort(key=lambda f: (-f.aantal, f.waarde))
    return totaal, facetten


__all__ = ["Facetwaarde", "Zoekopdracht", "Zoekresultaat", "zoek"]
