"""Storing dossier deliveries durably and once, several in one transaction, each as if alone.

A delivery (one event or a batch) is stored in one transaction: the delivery by its
`webhook-id` with the answer it got, each event not seen before by its id, and each dossier's
latest state (`projection.py`). A delivery with a `webhook-id` already taken gets the answer it
got then and changes nothing; an event already taken in another delivery counts as a duplicate;
a delivery naming an association the register does not hold stores nothing of its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from registry.associations.tables import vereniging_table
from registry.db import Database
from registry.dossiers.model import Binnenkomend, Levering, OnbekendeVereniging, Ontvangst
from registry.dossiers.projection import project_events
from registry.dossiers.tables import gebeurtenis_table, ontvangst_table


async def store_deliveries(
    db: Database, leveringen: Sequence[Levering], *, now: datetime
) -> list[Ontvangst | OnbekendeVereniging]:
    """Each delivery's outcome, in the order of `leveringen`, once their one transaction
    committed: the same `webhook-id` twice (here or before) gets one answer."""
    insert = postgresql.insert if db.dialect == "postgresql" else sqlite.insert
    first: dict[tuple[str, str], int] = {}
    for index, levering in enumerate(leveringen):
        first.setdefault((levering.bron, levering.webhook_id), index)
    own = sorted(first, key=lambda key: key)
    outcomes: dict[int, Ontvangst | OnbekendeVereniging] = {}
    async with db.write() as session:
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
        await project_events(
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
