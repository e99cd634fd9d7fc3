"""The sandbox object: its configuration, its data, and how it checks tokens and logs people in;
`create_sandbox` keeps it as `app.state.kiosk`."""

from __future__ import annotations

from typing import Annotated

import httpx
from fastapi import Depends, Request

from connectors.kiosk.sandbox.config import SandboxConfig
from connectors.kiosk.sandbox.sessions import SCOPES, PageLogins
from connectors.kiosk.sandbox.store import KioskStore
from hub.auth.bearer import JwtVerifier
from hub.auth.oidc import OidcClient
from hub.auth.provider import OpenIDProvider

ALGORITHMS = ["RS256"]


class Sandbox:
    def __init__(self, config: SandboxConfig, http: httpx.AsyncClient) -> None:
        self.config = config
        self.http = http
        self.store = KioskStore(
            config.dossiers, regelingen=config.regelingen, public_url=config.public_url, now=config.now
        )
        provider = OpenIDProvider(config.issuer, http)
        self.verifier = JwtVerifier(
            provider, audience=config.audience, algorithms=ALGORITHMS, leeway=config.leeway_seconds
        )
        oidc = OidcClient(
            provider,
            self.verifier,
            client_id=config.client_id,
            client_secret=config.client_secret,
            redirect_uri=config.redirect_uri,
            scopes=SCOPES,
        )
        self.logins = PageLogins(oidc, session_ttl=config.session_ttl.total_seconds())


def current_sandbox(request: Request) -> Sandbox:
    sandbox = request.app.state.kiosk
    assert isinstance(sandbox, Sandbox)
    return sandbox


SandboxDep = Annotated[Sandbox, Depends(current_sandbox)]
