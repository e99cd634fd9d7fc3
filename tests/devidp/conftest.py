"""The development IdP on real loopback HTTP, with a clock the test moves, and two browsers."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from demo.devidp import DevClient, DevIdp, DevIdpConfig, DevPersona, create_devidp
from tests.utils.servers import free_port, serving

AN = DevPersona("71032512357", "An", "Janssens", rollen=("Vertegenwoordiger:V0001001",))
PIETER = DevPersona("85073003328", "Pieter", "Maes", rollen=("Vertegenwoordiger:V0001002",))
LOTTE = DevPersona(
    "01031500207", "Lotte", "Claes", rollen=("Vertegenwoordiger:V0001001", "Vertegenwoordiger:V0001002")
)
MOHAMED = DevPersona("90022742191", "Mohamed", "El Amrani")

HUB = DevClient(
    client_id="vloket-hub",
    client_secret="hub-geheim",
    redirect_uris=("http://hub.test/auth/callback",),
    post_logout_redirect_uris=("http://hub.test/afgemeld",),
    exchange_audiences=("kiosk-sandbox", "sport-sandbox"),
    client_audiences=("kiosk-sandbox",),
)
SANDBOX = DevClient(
    client_id="kiosk-sandbox",
    client_secret="sandbox-geheim",
    redirect_uris=("http://kiosk.test/callback",),
    post_logout_redirect_uris=("http://kiosk.test/afgemeld",),
    exchange_audiences=("kiosk-dossiers",),
)


@dataclass
class FakeClock:
    now: float

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@dataclass(frozen=True)
class RunningIdp:
    issuer: str
    devidp: DevIdp
    clock: FakeClock


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(time.time())


@pytest.fixture
def idp(clock: FakeClock) -> Iterator[RunningIdp]:
    port = free_port()
    issuer = f"http://127.0.0.1:{port}"
    config = DevIdpConfig(
        issuer=issuer, personas=(AN, PIETER, LOTTE, MOHAMED), clients=(HUB, SANDBOX), clock=clock
    )
    app = create_devidp(config)
    with serving(app, port=port):
        yield RunningIdp(issuer=issuer, devidp=app.state.devidp, clock=clock)
