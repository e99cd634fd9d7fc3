"""Taking the dossier events a service pushes, durably and once.

A delivery (one event or a batch) is stored in one transaction: the delivery by its
`webhook-id` with the answer it got, each event not seen before by its id, and each dossier's
latest state. A delivery with a `webhook-id` already taken gets the answer it got then and
changes nothing; an event already taken in another delivery counts as a duplicate. News older
than what the copy holds (events arriving out of order) goes into the history but never rolls a
dossier's state back.

Example::

    dossiers = Dossiers(db=db)
    ontvangst = await dossiers.ontvang("kiosk", "msg-1", [gebeurtenis])
    for kopie in await dossiers.van("V0001001"):
        print(kopie.titel, kopie.status)
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Row, bindparam, delete, select, tuple_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from registry.associations.repository import utc
from registry.associations.tables import vereniging_table
from registry.db import Database
from registry.dossiers.gegevens import GemeldeGegevens, gemelde_gegevens, project_reports, report_row
from registry.dossiers.tables import dossier_table, gebeurtenis_table, ontvangst_table
from registry.errors import RegisterError
from registry.i18n import Language


@dataclass(frozen=True)
class DossierStand:
    """A dossier's whole state, as its service tells it."""

    titel: str
    status: str
    actie_nodig: str | None
    deadline: date | None
    verwachte_beslissing: date | None
    link: str


@dataclass(frozen=True)
class Binnenkomend:
    """One event as the hub takes it: what it is about, when its news happened, what it says."""

    id: str
    type: str
    v_code: str
    dossier_id: str | None
    """None for news about the association itself: what the service knows of it (its `data`
    becomes the service's report, `registry.dossiers.gegevens`)."""
    tijdstip: datetime
    data: dict[str, Any]
    """The event's data as it came, kept as the dossier's history."""
    stand: DossierStand | None = None
    """The dossier's new state, when the event gives it whole."""
    status: str | None = None
    """Only a new status (a decision), when the event gives no whole state."""
    link: str | None = None
    """Where the service shows what the event is about (a decision, a document)."""


@dataclass(frozen=True)
class Ontvangst:
    aanvaard: int
    """Events taken now."""
    dubbel: int
    """Events taken before, in another delivery."""
    herhaald: bool = False
    """The whole delivery was taken before (same `webhook-id`): this is the answer it got then."""

    def antwoord(self) -> dict[str, int]:
        return {"aanvaard": self.aanvaard, "dubbel": self.dubbel}


@dataclass(frozen=True)
class Gebeurtenis:
    id: str
    type: str
    tijdstip: datetime
    ontvangen_op: datetime
    data: dict[str, Any]


@dataclass(frozen=True)
class DossierKopie:
    bron: str
    dossier_id: str
    v_code: str
    stand: DossierStand
    bijgewerkt_op: datetime
    historiek: tuple[Gebeurtenis, ...] = ()
    """Every event taken about it, in the order its news happened."""


class OnbekendeVereniging(RegisterError):
    """An event names an association the register does not hold."""

    code = message_key = "UNKNOWN_VERENIGING"

    def __init__(self, v_codes: Sequence[str]) -> None:
        self.v_codes = sorted(set(v_codes))
        super().__init__(vCodes=", ".join(self.v_codes))

    def extensions(self, language: Language) -> dict[str, Any]:
        return {"code": self.code, "vCodes": self.v_codes}


def _now() -> datetime:
    return datetime.now(UTC)


MAX_EVENTS_PER_WRITE = 1000
"""Most events one shared transaction takes (more deliveries wait for the next)."""


@dataclass(frozen=True)
class Levering:
    """One delivery: its service, its `webhook-id`, its events."""

    bron: str
    webhook_id: str
    gebeurtenissen: tuple[Binnenkomend, ...]


