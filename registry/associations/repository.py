"""Loading and saving the association aggregate, with optimistic concurrency and history."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import CursorResult, delete, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from registry.associations.model import Gebeurtenis, Vereniging
from registry.associations.search_rows import add_search_rows, replace_search_row, zoeknaam
from registry.associations.tables import historiek_table, kenmerk_table, vereniging_table
from registry.associations.vcodes import is_vcode
from registry.db import Database
from registry.errors import VersionConflict
from registry.text import normalised_name


def utc(moment: datetime) -> datetime:
    """SQLite hands timestamps back without a zone; they were written in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def kenmerken(vereniging: Vereniging) -> set[tuple[str, str]]:
    """The characteristics search filters and facets work on."""
    found = {("type", vereniging.verenigingstype.value), ("status", vereniging.status.value)}
    found |= {("hoofdactiviteit", code) for code in vereniging.hoofdactiviteiten}
    found |= {("werkingsgebied", code) for code in vereniging.werkingsgebieden}
    found |= {("gemeente", gemeente) for gemeente in vereniging.gemeenten}
    found |= {("postcode", postcode) for postcode in vereniging.postcodes}
    # Not a search facet: lets a login find the associations a person represents in one query.
    found |= {("vertegenwoordiger", v.insz) for v in vereniging.vertegenwoordigers}
    return found


def _row_values(vereniging: Vereniging) -> dict[str, object]:
    return {
        "verenigingstype": vereniging.verenigingstype.value,
        "naam": vereniging.naam,
        "zoeknaam": zoeknaam(vereniging),
        "naam_genormaliseerd": normalised_name(vereniging.naam),
        "kbo_nummer": vereniging.kbo_nummer,
        "status": vereniging.status.value,
        "versie": vereniging.versie,
        "document": vereniging.document(),
    }


def to_vereniging(document: dict[str, object]) -> Vereniging:
    return Vereniging.model_validate(document)


async def add(session: AsyncSession, vereniging: Vereniging, event: Gebeurtenis) -> None:
    await add_many(session, [(vereniging, event)])


async def add_many(session: AsyncSession, entries: Sequence[tuple[Vereniging, Gebeurtenis]]) -> None:
    """New associations, each with the event that registered it: four statements however many
    (an import of a register, a generated one for measurements)."""
    await session.execute(
        insert(vereniging_table),
        [
            {
                "v_code": vereniging.v_code,
                "aangemaakt_op": event.tijdstip,
                "gewijzigd_op": event.tijdstip,
                **_row_values(vereniging),
            }
            for vereniging, event in entries
        ],
    )
    await session.execute(
        insert(kenmerk_table), [row for vereniging, _ in entries for row in _kenmerk_rows(vereniging)]
    )
    await add_search_rows(session, [(vereniging, kenmerken(vereniging)) for vereniging, _ in entries])
    await session.execute(insert(historiek_table), [event.model_dump() for _, event in entries])


async def replace(
    session: AsyncSession, vereniging: Vereniging, *, expected_versie: int, event: Gebeurtenis
) -> None:
    """Store the new state only if nobody stored another since `expected_versie` was read."""
    result = await session.execute(
        update(vereniging_table)
        .where(vereniging_table.c.v_code == vereniging.v_code, vereniging_table.c.versie == expected_versie)
        .values(gewijzigd_op=event.tijdstip, **_row_values(vereniging))
    )
    if cast(CursorResult[Any], result).rowcount != 1:
        actueel = await current_versie(session, vereniging.v_code)
        raise VersionConflict(verwacht=expected_versie, actueel=actueel or 0)
    await session.execute(delete(kenmerk_table).where(kenmerk_table.c.v_code == vereniging.v_code))
    await _write_kenmerken(session, vereniging)
    await replace_search_row(session, vereniging, kenmerken(vereniging))
    await _append(session, event)


def _kenmerk_rows(vereniging: Vereniging) -> list[dict[str, str]]:
    return [
        {"v_code": vereniging.v_code, "soort": soort, "waarde": waarde[:120]}
        for soort, waarde in sorted(kenmerken(vereniging))
    ]


async def _write_kenmerken(session: AsyncSession, vereniging: Vereniging) -> None:
    await session.execute(insert(kenmerk_table), _kenmerk_rows(vereniging))


async def _append(session: AsyncSession, event: Gebeurtenis) -> None:
    await session.execute(insert(historiek_table).values(**event.model_dump()))


