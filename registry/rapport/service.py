"""Usage per month (UTC), from what the hub stores anyway and one counter: each figure a count,
never a person. The access log gives the associations active (those whose data someone looked
at, changed, shared or downloaded) and the requests started per service (data shared to start
one); the dossier events give the started requests that became dossiers (a dossier's first event
at its service); the feedback gives its count per page. What the access log and feedback no
longer hold (their retention periods) is no longer counted."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from registry.db import Database
from registry.dossiers.tables import DossierGebeurtenisRow
from registry.feedback.tables import feedback_table
from registry.kalender import maand_erna
from registry.rapport.tables import gebruik_table
from registry.toegangslog.tables import toegang_table

NIET_BEVESTIGD: Final = "(aanvraag niet bevestigd door de dienst)"
"""How the access log marks a request whose data went but that the service did not confirm."""
SOORTEN: Final = ("aanmeldingen", "actieve_verenigingen", "aanvragen", "dossiers", "feedback")
"""What the report counts, in its order: `aanvragen` and `dossiers` per service, `feedback` per
page, the others in all."""
dossier_event_table = DossierGebeurtenisRow.metadata.tables[DossierGebeurtenisRow.__tablename__]


@dataclass(frozen=True)
class Cijfer:
    maand: str
    soort: str
    sleutel: str
    aantal: int


def maand(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m")


def _maand(dialect: str, column: Any) -> ColumnElement[str]:
    if dialect == "postgresql":
        return func.to_char(func.timezone("UTC", column), "YYYY-MM")
    return func.strftime("%Y-%m", column)


class Gebruik:
    def __init__(self, db: Database, *, clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.db = db
        self.clock = clock

    async def tel(self, soort: str, sleutel: str = "") -> None:
        """One more of `soort` this month."""
        dialect = self.db.dialect
        new = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(gebruik_table)
        statement = new.values(maand=maand(self.clock()), soort=soort, sleutel=sleutel[:120], aantal=1)
        async with self.db.write() as session:
            await session.execute(
                statement.on_conflict_do_update(
                    index_elements=["maand", "soort", "sleutel"],
                    set_={"aantal": gebruik_table.c.aantal + 1},
                )
            )

    async def cijfers(self, van: str, tot: str) -> list[Cijfer]:
        """Every figure of the months from `van` through `tot` (`YYYY-MM`), by month and kind:
        each count reads only the rows of those months (by the index on their moment)."""
        start, end = _bounds(van, tot)
        async with self.db.read() as session:
            found = [
                *await self._tellers(session, van, tot),
                *await self._actief(session, start, end),
                *await self._aanvragen(session, start, end),
                *await self._dossiers(session, start, end),
                *await self._feedback(session, start, end),
            ]
        return sorted(found, key=lambda c: (c.maand, SOORTEN.index(c.soort), c.sleutel))

    async def _tellers(self, session: AsyncSession, van: str, tot: str) -> list[Cijfer]:
        g = gebruik_table.c
        rows = await session.execute(
            select(g.maand, g.sleutel, g.aantal).where(
                g.soort == "aanmelding", g.maand >= van, g.maand <= tot
            )
        )
        return [Cijfer(m, "aanmeldingen", s, n) for m, s, n in rows]

    async def _actief(self, session: AsyncSession, start: datetime, end: datetime) -> list[Cijfer]:
        t = toegang_table.c
        month = _maand(self.db.dialect, t.tijdstip).label("maand")
        query = (
            select(month, func.count(t.v_code.distinct()))
            .where(t.tijdstip >= start, t.tijdstip < end)
            .group_by(month)
        )
        return [Cijfer(m, "actieve_verenigingen", "", n) for m, n in await session.execute(query)]

    async def _aanvragen(self, session: AsyncSession, start: datetime, end: datetime) -> list[Cijfer]:
        t = toegang_table.c
        month = _maand(self.db.dialect, t.tijdstip).label("maand")
        dienst = func.substr(t.onderdeel, 1, func.instr(t.onderdeel, ":") - 1)
        if self.db.dialect == "postgresql":
            dienst = func.split_part(t.onderdeel, ":", 1)
        query = (
            select(month, dienst.label("dienst"), func.count())
            .where(
                t.handeling == "gedeeld",
                t.tijdstip >= start,
                t.tijdstip < end,
                # A person starting a request, not a delivery to a subscribed service
                # (`dienst:<name>`), nor a start the service did not confirm.
                ~t.door.startswith("dienst:"),
                ~t.onderdeel.endswith(NIET_BEVESTIGD),
            )
            .group_by(month, dienst)
        )
        return [Cijfer(m, "aanvragen", d, n) for m, d, n in await session.execute(query)]

    async def _dossiers(self, session: AsyncSession, start: datetime, end: datetime) -> list[Cijfer]:
        e = dossier_event_table.c
        first = (
            select(e.bron, func.min(e.tijdstip).label("eerste"))
            .where(e.dossier_id.is_not(None), e.tijdstip < end)
            .group_by(e.bron, e.dossier_id)
            .having(func.min(e.tijdstip) >= start)
            .subquery()
        )
        month = _maand(self.db.dialect, first.c.eerste).label("maand")
        query = select(month, first.c.bron, func.count()).group_by(month, first.c.bron)
        return [Cijfer(m, "dossiers", b, n) for m, b, n in await session.execute(query)]

    async def _feedback(self, session: AsyncSession, start: datetime, end: datetime) -> list[Cijfer]:
        f = feedback_table.c
        month = _maand(self.db.dialect, f.tijdstip).label("maand")
        query = (
            select(month, f.pagina, func.count())
            .where(f.tijdstip >= start, f.tijdstip < end)
            .group_by(month, f.pagina)
        )
        return [Cijfer(m, "feedback", p, n) for m, p, n in await session.execute(query)]


def _bounds(van: str, tot: str) -> tuple[datetime, datetime]:
    """The first instant of month `van` and the first after month `tot` (UTC)."""
    start = datetime.strptime(van, "%Y-%m").replace(tzinfo=UTC)
    end = maand_erna(datetime.strptime(tot, "%Y-%m").date())
    return start, datetime(end.year, end.month, 1, tzinfo=UTC)
