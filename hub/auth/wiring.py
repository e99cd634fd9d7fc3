"""Builds the identity layer from settings: provider, token checks, sessions, and the
authenticator that turns requests into Principals."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import httpx
from fastapi import APIRouter

from hub.auth.bearer import IntrospectionVerifier, JwtVerifier, TokenVerifier
from hub.auth.oidc import OidcClient, TokenResponse
from hub.auth.provider import OpenIDProvider
from hub.auth.resolver import Authenticator, origin_of
from hub.auth.routes import CookiePolicy, auth_router
from hub.auth.sessions import Refresh, SessionManager
from hub.auth.token_exchange import Exchange, TokenExchanger
from hub.settings import Settings
from hub.store import Store
from registry.associations.service import VerenigingenRegister
from registry.mandaten import Mandaten


@dataclass
class Identity:
    authenticator: Authenticator
    oidc: OidcClient | None
    provider: OpenIDProvider | None
    exchanger: TokenExchanger | None


def openid_client(settings: Settings, issuer: str, http: httpx.AsyncClient) -> OidcClient:
    """The hub's OpenID client at `issuer`, with the token checks its settings ask for."""
    provider = OpenIDProvider(issuer, http, refetch_interval=settings.oidc_jwks_refetch_seconds)
    verifier = JwtVerifier(
        provider,
        audience=settings.bearer_audience,
        algorithms=settings.oidc_algorithms,
        leeway=settings.oidc_leeway_seconds,
    )
    return OidcClient(
        provider,
        verifier,
        client_id=settings.oidc_client_id,
        client_secret=settings.oidc_client_secret.get_secret_value(),
        redirect_uri=f"{settings.public_url.rstrip('/')}/auth/callback",
        scopes=settings.oidc_scopes,
    )


def build_identity(
    settings: Settings,
    *,
    register: VerenigingenRegister,
    store: Store,
    http: httpx.AsyncClient,
    mandaten: Mandaten | None = None,
) -> Identity:
    provider = oidc = None
    verifier: TokenVerifier | None = None
    if settings.oidc_issuer:
        oidc = openid_client(settings, settings.oidc_issuer, http)
        provider = oidc.provider
        verifier = (
            IntrospectionVerifier(
                provider,
                client_id=settings.oidc_client_id,
                client_secret=settings.oidc_client_secret.get_secret_value(),
                audience=settings.bearer_audience,
            )
            if settings.oidc_introspection
            else oidc.verifier
        )
    sessions = SessionManager(
        store, idle=settings.session_idle_minutes * 60.0, absolute=settings.session_max_hours * 3600.0
    )
    authenticator = Authenticator(
        register=register,
        store=store,
        sessions=sessions,
        verifier=verifier,
        role_claim=settings.oidc_role_claim,
        public_origin=origin_of(settings.public_url),
        refresh=_refresh_with(oidc) if oidc else None,
        mandaten=mandaten,
    )
    exchanger = TokenExchanger(_exchange_with(oidc)) if oidc else None
    return Identity(authenticator=authenticator, oidc=oidc, provider=provider, exchanger=exchanger)


def _refresh_with(oidc: OidcClient) -> Refresh:
    async def refresh(refresh_token: str) -> tuple[TokenResponse, dict[str, object] | None]:
        tokens = await oidc.refresh(refresh_token)
        claims = await oidc.person_claims(tokens, nonce=None) if tokens.id_token else None
        return tokens, claims

    return refresh


def _exchange_with(oidc: OidcClient) -> Exchange:
    async def exchange(subject_token: str, audience: str) -> TokenResponse:
        return await oidc.exchange_token(subject_token=subject_token, audience=audience)

    return exchange


def identity_router(
    settings: Settings,
    identity: Identity,
    store: Store,
    *,
    aangemeld: Callable[[], Awaitable[None]] | None = None,
) -> APIRouter:
    return auth_router(
        oidc=identity.oidc,
        authenticator=identity.authenticator,
        store=store,
        cookies=CookiePolicy(secure=settings.secure_cookies),
        public_url=settings.public_url,
        provider_origin=origin_of(settings.oidc_issuer) if settings.oidc_issuer else "",
        exchanger=identity.exchanger,
        aangemeld=aangemeld,
    )
