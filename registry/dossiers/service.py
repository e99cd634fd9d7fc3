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

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from registry.associations.repository import utc
from registry.associations.tables import vereniging_table
from registry.db import Database
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
    dossier_id: str
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


@dataclass
class Dossiers:
    db: Database
    clock: Callable[[], datetime] = field(default=_now)

    async def ontvang(self, bron: str, webhook_id: str, gebeurtenissen: Sequence[Binnenkomend]) -> Ontvangst:
        """Store a delivery once; `OnbekendeVereniging` (nothing stored) when an event names an
        association the register does not hold."""
        now = self.clock()
        insert = postgresql.insert if self.db.dialect == "postgresql" else sqlite.insert
        async with self.db.write() as session:
            # Claiming the delivery first: a concurrent delivery with the same id waits here for
            # this transaction, then finds it taken.
            claimed = await session.execute(
                insert(ontvangst_table)
                .values(bron=bron, webhook_id=webhook_id, ontvangen_op=now, antwoord={})
                .on_conflict_do_nothing(index_elements=["bron", "webhook_id"])
                .returning(ontvangst_table.c.webhook_id)
            )
            if claimed.first() is None:
                return await _earlier_answer(session, bron, webhook_id)
            await _all_known(session, [g.v_code for g in gebeurtenissen])
            aanvaard = 0
            # In one order for every delivery, so that two deliveries touching the same dossiers
            # take their row locks in the same order and never wait on each other in a cycle.
            for gebeurtenis in sorted(gebeurtenissen, key=lambda g: (g.dossier_id, g.id)):
                taken = await session.execute(
                    insert(gebeurtenis_table)
                    .values(
                        bron=bron,
                        id=gebeurtenis.id,
                        type=gebeurtenis.type,
                        v_code=gebeurtenis.v_code,
                        dossier_id=gebeurtenis.dossier_id,
                        tijdstip=gebeurtenis.tijdstip,
                        ontvangen_op=now,
                        data=gebeurtenis.data,
                    )
                    .on_conflict_do_nothing(index_elements=["bron", "id"])
                    .returning(gebeurtenis_table.c.id)
                )
                if taken.first() is None:
                    continue
                aanvaard += 1
                await _project(session, insert, bron, gebeurtenis)
            ontvangst = Ontvangst(aanvaard=aanvaard, dubbel=len(gebeurtenissen) - aanvaard)
            await session.execute(
                update(ontvangst_table)
                .where(ontvangst_table.c.bron == bron, ontvangst_table.c.webhook_id == webhook_id)
                .values(antwoord=ontvangst.antwoord())
            )
        return ontvangst

    async def van(
        self, v_code: str, *, bronnen: Sequence[str] | None = None, met_historiek: bool = True
    ) -> list[DossierKopie]:
        """The association's dossiers as their services last told them, most recent first, each
        with its history (unless `met_historiek` is False: then none is read)."""
        dossiers = select(dossier_table).where(dossier_table.c.v_code == v_code)
        events = select(gebeurtenis_table).where(gebeurtenis_table.c.v_code == v_code)
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
                stand=DossierStand(
                    titel=row.titel,
                    status=row.status,
                    actie_nodig=row.actie_nodig,
                    deadline=row.deadline,
                    verwachte_beslissing=row.verwachte_beslissing,
                    link=row.link,
                ),
                bijgewerkt_op=utc(row.bijgewerkt_op),
                historiek=tuple(history.get((row.bron, row.dossier_id), ())),
            )
            for row in rows
        ]

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


async def _all_known(session: AsyncSession, v_codes: Sequence[str]) -> None:
    wanted = set(v_codes)
    column = vereniging_table.c.v_code
    known = set((await session.execute(select(column).where(column.in_(wanted)))).scalars())
    if wanted - known:
        raise OnbekendeVereniging(sorted(wanted - known))


async def _project(session: AsyncSession, insert: Any, bron: str, gebeurtenis: Binnenkomend) -> None:
    """Bring the dossier's copy up to the event, unless the copy already holds newer news. A
    dossier stays with the association it came with: news naming another goes only into the
    history."""
    current = (dossier_table.c.bijgewerkt_op < gebeurtenis.tijdstip) & (
        dossier_table.c.v_code == gebeurtenis.v_code
    )
    if gebeurtenis.stand is not None:
        first = gebeurtenis.stand
        changed: dict[str, object] = {**gebeurtenis.stand.__dict__, "bijgewerkt_op": gebeurtenis.tijdstip}
    elif gebeurtenis.status is not None:
        # A decision before any state: the dossier starts from what the decision says.
        first = DossierStand(
            titel=gebeurtenis.dossier_id,
            status=gebeurtenis.status,
            actie_nodig=None,
            deadline=None,
            verwachte_beslissing=None,
            link=gebeurtenis.link or "",
        )
        changed = {
            "status": gebeurtenis.status,
            "actie_nodig": None,
            "deadline": None,
            "bijgewerkt_op": gebeurtenis.tijdstip,
        }
    else:
        return
    statement = insert(dossier_table).values(
        bron=bron,
        dossier_id=gebeurtenis.dossier_id,
        v_code=gebeurtenis.v_code,
        bijgewerkt_op=gebeurtenis.tijdstip,
        **first.__dict__,
    )
    await session.execute(
        statement.on_conflict_do_update(index_elements=["bron", "dossier_id"], set_=changed, where=current)
    )
