"""What a hub worker process does while it builds its app and before it serves (`hub.asgi`); the
processes themselves are uvicorn's (`vloket serve --workers N`)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


def keep_imported() -> None:
    """Right after the hub's modules are imported (with the collector off): exempt what the
    imports made from the cyclic collector. Modules, classes, pydantic and SQLAlchemy metadata,
    some 340,000 objects, live as long as the process; a collection would walk all of them (about
    0.2 s here) to find some 2,000 objects of garbage, which stay. Every later collection, and the
    one in `settle_memory`, walks only what was made since."""
    gc.freeze()


def settle_memory() -> None:
    """Once the app is built and before serving: collect, then exempt everything that exists now
    (modules, schema, templates, metadata) from the cyclic collector. A full collection otherwise
    walks all of it, a pause of about 150 ms every few hundred requests; afterwards it walks only
    what requests left behind."""
    gc.collect()
    gc.freeze()


@contextmanager
def collector_off() -> Iterator[None]:
    """The cyclic collector off for the block, then as it was (off stays off)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextmanager
def building() -> Iterator[None]:
    """While a process imports and builds the hub: the cyclic collector off. What the build makes
    lives as long as the process, so the collections it would set off (hundreds, each walking
    more of it) find next to nothing and cost about a sixth of the start-up. Afterwards
    `settle_memory` (one collection, then the freeze), and the collector is as it was."""
    with collector_off():
        try:
            yield
        finally:
            settle_memory()
