"""The demo's services around the hub: the dev IdP, a KIOSK sandbox, a sport federation's GraphQL
subgraph, two municipalities (Gent, Liedekerke) and a subsidy catalog, each on its own port, and
the connectors the hub uses to reach them.

`vloket demo` runs exactly this; the end-to-end tests run it too, on free ports.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor

from connectors.graphql_subgraph.connector import GraphQLSubgraph, SubgraphConfig
from connectors.kiosk.connector import Kiosk, KioskConfig
from connectors.municipality.connector import Gemeente, GemeenteConfig
from connectors.sdk import Connector
from connectors.sdk.connector import Abonnement
from connectors.sdk.events import VERENIGING_GEDEELD, VERENIGING_GEWIJZIGD
from connectors.subsidy_catalog.connector import SubsidieCatalogus, SubsidieCatalogusConfig
from demo.devidp import DevClient, DevIdpConfig, DevPersona, create_devidp
from demo.personas import DEMO_CLIENT_ID, PERSONAS
from demo.sandboxes.catalog import create_sandbox as create_catalog_sandbox
from demo.sandboxes.kiosk import SandboxConfig as KioskSandboxConfig
from demo.sandboxes.kiosk import create_sandbox as create_kiosk_sandbox
from demo.sandboxes.municipality import GemeenteSandboxConfig
from demo.sandboxes.municipality import create_sandbox as create_gemeente_sandbox
from demo.sandboxes.subgraph import SandboxConfig as SubgraphSandboxConfig
from demo.sandboxes.subgraph import create_sandbox as create_subgraph_sandbox

KIOSK_AUDIENCE = "kiosk"
SPORTFEDERATIE_AUDIENCE = "sportfederatie"
WEBHOOK_SECRETS = {
    "kiosk": "whsec_ZGVtby1raW9zay13ZWJob29rLXNsZXV0ZWwtMzI=",
    "gemeente-gent": "whsec_ZGVtby1nZW50LXdlYmhvb2stc2xldXRlbC0zMmI=",
    "gemeente-liedekerke": "whsec_ZGVtby1saWVkZWtlcmtlLXdlYmhvb2stc2xldXQ=",
}
"""Demo only (listed in the README): the `webhook_secret` each demo service and its connector
share, signing the register's changes the hub sends it (and, later, the events it pushes)."""
EVENTS_PATH = "/vloket/events"


@dataclass(frozen=True)
class DemoPorts:
    hub: int = 8000
    idp: int = 8001
    kiosk: int = 8010
    sportfederatie: int = 8011
    gent: int = 8012
    liedekerke: int = 8013
    catalogus: int = 8014


GEMEENTEN = (("gent", "Gent", "44021"), ("liedekerke", "Liedekerke", "23044"))


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
    issuer, sandbox_secret = url["idp"], f"{secret}-sandbox"
    hub = DevClient(
        client_id=DEMO_CLIENT_ID,
        client_secret=secret,
        redirect_uris=(f"{url['hub']}/auth/callback",),
        post_logout_redirect_uris=(f"{url['hub']}/",),
        exchange_audiences=(
            KIOSK_AUDIENCE,
            SPORTFEDERATIE_AUDIENCE,
            *(f"gemeente-{nis}" for _, _, nis in GEMEENTEN),
        ),
        client_audiences=(KIOSK_AUDIENCE,),  # the reconcile pull asks KIOSK as the hub itself
    )
    pages = [DevClient("kiosk-sandbox", sandbox_secret, (f"{url['kiosk']}/callback",))]
    pages += [
        DevClient(f"gemeente-{nis}-sandbox", sandbox_secret, (f"{url[key]}/callback",))
        for key, _, nis in GEMEENTEN
    ]
    personas = tuple(DevPersona(p.insz, p.voornaam, p.achternaam, p.rollen) for p in PERSONAS)
    apps = {
        ports.idp: create_devidp(DevIdpConfig(issuer=issuer, personas=personas, clients=(hub, *pages))),
        ports.kiosk: create_kiosk_sandbox(
            KioskSandboxConfig(
                issuer=issuer,
                public_url=url["kiosk"],
                client_secret=sandbox_secret,
                webhook_secret=WEBHOOK_SECRETS["kiosk"],
                hub_events_url=f"{url['hub']}/events/kiosk",
            )
        ),
        ports.sportfederatie: create_subgraph_sandbox(SubgraphSandboxConfig(issuer=issuer)),
    }
    apps[ports.catalogus] = create_catalog_sandbox()
    for key, naam, nis in GEMEENTEN:
        config = GemeenteSandboxConfig(
            gemeente=naam,
            nis_code=nis,
            issuer=issuer,
            public_url=url[key],
            client_secret=sandbox_secret,
            webhook_secret=WEBHOOK_SECRETS[f"gemeente-{key}"],
        )
        apps[getattr(ports, key)] = create_gemeente_sandbox(config)
    for app in apps.values():  # each continues the trace a call carries (a span when recorded)
        FastAPIInstrumentor.instrument_app(app, exclude_spans=["receive", "send"])
    return DemoServices(hub_url=url["hub"], issuer=issuer, apps=apps, connectors=demo_connectors(url))


def subscribed(name: str, base_url: str) -> dict[str, Any]:
    """A demo service hears of every change to an association's contact details, and of what a
    representative shares with it when starting a request there (once-only)."""
    return {
        "webhook_secret": WEBHOOK_SECRETS[name],
        "abonnement": Abonnement(
            webhook_url=f"{base_url}{EVENTS_PATH}",
            types=(VERENIGING_GEWIJZIGD, VERENIGING_GEDEELD),
            delen=("contactgegevens",),
        ),
    }


def demo_connectors(url: dict[str, str]) -> list[Connector[Any]]:
    kiosk = Kiosk(
        KioskConfig(
            name="kiosk", base_url=url["kiosk"], audience=KIOSK_AUDIENCE, **subscribed("kiosk", url["kiosk"])
        )
    )
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
    gemeenten: list[Connector[Any]] = [
        Gemeente(
            GemeenteConfig(
                name=f"gemeente-{key}",
                base_url=url[key],
                gemeente=naam,
                nis_code=nis,
                **subscribed(f"gemeente-{key}", url[key]),
            )
        )
        for key, naam, nis in GEMEENTEN
    ]
    catalogus = SubsidieCatalogus(
        SubsidieCatalogusConfig(
            name="subsidiecatalogus",
            base_url=url["catalogus"],
            bron="Subsidiecatalogus",
            besturen=("OVO000001", "BE23", "44021", "23044"),
        )
    )
    return [kiosk, sport, *gemeenten, catalogus]