@dataclass
class Dossiers:
    db: Database
    clock: Callable[[], datetime] = field(default=_now)
    _pending: list[tuple[Levering, asyncio.Future[Ontvangst | OnbekendeVereniging]]] = field(
        default_factory=list, init=False, repr=False
    )
    _writer: asyncio.Task[None] | None = field(default=None, init=False, repr=False)

    async def ontvang(self, bron: str, webhook_id: str, gebeurtenissen: Sequence[Binnenkomend]) -> Ontvangst:
        """Store a delivery once; `OnbekendeVereniging` (nothing stored) when an event names an
        association the register does not hold.

        Deliveries that arrive while a write is under way share the next transaction (group
        commit, as the access log does): a handful of statements for all of them instead of a
        transaction and several statements each. Each returns once its transaction committed."""
        answered: asyncio.Future[Ontvangst | OnbekendeVereniging] = asyncio.get_running_loop().create_future()
        self._pending.append((Levering(bron, webhook_id, tuple(gebeurtenissen)), answered))
        if self._writer is None or self._writer.done():
            self._writer = asyncio.ensure_future(self._write_all())
        # Shielded: a delivery given up halfway does not cancel the write others wait for.
        outcome = await asyncio.shield(answered)
        if isinstance(outcome, OnbekendeVereniging):
            raise outcome
        return outcome

    async def close(self) -> None:
        """At shutdown: let the write under way finish; it is never cancelled halfway, where its
        transaction could keep the database's write lock from the writes that follow."""
        writer = self._writer
        if writer is not None and not writer.done():
            await asyncio.shield(writer)

    async def _write_all(self) -> None:
        while self._pending:
            batch: list[tuple[Levering, asyncio.Future[Ontvangst | OnbekendeVereniging]]] = []
            taken = 0
            while self._pending and (
                not batch or taken + len(self._pending[0][0].gebeurtenissen) <= MAX_EVENTS_PER_WRITE
            ):
                batch.append(self._pending.pop(0))
                taken += len(batch[-1][0].gebeurtenissen)
            try:
                outcomes = await self.ontvang_veel([levering for levering, _ in batch])
            except Exception as error:
                for _, answered in batch:
                    if not answered.done():
                        answered.set_exception(error)
            else:
                for (_, answered), outcome in zip(batch, outcomes, strict=True):
                    if not answered.done():
                        answered.set_result(outcome)

    async def ontvang_veel(self, leveringen: Sequence[Levering]) -> list[Ontvangst | OnbekendeVereniging]:
        """Store several deliveries in one transaction, each as `ontvang` would on its own: the
        same `webhook-id` twice (here or before) gets one answer, an event taken before is a
        duplicate, and a delivery naming an unknown association stores nothing of its own."""
        now = self.clock()
        insert = postgresql.insert if self.db.dialect == "postgresql" else sqlite.insert
        first: dict[tuple[str, str], int] = {}
        for index, levering in enumerate(leveringen):
            first.setdefault((levering.bron, levering.webhook_id), index)
        own = sorted(first, key=lambda key: key)
        outcomes: dict[int, Ontvangst | OnbekendeVereniging] = {}
        async with self.db.write() as session:
            # Claiming the deliveries first: a concurrent one with the same id waits here for this
            # transaction, then finds it taken.
            claimed = {
                (row.bron, row.webhook_id)
                for row in await session.execute(
                    insert(ontvangst_table)
                    .on_conflict_do_nothing(index_elements=["bron", "webhook_id"])
                    .returning(ontvangst_table.c.bron, ontvangst_table.c.webhook_id),
                    [{"bron": b, "webhook_id": w, "ontvangen_op": now, "antwoord": {}} for b, w in own],
                )
            }
            for key in own:
                if key not in claimed:
                    outcomes[first[key]] = await _earlier_answer(session, *key)
            known = await _known(
                session, {g.v_code for key in claimed for g in leveringen[first[key]].gebeurtenissen}
            )
            unknown = set()
            for key in claimed:
                missing = {g.v_code for g in leveringen[first[key]].gebeurtenissen} - known
                if missing:
                    outcomes[first[key]] = OnbekendeVereniging(sorted(missing))
                    unknown.add(key)
            if unknown:
                # Nothing of theirs stays: not even the claim, so they can come again.
                for bron, webhook_id in sorted(unknown):
                    await session.execute(
                        delete(ontvangst_table).where(
                            ontvangst_table.c.bron == bron, ontvangst_table.c.webhook_id == webhook_id
                        )
                    )
            storing = [first[key] for key in own if key in claimed and key not in unknown]
            # Each event once, to the first delivery in this write that holds it; in one order
            # for every write, so that two writes touching the same rows never wait in a cycle.
            owner: dict[tuple[str, str], tuple[int, Binnenkomend]] = {}
            for index in storing:
                levering = leveringen[index]
                for gebeurtenis in levering.gebeurtenissen:
                    owner.setdefault((levering.bron, gebeurtenis.id), (index, gebeurtenis))
            events = sorted(
                ((key, leveringen[index], gebeurtenis) for key, (index, gebeurtenis) in owner.items()),
                key=lambda item: (item[0][0], item[2].dossier_id or "", item[0][1]),
            )
            taken: set[tuple[str, str]] = set()
            if events:
                taken = {
                    (row.bron, row.id)
                    for row in await session.execute(
                        insert(gebeurtenis_table)
                        .on_conflict_do_nothing(index_elements=["bron", "id"])
                        .returning(gebeurtenis_table.c.bron, gebeurtenis_table.c.id),
                        [_event_row(levering.bron, gebeurtenis, now) for _, levering, gebeurtenis in events],
                    )
                }
            await _project_all(
                session, insert, [(levering.bron, g) for key, levering, g in events if key in taken]
            )
            for index in storing:
                levering = leveringen[index]
                aanvaard = sum(
                    1
                    for g in {g.id: g for g in levering.gebeurtenissen}.values()
                    if (levering.bron, g.id) in taken and owner[(levering.bron, g.id)][0] == index
                )
                outcomes[index] = Ontvangst(aanvaard=aanvaard, dubbel=len(levering.gebeurtenissen) - aanvaard)
            if storing:
                o = ontvangst_table.c
                await session.execute(
                    update(ontvangst_table)
                    .where(o.bron == bindparam("b_bron"), o.webhook_id == bindparam("b_webhook_id"))
                    .values(antwoord=bindparam("b_antwoord")),
                    [
                        {
                            "b_bron": leveringen[index].bron,
                            "b_webhook_id": leveringen[index].webhook_id,
                            "b_antwoord": _antwoord(outcomes[index]),
                        }
                        for index in storing
                    ],
                )
        # A repeat within this write gets the answer of the first with its id, as a repeat.
        return [
            outcomes[index]
            if first[(levering.bron, levering.webhook_id)] == index
            else _repeat(outcomes[first[(levering.bron, levering.webhook_id)]])
            for index, levering in enumerate(leveringen)
        ]

    async def bijgewerkt(
        self, bron: str, dossier_ids: Sequence[str]
    ) -> dict[str, tuple[datetime, DossierStand]]:
        """When each of these dossiers of `bron` last changed and its state, as the copy holds
        them (a dossier without a copy is not in the answer)."""
        d = dossier_table.c
        found: dict[str, tuple[datetime, DossierStand]] = {}
        async with self.db.read() as session:
            for start in range(0, len(dossier_ids), 500):
                rows = await session.execute(
                    select(
                        d.dossier_id,
                        d.bijgewerkt_op,
                        d.titel,
                        d.status,
                        d.actie_nodig,
                        d.deadline,
                        d.verwachte_beslissing,
                        d.link,
                    ).where(d.bron == bron, d.dossier_id.in_(dossier_ids[start : start + 500]))
                )
                found |= {
                    row.dossier_id: (
                        utc(row.bijgewerkt_op),
                        _stand_of(row),
                    )
                    for row in rows
                }
        return found

    async def van(
        self, v_code: str, *, bronnen: Sequence[str] | None = None, met_historiek: bool = True
    ) -> list[DossierKopie]:
        """The association's dossiers as their services last told them, most recent first, each
        with its history (unless `met_historiek` is False: then none is read)."""
        dossiers = select(dossier_table).where(dossier_table.c.v_code == v_code)
        events = select(gebeurtenis_table).where(
            gebeurtenis_table.c.v_code == v_code, gebeurtenis_table.c.dossier_id.is_not(None)
        )
        if bronnen is not None:
            dossiers = dossiers.where(dossier_table.c.bron.in_(list(bronnen)))
            events = events.where(gebeurtenis_table.c.bron.in_(list(bronnen)))
        async with self.db.read() as session:
            rows = (await session.execute(dossiers.order_by(dossier_table.c.bijgewerkt_op.desc()))).all()
            wanted = rows and met_historiek
            taken = (await session.execute(events.order_by(*_HISTORY_ORDER))).all() if wanted else []
        history: dict[tuple[str, str], list[Gebeurtenis]] = {}
        for event in taken:
            history.setdefault((event.bron, event.dossier_id), []).append(_gebeurtenis(event))
        return [
            DossierKopie(
                bron=row.bron,
                dossier_id=row.dossier_id,
                v_code=row.v_code,
                stand=_stand_of(row),
                bijgewerkt_op=utc(row.bijgewerkt_op),
                historiek=tuple(history.get((row.bron, row.dossier_id), ())),
            )
            for row in rows
        ]

    async def bronnen_van(self, v_code: str) -> set[str]:
        """The services whose dossiers of the association the copy holds."""
        return {
            bron for (bron,) in await self.db.lookup(dossier_table.c.v_code, [v_code], dossier_table.c.bron)
        }

    async def gemeld(self, v_code: str, *, bronnen: Sequence[str]) -> list[GemeldeGegevens]:
        """What each of `bronnen` last reported knowing about the association."""
        return await gemelde_gegevens(self.db, v_code, bronnen=bronnen)

    async def historieken(
        self, dossiers: Sequence[tuple[str, str]]
    ) -> dict[tuple[str, str], list[Gebeurtenis]]:
        """The history of each of `dossiers` (`(bron, dossier_id)`, a page of them), in one
        query: what `van(..., met_historiek=False)` left out, for only the dossiers shown."""
        if not dossiers:
            return {}
        keys = tuple_(gebeurtenis_table.c.bron, gebeurtenis_table.c.dossier_id)
        query = select(gebeurtenis_table).where(keys.in_(list(dict.fromkeys(dossiers))))
        async with self.db.read() as session:
            rows = (await session.execute(query.order_by(*_HISTORY_ORDER))).all()
        found: dict[tuple[str, str], list[Gebeurtenis]] = {key: [] for key in dossiers}
        for row in rows:
            found[row.bron, row.dossier_id].append(_gebeurtenis(row))
        return found

    async def historiek(self, bron: str, dossier_id: str) -> list[Gebeurtenis]:
        """Every event taken about the dossier, in the order its news happened."""
        query = select(gebeurtenis_table).where(
            gebeurtenis_table.c.bron == bron, gebeurtenis_table.c.dossier_id == dossier_id
        )
        async with self.db.read() as session:
            rows = (await session.execute(query.order_by(*_HISTORY_ORDER))).all()
        return [_gebeurtenis(row) for row in rows]


