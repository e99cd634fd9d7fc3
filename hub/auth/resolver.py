"""From a request to a `Principal`: a bearer token on the API, or the browser's session cookie.

Both give the same Principal: the person, the associations their mandates name (those of the
login's claims, and those the associations granted in the hub, read again on every request so
that a withdrawn one holds no longer), and on whose behalf they act. That choice is kept
server-side, per session or per person and API client, and made with `choose` (GraphQL
`kiesVereniging`, the portal's picker). A person who represents exactly one association acts for
it without choosing.
"""

from __future__ import annotations

import hmac
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import partial
from urllib.parse import urlsplit

import structlog
from fastapi import Request

from hub.auth.bearer import InvalidToken, TokenVerifier
from hub.auth.claims import Identity, InvalidClaims, identity_from_claims
from hub.auth.oidc import OAuthError
from hub.auth.principal import Principal
from hub.auth.sessions import Refresh, Session, SessionEnded, SessionManager
from hub.store import Store
from registry.associations.model import Vereniging
from registry.associations.service import VerenigingenRegister
from registry.errors import Forbidden, NotFound
from registry.mandaten import Mandaten, Reikwijdte

log = structlog.get_logger("hub.auth")

SESSION_COOKIE = "vloket_sessie"
CHOICE_TTL = 12 * 3600.0


class AuthenticationFailed(Exception):
    """The request carries credentials that cannot be trusted (answered with 401)."""

    def __init__(self, error: str, description: str) -> None:
        self.error = error
        self.description = description
        super().__init__(f"{error}: {description}")


class CrossSiteRequest(Exception):
    """A cookie-authenticated API call from another site (answered with 403)."""


@dataclass(frozen=True)
class Representation:
    vereniging: Vereniging
    via_mandaat: bool
    reikwijdte: Reikwijdte


