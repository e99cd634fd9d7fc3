"""Login, logout and "on whose behalf" in the browser.

`/auth/login?next=/pad` starts the authorization code flow (PKCE S256, `state`, `nonce`); the
pending login is kept server-side under its `state` and bound to this browser by a cookie, so
a callback with another browser's `state` is refused. `/auth/callback` makes a new session (a new
id: a session id planted before login is never promoted). `/auth/logout` (a form post) ends the
session, revokes the refresh token and logs out at the provider too.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated

import orjson
import structlog
from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from hub.auth.bearer import InvalidToken, ProviderUnavailable
from hub.auth.claims import InvalidClaims, identity_from_claims
from hub.auth.oidc import OAuthError, OidcClient, new_secret
from hub.auth.provider import ProviderError
from hub.auth.resolver import SESSION_COOKIE, Authenticator
from hub.auth.sessions import Session
from hub.auth.token_exchange import TokenExchanger
from hub.store import Store
from registry.errors import RegisterError

log = structlog.get_logger("hub.auth")

LOGIN_COOKIE = "vloket_aanmelding"
PENDING_LOGIN_TTL = 600


class AuthMessage(Exception):
    """A login step that cannot go on, told to the person as a page (the portal renders it in
    their language: `titel` and `bericht` are catalog texts, `values` fill their placeholders)."""

    def __init__(
        self,
        titel: str,
        bericht: str,
        *,
        status_code: int,
        refusal: RegisterError | None = None,
        **values: object,
    ) -> None:
        self.titel = titel
        self.bericht = bericht
        self.status_code = status_code
        self.refusal = refusal
        self.values = values
        super().__init__(bericht)


def N_(message: str) -> str:  # the gettext convention for "translate later"
    return message


MAX_NEXT = 2048
"""The longest `next` a login keeps: a path on this site, never a document."""


def safe_next(target: str | None) -> str | None:
    """A path on this site, or None: never a scheme, host or protocol-relative URL."""
    target = target or "/"
    if (
        len(target) > MAX_NEXT
        or not target.startswith("/")
        or target.startswith(("//", "/\\"))
        or any(c in target for c in "\\\r\n\t")
    ):
        return None
    return target


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class CookiePolicy:
    secure: bool

    def set(
        self, response: Response, name: str, value: str, *, path: str = "/", max_age: int | None = None
    ) -> None:
        response.set_cookie(
            name, value, max_age=max_age, path=path, secure=self.secure, httponly=True, samesite="lax"
        )

    def clear(self, response: Response, name: str, *, path: str = "/") -> None:
        response.delete_cookie(name, path=path, secure=self.secure, httponly=True, samesite="lax")


def auth_router(
    *,
    oidc: OidcClient | None,
    authenticator: Authenticator,
    store: Store,
    cookies: CookiePolicy,
    public_url: str,
    provider_origin: str = "",
    exchanger: TokenExchanger | None = None,
    aangemeld: Callable[[], Awaitable[None]] | None = None,
) -> APIRouter:
    """`aangemeld`: told after each login that succeeds (the usage figures count it)."""
    router = APIRouter(tags=["login"])

    @router.get("/auth/login", include_in_schema=False, response_model=None)
    async def login(request: Request, next: str | None = None) -> Response:
        if oidc is None:
            raise AuthMessage(
                N_("Aanmelden kan niet"), N_("Aanmelden is op deze hub niet ingesteld."), status_code=503
            )
        target = safe_next(next)
        if target is None:
            raise AuthMessage(
                N_("Ongeldige bestemming"),
                N_("Na het aanmelden kunnen we u alleen naar een pagina van het V-loket zelf brengen."),
                status_code=400,
            )
        state, nonce, verifier, binding = new_secret(), new_secret(), new_secret(), new_secret()
        pending = {"nonce": nonce, "verifier": verifier, "next": target, "binding": _digest(binding)}
        await store.set(f"aanmelding:{state}", orjson.dumps(pending), ttl=PENDING_LOGIN_TTL)
        try:
            url = await oidc.authorization_url(state=state, nonce=nonce, code_verifier=verifier)
        except ProviderError as failure:
            log.warning("the OpenID provider is unreachable", reason=str(failure))
            raise AuthMessage(
                N_("Aanmelden lukt nu niet"),
                N_("De aanmeldingsdienst antwoordt niet. Probeer het over enkele minuten opnieuw."),
                status_code=503,
            ) from None
        response = RedirectResponse(url, status_code=302, headers={"Cache-Control": "no-store"})
        cookies.set(response, LOGIN_COOKIE, binding, path="/auth", max_age=PENDING_LOGIN_TTL)
        return response

    @router.get("/auth/callback", include_in_schema=False, response_model=None)
    async def callback(
        request: Request, state: str | None = None, code: str | None = None, error: str | None = None
    ) -> Response:
        if oidc is None:
            raise AuthMessage(
                N_("Aanmelden kan niet"), N_("Aanmelden is op deze hub niet ingesteld."), status_code=503
            )
        raw = await store.take(f"aanmelding:{state}") if state else None
        if raw is None:
            raise AuthMessage(
                N_("Aanmelding verlopen"),
                N_("Deze aanmelding is onbekend of verlopen. Meld u opnieuw aan."),
                status_code=400,
            )
        pending = orjson.loads(raw)
        binding = request.cookies.get(LOGIN_COOKIE, "")
        if not hmac.compare_digest(_digest(binding).encode(), str(pending["binding"]).encode()):
            raise AuthMessage(
                N_("Aanmelding geweigerd"),
                N_("Deze aanmelding is in een andere browser begonnen. Meld u hier opnieuw aan."),
                status_code=400,
            )
        if error or not code:
            log.info("login refused by the provider", error=error)
            # Only an RFC 6749 error code is shown: the query is the sender's, not the provider's.
            shown = error if error and re.fullmatch(r"[a-z_]{1,40}", error) else "invalid_request"
            raise AuthMessage(
                N_("Aanmelden mislukt"),
                N_("De aanmeldingsdienst weigerde: %(reden)s."),
                status_code=400,
                reden=shown,
            )
        try:
            session = await _new_session(pending, code)
        except (OAuthError, InvalidToken, InvalidClaims, ProviderUnavailable) as failure:
            log.warning("login failed", reason=str(failure))
            raise AuthMessage(
                N_("Aanmelden mislukt"),
                N_("De aanmelding kon niet worden bevestigd. Probeer opnieuw."),
                status_code=400,
            ) from None
        if aangemeld is not None:
            try:  # counted for the usage figures (never who); a count lost is no refused login
                await aangemeld()
            except Exception as failure:
                log.warning("could not count a login", error=str(failure))
        previous = request.cookies.get(SESSION_COOKIE)
        if previous:
            await authenticator.sessions.end(previous)
        response = RedirectResponse(pending["next"], status_code=303)
        cookies.set(response, SESSION_COOKIE, session.id)
        cookies.clear(response, LOGIN_COOKIE, path="/auth")
        return response

    async def _new_session(pending: dict[str, str], code: str) -> Session:
        assert oidc is not None
        tokens = await oidc.exchange_code(code=code, code_verifier=pending["verifier"])
        claims = await oidc.person_claims(tokens, nonce=pending["nonce"])
        identity_from_claims(claims, role_claim=authenticator.role_claim)  # refuse unusable claims now
        return await authenticator.sessions.create(claims=claims, tokens=tokens)

    @router.post("/auth/logout", include_in_schema=False, response_model=None)
    async def logout(request: Request, csrf: Annotated[str, Form()] = "") -> Response:
        session = await authenticator.session_of(request)
        if session is None:
            return RedirectResponse("/", status_code=303)
        if not hmac.compare_digest(csrf.encode(), session.csrf_token.encode()):
            raise AuthMessage(
                N_("Verzoek geweigerd"),
                N_("Dit formulier is verlopen. Laad de pagina opnieuw."),
                status_code=403,
            )
        principal = await authenticator.of_session(session, request)
        await authenticator.sessions.end(session.id)
        if exchanger is not None:
            exchanger.forget(principal)
        target = await _end_at_provider(session)
        response = RedirectResponse(target, status_code=303)
        cookies.clear(response, SESSION_COOKIE)
        return response

    async def _end_at_provider(session: Session) -> str:
        if oidc is None:
            return "/"
        try:
            if session.refresh_token:
                await oidc.revoke(session.refresh_token)
            url = await oidc.end_session_url(
                id_token_hint=session.id_token, post_logout_redirect_uri=f"{public_url.rstrip('/')}/"
            )
        except OAuthError as failure:
            log.warning("logout at the provider failed", reason=str(failure))
            return "/"
        return url or "/"

    @router.post("/auth/namens", include_in_schema=False, response_model=None)
    async def choose(
        request: Request, v_code: Annotated[str, Form(alias="vCode")], csrf: Annotated[str, Form()] = ""
    ) -> Response:
        session = await authenticator.session_of(request)
        if session is None:
            return RedirectResponse("/auth/login?next=/", status_code=303)
        principal = await authenticator.of_session(session, request)
        if not hmac.compare_digest(csrf.encode(), session.csrf_token.encode()):
            raise AuthMessage(
                N_("Verzoek geweigerd"),
                N_("Dit formulier is verlopen. Laad de pagina opnieuw."),
                status_code=403,
            )
        try:
            await authenticator.choose(principal, v_code.strip().upper())
        except RegisterError as refused:
            raise AuthMessage(N_("Kiezen kan niet"), "", status_code=403, refusal=refused) from None
        return RedirectResponse("/", status_code=303)

    return router
