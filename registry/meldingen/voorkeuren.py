"""How each representative wants to hear of an association's notices by e-mail: at once, in a
daily digest, or never; at which address (used only once confirmed) and in which language.

What each has had by mail is kept per notice (`sleutel`), so a notice is mailed once; when an
address is confirmed, what is already noticeable counts as had (mail tells what is new).

`Voorkeuren` is made of one part per concern: confirming addresses (`bevestiging`) and the mail
rounds (`verzending`); a choice is checked in `keuze` and read back as the value in `voorkeur`.

Example::

    voorkeuren = Voorkeuren(db)
    voorkeur = await voorkeuren.zet("85010100123", "V0001001", frequentie="direct",
                                    email="an@example.org", taal="nl", via_register=True)
    await voorkeuren.bevestig(voorkeur.id, voorkeur.aangevraagd_op, al_bekend=["deadline:…"])
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite

from registry.db import Database
from registry.errors import NotFound
from registry.meldingen.bevestiging import Bevestiging
from registry.meldingen.keuze import gecontroleerd
from registry.meldingen.tables import voorkeur_table
from registry.meldingen.verzending import Verzending
from registry.meldingen.voorkeur import Frequentie, Voorkeur, voorkeur_of


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Voorkeuren(Bevestiging, Verzending):
    """The representatives' choices in one store, with the clock that dates what it records."""

    db: Database
    clock: Callable[[], datetime] = field(default=_now)

    async def van(self, persoon: str, v_code: str) -> Voorkeur | None:
        async with self.db.read() as session:
            row = (
                (
                    await session.execute(
                        select(voorkeur_table).where(
                            voorkeur_table.c.persoon == persoon, voorkeur_table.c.v_code == v_code
                        )
                    )
                )
                .mappings()
                .first()
            )
        return voorkeur_of(row) if row is not None else None

    async def get(self, voorkeur_id: str) -> Voorkeur:
        async with self.db.read() as session:
            row = (
                (await session.execute(select(voorkeur_table).where(voorkeur_table.c.id == voorkeur_id[:32])))
                .mappings()
                .first()
            )
        if row is None:
            raise NotFound("meldingsvoorkeur", voorkeur_id[:32])
        return voorkeur_of(row)

    async def zet(
        self,
        persoon: str,
        v_code: str,
        *,
        frequentie: str | None,
        email: str | None,
        taal: str | None,
        via_register: bool,
    ) -> Voorkeur:
        """Store a representative's choice; every problem is refused at once, naming its field
        (`frequentie`, `email`, `taal`), with nothing changed. An address not confirmed yet
        (new, or given again) needs confirming: its confirmation mail is sent by the worker,
        unless the choice is 'never'; a confirmed address stays confirmed."""
        keuze = gecontroleerd(frequentie=frequentie, email=email, taal=taal)
        adres = keuze.email
        nu = self.clock()
        eerder = await self.van(persoon, v_code)
        values: dict[str, Any] = {
            "frequentie": keuze.frequentie.value,
            "taal": keuze.taal,
            "via_register": via_register,
        }
        if adres is not None and (eerder is None or eerder.email != adres or eerder.bevestigd_op is None):
            # (given again unconfirmed: a new link, the old one no longer works)
            values |= {"email": adres, "aangevraagd_op": nu, "bevestigd_op": None}
        onbevestigd = "bevestigd_op" in values or (
            eerder is not None and eerder.email and not eerder.bevestigd
        )
        values["bevestiging_nodig"] = bool(onbevestigd) and keuze.frequentie is not Frequentie.NOOIT
        async with self.db.write() as session:
            if eerder is None:
                insert = postgresql.insert if self.db.dialect == "postgresql" else sqlite.insert
                statement = insert(voorkeur_table).values(
                    {
                        "id": secrets.token_hex(16),
                        "persoon": persoon,
                        "v_code": v_code,
                        "email": None,
                        "aangevraagd_op": nu,
                        "bevestigingen": 0,
                        **values,
                    }
                )
                # Two forms sent at once: the later one's choice stands.
                await session.execute(
                    statement.on_conflict_do_update(
                        index_elements=["persoon", "v_code"],
                        set_={k: statement.excluded[k] for k in values},
                    )
                )
            else:
                await session.execute(
                    update(voorkeur_table).where(voorkeur_table.c.id == eerder.id).values(values)
                )
        stored = await self.van(persoon, v_code)
        assert stored is not None
        return stored

    async def afmelden(self, voorkeur_id: str) -> None:
        """No more notices by mail (one-click unsubscribe)."""
        async with self.db.write() as session:
            await session.execute(
                update(voorkeur_table)
                .where(voorkeur_table.c.id == voorkeur_id)
                .values(frequentie=Frequentie.NOOIT.value)
            )
