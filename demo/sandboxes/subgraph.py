"""A sandbox subgraph over real HTTP, for the demo and the tests: the sport federation of
`sportfederatie.py` at `/graphql`, answering only callers whose bearer token the issuer signed
for the sandbox's own audience. The person's own token, or one made for another service, is
refused with 401, as a real subgraph behind the same IdP would.

Example::

    app = create_sandbox(SandboxConfig(issuer="http://127.0.0.1:8001"))
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

import httpx
from fastapi import Depends, FastAPI, HTTPException, Request
from strawberry.fastapi import GraphQLRouter

from connectors.graphql_subgraph.sportfederatie import (
    VOORBEELDEN,
    Aansluiting,
    Sportcontext,
    build_schema,
)
from connectors.sdk.http import http_client
from hub.auth.bearer import InvalidToken, JwtVerifier, ProviderUnavailable, TokenVerifier
from hub.auth.provider import OpenIDProvider


@dataclass(frozen=True)
class SandboxConfig:
    issuer: str
    """The OpenID provider whose signed access tokens the sandbox accepts."""
    audience: str = "sportfederatie"
    """The audience a token must be made for; the hub exchanges the person's token for it."""
    aansluitingen: Mapping[str, Aansluiting] = field(default_factory=lambda: dict(VOORBEELDEN))
    """The affiliations the federation knows, by vCode."""
    leeway_seconds: int = 30


def create_sandbox(config: SandboxConfig, *, transport: httpx.AsyncBaseTransport | None = None) -> FastAPI:
    """The sandbox app; `transport` carries its calls to the issuer (discovery and keys)."""
    http = http_client(timeout=5.0, transport=transport)
    verifier = JwtVerifier(
        OpenIDProvider(config.issuer, http),
        audience=config.audience,
        algorithms=["RS256"],
        leeway=config.leeway_seconds,
    )

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        await http.aclose()

    async def context() -> Sportcontext:
        return Sportcontext(config.aansluitingen)

    app = FastAPI(
        title="Sportfederatie (sandbox)",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        lifespan=lifespan,
        dependencies=[Depends(_bearer_required(verifier))],
    )
    app.include_router(
        GraphQLRouter(build_schema(), context_getter=context, graphql_ide=None), prefix="/graphql"
    )
    return app


def _bearer_required(verifier: TokenVerifier) -> Callable[[Request], Awaitable[None]]:
    async def check(request: Request) -> None:
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise _refused("a bearer token is required")
        try:
            await verifier.verify_access_token(token.strip())
        except InvalidToken as error:
            raise _refused(str(error)) from error
        except ProviderUnavailable as error:
            raise HTTPException(503, detail=f"cannot check the token now: {error}") from error

    return check


def _refused(reason: str) -> HTTPException:
    challenge = 'Bearer error="invalid_token", error_description="' + reason.replace('"', "'") + '"'
    return HTTPException(401, detail=reason, headers={"WWW-Authenticate": challenge})
