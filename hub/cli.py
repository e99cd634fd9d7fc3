"""`vloket`: serve the hub, run the demo, export the schema, migrate, import KBO data."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Annotated

import typer
import uvicorn
from rich.console import Console
from rich.progress import Progress
from rich.table import Table
from rich.text import Text

from hub.app import create_app
from hub.cli_catalog import catalog_app
from hub.cli_connectors import connectors_app
from hub.cli_portal import portal_app
from hub.demo import DEMO_CLIENT_ID, PERSONAS, seed
from hub.demo_aanbod import seed_aanbod
from hub.demo_services import DemoPorts, demo_services
from hub.graphql.schema import sdl
from hub.observability import configure_logging
from hub.serving import Site, serve_all
from hub.settings import Settings
from registry.associations.kbo_import import ImportReport, import_kbo, read_records
from registry.associations.service import VerenigingenRegister
from registry.db import Database
from registry.errors import ValidationFailed
from registry.kalender import vandaag
from registry.offerings.service import DienstenRegister
from registry.text import neutralise

app = typer.Typer(help="The V-loket hub.", no_args_is_help=True, add_completion=False)
schema_app = typer.Typer(help="The GraphQL schema.", no_args_is_help=True)
db_app = typer.Typer(help="The database.", no_args_is_help=True)
register_app = typer.Typer(help="The register of associations.", no_args_is_help=True)
app.add_typer(schema_app, name="schema")
app.add_typer(db_app, name="db")
app.add_typer(register_app, name="register")
app.add_typer(connectors_app, name="connectors")
app.add_typer(catalog_app, name="catalog")
app.add_typer(portal_app, name="portal")
console = Console(stderr=True)

Host = Annotated[str, typer.Option(help="Address to listen on.")]
Port = Annotated[int, typer.Option(help="Port to listen on.")]


def _register(settings: Settings, db: Database) -> VerenigingenRegister:
    return VerenigingenRegister(db=db, secret=settings.secret_key.get_secret_value().encode("utf-8"))


Workers = Annotated[
    int,
    typer.Option(
        min=1,
        max=64,
        help="Server processes sharing the port, each with the same settings: one per core.",
    ),
]


def _serve(settings: Settings, host: str, port: int, workers: int) -> None:
    configure_logging(level=settings.log_level, json_output=settings.log_json)
    # Each worker builds its own hub from the environment (`hub.asgi.app`), as uvicorn's process
    # manager starts them; it restarts a worker that dies and stops them all on SIGTERM.
    uvicorn.run(
        "hub.asgi:app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        # A worker builds the whole hub before it answers uvicorn's health check: on a busy
        # machine that takes longer than uvicorn's 5 s, and it would be restarted over and over.
        timeout_worker_healthcheck=30,
        log_config=None,
        proxy_headers=True,
        loop="uvloop",
        http=settings.http_parser,
        h11_max_incomplete_event_size=settings.max_header_bytes,
    )


@app.command()
def serve(host: Host = "127.0.0.1", port: Port = 8000, workers: Workers = 1) -> None:
    """Run the hub (applies migrations first unless HUB_MIGRATE_ON_START=false)."""
    settings = Settings()
    if settings.migrate_on_start:
        Database(settings.database_url).migrate()
    _serve(settings, host, port, workers)


@app.command()
def demo(
    host: Host = "127.0.0.1",
    port: Port = 8000,
    idp_port: Annotated[int, typer.Option(help="Port of the dev IdP.")] = 8001,
    kiosk_port: Annotated[int, typer.Option(help="Port of the KIOSK sandbox.")] = 8010,
    sport_port: Annotated[int, typer.Option(help="Port of the sport federation's subgraph.")] = 8011,
    gent_port: Annotated[int, typer.Option(help="Port of the municipality Gent's sandbox.")] = 8012,
    liedekerke_port: Annotated[
        int, typer.Option(help="Port of the municipality Liedekerke's sandbox.")
    ] = 8013,
    catalog_port: Annotated[int, typer.Option(help="Port of the subsidy catalog's sandbox.")] = 8014,
) -> None:
    """Seed the demo associations (once) and run the hub with its dev IdP and sandboxes."""
    settings = Settings()
    _seed_demo(settings)
    table = Table("persona", "INSZ", title="Demo people: log in as them at the dev IdP")
    for persona in PERSONAS:
        table.add_row(f"{persona.voornaam} {persona.achternaam}", persona.insz)
    console.print(table)
    hub_url = f"http://{host}:{port}"
    if settings.oidc_issuer is not None:  # another provider: the hub alone, connectors from its file
        sites = [Site(create_app(settings), host, port)]
    else:
        ports = DemoPorts(port, idp_port, kiosk_port, sport_port, gent_port, liedekerke_port, catalog_port)
        services = demo_services(host=host, ports=ports, secret=settings.secret_key.get_secret_value())
        configured = _demo_settings(settings, hub_url=hub_url, issuer=services.issuer)
        sites = [Site(create_app(configured, connectors=services.connectors), host, port)]
        sites += [Site(app, host, app_port) for app_port, app in services.apps.items()]
        console.print(f"Dev IdP: {services.issuer}   sandboxes on ports {sorted(services.apps)}")
    console.print(f"Portal: {hub_url}/   GraphQL: {hub_url}/graphql")
    configure_logging(level=settings.log_level, json_output=settings.log_json)
    serve_all(sites, http=settings.http_parser, max_header_bytes=settings.max_header_bytes)


def _seed_demo(settings: Settings) -> None:
    db = Database(settings.database_url)
    db.migrate()

    async def seed_demo() -> tuple[int, int]:
        try:
            verenigingen = await seed(_register(settings, db))
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


@schema_app.command("export")
def export_schema(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")
    ] = None,
) -> None:
    """Print the GraphQL schema (the content of schema.graphql)."""
    text = sdl()
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, "utf-8")


@db_app.command("upgrade")
def upgrade() -> None:
    """Apply every pending migration to HUB_DATABASE_URL."""
    Database(Settings().database_url).migrate()
    console.print("Database is up to date.")


@register_app.command("import-kbo")
def import_kbo_command(
    file: Annotated[
        Path,
        typer.Argument(exists=True, dir_okay=False, readable=True, help="JSON file of KBO records."),
    ],
) -> None:
    """Import associations with legal personality from a JSON file of KBO-like records."""
    settings = Settings()
    db = Database(settings.database_url)
    db.migrate()
    try:
        records = read_records(file)
    except ValidationFailed as error:
        for fout in error.fouten:
            console.print(Text.assemble((neutralise(fout.veld), "red"), ": ", neutralise(fout.message("nl"))))
        raise typer.Exit(2) from error

    async def run() -> ImportReport:
        try:
            with Progress(console=console, transient=True) as progress:
                task = progress.add_task("Importeren", total=len(records))
                return await import_kbo(
                    _register(settings, db),
                    records,
                    progress=lambda done: progress.update(task, completed=done),
                )
        finally:
            await db.dispose()

    report = asyncio.run(run())
    console.print(
        f"{len(report.toegevoegd)} toegevoegd, {len(report.bijgewerkt)} bijgewerkt, "
        f"{len(report.ongewijzigd)} ongewijzigd, {len(report.fouten)} geweigerd."
    )
    for label, fouten in report.fouten:
        for fout in fouten:
            where = f"{label}, {fout.veld}" if fout.veld else label
            console.print(Text.assemble((neutralise(where), "red"), ": ", neutralise(fout.message("nl"))))
    if report.fouten:
        raise typer.Exit(1)


def main() -> None:
    app()
