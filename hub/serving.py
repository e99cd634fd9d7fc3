"""What a hub worker process does once its app is built and before it serves (`hub.asgi`); the
processes themselves are uvicorn's (`vloket serve --workers N`)."""

from __future__ import annotations

import gc


def settle_memory() -> None:
    """Once the app is built and before serving: collect, then exempt everything that exists now
    (modules, schema, templates, metadata: some 200,000 objects) from the cyclic collector. A full
    collection otherwise walks all of them, a pause of about 150 ms every few hundred requests;
    afterwards it walks only what requests left behind."""
    gc.collect()
    gc.freeze()
