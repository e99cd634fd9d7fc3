"""`vloket portal vertalingen`: bring the portal's message catalogs up to the texts in use."""

from __future__ import annotations

import typer
from rich.console import Console

from hub.portal.i18n import domain, update_catalogs

portal_app = typer.Typer(help="The association portal.", no_args_is_help=True)


@portal_app.command("vertalingen")
def vertalingen() -> None:
    """Extract the marked texts and update the Dutch and English catalogs. Exits 1 while a text
    has no translation yet, after listing it."""
    console = Console(stderr=True)
    missing = update_catalogs()
    for language, texts in missing.items():
        for text in texts:
            console.print(
                f"[yellow]{language}[/]: no translation yet for {text!r} in {domain().path(language)}"
            )
    if any(missing.values()):
        raise typer.Exit(1)
    console.print("Every text has its translation.")
