"""Who is logged in on a sandbox's own pages. The service logs people in itself, as its own OpenID
client (authorization code, PKCE S256, `state` and `nonce`); a person who already has a session
at the provider comes back at once, without a login page: that is what keeps a deep link from
the V-loket logged in.

A pending login is kept under its `state` and bound to the browser that started it by a cookie
holding a secret whose digest only the sandbox knows; sessions live in memory, by a random id.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from hub.auth.oidc import OidcClient, new_secret

LOGIN_TTL = 600.0
SCOPES = "openid profile rrn"


class LoginRequired(Exception):
    """The page needs a logged-in person; the browser is sent to log in and back to `next_path`."""

    def __init__(self, next_path: str) -> None:
        self.next_path = next_path
        super().__init__(next_path)


class LoginFailed(Exception):
    """The login could not be completed; the message is for the person."""


@dataclass(frozen=True)
class PagePerson:
    sub: str
    insz: str | None
    voornaam: str
    achternaam: str

    @property
    def naam(self) -> str:
        return f"{self.voornaam} {self.achternaam}".strip()


@dataclass(frozen=True)
class LoginStart:
    url: str
    """Where the browser goes to log in."""
    binding: str
    """The secret for the browser's login cookie."""


@dataclass(frozen=True)
class _Pending:
    nonce: str
    verifier: str
    binding_digest: str
    next_path: str
    expires_at: float


@dataclass(frozen=True)
class _Session:
    person: PagePerson
    expires_at: float


class PageLogins:
    def __init__(
        self, oidc: OidcClient, *, session_ttl: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.oidc = oidc
        self._session_ttl = session_ttl
        self._clock = clock
        self._pending: dict[str, _Pending] = {}
        self._sessions: dict[str, _Session] = {}

    def person(self, session_id: str | None) -> PagePerson | None:
        session = self._sessions.get(session_id or "")
        if session is None or session.expires_at <= self._clock():
            return None
        return session.person

    async def start(self, next_path: str) -> LoginStart:
        self._forget_expired()
        state, nonce, verifier, binding = new_secret(), new_secret(), new_secret(), new_secret()
        url = await self.oidc.authorization_url(state=state, nonce=nonce, code_verifier=verifier)
        expires_at = self._clock() + LOGIN_TTL
        self._pending[state] = _Pending(nonce, verifier, _digest(binding), next_path, expires_at)
        return LoginStart(url=url, binding=binding)

    async def finish(self, *, state: str, code: str, binding: str) -> tuple[str, str]:
        """A new session for the person the provider vouches for: its id, and where to go next."""
        pending = self._pending.pop(state, None)
        if pending is None or pending.expires_at <= self._clock():
            raise LoginFailed("Deze aanmelding is onbekend of verlopen. Open de pagina opnieuw.")
        if not hmac.compare_digest(_digest(binding).encode(), pending.binding_digest.encode()):
            raise LoginFailed("Deze aanmelding is in een andere browser begonnen. Open de pagina opnieuw.")
        tokens = await self.oidc.exchange_code(code=code, code_verifier=pending.verifier)
        claims = await self.oidc.person_claims(tokens, nonce=pending.nonce)
        session_id = new_secret()
        self._sessions[session_id] = _Session(_person(claims), self._clock() + self._session_ttl)
        return session_id, pending.next_path

    def _forget_expired(self) -> None:
        now = self._clock()
        for state in [s for s, p in self._pending.items() if p.expires_at <= now]:
            del self._pending[state]
        for session_id in [s for s, session in self._sessions.items() if session.expires_at <= now]:
            del self._sessions[session_id]


def _person(claims: Mapping[str, object]) -> PagePerson:
    def text(name: str) -> str:
        value = claims.get(name)
        return value if isinstance(value, str) else ""

    if not text("sub"):
        raise LoginFailed("De aanmeldingsdienst zei niet wie je bent.")
    return PagePerson(
        sub=text("sub"), insz=text("rrn") or None, voornaam=text("given_name"), achternaam=text("family_name")
    )


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()
