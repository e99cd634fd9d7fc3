"""Deliveries that arrive together share one transaction (group commit), and each is still taken
as if alone: a `webhook-id` once, an event once, and a delivery naming an unknown association
refused without touching the others; on both stores."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from registry.associations.service import VerenigingenRegister
from registry.db import Database
from registry.dossiers.model import Binnenkomend, DossierStand, Levering, OnbekendeVereniging, Ontvangst
from registry.dossiers.service import Dossiers


def event(event_id: str, *, v_code: str = "V0001001", dossier: str = "D-1", hour: int = 10) -> Binnenkomend:
    return Binnenkomend(
        id=event_id,
        type="be.vlaanderen.vloket.dossier.gewijzigd",
        v_code=v_code,
        dossier_id=dossier,
        tijdstip=datetime(2026, 12, 6, hour, tzinfo=UTC),
        data={"id": event_id},
        stand=DossierStand(
            titel=f"Dossier {dossier}",
            status="in_behandeling",
            actie_nodig=None,
            deadline=None,
            verwachte_beslissing=None,
            link=f"https://kiosk.example/{dossier}",
        ),
    )


async def test_one_write_takes_each_delivery_as_if_alone(db: Database, seeded: VerenigingenRegister) -> None:
    dossiers = Dossiers(db)

    outcomes = await dossiers.ontvang_veel(
        [
            Levering("kiosk", "a", (event("e1"), event("e2", dossier="D-2"))),
            Levering("kiosk", "b", (event("e2", dossier="D-2"), event("e3", hour=11))),
            Levering("kiosk", "a", (event("e1"),)),
            Levering("kiosk", "c", (event("e4", v_code="V0009999"),)),
        ]
    )
    again = await dossiers.ontvang_veel([Levering("kiosk", "b", ()), Levering("kiosk", "c", (event("e5"),))])

    assert outcomes[:3] == [
        Ontvangst(aanvaard=2, dubbel=0),
        Ontvangst(aanvaard=1, dubbel=1),  # e2 went to the first delivery that held it
        Ontvangst(aanvaard=2, dubbel=0, herhaald=True),  # the same webhook-id: the first's answer
    ]
    assert isinstance(outcomes[3], OnbekendeVereniging)
    assert outcomes[3].v_codes == ["V0009999"]
    # "b" was taken before; "c" was refused whole, so it can come again, now with known data.
    assert again == [Ontvangst(aanvaard=1, dubbel=1, herhaald=True), Ontvangst(aanvaard=1, dubbel=0)]
    copies = {kopie.dossier_id: kopie for kopie in await dossiers.van("V0001001")}
    assert sorted(copies) == ["D-1", "D-2"]
    assert [g.id for g in copies["D-1"].historiek] == ["e1", "e5", "e3"]


async def test_deliveries_at_once_are_all_taken_and_answered(
    db: Database, seeded: VerenigingenRegister
) -> None:
    dossiers = Dossiers(db)
    deliveries = 40

    answers = await asyncio.gather(
        *(
            dossiers.ontvang("kiosk", f"msg-{n}", [event(f"e{n}", dossier=f"D-{n % 7}", hour=n % 24)])
            for n in range(deliveries)
        )
    )
    repeated = await dossiers.ontvang("kiosk", "msg-3", [event("e3")])

    assert answers == [Ontvangst(aanvaard=1, dubbel=0)] * deliveries
    assert repeated == Ontvangst(aanvaard=1, dubbel=0, herhaald=True)
    copies = {kopie.dossier_id: kopie for kopie in await dossiers.van("V0001001")}
    assert len(copies) == 7
    # The newest news of each dossier is its state, whatever order the deliveries came in.
    for kopie in copies.values():
        assert kopie.bijgewerkt_op == max(g.tijdstip for g in kopie.historiek)


async def test_an_unknown_association_fails_only_its_own_delivery(
    db: Database, seeded: VerenigingenRegister
) -> None:
    dossiers = Dossiers(db)

    good, bad = await asyncio.gather(
        dossiers.ontvang("kiosk", "goed", [event("g1")]),
        dossiers.ontvang("kiosk", "slecht", [event("s1", v_code="V0009999")]),
        return_exceptions=True,
    )

    assert good == Ontvangst(aanvaard=1, dubbel=0)
    assert isinstance(bad, OnbekendeVereniging)
