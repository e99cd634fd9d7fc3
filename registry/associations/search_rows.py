"""What search reads of each association (`vereniging_zoek`): its name folded, and the numbers of
the values it is filtered and counted on (`zoekwaarde`), written with the association in the
same transaction."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Final

from sqlalchemy import insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from registry.associations.model import Vereniging
from registry.associations.tables import zoek_table, zoekwaarde_table
from registry.text import clean, fold

FACETTEN: Final = ("type", "hoofdactiviteit", "werkingsgebied", "gemeente", "status")
"""The characteristics search counts (`registry.associations.search`)."""
ZOEKKENMERKEN: Final = (*FACETTEN, "postcode")
"""The characteristics search filters on: held in each association's search row."""

_LOOKUP_BATCH: Final = 1000
"""Values looked up per statement (a register's import writes thousands at once)."""


def zoeknaam(vereniging: Vereniging) -> str:
    """The names an association is found by, folded (case, accents) for fragment search."""
    return fold(" ".join(filter(None, [vereniging.naam, vereniging.korte_naam, vereniging.roepnaam])))


def sleutel(soort: str, waarde: str) -> str:
    """How a value is matched by a search filter: normalised as the register stores text (NFC,
    invisible characters trimmed) and case-folded (`Straße` is `STRASSE`)."""
    return f"{soort}:{clean(waarde) or ''}".casefold()


def _values(found: Iterable[tuple[str, str]]) -> set[str]:
    """An association's characteristics as search holds them (`soort:waarde`, the value cut
    where the register cuts it)."""
    return {f"{soort}:{waarde[:120]}" for soort, waarde in found if soort in ZOEKKENMERKEN}


async def _numbers(session: AsyncSession, values: set[str]) -> dict[str, int]:
    """The number of each value, given to those search has not held before. Inserted in one
    order by every writer (so that two registrations adding the same values wait on each other
    instead of deadlocking); a value another transaction added first is taken as it is."""
    if not values:
        return {}
    ordered = sorted(values)
    dialect = session.get_bind().dialect.name
    new = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(zoekwaarde_table)
    await session.execute(
        new.on_conflict_do_nothing(index_elements=["waarde"]),
        [{"waarde": waarde, "sleutel": sleutel(*waarde.split(":", 1))} for waarde in ordered],
    )
    numbers: dict[str, int] = {}
    for start in range(0, len(ordered), _LOOKUP_BATCH):
        batch = ordered[start : start + _LOOKUP_BATCH]
        rows = await session.execute(
            select(zoekwaarde_table.c.waarde, zoekwaarde_table.c.id).where(
                zoekwaarde_table.c.waarde.in_(batch)
            )
        )
        numbers.update(dict(rows.all()))
    return numbers


async def _rows(
    session: AsyncSession, entries: Sequence[tuple[Vereniging, Iterable[tuple[str, str]]]]
) -> list[dict[str, object]]:
    held = {vereniging.v_code: _values(found) for vereniging, found in entries}
    numbers = await _numbers(session, set().union(*held.values()))
    return [
        {
            "v_code": vereniging.v_code,
            "zoeknaam": zoeknaam(vereniging),
            "kenmerken": sorted(numbers[waarde] for waarde in held[vereniging.v_code]),
        }
        for vereniging, _ in entries
    ]


async def add_search_rows(
    session: AsyncSession, entries: Sequence[tuple[Vereniging, Iterable[tuple[str, str]]]]
) -> None:
    """Search rows for new associations, each with its characteristics (`kenmerken`)."""
    await session.execute(insert(zoek_table), await _rows(session, entries))


async def replace_search_row(
    session: AsyncSession, vereniging: Vereniging, found: Iterable[tuple[str, str]]
) -> None:
    (row,) = await _rows(session, [(vereniging, found)])
    await session.execute(
        update(zoek_table)
        .where(zoek_table.c.v_code == vereniging.v_code)
        .values(zoeknaam=row["zoeknaam"], kenmerken=row["kenmerken"])
    )


async def numbers_matching(
    session: AsyncSession, filters: Mapping[str, Sequence[str]]
) -> dict[str, list[int]]:
    """Per characteristic filtered on: the numbers of the values that match what was asked
    (regardless of case and Unicode form); none when the register holds no such value."""
    wanted = {sleutel(soort, value): soort for soort, values in filters.items() for value in values}
    found: dict[str, list[int]] = {soort: [] for soort in filters}
    if wanted:
        rows = await session.execute(
            select(zoekwaarde_table.c.sleutel, zoekwaarde_table.c.id)
            .where(zoekwaarde_table.c.sleutel.in_(sorted(wanted)))
            .order_by(zoekwaarde_table.c.id)
        )
        for key, number in rows:
            found[wanted[key]].append(number)
    return found
