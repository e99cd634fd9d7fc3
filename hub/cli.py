"""`vloket`: serve the hub, export the schema, migrate, import KBO data, and the commands that
installed packages add through the `vloket.commands` entry points (the demo's `vloket demo`)."""

from __future__ import annotations

import asyncio
import sys
from datetime import UTC, datetime
from importlib.metadata import entry_points
from pathlib import Path
from typing import Annotated

import typer
import uvicorn
from pydantic import ValidationError
from rich.console import Console
from rich.progress import Progress
from rich.text import Text
from sqlalchemy.engine import make_url

from hub.cli_catalog import catalog_app
from hub.cli_connectors import connectors_app
from hub.cli_events import events_app
from hub.cli_portal import portal_app
from hub.graphql.schema import sdl
from hub.migrate import UpgradeFailed, upgrade_store
from hub.observability import configure_logging
from hub.settings import Settings
from registry.associations.kbo_import import ImportReport, import_kbo
from registry.associations.kbo_records import read_records
from registry.associations.service import VerenigingenRegister
from registry.db import Database
from registry.errors import ValidationFailed
from registry.rapport import Gebruik
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
app.add_typer(events_app, name="events")
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
    settings = _settings()
    if settings.migrate_on_start:
        _upgrade(settings.database_url)
    _serve(settings, host, port, workers)


Concurrency = Annotated[
    int, typer.Option(min=1, max=100, help="Jobs this process runs at once (deliveries wait on the network).")
]


@app.command()
def worker(concurrency: Concurrency = 10) -> None:
    """Run a worker of the job engine (PostgreSQL): deliveries to subscribed services, retries,
    repair. Any number may run on any replica. On SQLite the hub runs its one worker itself."""
    settings = _settings()
    if make_url(settings.database_url).get_backend_name() != "postgresql":
        console.print(
            "vloket worker needs PostgreSQL (HUB_DATABASE_URL=postgresql+psycopg://…): on SQLite "
            "`vloket serve` delivers events itself, in one embedded worker."
        )
        raise typer.Exit(2)
    configure_logging(level=settings.log_level, json_output=settings.log_json)
    if settings.migrate_on_start:
        _upgrade(settings.database_url)
    from hub.events.worker import run_worker  # procrastinate and psycopg: only for a worker

    asyncio.run(run_worker(settings, concurrency=concurrency))


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
    """Apply every pending migration to HUB_DATABASE_URL (on PostgreSQL, with the job engine's
    tables)."""
    _upgrade(_settings().database_url)
    console.print("Database is up to date.")


Maand = Annotated[str | None, typer.Option(help="YYYY-MM (UTC); default: the last twelve months")]


@app.command()
def rapport(van: Maand = None, tot: Maand = None) -> None:
    """Usage per month as CSV (maand, soort, sleutel, aantal): logins, associations active,
    requests started and dossiers per service, feedback per page. No personal data."""
    from registry.rapport.report import csv_of, months

    try:
        first, last = months(van, tot, today=datetime.now(UTC).date())
    except ValueError as wrong:
        console.print(str(wrong), markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None
    settings = _settings()
    _upgrade(settings.database_url)

    async def read() -> str:
        db = Database(settings.database_url)
        try:
            return csv_of(await Gebruik(db).cijfers(first, last))
        finally:
            await db.dispose()

    sys.stdout.write(asyncio.run(read()))


def _settings() -> Settings:
    """The `HUB_*` settings, or a line per setting that is wrong (never its value: it may be a
    secret) and exit with 2."""
    try:
        return Settings()
    except ValidationError as invalid:
        for error in invalid.errors(include_input=False, include_url=False):
            where = ".".join(str(part) for part in error["loc"]) or "settings"
            console.print(
                f"HUB_{where.upper()}: {error['msg']}", markup=False, highlight=False, soft_wrap=True
            )
        raise typer.Exit(2) from None


def _upgrade(database_url: str) -> None:
    """Bring the store up to date, or say in a line why not and exit with 1."""
    try:
        upgrade_store(database_url)
    except UpgradeFailed as failed:
        console.print(str(failed), markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(1) from None


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


def _add_installed_commands(asked: str | None) -> None:
    """Commands other installed packages offer (group `vloket.commands`, each a typer command
    function): the product never imports them, so the demo stays out of what production runs.
    Only the command asked for is loaded (all of them for the list of commands): `vloket serve`
    does not pay for importing the demo."""
    for entry in entry_points(group="vloket.commands"):
        if asked is None or asked.startswith("-") or entry.name == asked:
            app.command(entry.name)(entry.load())


def main() -> None:
    _add_installed_commands(sys.argv[1] if len(sys.argv) > 1 else None)
    app()
