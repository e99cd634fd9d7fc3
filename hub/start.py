"""`vloket`'s entry point. The commands' modules (nearly all of the hub and its libraries) are
imported with the cyclic collector off, and what they made is then exempt from it
(`keep_imported`): it lives as long as the process, so collections would walk it over and over
and find next to nothing. That is about a third of the time to start. The collector is on again
before any command runs."""

from __future__ import annotations

from hub.serving import collector_off, keep_imported


def main() -> None:
    with collector_off():
        from hub.cli import main as run

        keep_imported()
    run()