_HISTORY_ORDER = (gebeurtenis_table.c.tijdstip, gebeurtenis_table.c.ontvangen_op, gebeurtenis_table.c.id)


def _gebeurtenis(row: Any) -> Gebeurtenis:
    return Gebeurtenis(
        id=row.id,
        type=row.type,
        tijdstip=utc(row.tijdstip),
        ontvangen_op=utc(row.ontvangen_op),
        data=row.data,
    )


async def _earlier_answer(session: AsyncSession, bron: str, webhook_id: str) -> Ontvangst:
    antwoord = (
        await session.execute(
            select(ontvangst_table.c.antwoord).where(
                ontvangst_table.c.bron == bron, ontvangst_table.c.webhook_id == webhook_id
            )
        )
    ).scalar_one()
    return Ontvangst(aanvaard=int(antwoord["aanvaard"]), dubbel=int(antwoord["dubbel"]), herhaald=True)


async def _known(session: AsyncSession, v_codes: set[str]) -> set[str]:
    if not v_codes:
        return set()
    column = vereniging_table.c.v_code
    return set((await session.execute(select(column).where(column.in_(sorted(v_codes))))).scalars())


def _event_row(bron: str, gebeurtenis: Binnenkomend, now: datetime) -> dict[str, object]:
    return {
        "bron": bron,
        "id": gebeurtenis.id,
        "type": gebeurtenis.type,
        "v_code": gebeurtenis.v_code,
        "dossier_id": gebeurtenis.dossier_id,
        "tijdstip": gebeurtenis.tijdstip,
        "ontvangen_op": now,
        "data": gebeurtenis.data,
    }


