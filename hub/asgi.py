"""The hub as each server process builds it: `uvicorn hub.asgi:app --factory`, as
`vloket serve` runs it (once per worker), with every setting from the environment."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hub.serving import building, keep_imported

if TYPE_CHECKING:
    from fastapi import FastAPI


def app() -> FastAPI:
    # The hub's modules are imported here, not when uvicorn imports this one, so that their
    # import is part of the build: with the cyclic collector off (`building`).
    with building():
        from hub.app import create_app
        from hub.observability import configure_logging
        from hub.settings import Settings

        keep_imported()  # in a worker process of `--workers N`, the imports are this one's
        settings = Settings()
        configure_logging(level=settings.log_level, json_output=settings.log_json)
        return create_app(settings)
