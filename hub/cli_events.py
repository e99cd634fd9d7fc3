"""`vloket events`: the events services push to the hub, and their published contract."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from connectors.sdk.events import EVENT_TYPES, json_schema

events_app = typer.Typer(help="Events in and out.", no_args_is_help=True)

DEFAULT_SCHEMA_DIR = Path("docs/events")


def schema_text(event_type: str) -> str:
    return json.dumps(json_schema(event_type), indent=2, ensure_ascii=False) + "\n"


@events_app.command("schemas")
def schemas(
    output: Annotated[Path, typer.Option(help="Where the schema files go.")] = DEFAULT_SCHEMA_DIR,
) -> None:
    """Write the JSON Schema of every event type the hub takes (`<type>.schema.json`)."""
    output.mkdir(parents=True, exist_ok=True)
    for event_type in EVENT_TYPES:
        path = output / f"{event_type}.schema.json"
        path.write_text(schema_text(event_type), encoding="utf-8")
        Console(stderr=True).print(f"wrote {path}")
