"""From an offering that fits to a request started at the competent service: the association's
`aanbod` names what to give `startAanvraag`, and starting it lands at KIOSK, over real HTTP."""

from __future__ import annotations

import httpx

from demo.personas import AN
from registry.associations.service import VerenigingenRegister
from registry.db import Database
from registry.offerings.model import Criteria, Kanaal
from tests.offerings.factories import OPERATOR, dienst_inhoud, leeg_register
from tests.profile.stack import World, ask, token_for

AANBOD = '{ vereniging(vCode: "V0001001") { aanbod { items { dienst { titel } startDienst } } } }'
START = """
mutation($d: String!) {
  startAanvraag(vCode: "V0001001", dienst: $d, gedeeldeGegevens: ["naam"]) { link deling { ontvanger } }
}
"""


async def test_an_offering_that_fits_starts_at_its_service(
    world: World, hub: httpx.AsyncClient, db: Database, seeded: VerenigingenRegister
) -> None:
    diensten = await leeg_register(db)
    kanaal = Kanaal(digitaal=True, connector="kiosk", connector_dienst="sportkampen")
    inhoud = dienst_inhoud(titel="Sportkampen", criteria=Criteria(), kanaal=kanaal)
    await diensten.importeer(inhoud, bron="test", bron_id="sportkampen", uitgever=OPERATOR)
    token = await token_for(world, AN.insz)

    items = (await ask(hub, token, AANBOD))["data"]["vereniging"]["aanbod"]["items"]
    [kamp] = [item for item in items if item["dienst"]["titel"] == "Sportkampen"]
    started = await ask(hub, token, START, d=kamp["startDienst"])

    assert kamp["startDienst"] == "kiosk/sportkampen"
    assert "errors" not in started, started
    assert started["data"]["startAanvraag"]["deling"]["ontvanger"] == "kiosk"
    assert started["data"]["startAanvraag"]["link"].startswith(f"http://127.0.0.1:{world.ports.kiosk}/")
