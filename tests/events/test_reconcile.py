"""The periodic reconcile pull: a dossier that changed at KIOSK without its push reaching the hub
is found by asking KIOSK what changed (with a token for the hub itself, from the dev IdP by
client credentials), taken once, becomes a notice; KIOSK's service API refuses anyone else."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta

import httpx
import pytest
from pydantic import SecretStr

from connectors.kiosk.connector import Kiosk, KioskConfig
from connectors.sdk import CallContext, Connector, ConnectorConfig, DossierStatus
from connectors.sdk.events import DossierGewijzigd
from connectors.sdk.http import http_client
from demo.personas import AN, DEMO_CLIENT_ID
from demo.sandboxes.kiosk.state import Sandbox
from demo.services import KIOSK_AUDIENCE, WEBHOOK_SECRETS
from hub.auth.client_token import ClientTokens
from hub.auth.wiring import openid_client
from hub.events.bijwerking import Bijwerking
from hub.settings import Settings
from registry.associations.service import VerenigingenRegister
from registry.db import Database
from registry.dossiers.service import Dossiers
from registry.meldingen.service import Meldingen, Meldingsoort
from registry.offerings.op_maat import AanbodOpMaat
from registry.offerings.service import DienstenRegister
from tests.profile.stack import SECRET, World, token_for

pytestmark = pytest.mark.usefixtures("world")


def kiosk_sandbox(world: World) -> tuple[str, Sandbox]:
    app = world.services.apps[world.ports.kiosk]
    return f"http://127.0.0.1:{world.ports.kiosk}", app.state.sandbox


@pytest.fixture
async def reconcile(
    world: World, settings: Settings, db: Database, seeded: VerenigingenRegister
) -> AsyncIterator[Bijwerking]:
    base, _ = kiosk_sandbox(world)
    kiosk = Kiosk(
        KioskConfig(
            name="kiosk",
            base_url=base,
            audience=KIOSK_AUDIENCE,
            webhook_secret=WEBHOOK_SECRETS["kiosk"],
            pushes_dossiers=True,
        )
    )
    configured = settings.model_copy(
        update={
            "oidc_client_id": DEMO_CLIENT_ID,
            "oidc_client_secret": SecretStr(SECRET),
            "oidc_issuer": world.services.issuer,
        }
    )
    http = http_client()
    dossiers = Dossiers(db)
    found = Bijwerking.voor(
        [kiosk],
        dossiers=dossiers,
        register=seeded,
        token=ClientTokens(openid_client(configured, world.services.issuer, http)),
    )
    assert found is not None
    yield found
    await dossiers.close()
    await kiosk.aclose()
    await http.aclose()


async def test_a_change_whose_push_never_arrived_is_taken_once_at_the_next_pull(
    world: World, db: Database, seeded: VerenigingenRegister, reconcile: Bijwerking
) -> None:
    _, sandbox = kiosk_sandbox(world)
    await reconcile.ronde()  # what KIOSK changed in the last day, before the hub listened
    before = await Dossiers(db).historiek("kiosk", "KIOSK-2025-0101")
    # A caseworker's change at KIOSK whose push is lost on the way.
    uiterlijk = date.today() + timedelta(days=12)
    sandbox.store.vraag_actie("KIOSK-2025-0101", "Bezorg de begroting 2027", uiterlijk)

    taken = await reconcile.ronde()
    again = await reconcile.ronde()

    assert taken == 1
    assert again == 0  # the same state is taken once
    kopieen = {k.dossier_id: k for k in await Dossiers(db).van("V0001001")}
    kopie = kopieen["KIOSK-2025-0101"]
    assert (kopie.stand.status, kopie.stand.actie_nodig, kopie.stand.deadline) == (
        "actie_nodig",
        "Bezorg de begroting 2027",
        uiterlijk,
    )
    after = await Dossiers(db).historiek("kiosk", "KIOSK-2025-0101")
    assert len(after) == len(before) + 1
    assert after[-1].id.startswith("bijwerking:KIOSK-2025-0101:")
    vereniging = await seeded.get("V0001001")
    meldingen = await Meldingen(db=db, op_maat=AanbodOpMaat(DienstenRegister(db=db))).voor(vereniging)
    acties = [m for m in meldingen if m.soort is Meldingsoort.DOSSIER_ACTIE and m.dossier is not None]
    assert [m.dossier.dossier_id for m in acties if m.dossier] == ["KIOSK-2025-0101"]


async def test_kiosks_service_api_answers_only_a_token_of_an_allowed_client_for_itself(world: World) -> None:
    base, _ = kiosk_sandbox(world)
    person = await token_for(world, AN.insz)  # a person's token (for the hub's audience)
    async with httpx.AsyncClient(base_url=base) as client:
        anonymous = await client.get(
            "/api/dienst/dossiers", params={"gewijzigdSinds": "2026-01-01T00:00:00Z"}
        )
        as_person = await client.get(
            "/api/dienst/dossiers",
            params={"gewijzigdSinds": "2026-01-01T00:00:00Z"},
            headers={"Authorization": f"Bearer {person}"},
        )

    assert anonymous.status_code == 401
    assert as_person.status_code == 401  # (made for another audience)


class Verzonnen(Connector[ConnectorConfig]):
    """A service that answers the reconcile pull with whatever the test gives it."""

    kind = "verzonnen"
    config_model = ConnectorConfig

    def __init__(self, name: str, answer: list[DossierGewijzigd] | Exception) -> None:
        super().__init__(
            ConnectorConfig(
                name=name,
                base_url="http://127.0.0.1:9",
                audience=name,
                webhook_secret=WEBHOOK_SECRETS["kiosk"],
                pushes_dossiers=True,
            )
        )
        self.answer = answer

    async def gewijzigde_dossiers(self, context: CallContext, sinds: datetime) -> list[DossierGewijzigd]:
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer


def stand(
    dossier_id: str, *, titel: str = "Subsidie", bijgewerkt_op: datetime | None = None
) -> DossierGewijzigd:
    return DossierGewijzigd(
        v_code="V0001001",
        dossier_id=dossier_id,
        titel=titel,
        status=DossierStatus.IN_BEHANDELING,
        actie_nodig=None,
        deadline=None,
        verwachte_beslissing=None,
        link="https://verzonnen.example/d",
        bijgewerkt_op=bijgewerkt_op or NU - timedelta(hours=1),
    )


NU = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)


async def test_what_a_push_would_be_refused_for_is_skipped_alone_and_one_failing_service_stops_no_other(
    db: Database, seeded: VerenigingenRegister
) -> None:
    """A title with a direction override or an escape, a time ahead of the hub's clock: each
    state skipped on its own, as a push of it would be refused; an unexpected failure of one
    service (here a bare RuntimeError) leaves the next one asked."""
    dossiers = Dossiers(db)
    kapot = Verzonnen("kapot", RuntimeError("the answer broke the connector"))
    gemengd = Verzonnen(
        "gemengd",
        [
            stand("GOED-1"),
            stand("RICHTING", titel="Sub\u202esidie"),
            stand("ESCAPE", titel="Sub\x1b[2Jsidie"),
            stand("TOEKOMST", bijgewerkt_op=datetime(9999, 12, 31, tzinfo=UTC)),
            stand("GOED-2"),
        ],
    )

    async def token(audience: str) -> str:
        return f"token-voor-{audience}"

    bijwerking = Bijwerking(
        [kapot, gemengd], dossiers=dossiers, register=seeded, token=token, clock=lambda: NU
    )
    try:
        taken = await bijwerking.ronde()
        ids = sorted(k.dossier_id for k in await dossiers.van("V0001001", bronnen=["gemengd"]))
    finally:
        await dossiers.close()
        await kapot.aclose()
        await gemengd.aclose()

    assert taken == 2
    assert ids == ["GOED-1", "GOED-2"]


async def test_the_state_the_copy_holds_is_not_taken_again_when_the_list_dates_it_a_little_later(
    db: Database, seeded: VerenigingenRegister
) -> None:
    """A service may date one state by its push's sending and by its history entry in its list:
    no second history entry (and no second notice) for the same state."""
    dossiers = Dossiers(db)
    dienst = Verzonnen("dienst", [stand("D-1", bijgewerkt_op=NU - timedelta(hours=1))])

    async def token(audience: str) -> str:
        return f"token-voor-{audience}"

    bijwerking = Bijwerking([dienst], dossiers=dossiers, register=seeded, token=token, clock=lambda: NU)
    try:
        first = await bijwerking.ronde()
        dienst.answer = [stand("D-1", bijgewerkt_op=NU - timedelta(hours=1) + timedelta(seconds=1))]
        same_state_later = await bijwerking.ronde()
        dienst.answer = [stand("D-1", titel="Subsidie 2027", bijgewerkt_op=NU - timedelta(minutes=30))]
        changed = await bijwerking.ronde()
        history = await dossiers.historiek("dienst", "D-1")
    finally:
        await dossiers.close()
        await dienst.aclose()

    assert (first, same_state_later, changed) == (1, 0, 1)
    assert len(history) == 2
