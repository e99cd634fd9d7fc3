"""The provider's in-memory state: pending logins, SSO sessions, codes, and the token families.

A `Grant` is one login of one client: every access and refresh token that descends from it
(through refresh or token exchange) belongs to it, so revoking the grant revokes the family.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from demo.devidp.claims import Sleutel
from demo.devidp.config import DevPersona


def new_secret() -> str:
    """An unguessable value for ids, codes, opaque tokens and CSRF tokens."""
    return secrets.token_urlsafe(32)


@dataclass(frozen=True)
class Authentication:
    """Who logged in, with which key, when, and in which SSO session."""

    persona: DevPersona
    sleutel: Sleutel
    auth_time: int
    session_id: str


@dataclass(frozen=True)
class AuthorizationRequest:
    """A validated authorization request, waiting for a login or answered from the SSO session."""

    client_id: str
    redirect_uri: str
    scopes: tuple[str, ...]
    code_challenge: str
    state: str | None = None
    nonce: str | None = None


@dataclass(frozen=True)
class PendingLogin:
    """The login page's request, kept server-side; the form must come back with `csrf_token` from
    a browser holding `browser_key` in its cookie."""

    id: str
    request: AuthorizationRequest
    csrf_token: str
    browser_key: str
    expires_at: float


@dataclass(frozen=True)
class SsoSession:
    id: str
    authentication: Authentication
    expires_at: float


@dataclass
class AuthorizationCode:
    request: AuthorizationRequest
    authentication: Authentication
    expires_at: float
    presented: bool = False
    grant_id: str | None = None


@dataclass
class Grant:
    id: str
    client_id: str
    authentication: Authentication
    scopes: tuple[str, ...]
    nonce: str | None
    refresh_expires_at: float
    revoked: bool = False


@dataclass
class AccessTokenRecord:
    grant_id: str
    client_id: str
    revoked: bool = False


@dataclass
class RefreshToken:
    grant_id: str
    client_id: str
    issued_at: int
    used: bool = False
    revoked: bool = False


@dataclass
class Store:
    pending_logins: dict[str, PendingLogin] = field(default_factory=dict)
    sso_sessions: dict[str, SsoSession] = field(default_factory=dict)
    codes: dict[str, AuthorizationCode] = field(default_factory=dict)
    grants: dict[str, Grant] = field(default_factory=dict)
    access_tokens: dict[str, AccessTokenRecord] = field(default_factory=dict)
    refresh_tokens: dict[str, RefreshToken] = field(default_factory=dict)

    def live_session(self, session_id: str | None, now: float) -> SsoSession | None:
        session = self.sso_sessions.get(session_id or "")
        return session if session is not None and now < session.expires_at else None

    def forget_expired_logins(self, now: float) -> None:
        """Drop login pages nobody finished and SSO sessions past their lifetime."""
        self.pending_logins = {k: v for k, v in self.pending_logins.items() if now < v.expires_at}
        self.sso_sessions = {k: v for k, v in self.sso_sessions.items() if now < v.expires_at}

    def revoke_grant(self, grant_id: str) -> None:
        self.grants[grant_id].revoked = True

    def end_session(self, session_id: str) -> None:
        """Forget the SSO session and revoke every refresh token issued in it."""
        self.sso_sessions.pop(session_id, None)
        in_session = {
            grant.id for grant in self.grants.values() if grant.authentication.session_id == session_id
        }
        for refresh in self.refresh_tokens.values():
            if refresh.grant_id in in_session:
                refresh.revoked = True
