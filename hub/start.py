"""`vloket`'s entry point. The commands' modules (nearly all of the hub and its libraries) are
imported with the cyclic collector off: what an import makes lives as long as the process, so
the collections it would set off find next to nothing, and they cost about a sixth of the time
to start. The collector is on again before any command runs."""

from __future__ import annotations

from hub.serving import collector_off


def main() -> None:
    with collector_off():
        from hub.cli import main as run
    run()
