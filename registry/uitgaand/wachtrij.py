"""The delivery queue as the job engine works it: the waiting deliveries of one pair, each
attempt's outcome (delivered, failed and due again later, or parked after the last), which pairs
wait, and when the next retry falls due. The deliveries of one pair go out in the order of the
changes (`uitgaand.id`), and none passes a parked one."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Exists, Select, bindparam, func, insert, select, update

from registry.associations.repository import utc
from registry.db import Database
from registry.text import neutralise
from registry.toegangslog.service import Toegang, rij
from registry.toegangslog.tables import toegang_table
from registry.uitgaand.model import Levering, Paar
from registry.uitgaand.tables import aflevering_table, uitgaand_table

MAX_FOUT = 500


def _fout(tekst: str) -> str:
    """What went wrong, as stored: at most `MAX_FOUT` characters, none that a store refuses or
    a terminal obeys (a NUL, control characters)."""
    tekst = neutralise(tekst.replace("\x00", "\ufffd"))
    return tekst if len(tekst) <= MAX_FOUT else tekst[: MAX_FOUT - 1] + "…"


def _parked_ahead() -> Exists:
    """Whether a delivery of the same pair as the `aflevering` row at hand is parked."""
    a = aflevering_table.c
    parked = aflevering_table.alias("parked")
    return (
        select(parked.c.id)
        .where(parked.c.abonnee == a.abonnee, parked.c.v_code == a.v_code, parked.c.status == "mislukt")
        .exists()
    )


def _wachtend() -> Select[Any]:
    """The waiting deliveries of one pair, with whether an event of it is parked: built once,
    since every delivery job asks it at least twice."""
    a, u = aflevering_table.c, uitgaand_table.c
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
            _parked_ahead().label("achter_geparkeerd"),
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


class Wachtrij:
    """The part of `Uitgaand` that keeps track of each delivery's attempts."""

    db: Database
    clock: Callable[[], datetime]

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
        async with self.db.write() as session:
            result = await session.execute(
                update(aflevering_table)
                .where(
                    a.abonnee == paar.abonnee,
                    a.v_code == paar.v_code,
                    a.status == "wachtend",
                    _parked_ahead(),
                )
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
