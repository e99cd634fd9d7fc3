"""The authorization endpoint's decisions: which requests are refused (and how), which are answered
from the SSO session, and which need the login page; then the login itself and the code."""

from __future__ import annotations

import hmac
import re
from collections.abc import Mapping
from dataclasses import dataclass

from demo.devidp.claims import Sleutel, granted_scopes
from demo.devidp.config import DevIdpConfig
from demo.devidp.errors import ErrorPage, RedirectedError
from demo.devidp.redirects import with_query
from demo.devidp.store import (
    Authentication,
    AuthorizationCode,
    AuthorizationRequest,
    PendingLogin,
    SsoSession,
    Store,
    new_secret,
)

LOGIN_PAGE_TTL = 600.0
# An S256 challenge is the base64url SHA-256 of the verifier: always 43 characters.
_S256_CHALLENGE = re.compile(r"[A-Za-z0-9_-]{43}")
_SECONDS = re.compile(r"[0-9]{1,9}")


@dataclass(frozen=True)
class Prompt:
    """What the client asks of the login: `none` (no page), `login` (always the page), `max_age`."""

    none: bool = False
    login: bool = False
    max_age: int | None = None


@dataclass(frozen=True)
class LoginResult:
    redirect_url: str
    session: SsoSession


class Authorizer:
    def __init__(self, *, config: DevIdpConfig, store: Store) -> None:
        self._config = config
        self._store = store

    def authorize(
        self, params: Mapping[str, str], *, session_id: str | None, browser_key: str | None
    ) -> str | PendingLogin:
        """The redirect URL when the request can be answered at once, else the login to show."""
        request, prompt = self.parse(params)
        self._store.forget_expired_logins(self._config.clock())
        session = self._store.live_session(session_id, self._config.clock())
        if session is not None and not prompt.login and self._fresh_enough(session, prompt):
            return self._issue_code(request, session.authentication)
        if prompt.none:
            raise _refuse(request, "login_required", "no login session, and prompt=none forbids a page")
        pending = PendingLogin(
            id=new_secret(),
            request=request,
            csrf_token=new_secret(),
            browser_key=browser_key or new_secret(),
            expires_at=self._config.clock() + LOGIN_PAGE_TTL,
        )
        self._store.pending_logins[pending.id] = pending
        return pending

    def parse(self, params: Mapping[str, str]) -> tuple[AuthorizationRequest, Prompt]:
        """Client and redirect_uri first, refused with a page; every later error goes back to the client."""
        client = self._config.client(params.get("client_id"))
        if client is None:
            raise ErrorPage("Deze toepassing is niet gekend bij de aanmeldingsdienst.")
        redirect_uri = params.get("redirect_uri", "")
        if redirect_uri not in client.redirect_uris:
            raise ErrorPage("Het terugkeeradres van deze toepassing is niet geregistreerd.")
        request = AuthorizationRequest(
            client_id=client.client_id,
            redirect_uri=redirect_uri,
            scopes=granted_scopes(params.get("scope")),
            code_challenge=params.get("code_challenge", ""),
            state=params.get("state"),
            nonce=params.get("nonce"),
        )
        _check_request(request, params)
        return request, _parse_prompt(request, params)

    def log_in(self, form: Mapping[str, str], *, browser_key: str | None) -> LoginResult:
        """The persona chosen on the login page: a new SSO session, and the client gets its code."""
        pending = self._store.pending_logins.get(form.get("request_id", ""))
        if pending is None or self._config.clock() >= pending.expires_at:
            raise ErrorPage("Deze aanmelding is verlopen. Begin opnieuw vanuit de toepassing.")
        if not (
            _same(browser_key or "", pending.browser_key)
            and _same(form.get("csrf_token", ""), pending.csrf_token)
        ):
            raise ErrorPage("Deze aanmelding komt niet van het aanmeldingsscherm in deze browser.")
        persona = self._config.persona(form.get("persona"))
        sleutel = Sleutel.from_form(form.get("sleutel"))
        if persona is None or sleutel is None:
            raise ErrorPage("Kies een persoon en een sleutel om aan te melden.")
        del self._store.pending_logins[pending.id]
        now = self._config.clock()
        session_id = new_secret()
        authentication = Authentication(persona, sleutel, auth_time=int(now), session_id=session_id)
        session = SsoSession(session_id, authentication, now + self._config.sso_session_ttl.total_seconds())
        self._store.sso_sessions[session_id] = session
        return LoginResult(self._issue_code(pending.request, authentication), session)

    def _fresh_enough(self, session: SsoSession, prompt: Prompt) -> bool:
        if prompt.max_age is None:
            return True
        return self._config.clock() <= session.authentication.auth_time + prompt.max_age

    def _issue_code(self, request: AuthorizationRequest, authentication: Authentication) -> str:
        code = new_secret()
        expires_at = self._config.clock() + self._config.code_ttl.total_seconds()
        self._store.codes[code] = AuthorizationCode(request, authentication, expires_at)
        return with_query(
            request.redirect_uri, {"code": code, "state": request.state, "iss": self._config.issuer}
        )


def _same(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def _refuse(request: AuthorizationRequest, error: str, description: str) -> RedirectedError:
    return RedirectedError(error, description, redirect_uri=request.redirect_uri, state=request.state)


def _check_request(request: AuthorizationRequest, params: Mapping[str, str]) -> None:
    response_type = params.get("response_type")
    if response_type is None:
        raise _refuse(request, "invalid_request", "response_type is required")
    if response_type != "code":
        raise _refuse(request, "unsupported_response_type", "only the code flow is supported")
    if "openid" not in request.scopes:
        raise _refuse(request, "invalid_scope", "the openid scope is required")
    if params.get("code_challenge_method") != "S256":
        raise _refuse(request, "invalid_request", "PKCE with code_challenge_method=S256 is required")
    if not _S256_CHALLENGE.fullmatch(request.code_challenge):
        raise _refuse(request, "invalid_request", "code_challenge must be a base64url S256 digest")
    if "request" in params or "request_uri" in params:
        raise _refuse(request, "request_not_supported", "request objects are not supported")


def _parse_prompt(request: AuthorizationRequest, params: Mapping[str, str]) -> Prompt:
    prompts = set(params.get("prompt", "").split())
    if "none" in prompts and len(prompts) > 1:
        raise _refuse(request, "invalid_request", "prompt=none cannot be combined with other values")
    max_age = params.get("max_age")
    if max_age is not None and not _SECONDS.fullmatch(max_age):
        raise _refuse(request, "invalid_request", "max_age must be a number of seconds")
    return Prompt(
        none="none" in prompts,
        login="login" in prompts,
        max_age=int(max_age) if max_age is not None else None,
    )