def _antwoord(outcome: Ontvangst | OnbekendeVereniging) -> dict[str, int]:
    assert isinstance(outcome, Ontvangst)
    return outcome.antwoord()


def _repeat(outcome: Ontvangst | OnbekendeVereniging) -> Ontvangst | OnbekendeVereniging:
    if isinstance(outcome, OnbekendeVereniging):
        return OnbekendeVereniging(outcome.v_codes)
    return Ontvangst(aanvaard=outcome.aanvaard, dubbel=outcome.dubbel, herhaald=True)


async def _project_all(
    session: AsyncSession, insert: Any, events: Sequence[tuple[str, Binnenkomend]]
) -> None:
    """Bring each dossier's copy up to the events taken, unless the copy already holds newer
    news; a dossier stays with the association it came with (news naming another goes only into
    the history). An event giving the whole state sets it; a decision sets the status and clears
    the action (and, first of all, starts the dossier from what it says). Applied newer-wins row
    by row, so the order among them does not change the outcome. News about the association
    itself replaces the service's report of it, newer-wins as well."""
    await project_reports(
        session,
        insert,
        [report_row(bron, g.v_code, g.tijdstip, g.data) for bron, g in events if g.dossier_id is None],
    )
    whole = [_dossier_row(bron, g, g.stand) for bron, g in events if g.stand is not None]
    decided = [
        _dossier_row(bron, g, _decided(g)) for bron, g in events if g.stand is None and g.status is not None
    ]
    for rows, changes in ((whole, _WHOLE), (decided, _DECISION)):
        if not rows:
            continue
        statement = insert(dossier_table)
        newer = (dossier_table.c.bijgewerkt_op < statement.excluded.bijgewerkt_op) & (
            dossier_table.c.v_code == statement.excluded.v_code
        )
        set_ = {name: getattr(statement.excluded, name) if keep else None for name, keep in changes.items()}
        await session.execute(
            statement.on_conflict_do_update(index_elements=["bron", "dossier_id"], set_=set_, where=newer),
            rows,
        )


