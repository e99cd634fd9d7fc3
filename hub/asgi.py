"""The hub as each server process builds it: `uvicorn hub.asgi:app --factory`, as
`vloket serve` runs it (once per worker), with every setting from the environment."""

from __future__ import annotations

from fastapi import FastAPI

from hub.app import create_app
from hub.observability import configure_logging
from hub.serving import settle_memory
from hub.settings import Settings


def app() -> FastAPI:
    settings = Settings()
    configure_logging(level=settings.log_level, json_output=settings.log_json)
    hub = create_app(settings)
    settle_memory()
    return hub
