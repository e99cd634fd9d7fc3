"""Searching the register: name fragments and characteristics, keyset paging, facet counts.

Filters on different characteristics combine with AND, several values of one with OR. Each
facet is counted with every filter applied except its own, so a client can offer the other
values of a facet it already filters on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

from sqlalchemy import ColumnElement, exists, func, literal, select, tuple_, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from registry.associations.model import Vereniging
from registry.associations.repository import to_vereniging
from registry.associations.tables import kenmerk_table, vereniging_table
from registry.paging import check_page_size, keyset_cursor, keyset_of
from registry.search_input import check_filters, search_words
from registry.text import escape_like

FACETTEN: Final = ("type", "hoofdactiviteit", "werkingsgebied", "gemeente", "status")


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


def _has(soort: str, values: list[str], *, case_insensitive: bool = False) -> ColumnElement[bool]:
    waarde = kenmerk_table.c.waarde
    if case_insensitive:
        condition = func.lower(waarde).in_([v.strip().lower() for v in values])
    else:
        condition = waarde.in_([v.strip() for v in values])
    return exists().where(
        kenmerk_table.c.v_code == vereniging_table.c.v_code,
        kenmerk_table.c.soort == soort,
        condition,
    )


def _conditions(opdracht: Zoekopdracht, *, except_facet: str | None = None) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [
        vereniging_table.c.zoeknaam.like(f"%{escape_like(word)}%", escape="\\")
        for word in search_words(opdracht.tekst)
    ]
    by_facet = {
        "type": (opdracht.types, False),
        "hoofdactiviteit": ([v.upper() for v in opdracht.hoofdactiviteiten], False),
        "werkingsgebied": ([v.upper() for v in opdracht.werkingsgebieden], False),
        "gemeente": (opdracht.gemeenten, True),
        "postcode": (opdracht.postcodes, False),
        "status": (opdracht.statussen, True),
    }
    for soort, (values, case_insensitive) in by_facet.items():
        if values and soort != except_facet:
            conditions.append(_has(soort, values, case_insensitive=case_insensitive))
    return conditions


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
    conditions = _conditions(opdracht)
    page = select(vereniging_table.c.zoeknaam, vereniging_table.c.v_code, vereniging_table.c.document).where(
        *conditions
    )
    if opdracht.after:
        zoeknaam, v_code = keyset_of(opdracht.after)
        page = page.where(
            tuple_(vereniging_table.c.zoeknaam, vereniging_table.c.v_code) > tuple_(zoeknaam, v_code)
        )
    page = page.order_by(vereniging_table.c.zoeknaam, vereniging_table.c.v_code).limit(opdracht.first + 1)
    rows = (await session.execute(page)).all()
    totaal, facetten = await _counts(session, opdracht)
    return Zoekresultaat(
        verenigingen=[
            (keyset_cursor(row.zoeknaam, row.v_code), to_vereniging(row.document))
            for row in rows[: opdracht.first]
        ],
        totaal=int(totaal),
        heeft_volgende=len(rows) > opdracht.first,
        facetten=facetten,
    )


async def _counts(session: AsyncSession, opdracht: Zoekopdracht) -> tuple[int, dict[str, list[Facetwaarde]]]:
    """The total and every facet's counts, in one round trip (one UNION ALL)."""
    total = select(
        literal("").label("soort"), literal("").label("waarde"), func.count().label("aantal")
    ).where(vereniging_table.c.v_code.in_(select(vereniging_table.c.v_code).where(*_conditions(opdracht))))
    per_facet = [
        select(kenmerk_table.c.soort, kenmerk_table.c.waarde, func.count())
        .where(
            kenmerk_table.c.soort == soort,
            kenmerk_table.c.v_code.in_(
                select(vereniging_table.c.v_code).where(*_conditions(opdracht, except_facet=soort))
            ),
        )
        .group_by(kenmerk_table.c.soort, kenmerk_table.c.waarde)
        for soort in FACETTEN
    ]
    rows = (await session.execute(union_all(total, *per_facet))).all()
    totaal = next(int(aantal) for soort, _, aantal in rows if soort == "")
    facetten: dict[str, list[Facetwaarde]] = {soort: [] for soort in FACETTEN}
    for soort, waarde, aantal in rows:
        if soort:
            facetten[soort].append(Facetwaarde(waarde=waarde, aantal=int(aantal)))
    for values in facetten.values():
        values.sort(key=lambda f: (-f.aantal, f.waarde))
    return totaal, facetten


__all__ = ["Facetwaarde", "Zoekopdracht", "Zoekresultaat", "zoek"]
