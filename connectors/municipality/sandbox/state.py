"""The sandbox object: its configuration, its data, and how it checks tokens and logs people in;
`create_sandbox` keeps it as `app.state.gemeente`."""

from __future__ import annotations

from typing import Annotated

import httpx
from fastapi import Depends, Request

from connectors.kiosk.sandbox.sessions import SCOPES, PageLogins
from connectors.kiosk.sandbox.state import ALGORITHMS
from connectors.municipality.sandbox.config import GemeenteSandboxConfig
from connectors.municipality.sandbox.store import GemeenteStore
from hub.auth.bearer import JwtVerifier
from hub.auth.oidc import OidcClient
from hub.auth.provider import OpenIDProvider


class GemeenteSandbox:
    def __init__(self, config: GemeenteSandboxConfig, http: httpx.AsyncClient) -> None:
        self.config = config
        self.store = GemeenteStore(
            config.dossiers, config.feiten, public_url=config.public_url, now=config.now
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


def current_sandbox(request: Request) -> GemeenteSandbox:
    sandbox = request.app.state.gemeente
    assert isinstance(sandbox, GemeenteSandbox)
    return sandbox


SandboxDep = Annotated[GemeenteSandbox, Depends(current_sandbox)]
