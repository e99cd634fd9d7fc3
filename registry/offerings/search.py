"""Searching the published offerings: free text, characteristics, place, open now; keyset
paging and facet counts.

Filters combine with AND. Each facet is counted with every filter applied except its own (as in
the search of associations), so a client can offer the other values of a facet it filters on.
Everything is answered from indexed columns and the characteristics table, never from the
stored documents.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from typing import Any, Final

from sqlalchemy import ColumnElement, Select, and_, func, literal, or_, select, tuple_, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from registry.associations.search import Facetwaarde
from registry.errors import FieldError, ValidationFailed
from registry.offerings.gebieden import omvattende_gebieden
from registry.offerings.model import Dienst, Diensttype
from registry.offerings.repository import THEMA_SLEUTEL, bestuurcode, published_query, to_dienst
from registry.offerings.tables import dienst_table, kenmerk_table
from registry.paging import check_page_size, keyset_cursor, keyset_of
from registry.search_input import search_words
from registry.text import escape_like, fold

FACETTEN: Final = ("type", "thema", "bestuur")


@dataclass(frozen=True)
class DienstFilter:
    """What to look for. `gemeente` is a NIS code or a werkingsgebied code: it finds offerings
    that apply there, in its province, or in all of Flanders. `open_nu`: requests are taken
    today."""

    zoekterm: str | None = None
    thema: str | None = None
    type: str | None = None
    bestuur: str | None = None
    gemeente: str | None = None
    open_nu: bool = False


@dataclass(frozen=True)
class DienstenPagina:
    diensten: list[tuple[str, Dienst]]
    """Each published offering with the cursor that points just after it."""
    totaal: int
    heeft_volgende: bool
    facetten: dict[str, list[Facetwaarde]]


def _has(soort: str, values: list[str]) -> ColumnElement[bool]:
    # Driven from the characteristics index: the few matching offerings are found first.
    return dienst_table.c.id.in_(
        select(kenmerk_table.c.dienst_id).where(
            kenmerk_table.c.soort == soort, kenmerk_table.c.waarde.in_(values)
        )
    )


def _type(value: str) -> str:
    for member in Diensttype:
        if member.value.casefold() == value.strip().casefold():
            return member.value
    keuzes = ", ".join(m.value for m in Diensttype)
    raise ValidationFailed([FieldError("type", "onbekende_keuze", {"waarde": value, "keuzes": keuzes})])


def _gebieden(gemeente: str) -> list[str]:
    gebieden = omvattende_gebieden(gemeente)
    if gebieden is None:
        raise ValidationFailed([FieldError("gemeente", "onbekende_code", {"waarde": gemeente})])
    return list(gebieden)


def _conditions(
    filter: DienstFilter, *, vandaag: date, zonder: Collection[str] = ()
) -> list[ColumnElement[bool]]:
    """Every condition of `filter` but those of the facets named in `zonder`; being published
    is not among them."""
    conditions: list[ColumnElement[bool]] = [
        dienst_table.c.zoektekst.like(f"%{escape_like(word)}%", escape="\\")
        for word in search_words(filter.zoekterm)
    ]
    if filter.type and "type" not in zonder:
        conditions.append(dienst_table.c.gepubliceerd_type == _type(filter.type))
    if filter.bestuur and "bestuur" not in zonder:
        conditions.append(dienst_table.c.gepubliceerd_bestuur == bestuurcode(filter.bestuur))
    if filter.thema and "thema" not in zonder:
        conditions.append(_has(THEMA_SLEUTEL, [fold(filter.thema.strip())]))
    if filter.gemeente and filter.gemeente.strip():
        conditions.append(_has("gebied", _gebieden(filter.gemeente)))
    if filter.open_nu:
        van, tot = dienst_table.c.open_van, dienst_table.c.open_tot
        conditions.append(and_(or_(van.is_(None), van <= vandaag), or_(tot.is_(None), tot >= vandaag)))
    return conditions


def _published(conditions: list[ColumnElement[bool]]) -> list[ColumnElement[bool]]:
    return [dienst_table.c.gepubliceerde_versie.is_not(None), *conditions]


async def zoek(
    session: AsyncSession,
    filter: DienstFilter,
    *,
    first: int,
    after: str | None,
    vandaag: date,
    max_page_size: int,
) -> DienstenPagina:
    check_page_size(first, max_page_size)
    page = (
        published_query().add_columns(dienst_table.c.zoektitel).where(*_conditions(filter, vandaag=vandaag))
    )
    if after:
        zoektitel, dienst_id = keyset_of(after)
        page = page.where(tuple_(dienst_table.c.zoektitel, dienst_table.c.id) > tuple_(zoektitel, dienst_id))
    page = page.order_by(dienst_table.c.zoektitel, dienst_table.c.id).limit(first + 1)
    rows = (await session.execute(page)).all()
    totaal, facetten = await _counts(session, filter, vandaag)
    return DienstenPagina(
        diensten=[(keyset_cursor(row.zoektitel, row.id), to_dienst(row)) for row in rows[:first]],
        totaal=totaal,
        heeft_volgende=len(rows) > first,
        facetten=facetten,
    )


async def _counts(
    session: AsyncSession, filter: DienstFilter, vandaag: date
) -> tuple[int, dict[str, list[Facetwaarde]]]:
    """The total and every facet's counts in one round trip: offerings counted per (type,
    bestuur) under every other filter, from which the total and both facets follow; and the
    themas counted under every filter but their own."""
    per_groep = (
        select(
            literal("").label("soort"),
            dienst_table.c.gepubliceerd_type.label("waarde"),
            dienst_table.c.gepubliceerd_bestuur.label("bestuur"),
            func.count().label("aantal"),
        )
        .where(*_published(_conditions(filter, vandaag=vandaag, zonder=("type", "bestuur"))))
        .group_by(dienst_table.c.gepubliceerd_type, dienst_table.c.gepubliceerd_bestuur)
    )
    rows = (await session.execute(union_all(per_groep, _themas(filter, vandaag)))).all()
    wanted_type = _type(filter.type) if filter.type else None
    wanted_bestuur = bestuurcode(filter.bestuur) if filter.bestuur else None
    totaal = 0
    tellers: dict[str, Counter[str]] = {soort: Counter() for soort in FACETTEN}
    for soort, waarde, bestuur, aantal in rows:
        if soort:
            tellers[soort][waarde] += aantal
            continue
        type_past, bestuur_past = wanted_type in (None, waarde), wanted_bestuur in (None, bestuur)
        totaal += aantal if type_past and bestuur_past else 0
        tellers["type"][waarde] += aantal if bestuur_past else 0
        tellers["bestuur"][bestuur] += aantal if type_past else 0
    facetten = {
        soort: sorted(
            (Facetwaarde(waarde=w, aantal=int(n)) for w, n in teller.items() if n),
            key=lambda f: (-f.aantal, f.waarde),
        )
        for soort, teller in tellers.items()
    }
    return totaal, facetten


def _themas(filter: DienstFilter, vandaag: date) -> Select[Any]:
    query = (
        select(
            literal("thema").label("soort"),
            kenmerk_table.c.waarde,
            literal("").label("bestuur"),
            func.count().label("aantal"),
        )
        .where(kenmerk_table.c.soort == "thema")
        .group_by(kenmerk_table.c.waarde)
    )
    conditions = _conditions(filter, vandaag=vandaag, zonder=("thema",))
    if not conditions:
        # Only published offerings have characteristics: nothing else to narrow down.
        return query
    return query.where(kenmerk_table.c.dienst_id.in_(select(dienst_table.c.id).where(*conditions)))


__all__ = ["DienstFilter", "DienstenPagina", "Facetwaarde", "zoek"]
