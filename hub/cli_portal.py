"""`vloket portal vertalingen`: bring the message catalogs up to the texts in use: the portal's
words and the register's messages, which the portal and the API show."""

from __future__ import annotations

import typer
from rich.console import Console

from hub.portal import i18n
from registry import messages

portal_app = typer.Typer(help="The association portal.", no_args_is_help=True)


@portal_app.command("vertalingen")
def vertalingen() -> None:
    """Extract the portal's marked texts and update its Dutch and English catalogs; bring the
    register's catalogs to its message keys. Exits 1 while a text has no translation yet, after
    listing it."""
    console = Console(stderr=True)
    incomplete = False
    for domain, missing in (
        (i18n.domain(), i18n.update_catalogs()),
        (messages.MESSAGES, messages.update_catalogs()),
    ):
        for language, texts in missing.items():
            for text in texts:
                console.print(f"[yellow]{language}[/]: no text yet for {text!r} in {domain.path(language)}")
            incomplete = incomplete or bool(texts)
    if incomplete:
        raise typer.Exit(1)
    console.print("Every text has its translation.")
