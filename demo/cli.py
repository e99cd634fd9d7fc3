"""`vloket demo`: the hub with demo data, its dev IdP and the sandboxes, in one process.

Registered as a `vloket.commands` entry point, so the product's CLI offers it when this package is
installed without ever importing it."""

from __future__ import annotations

import asyncio
from contextlib import ExitStack
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from demo.aanbod.publiceren import seed_aanbod
from demo.devidp import DevClient, DevIdpConfig, DevPersona, create_devidp
from demo.mailsink import MailSink, sink_page
from demo.personas import DEMO_CLIENT_ID, PERSONAS
from demo.services import DemoPorts, demo_services
from demo.serving import Site, serve_all
from demo.verenigingen import seed
from hub.app import create_app
from hub.observability import configure_logging
from hub.settings import Settings
from registry.associations.service import VerenigingenRegister
from registry.db import Database
from registry.kalender import vandaag
from registry.offerings.service import DienstenRegister

console = Console(stderr=True)


def demo(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port of the hub.")] = 8000,
    idp_port: Annotated[int, typer.Option(help="Port of the dev IdP.")] = 8001,
    kiosk_port: Annotated[int, typer.Option(help="Port of the KIOSK sandbox.")] = 8010,
    sport_port: Annotated[int, typer.Option(help="Port of the sport federation's subgraph.")] = 8011,
    gent_port: Annotated[int, typer.Option(help="Port of the municipality Gent's sandbox.")] = 8012,
    liedekerke_port: Annotated[
        int, typer.Option(help="Port of the municipality Liedekerke's sandbox.")
    ] = 8013,
    catalog_port: Annotated[int, typer.Option(help="Port of the subsidy catalog's sandbox.")] = 8014,
    mail_port: Annotated[int, typer.Option(help="Port of the page listing the mails sent.")] = 8015,
    smtp_port: Annotated[int, typer.Option(help="Port of the demo's SMTP sink.")] = 8025,
) -> None:
    """Seed the demo associations (once) and run the hub with its dev IdP and sandboxes."""
    settings = Settings()
    _seed_demo(settings)
    table = Table("persona", "INSZ", title="Demo people: log in as them at the dev IdP")
    for persona in PERSONAS:
        table.add_row(f"{persona.voornaam} {persona.achternaam}", persona.insz)
    console.print(table)
    hub_url = f"http://{host}:{port}"
    sites_extra: list[Site] = []
    running = ExitStack()
    if settings.oidc_issuer is not None:  # another provider: the hub alone, connectors from its file
        sites = [Site(create_app(settings), host, port)]
    else:
        ports = DemoPorts(port, idp_port, kiosk_port, sport_port, gent_port, liedekerke_port, catalog_port)
        services = demo_services(host=host, ports=ports, secret=settings.secret_key.get_secret_value())
        configured = _demo_settings(settings, hub_url=hub_url, issuer=services.issuer)
        if configured.smtp_host is None:  # the demo's own SMTP sink, and its page
            configured = configured.model_copy(
                update={"smtp_host": "127.0.0.1", "smtp_port": smtp_port, "smtp_security": "none"}
            )
            sink = MailSink()
            running.enter_context(sink.serving("127.0.0.1", smtp_port))
            sites_extra = [Site(sink_page(sink), host, mail_port)]
            console.print(f"Mail sent by the hub: http://{host}:{mail_port}/ (SMTP sink on port {smtp_port})")
        sites = [Site(create_app(configured, connectors=services.connectors), host, port)]
        sites += [Site(app, host, app_port) for app_port, app in services.apps.items()]
        sites += sites_extra
        console.print(f"Dev IdP: {services.issuer}   sandboxes on ports {sorted(services.apps)}")
    console.print(f"Portal: {hub_url}/   GraphQL: {hub_url}/graphql")
    configure_logging(level=settings.log_level, json_output=settings.log_json)
    with running:
        serve_all(sites, http=settings.http_parser, max_header_bytes=settings.max_header_bytes)


def _seed_demo(settings: Settings) -> None:
    db = Database(settings.database_url)
    db.migrate()

    async def seed_demo() -> tuple[int, int]:
        try:
            verenigingen = await seed(
                VerenigingenRegister(db=db, secret=settings.secret_key.get_secret_value().encode("utf-8"))
            )
            diensten = DienstenRegister(db=db, max_page_size=settings.max_page_size)
            return verenigingen, await seed_aanbod(diensten, vandaag=vandaag())
        finally:
            await db.dispose()

    verenigingen, aanbod = asyncio.run(seed_demo())
    console.print(
        f"[bold]Demo register[/] at {db.url.render_as_string(hide_password=True)}: "
        f"{verenigingen} associations and {aanbod} offerings added."
    )


def _demo_settings(settings: Settings, *, hub_url: str, issuer: str) -> Settings:
    """The demo logs in at its own dev IdP unless HUB_OIDC_ISSUER names another provider."""
    if settings.oidc_issuer is not None:
        return settings
    return settings.model_copy(
        update={
            "oidc_issuer": issuer,
            "oidc_client_id": DEMO_CLIENT_ID,
            "oidc_client_secret": settings.secret_key,
            "public_url": hub_url,
        }
    )


def demo_idp(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port of the dev IdP.")] = 8001,
    issuer: Annotated[
        str | None, typer.Option(help="Its URL as the hub and browsers reach it; default http://HOST:PORT.")
    ] = None,
    hub_url: Annotated[
        str, typer.Option(help="Where people reach the hub (its login comes back to HUB_URL/auth/callback).")
    ] = "http://127.0.0.1:8000",
) -> None:
    """Run only the dev IdP with the demo people, for a hub run elsewhere (as in `compose.yaml`).
    The hub's client secret is HUB_OIDC_CLIENT_SECRET (else HUB_SECRET_KEY), as the hub's own."""
    settings = Settings()
    secret = settings.oidc_client_secret.get_secret_value() or settings.secret_key.get_secret_value()
    hub = DevClient(
        client_id=DEMO_CLIENT_ID,
        client_secret=secret,
        redirect_uris=(f"{hub_url.rstrip('/')}/auth/callback",),
        post_logout_redirect_uris=(f"{hub_url.rstrip('/')}/",),
    )
    personas = tuple(DevPersona(p.insz, p.voornaam, p.achternaam, p.rollen) for p in PERSONAS)
    config = DevIdpConfig(issuer=issuer or f"http://{host}:{port}", personas=personas, clients=(hub,))
    console.print(f"Dev IdP: {config.issuer}, for the hub at {hub_url}")
    configure_logging(level=settings.log_level, json_output=settings.log_json)
    serve_all([Site(create_devidp(config), host, port)], http=settings.http_parser)
