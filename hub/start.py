"""`vloket`'s entry point. The commands' modules (nearly all of the hub and its libraries) are
imported with the cyclic collector off: what an import makes lives as long as the process, so
the collections it would set off find next to nothing, and they cost about a sixth of the time
to start. The collector is on again before any command runs."""

from __future__ import annotations

import gc


def main() -> None:
    enabled = gc.isenabled()
    gc.disable()
    try:
        from hub.cli import main as run
    finally:
        if enabled:
            gc.enable()
    run()
