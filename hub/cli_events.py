"""`vloket events`: the events services push to the hub, and their published contract."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from connectors.sdk.events import EVENT_TYPES, OUTBOUND_TYPES, json_schema
from connectors.sdk.http import http_client
from hub.connectors import load_connectors
from hub.events.outbound import Afleveraar
from hub.events.wiring import afleveraar, engine
from hub.settings import Settings
from registry.db import Database
from registry.text import neutralise
from registry.uitgaand.model import STATUSSEN, Aflevering, Paar, Stand
from registry.uitgaand.service import Uitgaand

events_app = typer.Typer(help="Events in and out.", no_args_is_help=True)

DEFAULT_SCHEMA_DIR = Path("docs/events")
console = Console(stderr=True)
MAX_ID = 2**53
MAX_IDS = 1000


def schema_text(event_type: str) -> str:
    return json.dumps(json_schema(event_type), indent=2, ensure_ascii=False) + "\n"


@events_app.command("schemas")
def schemas(
    output: Annotated[Path, typer.Option(help="Where the schema files go.")] = DEFAULT_SCHEMA_DIR,
) -> None:
    """Write the JSON Schema of every event type the hub takes or sends (`<type>.schema.json`)."""
    output.mkdir(parents=True, exist_ok=True)
    for event_type in [*EVENT_TYPES, *OUTBOUND_TYPES]:
        path = output / f"{event_type}.schema.json"
        path.write_text(schema_text(event_type), encoding="utf-8")
        console.print(f"wrote {path}")


Status = Annotated[
    str | None,
    typer.Option(help="Only those waiting (wachtend), delivered (afgeleverd) or parked (mislukt)."),
]


def _deliverer(settings: Settings) -> tuple[Database, Afleveraar]:
    db = Database(settings.database_url)
    return db, afleveraar(settings, db, load_connectors(settings).connectors, http_client())


async def _hand_over(settings: Settings, deliverer: Afleveraar, paren: set[Paar]) -> None:
    """On PostgreSQL the job engine delivers them now; on SQLite the hub's worker at its next round."""
    if paren and deliverer.uitgaand.db.dialect == "postgresql":
        jobs = engine(settings, deliverer, pool_size=1)
        async with jobs.app.open_async():
            await jobs.plan(paren)


@events_app.command("list")
def list_deliveries(
    status: Status = "wachtend",
    abonnee: Annotated[str | None, typer.Option(help="Only this subscriber (connector name).")] = None,
    first: Annotated[int, typer.Option(min=1, max=10_000, help="At most this many.")] = 100,
) -> None:
    """The deliveries to subscribed services, oldest first, and the queue at a glance."""
    if status is not None and status not in STATUSSEN:
        console.print(f"--status: one of {', '.join(STATUSSEN)}, not {neutralise(status)!r}")
        raise typer.Exit(2)
    settings = Settings()

    async def run() -> tuple[list[Aflevering], Stand]:
        db = Database(settings.database_url)
        try:
            uitgaand = Uitgaand(db)
            return await uitgaand.lijst(status=status, abonnee=abonnee, first=first), await uitgaand.stand()
        finally:
            await db.dispose()

    found, stand = asyncio.run(run())
    table = Table(
        "id", "event", "abonnee", "vCode", "versie", "status", "pogingen", "volgende poging", "fout"
    )
    for item in found:
        table.add_row(
            str(item.id),
            str(item.uitgaand_id),
            item.abonnee,
            item.v_code,
            str(item.versie),
            item.status,
            str(item.pogingen),
            item.volgende_poging.isoformat(timespec="seconds") if item.volgende_poging else "",
            neutralise(item.laatste_fout or ""),
        )
    Console().print(table)
    oudste = stand.oudste_wachtend.isoformat(timespec="seconds") if stand.oudste_wachtend else "-"
    console.print(
        f"wachtend {stand.per_status['wachtend']}, afgeleverd {stand.per_status['afgeleverd']}, "
        f"mislukt {stand.per_status['mislukt']}; oudste wachtend sinds {oudste}; "
        f"nog te verdelen {stand.te_verdelen}."
    )
    for abonnee, counts in sorted(stand.per_abonnee.items()):
        falend = stand.falend.get(abonnee, 0)
        console.print(
            f"{neutralise(abonnee)}: wachtend {counts['wachtend']} "
            f"(waarvan {falend} na een mislukte poging), "
            f"afgeleverd {counts['afgeleverd']}, mislukt {counts['mislukt']}"
        )


@events_app.command("retry")
def retry(
    ids: Annotated[
        list[int] | None,
        typer.Argument(
            min=1, max=MAX_ID, help="The parked deliveries to try again (ids from `events list`)."
        ),
    ] = None,
    all_parked: Annotated[bool, typer.Option("--all", help="Every parked delivery.")] = False,
) -> None:
    """Put parked deliveries back in the queue with fresh attempts, in their order."""
    if bool(ids) == all_parked:
        console.print("name the deliveries to retry, or give --all")
        raise typer.Exit(2)
    if ids is not None and len(ids) > MAX_IDS:
        console.print(f"at most {MAX_IDS} deliveries at once (or --all)")
        raise typer.Exit(2)
    settings = Settings()

    async def run() -> tuple[set[Paar], set[int]]:
        db, deliverer = _deliverer(settings)
        try:
            paren, teruggezet = await deliverer.uitgaand.opnieuw(None if all_parked else ids)
            await _hand_over(settings, deliverer, paren)
            return paren, teruggezet
        finally:
            await deliverer.http.aclose()
            await db.dispose()

    paren, teruggezet = asyncio.run(run())
    console.print(
        f"back in the queue: {len(teruggezet)} parked deliveries, "
        f"of {len(paren)} subscriber-association pairs"
    )
    not_parked = sorted(set(ids or ()) - teruggezet)
    if not_parked:
        console.print(f"not parked (unknown, waiting or delivered): {', '.join(map(str, not_parked))}")
        raise typer.Exit(1)


@events_app.command("replay")
def replay(
    abonnee: Annotated[str, typer.Argument(help="The subscriber (connector name).")],
    since: Annotated[datetime, typer.Option(help="From this moment (ISO 8601; without a zone: UTC).")],
) -> None:
    """Send a subscriber again every event since a moment that it may receive, in order."""
    settings = Settings()
    moment = since if since.tzinfo else since.replace(tzinfo=UTC)

    async def run() -> int:
        db, deliverer = _deliverer(settings)
        try:
            subscriber = deliverer.abonnees.get(abonnee)
            if subscriber is None:
                console.print(
                    f"{neutralise(abonnee)!r} subscribes to nothing: known subscribers are "
                    f"{', '.join(sorted(deliverer.abonnees)) or 'none'}"
                )
                raise typer.Exit(2)
            paren = await deliverer.uitgaand.herspeel(subscriber.abonnement, sinds=moment)
            await _hand_over(settings, deliverer, paren)
            return len(paren)
        finally:
            await deliverer.http.aclose()
            await db.dispose()

    console.print(f"queued again: the events of {asyncio.run(run())} associations")
