"""The part of a sandbox object every sandbox has: its configuration, how it checks tokens and logs
people in, and its pages. `sandbox_app` keeps the sandbox as `app.state.sandbox`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Generic, TypeVar

import httpx
from fastapi import Depends, Request

from demo.sandboxes.rendering import Pages
from demo.sandboxes.sessions import SCOPES, PageLogins
from demo.sandboxes.settings import SandboxSettings
from demo.sandboxes.verenigingscontacten import Verenigingscontacten
from hub.auth.bearer import JwtVerifier
from hub.auth.oidc import OidcClient
from hub.auth.provider import OpenIDProvider

ALGORITHMS = ["RS256"]

C = TypeVar("C", bound=SandboxSettings, covariant=True)


class SandboxBase(Generic[C]):
    def __init__(self, config: C, http: httpx.AsyncClient, *, templates: str, echt: str) -> None:
        """`templates`: the package holding the sandbox's own templates; `echt`: what the pages
        say the sandbox is not (`het echte KIOSK van de Vlaamse overheid`)."""
        self.config = config
        self.http = http
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
        self.pages = Pages(templates, loket=config.name, echt=echt)
        self.contacten = Verenigingscontacten()
        """The associations' contact details as the hub's events told them."""


S = TypeVar("S", bound=SandboxBase[SandboxSettings])


def sandbox_of(kind: type[S]) -> Callable[[Request], S]:
    """The dependency that hands a route the app's sandbox, as the sandbox's own `kind`."""

    def current_sandbox(request: Request) -> S:
        sandbox = request.app.state.sandbox
        assert isinstance(sandbox, kind)
        return sandbox

    return current_sandbox


current_sandbox = sandbox_of(SandboxBase)
AnySandboxDep = Annotated[SandboxBase[SandboxSettings], Depends(current_sandbox)]