async def current_versie(session: AsyncSession, v_code: str) -> int | None:
    result = await session.execute(
        select(vereniging_table.c.versie).where(vereniging_table.c.v_code == v_code)
    )
    return result.scalar_one_or_none()


async def get(session: AsyncSession, v_code: str, *, for_update: bool = False) -> Vereniging | None:
    if not is_vcode(v_code):
        return None
    query = select(vereniging_table.c.document).where(vereniging_table.c.v_code == v_code)
    if for_update:
        query = query.with_for_update()
    document = (await session.execute(query)).scalar_one_or_none()
    return None if document is None else to_vereniging(document)


async def lookup(db: Database, v_codes: Iterable[str]) -> dict[str, Vereniging]:
    """Every association among `v_codes`: the register's most frequent read, by key. A text
    without the form of a vCode names none, and is not asked of the database."""
    wanted = [v_code for v_code in v_codes if is_vcode(v_code)]
    if not wanted:
        return {}
    rows = await db.lookup(vereniging_table.c.v_code, wanted, vereniging_table.c.document)
    found = (to_vereniging(document) for (document,) in rows)
    return {vereniging.v_code: vereniging for vereniging in found}


async def lookup_gewijzigd_op(db: Database, v_codes: Sequence[str]) -> dict[str, datetime]:
    """When each association among `v_codes` last changed, read by key."""
    column = vereniging_table.c
    rows = await db.lookup(column.v_code, v_codes, column.v_code, column.gewijzigd_op)
    return {v_code: utc(moment) for v_code, moment in rows}


async def na(session: AsyncSession, v_code: str | None, *, limit: int) -> list[Vereniging]:
    """Up to `limit` associations after `v_code` (from the first when None), by vCode."""
    query = select(vereniging_table.c.document).order_by(vereniging_table.c.v_code).limit(limit)
    if v_code is not None:
        query = query.where(vereniging_table.c.v_code > v_code)
    return [to_vereniging(document) for document in (await session.execute(query)).scalars()]


async def get_by_kbo(session: AsyncSession, kbo_nummer: str) -> Vereniging | None:
    query = select(vereniging_table.c.document).where(vereniging_table.c.kbo_nummer == kbo_nummer)
    document = (await session.execute(query)).scalar_one_or_none()
    return None if document is None else to_vereniging(document)


async def represented_by(
    session: AsyncSession, insz: str | None, kbo_nummers: Sequence[str] = ()
) -> list[Vereniging]:
    """Associations naming `insz` as vertegenwoordiger, and those with one of `kbo_nummers`."""
    conditions = []
    if insz:
        by_insz = select(kenmerk_table.c.v_code).where(
            kenmerk_table.c.soort == "vertegenwoordiger", kenmerk_table.c.waarde == insz
        )
        conditions.append(vereniging_table.c.v_code.in_(by_insz))
    if kbo_nummers:
        conditions.append(vereniging_table.c.kbo_nummer.in_(list(kbo_nummers)))
    if not conditions:
        return []
    query = select(vereniging_table.c.document).where(or_(*conditions)).order_by(vereniging_table.c.v_code)
    return [to_vereniging(document) for document in (await session.execute(query)).scalars()]


async def with_normalised_name(session: AsyncSession, naam_genormaliseerd: str) -> Sequence[Vereniging]:
    query = select(vereniging_table.c.document).where(
        vereniging_table.c.naam_genormaliseerd == naam_genormaliseerd
    )
    return [to_vereniging(document) for document in (await session.execute(query)).scalars()]


async def historiek(session: AsyncSession, v_codes: Sequence[str]) -> dict[str, list[Gebeurtenis]]:
    """The history of each association among `v_codes`, oldest first, in one query."""
    query = (
        select(historiek_table)
        .where(historiek_table.c.v_code.in_(list(v_codes)))
        .order_by(historiek_table.c.v_code, historiek_table.c.versie)
    )
    found: dict[str, list[Gebeurtenis]] = {v_code: [] for v_code in v_codes}
    for row in (await session.execute(query)).all():
        found[row.v_code].append(
            Gebeurtenis(
                v_code=row.v_code,
                versie=row.versie,
                gebeurtenis=row.gebeurtenis,
                data=row.data,
                tijdstip=utc(row.tijdstip),
                door=row.door,
                namens=row.namens,
            )
        )
    return found
