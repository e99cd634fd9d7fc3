"""Outgoing events from the outbox to each subscriber, with every attempt recorded.

`verdeel` turns new outbox events into one delivery per subscriber that may see a changed part;
the job engine then calls `wachtend` for one (subscriber, association) pair and records each
outcome. Deliveries of one pair go out in the order of the changes (`uitgaand.id`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

from sqlalchemy import Row, Select, and_, bindparam, delete, func, insert, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from registry.associations.model import Vereniging
from registry.associations.repository import utc
from registry.db import Database
from registry.text import neutralise
from registry.toegangslog.service import Toegang, rij
from registry.toegangslog.tables import toegang_table
from registry.tracing import current_traceparent
from registry.uitgaand.outbox import GEDEELD, ONDERDELEN, WORDT_GEDEELD, Onderdeel
from registry.uitgaand.tables import aflevering_table, uitgaand_table

Status = Literal["wachtend", "afgeleverd", "mislukt"]
STATUSSEN: tuple[Status, ...] = ("wachtend", "afgeleverd", "mislukt")
RELAY_LOCK_ID = 7_150_002
"""Arbitrary but fixed: the PostgreSQL advisory lock that lets one `verdeel` run at a time, so
the deliveries of one association are created in the order of its changes."""
MAX_FOUT = 500


@dataclass(frozen=True)
class Abonnement:
    """A subscriber (a connector by name) and the parts of an association it may receive."""

    naam: str
    delen: frozenset[Onderdeel]
    deling: bool = False
    """Whether it also hears of each sharing with itself at `startAanvraag`."""

    def wil(self, onderdelen: Sequence[str]) -> bool:
        return bool(self.delen_van(onderdelen))

    def krijgt(self, onderdelen: Sequence[str], voor: str | None) -> bool:
        """Whether an outbox event goes to it: a change to a part it may see, or a sharing with it."""
        if voor is not None:
            return self.deling and voor == self.naam
        return self.wil(onderdelen)

    def delen_van(self, onderdelen: Sequence[str]) -> list[Onderdeel]:
        """Those of `onderdelen` this subscriber may receive, in their order."""
        return [onderdeel for onderdeel in ONDERDELEN if onderdeel in self.delen and onderdeel in onderdelen]


@dataclass(frozen=True)
class Deling:
    """A sharing under way: its outbox event and its access log entry."""

    uitgaand_id: int
    toegang_id: int


@dataclass(frozen=True)
class Paar:
    """One subscriber and one association: the unit delivered in order."""

    abonnee: str
    v_code: str


@dataclass(frozen=True)
class Levering:
    """A waiting delivery with its event."""

    id: int
    uitgaand_id: int
    abonnee: str
    v_code: str
    versie: int
    gebeurtenis: str
    onderdelen: list[str]
    document: dict[str, Any]
    tijdstip: datetime
    pogingen: int
    volgende_poging: datetime | None
    traceparent: str | None = None
    """The trace of the change (W3C trace context): its event names it, its delivery continues it."""
    achter_geparkeerd: bool = False
    """An older event of the same pair is parked: this one may not go out before it."""


@dataclass(frozen=True)
class Aflevering:
    """A delivery as `vloket events` lists it."""

    id: int
    uitgaand_id: int
    abonnee: str
    v_code: str
    versie: int
    gebeurtenis: str
    status: Status
    pogingen: int
    laatste_fout: str | None
    aangemaakt_op: datetime
    volgende_poging: datetime | None
    afgeleverd_op: datetime | None


@dataclass(frozen=True)
class Stand:
    """The queue at a glance: deliveries per status, and since when the oldest one waits."""

    per_status: dict[Status, int]
    oudste_wachtend: datetime | None
    te_verdelen: int
    per_abonnee: dict[str, dict[Status, int]] = field(default_factory=dict)
    """Per subscriber that has deliveries: how many of each status."""
    falend: dict[str, int] = field(default_factory=dict)
    """Per subscriber: waiting deliveries whose last attempt failed (it is down or refusing)."""


def _now() -> datetime:
    return datetime.now(UTC)


def _fout(tekst: str) -> str:
    """What went wrong, as stored: at most `MAX_FOUT` characters, none that a store refuses or
    a terminal obeys (a NUL, control characters)."""
    tekst = neutralise(tekst.replace("\x00", "\ufffd"))
    return tekst if len(tekst) <= MAX_FOUT else tekst[: MAX_FOUT - 1] + "…"


def _wachtend() -> Select[Any]:
    """The waiting deliveries of one pair, with whether an event of it is parked: built once,
    since every delivery job asks it at least twice."""
    a, u = aflevering_table.c, uitgaand_table.c
    parked = aflevering_table.alias("parked")
    ahead = (
        select(parked.c.id)
        .where(parked.c.abonnee == a.abonnee, parked.c.v_code == a.v_code, parked.c.status == "mislukt")
        .exists()
    )
    return (
        select(
            a.id,
            a.uitgaand_id,
            a.abonnee,
            a.v_code,
            a.pogingen,
            a.volgende_poging,
            u.versie,
            u.gebeurtenis,
            u.onderdelen,
            u.document,
            u.tijdstip,
            u.traceparent,
            ahead.label("achter_geparkeerd"),
        )
        .join(uitgaand_table, u.id == a.uitgaand_id)
        .where(a.abonnee == bindparam("abonnee"), a.v_code == bindparam("v_code"), a.status == "wachtend")
        .order_by(a.uitgaand_id, a.id)
        .limit(bindparam("limit"))
    )


_WACHTEND = _wachtend()
_AFGELEVERD = (
    update(aflevering_table)
    .where(
        aflevering_table.c.id.in_(bindparam("ids", expanding=True)), aflevering_table.c.status == "wachtend"
    )
    .values(
        status="afgeleverd",
        afgeleverd_op=bindparam("nu"),
        volgende_poging=None,
        pogingen=aflevering_table.c.pogingen + 1,
    )
    .returning(aflevering_table.c.id)
)
"""Deliveries marked delivered (those still waiting), their ids returned: built once."""


@dataclass
class Uitgaand:
    db: Database
    clock: Callable[[], datetime] = field(default=_now)

    # --- from the outbox to deliveries ------------------------------------------------------

    async def verdeel(self, abonnementen: Sequence[Abonnement], *, per: int = 500) -> set[Paar]:
        """Turn every outbox event not yet distributed into deliveries, one per subscriber that
        may see a part that changed; the pairs that got one, for the engine to deliver."""
        paren: set[Paar] = set()
        while True:
            async with self.db.write() as session:
                if self.db.dialect == "postgresql":
                    await session.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": RELAY_LOCK_ID})
                rows = (
                    await session.execute(
                        select(
                            uitgaand_table.c.id,
                            uitgaand_table.c.v_code,
                            uitgaand_table.c.onderdelen,
                            uitgaand_table.c.voor,
                        )
                        .where(uitgaand_table.c.verdeeld.is_(False))
                        .order_by(uitgaand_table.c.id)
                        .limit(per)
                    )
                ).all()
                if not rows:
                    return paren
                paren |= await self._nieuwe_afleveringen(session, rows, abonnementen)
                await session.execute(
                    update(uitgaand_table)
                    .where(uitgaand_table.c.id.in_([row.id for row in rows]))
                    .values(verdeeld=True)
                )
            if len(rows) < per:
                return paren

    # --- delivering -------------------------------------------------------------------------

    async def wachtend(self, paar: Paar, *, limit: int = 100) -> list[Levering]:
        """The waiting deliveries of one pair, oldest change first; each says whether an event of
        the pair is parked (then none of them may go out)."""
        async with self.db.connection() as connection:
            values = {"abonnee": paar.abonnee, "v_code": paar.v_code, "limit": limit}
            rows = (await connection.execute(_WACHTEND, values)).all()
        return [
            Levering(
                id=row.id,
                uitgaand_id=row.uitgaand_id,
                abonnee=row.abonnee,
                v_code=row.v_code,
                versie=row.versie,
                gebeurtenis=row.gebeurtenis,
                onderdelen=list(row.onderdelen),
                document=row.document,
                tijdstip=utc(row.tijdstip),
                pogingen=row.pogingen,
                volgende_poging=utc(row.volgende_poging) if row.volgende_poging else None,
                traceparent=row.traceparent,
                achter_geparkeerd=bool(row.achter_geparkeerd),
            )
            for row in rows
        ]

    async def deel(self, vereniging: Vereniging, *, met: str, toegang: Toegang) -> Deling:
        """A sharing at `startAanvraag` about to leave for the service `met` (its connector):
        its access log entry and its outbox event, held back until `gedeeld`, in one transaction
        committed before anything is sent (the log holds a sharing before its data leaves)."""
        nu = self.clock()
        async with self.db.write() as session:
            uitgaand_id = (
                await session.execute(
                    insert(uitgaand_table)
                    .values(
                        v_code=vereniging.v_code,
                        versie=vereniging.versie,
                        gebeurtenis=WORDT_GEDEELD,
                        onderdelen=[],
                        document={},
                        tijdstip=nu,
                        verdeeld=True,  # not for `verdeel` until the service accepted
                        voor=met,
                        traceparent=current_traceparent(),
                    )
                    .returning(uitgaand_table.c.id)
                )
            ).scalar_one()
            toegang_id = (
                await session.execute(
                    insert(toegang_table).values([rij(toegang, nu)]).returning(toegang_table.c.id)
                )
            ).scalar_one()
        return Deling(uitgaand_id=int(uitgaand_id), toegang_id=int(toegang_id))

    async def gedeeld(self, deling: Deling, *, document: dict[str, Any], onderdeel: str) -> None:
        """The service accepted: the event goes out with `document` (what it was sent), and the
        access log entry names exactly that (`onderdeel`)."""
        async with self.db.write() as session:
            await session.execute(
                update(uitgaand_table)
                .where(uitgaand_table.c.id == deling.uitgaand_id)
                .values(gebeurtenis=GEDEELD, document=document, verdeeld=False)
            )
            await session.execute(
                update(toegang_table)
                .where(toegang_table.c.id == deling.toegang_id)
                .values(onderdeel=onderdeel[:240])
            )

    async def niet_gedeeld(self, deling: Deling, *, onderdeel: str) -> None:
        """The service did not confirm the request (refused, or no answer): no event; the access
        log entry stays (the data was sent with the attempt), saying so in `onderdeel`."""
        async with self.db.write() as session:
            await session.execute(
                delete(uitgaand_table).where(
                    uitgaand_table.c.id == deling.uitgaand_id, uitgaand_table.c.gebeurtenis == WORDT_GEDEELD
                )
            )
            await session.execute(
                update(toegang_table)
                .where(toegang_table.c.id == deling.toegang_id)
                .values(onderdeel=onderdeel[:240])
            )

    async def afgeleverd(self, geleverd: Sequence[tuple[int, Toegang | None]]) -> None:
        """Delivered, each (aflevering id, what private data it carried or None), in one
        transaction: the access log gets an entry for each that carried private data, so a
        delivery is marked delivered exactly when it is logged."""
        if not geleverd:
            return
        nu = self.clock()
        async with self.db.transaction() as connection:
            ids = [aflevering_id for aflevering_id, _ in geleverd]
            marked = {int(row.id) for row in await connection.execute(_AFGELEVERD, {"ids": ids, "nu": nu})}
            logged = [
                rij(toegang, nu) for aflevering_id, toegang in geleverd if toegang and aflevering_id in marked
            ]
            if logged:
                await connection.execute(insert(toegang_table).values(logged))

    async def poging_mislukt(self, aflevering_id: int, fout: str, *, volgende_poging: datetime) -> None:
        async with self.db.write() as session:
            await session.execute(
                update(aflevering_table)
                .where(aflevering_table.c.id == aflevering_id, aflevering_table.c.status == "wachtend")
                .values(
                    pogingen=aflevering_table.c.pogingen + 1,
                    laatste_fout=_fout(fout),
                    volgende_poging=volgende_poging,
                )
            )

    async def parkeer(self, paar: Paar, aflevering_id: int, fout: str, *, pogingen: int) -> int:
        """The last attempt of `aflevering_id` (its `pogingen`-th but one) failed: it and every
        delivery of the pair waiting behind it are parked as failed, so they stay in order for a
        later retry; how many. Nothing is parked when the delivery changed meanwhile (an operator
        put it back with fresh attempts while this one was under way)."""
        a = aflevering_table.c
        async with self.db.write() as session:
            failed = await session.execute(
                update(aflevering_table)
                .where(a.id == aflevering_id, a.status == "wachtend", a.pogingen == pogingen)
                .values(pogingen=a.pogingen + 1, laatste_fout=_fout(fout))
            )
            if failed.rowcount != 1:  # type: ignore[attr-defined]
                return 0
            result = await session.execute(
                update(aflevering_table)
                .where(a.abonnee == paar.abonnee, a.v_code == paar.v_code, a.status == "wachtend")
                .values(status="mislukt", volgende_poging=None)
            )
        return int(result.rowcount)  # type: ignore[attr-defined]

    async def achter_geparkeerd(self, paar: Paar) -> int:
        """While an event of the pair is parked, nothing newer of it may pass: what waits is
        parked behind it (and put back with it by a retry); how many."""
        a = aflevering_table.c
        parked = aflevering_table.alias("parked")
        ahead = (
            select(parked.c.id)
            .where(parked.c.abonnee == a.abonnee, parked.c.v_code == a.v_code, parked.c.status == "mislukt")
            .exists()
        )
        async with self.db.write() as session:
            result = await session.execute(
                update(aflevering_table)
                .where(a.abonnee == paar.abonnee, a.v_code == paar.v_code, a.status == "wachtend", ahead)
                .values(
                    status="mislukt",
                    volgende_poging=None,
                    laatste_fout="waits behind a parked event of the same association",
                )
            )
        return int(result.rowcount)  # type: ignore[attr-defined]

    async def paren_wachtend(self, *, te_doen_voor: datetime | None = None) -> set[Paar]:
        """Every pair with a waiting delivery (what a repair run hands the engine again); with
        `te_doen_voor`, only those none of whose waiting deliveries is in its backoff then (a
        pair in its backoff has its job waiting for the retry)."""
        a = aflevering_table.c
        query = select(a.abonnee, a.v_code).where(a.status == "wachtend").distinct()
        if te_doen_voor is not None:
            backing_off = aflevering_table.alias("backing_off")
            query = query.where(
                ~select(backing_off.c.id)
                .where(
                    backing_off.c.abonnee == a.abonnee,
                    backing_off.c.v_code == a.v_code,
                    backing_off.c.status == "wachtend",
                    backing_off.c.volgende_poging > te_doen_voor,
                )
                .exists()
            )
        async with self.db.read() as session:
            rows = (await session.execute(query)).all()
        return {Paar(row.abonnee, row.v_code) for row in rows}

    async def volgende_poging(self) -> datetime | None:
        """When the first delivery in its backoff falls due (None: none waits for a retry)."""
        a = aflevering_table.c
        async with self.db.read() as session:
            moment = (
                await session.execute(select(func.min(a.volgende_poging)).where(a.status == "wachtend"))
            ).scalar_one_or_none()
        return utc(moment) if moment else None

    # --- operating --------------------------------------------------------------------------

    async def lijst(
        self, *, status: Status | None = None, abonnee: str | None = None, first: int = 100
    ) -> list[Aflevering]:
        a, u = aflevering_table.c, uitgaand_table.c
        query = (
            select(
                a.id,
                a.uitgaand_id,
                a.abonnee,
                a.v_code,
                a.status,
                a.pogingen,
                a.laatste_fout,
                a.aangemaakt_op,
                a.volgende_poging,
                a.afgeleverd_op,
                u.versie,
                u.gebeurtenis,
            )
            .join(uitgaand_table, u.id == a.uitgaand_id)
            .order_by(a.id)
            .limit(first)
        )
        if status is not None:
            query = query.where(a.status == status)
        if abonnee is not None:
            query = query.where(a.abonnee == abonnee)
        async with self.db.read() as session:
            rows = (await session.execute(query)).all()
        return [
            Aflevering(
                id=row.id,
                uitgaand_id=row.uitgaand_id,
                abonnee=row.abonnee,
                v_code=row.v_code,
                versie=row.versie,
                gebeurtenis=row.gebeurtenis,
                status=row.status,
                pogingen=row.pogingen,
                laatste_fout=row.laatste_fout,
                aangemaakt_op=utc(row.aangemaakt_op),
                volgende_poging=utc(row.volgende_poging) if row.volgende_poging else None,
                afgeleverd_op=utc(row.afgeleverd_op) if row.afgeleverd_op else None,
            )
            for row in rows
        ]

    async def opnieuw(self, ids: Sequence[int] | None = None) -> tuple[set[Paar], set[int]]:
        """Put parked deliveries back in the queue with fresh attempts: those of `ids`, or all;
        the pairs to deliver again, and the ids put back. (One put back while an older one of its
        pair stays parked is parked again behind it when its turn comes.)"""
        a = aflevering_table.c
        condition = a.status == "mislukt"
        if ids is not None:
            condition = and_(condition, a.id.in_(list(ids)))
        async with self.db.write() as session:
            rows = (
                await session.execute(
                    update(aflevering_table)
                    .where(condition)
                    .values(status="wachtend", pogingen=0, volgende_poging=None)
                    .returning(a.id, a.abonnee, a.v_code)
                )
            ).all()
        return {Paar(row.abonnee, row.v_code) for row in rows}, {int(row.id) for row in rows}

    async def herspeel(self, abonnement: Abonnement, *, sinds: datetime, per: int = 500) -> set[Paar]:
        """Deliver again to one subscriber every event since `sinds` it may see, in order (the
        same event ids: a receiver that kept what it applied skips them); `per` at a time."""
        u = uitgaand_table.c
        paren: set[Paar] = set()
        na = 0
        while True:
            async with self.db.write() as session:
                if self.db.dialect == "postgresql":
                    await session.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": RELAY_LOCK_ID})
                rows = (
                    await session.execute(
                        select(u.id, u.v_code, u.onderdelen, u.voor)
                        .where(
                            u.tijdstip >= sinds,
                            u.verdeeld.is_(True),
                            u.id > na,
                            u.gebeurtenis != WORDT_GEDEELD,
                        )
                        .order_by(u.id)
                        .limit(per)
                    )
                ).all()
                paren |= await self._nieuwe_afleveringen(session, rows, [abonnement])
            if len(rows) < per:
                return paren
            na = rows[-1].id

    async def _nieuwe_afleveringen(
        self,
        session: AsyncSession,
        rows: Sequence[Row[Any, Any, Any, Any]],
        abonnementen: Sequence[Abonnement],
    ) -> set[Paar]:
        """A waiting delivery of each outbox event in `rows` to each subscriber that may see one
        of the parts it changed; the pairs that got one."""
        nu = self.clock()
        nieuw = [
            {
                "uitgaand_id": row.id,
                "abonnee": abonnement.naam,
                "v_code": row.v_code,
                "status": "wachtend",
                "pogingen": 0,
                "aangemaakt_op": nu,
            }
            for row in rows
            for abonnement in abonnementen
            if abonnement.krijgt(row.onderdelen, row.voor)
        ]
        if nieuw:
            await session.execute(insert(aflevering_table), nieuw)
        return {Paar(item["abonnee"], item["v_code"]) for item in nieuw}

    async def ruim_op(self, *, ouder_dan: datetime) -> tuple[int, int]:
        """Forget what is done and older than `ouder_dan`: delivered deliveries, and outbox
        events that are distributed and have no delivery left (a replay reaches back no further);
        how many of each. Waiting and parked deliveries, and their events, stay."""
        a, u = aflevering_table.c, uitgaand_table.c
        async with self.db.write() as session:
            deliveries = await session.execute(
                delete(aflevering_table).where(a.status == "afgeleverd", a.afgeleverd_op < ouder_dan)
            )
            still_needed = select(a.uitgaand_id).where(a.uitgaand_id == u.id).exists()
            events = await session.execute(
                delete(uitgaand_table).where(u.verdeeld.is_(True), u.tijdstip < ouder_dan, ~still_needed)
            )
        return int(deliveries.rowcount), int(events.rowcount)  # type: ignore[attr-defined]

    async def stand(self) -> Stand:
        a, u = aflevering_table.c, uitgaand_table.c
        async with self.db.read() as session:
            per_abonnee: dict[str, dict[Status, int]] = {}
            for abonnee, status, count in (
                await session.execute(select(a.abonnee, a.status, func.count()).group_by(a.abonnee, a.status))
            ).all():
                per_abonnee.setdefault(abonnee, dict.fromkeys(STATUSSEN, 0))[status] = int(count)
            falend = {
                abonnee: int(count)
                for abonnee, count in (
                    await session.execute(
                        select(a.abonnee, func.count())
                        .where(a.status == "wachtend", a.pogingen > 0)
                        .group_by(a.abonnee)
                    )
                ).all()
            }
            oudste = (
                await session.execute(select(func.min(a.aangemaakt_op)).where(a.status == "wachtend"))
            ).scalar_one_or_none()
            te_verdelen = (
                await session.execute(
                    select(func.count()).select_from(uitgaand_table).where(u.verdeeld.is_(False))
                )
            ).scalar_one()
        return Stand(
            per_status={status: sum(c[status] for c in per_abonnee.values()) for status in STATUSSEN},
            oudste_wachtend=utc(oudste) if oudste else None,
            te_verdelen=int(te_verdelen),
            per_abonnee=per_abonnee,
            falend=falend,
        )