_WHOLE = dict.fromkeys(
    ("titel", "status", "actie_nodig", "deadline", "verwachte_beslissing", "link", "bijgewerkt_op"), True
)
_DECISION = {"status": True, "actie_nodig": False, "deadline": False, "bijgewerkt_op": True}
"""What a decision changes of a dossier's copy: its status and when; the action is gone."""


def _stand_of(row: Row[*tuple[Any, ...]]) -> DossierStand:
    """The state a row of the copy holds."""
    return DossierStand(
        titel=row.titel,
        status=row.status,
        actie_nodig=row.actie_nodig,
        deadline=row.deadline,
        verwachte_beslissing=row.verwachte_beslissing,
        link=row.link,
    )


def _decided(gebeurtenis: Binnenkomend) -> DossierStand:
    """A decision before any state: the dossier starts from what the decision says."""
    assert gebeurtenis.status is not None
    assert gebeurtenis.dossier_id is not None
    return DossierStand(
        titel=gebeurtenis.dossier_id,
        status=gebeurtenis.status,
        actie_nodig=None,
        deadline=None,
        verwachte_beslissing=None,
        link=gebeurtenis.link or "",
    )


def _dossier_row(bron: str, gebeurtenis: Binnenkomend, stand: DossierStand) -> dict[str, object]:
    return {
        "bron": bron,
        "dossier_id": gebeurtenis.dossier_id,
        "v_code": gebeurtenis.v_code,
        "bijgewerkt_op": gebeurtenis.tijdstip,
        **stand.__dict__,
    }
