"""Sharings at `startAanvraag`: the data shared with the service a request starts at, in the access
log before it leaves, and an outbox event for that service alone once the service accepted."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, update

from registry.associations.model import Vereniging
from registry.db import Database
from registry.toegangslog.service import Toegang, rij
from registry.toegangslog.tables import toegang_table
from registry.tracing import current_traceparent
from registry.uitgaand.model import Deling
from registry.uitgaand.outbox import GEDEELD, WORDT_GEDEELD
from registry.uitgaand.tables import uitgaand_table


class Delingen:
    """The part of `Uitgaand` that records sharings."""

    db: Database
    clock: Callable[[], datetime]

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
