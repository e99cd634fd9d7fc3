"""Keeping and reading feedback. Checked like every other input: what is wrong is said per field,
and nothing is stored then."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import RowMapping, func, insert, select

from registry.associations.repository import utc
from registry.db import Database
from registry.feedback.tables import feedback_table
from registry.retention import remove_older
from registry.validation import Checks

MAX_TEXT = 2000
MAX_PERIOD = 1000
"""Most feedback shown for one period (the counts cover it all)."""
OORDELEN = ("goed", "kan_beter", "slecht")


@dataclass(frozen=True)
class FeedbackBericht:
    pagina: str
    tekst: str
    taal: str
    oordeel: str | None = None
    dienst: str | None = None
    tijdstip: datetime | None = None


class Feedback:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def bewaar(self, bericht: FeedbackBericht) -> None:
        checks = Checks()
        tekst = checks.text("tekst", bericht.tekst, required=True, max_length=MAX_TEXT, multiline=True)
        if bericht.oordeel is not None and bericht.oordeel not in OORDELEN:
            checks.fail("oordeel", "onbekende_keuze", waarde=bericht.oordeel, keuzes=", ".join(OORDELEN))
        pagina = checks.text("pagina", bericht.pagina, required=True, max_length=200)
        if pagina is not None and not pagina.startswith("/"):
            checks.fail("pagina", "ongeldige_url")
        dienst = checks.text("dienst", bericht.dienst[:120] if bericht.dienst else None, max_length=120)
        checks.raise_if_any()
        row = {
            "tijdstip": bericht.tijdstip or datetime.now(UTC),
            "pagina": pagina,
            "dienst": dienst,
            "oordeel": bericht.oordeel,
            "tekst": tekst,
            "taal": bericht.taal[:2],
        }
        async with self.db.write() as session:
            await session.execute(insert(feedback_table), [row])

    async def vergeet(self, ouder_dan: datetime) -> int:
        """Remove the feedback from before `ouder_dan` (the retention period); how many."""
        return await remove_older(self.db, feedback_table, ouder_dan)

    async def over_diensten(
        self, dienst_ids: Collection[str], *, van: datetime, tot: datetime, first: int = MAX_PERIOD
    ) -> list[FeedbackBericht]:
        """The feedback given on the pages of these offerings from `van` until `tot`, newest
        first, at most `first`."""
        if not dienst_ids:
            return []
        query = (
            select(feedback_table)
            .where(
                feedback_table.c.dienst.in_(sorted(dienst_ids)),
                feedback_table.c.tijdstip >= van,
                feedback_table.c.tijdstip < tot,
            )
            .order_by(feedback_table.c.tijdstip.desc(), feedback_table.c.id.desc())
            .limit(first)
        )
        async with self.db.read() as session:
            rows = (await session.execute(query)).mappings().all()
        return [_bericht(r) for r in rows]

    async def oordelen(
        self, dienst_ids: Collection[str], *, van: datetime, tot: datetime
    ) -> dict[tuple[str, str | None], int]:
        """How often each offering got each rating (None: a comment without one) from `van`
        until `tot`: all of it, however much there is."""
        if not dienst_ids:
            return {}
        f = feedback_table.c
        query = (
            select(f.dienst, f.oordeel, func.count())
            .where(f.dienst.in_(sorted(dienst_ids)), f.tijdstip >= van, f.tijdstip < tot)
            .group_by(f.dienst, f.oordeel)
        )
        async with self.db.read() as session:
            return {(dienst, oordeel): aantal for dienst, oordeel, aantal in await session.execute(query)}

    async def recent(self, *, first: int = 50) -> list[FeedbackBericht]:
        query = select(feedback_table).order_by(feedback_table.c.id.desc()).limit(first)
        async with self.db.read() as session:
            rows = (await session.execute(query)).mappings().all()
        return [_bericht(r) for r in rows]


def _bericht(r: RowMapping) -> FeedbackBericht:
    return FeedbackBericht(
        pagina=r["pagina"],
        tekst=r["tekst"],
        taal=r["taal"],
        oordeel=r["oordeel"],
        dienst=r["dienst"],
        tijdstip=utc(r["tijdstip"]),
    )