@dataclass
class Authenticator:
    register: VerenigingenRegister
    store: Store
    sessions: SessionManager
    verifier: TokenVerifier | None
    role_claim: str
    public_origin: str
    refresh: Refresh | None = None
    mandaten: Mandaten | None = None
    """The mandates associations grant in the hub (None: only the register and login claims)."""

    async def __call__(self, request: Request) -> Principal | None:
        authorization = request.headers.get("authorization")
        if authorization is not None:
            return await self._from_bearer(authorization)
        session = await self.session_of(request)
        return None if session is None else await self.of_session(session, request)

    async def of_session(self, session: Session, request: Request) -> Principal:
        """The person of a session already loaded; a write must come from the hub's own site."""
        if request.method not in {"GET", "HEAD", "OPTIONS"} and not same_origin(request, self.public_origin):
            raise CrossSiteRequest()
        identity = self._identity(session.claims)
        principal = await self._principal(identity, choice_key=f"sessie:{session.id}", chosen=session.namens)
        return replace(principal, subject_token=partial(self._session_token, session))

    async def _session_token(self, session: Session) -> str | None:
        if self.refresh is None:
            return session.access_token
        try:
            return await self.sessions.access_token(session, self.refresh)
        except (OAuthError, InvalidToken, InvalidClaims, SessionEnded) as refused:
            if isinstance(refused, OAuthError) and refused.error != "invalid_grant":
                raise
            # The provider ended this login (logout elsewhere, revoked, reused): so do we.
            log.info("session ended: the provider refused its refresh", reason=str(refused))
            await self.sessions.end(session.id)
            return None

    async def session_of(self, request: Request) -> Session | None:
        session_id = request.cookies.get(SESSION_COOKIE)
        return await self.sessions.load(session_id) if session_id else None

    async def _from_bearer(self, authorization: str) -> Principal:
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise AuthenticationFailed("invalid_request", "use the Bearer scheme")
        if self.verifier is None:
            raise AuthenticationFailed("invalid_token", "this hub accepts no bearer tokens")
        try:
            claims = await self.verifier.verify_access_token(token.strip())
        except InvalidToken as error:
            raise AuthenticationFailed("invalid_token", str(error)) from error
        identity = self._identity(claims)
        key = f"keuze:{identity.client_id or '-'}:{identity.sub}"
        chosen = await self.store.get(key)
        principal = await self._principal(
            identity, choice_key=key, chosen=chosen.decode() if chosen else None
        )
        return replace(principal, subject_token=partial(_constant, token.strip()))

    def _identity(self, claims: Mapping[str, object]) -> Identity:
        try:
            return identity_from_claims(claims, role_claim=self.role_claim)
        except InvalidClaims as error:
            raise AuthenticationFailed("invalid_token", str(error)) from error

    async def _principal(self, identity: Identity, *, choice_key: str, chosen: str | None) -> Principal:
        mandated = await self._mandated(identity)
        granted = await self._granted(identity)
        verleend = frozenset(granted).difference(mandated)
        principal = Principal(
            sub=identity.sub,
            insz=identity.insz,
            voornaam=identity.voornaam,
            achternaam=identity.achternaam,
            rollen=frozenset(f"{r.rol}:{r.orgcode}" for r in identity.rollen),
            vertegenwoordigt=frozenset(mandated).union(granted),
            verleend=verleend,
            alleen_bekijken=frozenset(v for v in verleend if granted[v] is Reikwijdte.BEKIJKEN),
            client_id=identity.client_id,
            acr=identity.acr,
            organisatie=(identity.organisatie_code, identity.organisatie_naam)
            if identity.organisatie_code
            else None,
            namens=chosen,
            namens_verplicht=True,
            keuze_sleutel=choice_key,
        )
        if chosen is None:
            choices = await self.representations(principal)
            if len(choices) == 1:
                principal = _acting_for(principal, choices[0].vereniging.v_code)
        return principal

    async def _mandated(self, identity: Identity) -> list[str]:
        v_codes, kbo_nummers = identity.mandate_codes()
        if not v_codes and not kbo_nummers:
            return []
        found = await self.register.vertegenwoordigd_door(None, v_codes=v_codes, kbo_nummers=kbo_nummers)
        return [v.v_code for v in found]

    async def _granted(self, identity: Identity) -> dict[str, Reikwijdte]:
        if self.mandaten is None or identity.insz is None:
            return {}
        return await self.mandaten.geldig_voor(identity.insz)

    async def representations(self, principal: Principal) -> list[Representation]:
        """Every association the person may act for, from the register and from mandates."""
        found = await self.register.vertegenwoordigd_door(
            principal.insz, v_codes=list(principal.vertegenwoordigt)
        )
        return [
            Representation(
                vereniging=v,
                via_mandaat=not principal.in_register(v),
                reikwijdte=Reikwijdte.BEKIJKEN if principal.alleen_bekijkt(v) else Reikwijdte.BEHEREN,
            )
            for v in found
        ]

    async def choose(self, principal: Principal, v_code: str) -> Principal:
        """Act on behalf of `v_code` from now on (kept for the session or token client)."""
        vereniging = (await self.register.get_many([v_code])).get(v_code)
        if vereniging is None:
            raise NotFound("vereniging", v_code)
        if not principal.represents(vereniging):
            raise Forbidden(reden="FORBIDDEN_NOT_REPRESENTED", vCode=v_code)
        key = principal.keuze_sleutel
        if key is not None and key.startswith("sessie:"):
            session = await self.sessions.load(key.removeprefix("sessie:"))
            if session is not None:
                session.namens = v_code
                await self.sessions.save(session)
        elif key is not None:
            await self.store.set(key, v_code.encode(), ttl=CHOICE_TTL)
        return _acting_for(principal, v_code)


def same_origin(request: Request, public_origin: str) -> bool:
    """Browsers name the requesting site; a write must come from the hub's own (`public_origin`).
    Used for cookie-carrying API calls and for every portal form."""
    origin = request.headers.get("origin")
    fetch_site = request.headers.get("sec-fetch-site")
    if origin == "null":
        # A page whose referrer policy withholds its origin: the browser still says whether
        # the request comes from the same site.
        return fetch_site == "same-origin"
    if origin is not None:
        return hmac.compare_digest(origin.rstrip("/").encode(), public_origin.encode())
    return fetch_site in (None, "same-origin", "none")


async def _constant(token: str) -> str:
    return token


def _acting_for(principal: Principal, v_code: str) -> Principal:
    return replace(principal, namens=v_code)


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
