"""Confirming an address before anything else goes to it: the confirmation mails still to send,
each claimed by one round and counted (so someone typing address after address cannot make the
hub send a stream of mail), and the confirmation itself, after which what is already noticeable
counts as had (mail tells what is new)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, case, func, or_, select, update

from registry.db import Database
from registry.meldingen.tables import voorkeur_table
from registry.meldingen.verzending import noteer
from registry.meldingen.voorkeur import Voorkeur, voorkeur_of

BEVESTIGING_GELDIG = timedelta(hours=48)
"""How long a confirmation link works."""
BEVESTIGING_WACHT = timedelta(minutes=10)
"""At most one confirmation mail per choice this often."""
BEVESTIGINGEN_PER_DAG = 5
"""At most this many confirmation mails per choice a day."""
BEVESTIGINGEN_PER_PERSOON = 10
"""At most this many confirmation mails a day for one person's choices together."""


class Bevestiging:
    """The part of `Voorkeuren` that confirms addresses and sends their confirmation mails."""

    db: Database
    clock: Callable[[], datetime]

    async def bevestig(self, voorkeur_id: str, aangevraagd_op: datetime, *, al_bekend: Iterable[str]) -> bool:
        """Confirm the address given at `aangevraagd_op` (a later address is not confirmed by an
        older link); `al_bekend`: the notices there are now, which count as had. Whether this
        confirmed it now (False: it was already)."""
        nu = self.clock()
        async with self.db.write() as session:
            result = await session.execute(
                update(voorkeur_table)
                .where(
                    voorkeur_table.c.id == voorkeur_id,
                    voorkeur_table.c.aangevraagd_op == aangevraagd_op,
                    voorkeur_table.c.bevestigd_op.is_(None),
                )
                .values(bevestigd_op=nu, bevestiging_nodig=False, gecontroleerd_op=nu, digest_op=nu)
            )
            if cast(CursorResult[Any], result).rowcount == 0:
                return False
            await noteer(session, dialect=self.db.dialect, voorkeur_id=voorkeur_id, sleutels=al_bekend, nu=nu)
        return True

    async def te_bevestigen(self, *, nu: datetime) -> list[Voorkeur]:
        """Addresses whose confirmation mail is still to be sent: one per choice at most every
        `BEVESTIGING_WACHT` and `BEVESTIGINGEN_PER_DAG` a day (someone typing address after
        address cannot make the hub send a stream of mail)."""
        dag = nu - timedelta(days=1)
        async with self.db.read() as session:
            rows = (
                (
                    await session.execute(
                        select(voorkeur_table)
                        .where(
                            voorkeur_table.c.bevestiging_nodig,
                            voorkeur_table.c.email.is_not(None),
                            or_(
                                voorkeur_table.c.bevestiging_verstuurd_op.is_(None),
                                voorkeur_table.c.bevestiging_verstuurd_op < nu - BEVESTIGING_WACHT,
                            ),
                            or_(
                                voorkeur_table.c.bevestigingen_sinds.is_(None),
                                voorkeur_table.c.bevestigingen_sinds < dag,
                                voorkeur_table.c.bevestigingen < BEVESTIGINGEN_PER_DAG,
                            ),
                        )
                        .order_by(voorkeur_table.c.aangevraagd_op)
                        .limit(500)
                    )
                )
                .mappings()
                .all()
            )
        return [voorkeur_of(row) for row in rows]

    async def bevestigingen_van(self, persoon: str, *, nu: datetime) -> int:
        """Confirmation mails sent for this person's choices in the last day."""
        async with self.db.read() as session:
            total = await session.scalar(
                select(func.coalesce(func.sum(voorkeur_table.c.bevestigingen), 0)).where(
                    voorkeur_table.c.persoon == persoon,
                    voorkeur_table.c.bevestigingen_sinds >= nu - timedelta(days=1),
                )
            )
        return int(total or 0)

    async def neem_bevestiging(self, voorkeur: Voorkeur, *, nu: datetime) -> bool:
        """Claim the sending of its confirmation mail (counted): only one round sends it, whatever
        runs at once. False: another took it, or the address changed meanwhile."""
        nieuwe_dag = or_(
            voorkeur_table.c.bevestigingen_sinds.is_(None),
            voorkeur_table.c.bevestigingen_sinds < nu - timedelta(days=1),
        )
        async with self.db.write() as session:
            result = await session.execute(
                update(voorkeur_table)
                .where(
                    voorkeur_table.c.id == voorkeur.id,
                    voorkeur_table.c.aangevraagd_op == voorkeur.aangevraagd_op,
                    voorkeur_table.c.bevestiging_nodig,
                )
                .values(
                    bevestiging_nodig=False,
                    bevestiging_verstuurd_op=nu,
                    bevestigingen=case((nieuwe_dag, 1), else_=voorkeur_table.c.bevestigingen + 1),
                    bevestigingen_sinds=case((nieuwe_dag, nu), else_=voorkeur_table.c.bevestigingen_sinds),
                )
            )
        return cast(CursorResult[Any], result).rowcount == 1

    async def bevestiging_terug(self, voorkeur: Voorkeur) -> None:
        """Its confirmation mail could not be sent for now: it is tried again later."""
        async with self.db.write() as session:
            await session.execute(
                update(voorkeur_table)
                .where(
                    voorkeur_table.c.id == voorkeur.id,
                    voorkeur_table.c.aangevraagd_op == voorkeur.aangevraagd_op,
                )
                .values(bevestiging_nodig=True)
            )
