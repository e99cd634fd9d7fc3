"""The application factory: one gemeente's e-loket simulated over real HTTP, its API and its
pages."""

from __future__ import annotations

import httpx
from fastapi import FastAPI

from demo.sandboxes.app import sandbox_app
from demo.sandboxes.municipality import api, pages
from demo.sandboxes.municipality.config import GemeenteSandboxConfig
from demo.sandboxes.municipality.state import GemeenteSandbox


def create_sandbox(
    config: GemeenteSandboxConfig, *, transport: httpx.AsyncBaseTransport | None = None
) -> FastAPI:
    """One gemeente to develop and test against; `transport` carries its calls to the provider.

    Example::

        app = create_sandbox(GemeenteSandboxConfig(gemeente="Gent", nis_code="44021", issuer=...,
                                                   public_url=..., client_secret=...))
        uvicorn.run(app, port=8021)
    """
    return sandbox_app(
        lambda http: GemeenteSandbox(config, http),
        user_agent=f"gemeente-{config.nis_code}-sandbox/0.1",
        routers=(api.router, pages.router),
        transport=transport,
    )
