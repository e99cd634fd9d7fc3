"""The demo's services around the hub: the dev IdP, a KIOSK sandbox and a sport federation's
GraphQL subgraph, each on its own port, and the connectors the hub uses to reach them.

`vloket demo` runs exactly this; the end-to-end tests run it too, on free ports.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI

from connectors.graphql_subgraph.connector import GraphQLSubgraph, SubgraphConfig
from connectors.graphql_subgraph.sandbox import SandboxConfig as SubgraphSandboxConfig
from connectors.graphql_subgraph.sandbox import create_sandbox as create_subgraph_sandbox
from connectors.kiosk.connector import Kiosk, KioskConfig
from connectors.kiosk.sandbox import SandboxConfig as KioskSandboxConfig
from connectors.kiosk.sandbox import create_sandbox as create_kiosk_sandbox
from connectors.sdk import Connector
from hub.demo import DEMO_CLIENT_ID, PERSONAS
from hub.devidp import DevClient, DevIdpConfig, DevPersona, create_devidp

KIOSK_AUDIENCE = "kiosk"
SPORTFEDERATIE_AUDIENCE = "sportfederatie"


@dataclass(frozen=True)
class DemoPorts:
    hub: int = 8000
    idp: int = 8001
    kiosk: int = 8010
    sportfederatie: int = 8011


@dataclass(frozen=True)
class DemoServices:
    hub_url: str
    issuer: str
    apps: dict[int, FastAPI]
    """Every service but the hub, by port."""
    connectors: list[Connector[Any]]


def demo_services(*, host: str, ports: DemoPorts, secret: str) -> DemoServices:
    """`secret` is the hub's client secret at the dev IdP (the sandbox's own is derived from it)."""
    url = {name: f"http://{host}:{port}" for name, port in vars(ports).items()}
    issuer, sandbox_secret = url["idp"], f"{secret}-kiosk"
    hub = DevClient(
        client_id=DEMO_CLIENT_ID,
        client_secret=secret,
        redirect_uris=(f"{url['hub']}/auth/callback",),
        post_logout_redirect_uris=(f"{url['hub']}/",),
        exchange_audiences=(KIOSK_AUDIENCE, SPORTFEDERATIE_AUDIENCE),
    )
    kiosk_pages = DevClient("kiosk-sandbox", sandbox_secret, (f"{url['kiosk']}/callback",))
    personas = tuple(DevPersona(p.insz, p.voornaam, p.achternaam) for p in PERSONAS)
    apps = {
        ports.idp: create_devidp(DevIdpConfig(issuer=issuer, personas=personas, clients=(hub, kiosk_pages))),
        ports.kiosk: create_kiosk_sandbox(
            KioskSandboxConfig(issuer=issuer, public_url=url["kiosk"], client_secret=sandbox_secret)
        ),
        ports.sportfederatie: create_subgraph_sandbox(SubgraphSandboxConfig(issuer=issuer)),
    }
    return DemoServices(hub_url=url["hub"], issuer=issuer, apps=apps, connectors=demo_connectors(url))


def demo_connectors(url: dict[str, str]) -> list[Connector[Any]]:
    kiosk = Kiosk(KioskConfig(name="kiosk", base_url=url["kiosk"], audience=KIOSK_AUDIENCE))
    sport = GraphQLSubgraph(
        SubgraphConfig(
            name="sportfederatie",
            base_url=url["sportfederatie"],
            audience=SPORTFEDERATIE_AUDIENCE,
            bron="Sportfederatie",
            velden=("sportfederatie", "aantalLeden", "aansluitingsnummer", "verzekerdTot"),
            datum_veld="bijgewerktOp",
        )
    )
    return [kiosk, sport]
