"""What services push knowing about an association (`gegevens.gewijzigd`): each service's latest
report, replacing the one before unless that one is newer. The profile reads these instead of
asking the services that push them.

Example::

    for gemeld in await gemelde_gegevens(db, "V0001001", bronnen=["kiosk"]):
        print(gemeld.naam, [feit["naam"] for feit in gemeld.feiten])
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from registry.associations.repository import utc
from registry.db import Database
from registry.dossiers.tables import gegevens_table


@dataclass(frozen=True)
class GemeldeGegevens:
    bron: str
    """The connector that pushed them."""
    naam: str
    """How the profile names the service."""
    feiten: list[dict[str, Any]]
    """Each as it came: `naam`, `waarde`, `datum` (ISO date or None)."""
    bijgewerkt_op: datetime


def report_row(bron: str, v_code: str, tijdstip: datetime, data: dict[str, Any]) -> dict[str, object]:
    """The row a `gegevens.gewijzigd` event's data (as it came, by alias) makes."""
    return {
        "bron": bron,
        "v_code": v_code,
        "naam": data["bron"],
        "feiten": data["feiten"],
        "bijgewerkt_op": tijdstip,
    }


async def project_reports(session: AsyncSession, insert: Any, rows: Sequence[dict[str, object]]) -> None:
    """Keep each service's report unless the one held is as new or newer (the same report twice,
    or reports out of order, change nothing)."""
    if not rows:
        return
    statement = insert(gegevens_table)
    newer = gegevens_table.c.bijgewerkt_op < statement.excluded.bijgewerkt_op
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["bron", "v_code"],
            set_={name: getattr(statement.excluded, name) for name in ("naam", "feiten", "bijgewerkt_op")},
            where=newer,
        ),
        rows,
    )


async def gemelde_gegevens(db: Database, v_code: str, *, bronnen: Sequence[str]) -> list[GemeldeGegevens]:
    """The latest report of each of `bronnen` about the association (none from a service that
    never reported), in the order of `bronnen`."""
    g = gegevens_table.c
    # The read by key (every service's report of it; a handful), as the profile's hot path.
    rows = {
        bron: (naam, feiten, bijgewerkt_op)
        for bron, naam, feiten, bijgewerkt_op in await db.lookup(
            g.v_code, [v_code], g.bron, g.naam, g.feiten, g.bijgewerkt_op
        )
    }
    return [
        GemeldeGegevens(bron=bron, naam=row[0], feiten=row[1], bijgewerkt_op=utc(row[2]))
        for bron in bronnen
        if (row := rows.get(bron)) is not None
    ]
