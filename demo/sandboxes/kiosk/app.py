"""The application factory: KIOSK simulated over real HTTP, its API and its pages."""

from __future__ import annotations

import httpx
from fastapi import FastAPI

from demo.sandboxes.app import sandbox_app
from demo.sandboxes.kiosk import api, behandelaar, pages
from demo.sandboxes.kiosk.config import SandboxConfig
from demo.sandboxes.kiosk.state import Sandbox


def create_sandbox(config: SandboxConfig, *, transport: httpx.AsyncBaseTransport | None = None) -> FastAPI:
    """A KIOSK to develop and test against; `transport` carries its calls to the provider.

    Example::

        app = create_sandbox(SandboxConfig(issuer=..., public_url=..., client_secret=...))
        uvicorn.run(app, port=8010)
    """
    return sandbox_app(
        lambda http: Sandbox(config, http),
        user_agent="kiosk-sandbox/0.1",
        routers=(api.dienst, api.router, pages.router, behandelaar.router),
        transport=transport,
    )
