"""Server-side login sessions. The browser holds only a random id in an HttpOnly cookie; the store
keeps the rest under a hash of that id, so a copy of the store yields no usable cookie.

A session is two records: what the browser's requests change (last seen, on whose behalf) and
what a login or refresh changes (the person's claims and tokens). Each write touches only its
own record, so a request marking the session as seen can never put back a refresh token that a
concurrent refresh has just rotated out.

A session ends after `idle` without requests or `absolute` after login, whichever comes first.
Its refresh token is used and rotated here, never handed to the browser.
"""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import orjson

from hub.auth.oidc import TokenResponse, new_secret
from hub.store import Store

# Write the last-seen time back at most this often: reads need not all become writes.
TOUCH_INTERVAL = 60.0
# Refresh an access token this long before it expires.
REFRESH_MARGIN = 30.0
# A refresh holds its lock this long at most (longer than any token request may take); others
# wait for it up to REFRESH_WAIT.
REFRESH_LOCK_TTL = 60.0
REFRESH_WAIT = 15.0

Refresh = Callable[[str], Awaitable[tuple[TokenResponse, dict[str, object] | None]]]
"""refresh token -> the provider's new tokens, and the person's claims when it sent an ID token."""


class SessionEnded(Exception):
    """The provider's answer on refresh ended the login (another person, or refused)."""


@dataclass
class Session:
    id: str
    created_at: float
    last_seen: float
    csrf_token: str
    claims: dict[str, object]
    access_token: str | None = None
    access_expires_at: float | None = None
    refresh_token: str | None = None
    id_token: str | None = None
    namens: str | None = None

    def take_tokens(self, tokens: TokenResponse, now: float) -> None:
        self.access_token = tokens.access_token
        self.access_expires_at = now + tokens.expires_in if tokens.expires_in else None
        # Providers that do not rotate send no new refresh token: keep the one we have.
        self.refresh_token = tokens.refresh_token or self.refresh_token
        self.id_token = tokens.id_token or self.id_token

    def state(self) -> dict[str, object]:
        return {
            "created_at": self.created_at,
            "last_seen": self.last_seen,
            "csrf_token": self.csrf_token,
            "namens": self.namens,
        }

    def credentials(self) -> dict[str, object]:
        return {
            "claims": self.claims,
            "access_token": self.access_token,
            "access_expires_at": self.access_expires_at,
            "refresh_token": self.refresh_token,
            "id_token": self.id_token,
        }


def _digest(session_id: str) -> str:
    return hashlib.sha256(session_id.encode("utf-8")).hexdigest()


class SessionManager:
    def __init__(
        self,
        store: Store,
        *,
        idle: float,
        absolute: float,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.store = store
        self.idle = idle
        self.absolute = absolute
        self.clock = clock

    async def create(self, *, claims: dict[str, object], tokens: TokenResponse) -> Session:
        """A new session with a new id (never one the browser brought: no fixation)."""
        now = self.clock()
        session = Session(
            id=new_secret(), created_at=now, last_seen=now, csrf_token=new_secret(), claims=claims
        )
        session.take_tokens(tokens, now)
        await self.save_credentials(session)
        await self.save(session)
        return session

    async def load(self, session_id: str) -> Session | None:
        digest = _digest(session_id)
        state, credentials = await self.store.get(f"sessie:{digest}"), await self.store.get(f"login:{digest}")
        if state is None or credentials is None:
            return None
        session = Session(id=session_id, **orjson.loads(state), **orjson.loads(credentials))
        now = self.clock()
        if now - session.last_seen > self.idle or now - session.created_at > self.absolute:
            await self.end(session_id)
            return None
        if now - session.last_seen >= TOUCH_INTERVAL:
            session.last_seen = now
            await self.save(session)
        return session

    async def save(self, session: Session) -> None:
        """Write what requests change: last seen, on whose behalf."""
        remaining = min(session.last_seen + self.idle, session.created_at + self.absolute) - self.clock()
        if remaining <= 0:
            await self.end(session.id)
            return
        await self.store.set(f"sessie:{_digest(session.id)}", orjson.dumps(session.state()), ttl=remaining)

    async def save_credentials(self, session: Session) -> None:
        """Write what a login or refresh changes: claims and tokens (kept until the absolute end)."""
        remaining = session.created_at + self.absolute - self.clock()
        if remaining > 0:
            document = orjson.dumps(session.credentials())
            await self.store.set(f"login:{_digest(session.id)}", document, ttl=remaining)

    async def end(self, session_id: str) -> None:
        digest = _digest(session_id)
        await self.store.delete(f"sessie:{digest}")
        await self.store.delete(f"login:{digest}")

    async def access_token(self, session: Session, refresh: Refresh) -> str | None:
        """The session's access token, refreshed (and the refresh token rotated) when it is about
        to expire. One refresh per session at a time, across replicas too: presenting a rotated
        refresh token twice would make the provider revoke the whole login."""
        if not self._expiring(session):
            return session.access_token
        lock, owner = f"verversen:{_digest(session.id)}", new_secret().encode()
        deadline = time.monotonic() + REFRESH_WAIT
        while not await self.store.add(lock, owner, ttl=REFRESH_LOCK_TTL):
            await asyncio.sleep(0.05)  # another request or replica is refreshing this session
            if time.monotonic() > deadline:
                return None
        try:
            current = await self.load(session.id)
            if current is None:
                return None
            if self._expiring(current) and current.refresh_token:
                await self._refresh(current, refresh)
            session.__dict__.update(current.__dict__)
        finally:
            await self.store.delete_if(lock, owner)
        return session.access_token if not self._expiring(session, margin=0) else None

    async def _refresh(self, session: Session, refresh: Refresh) -> None:
        assert session.refresh_token is not None
        tokens, claims = await refresh(session.refresh_token)
        if claims is not None:
            if claims.get("sub") != session.claims.get("sub"):
                await self.end(session.id)
                raise SessionEnded("the refreshed ID token names another person")
            session.claims = claims  # mandates and roles as the provider says now
        session.take_tokens(tokens, self.clock())
        await self.save_credentials(session)

    def _expiring(self, session: Session, *, margin: float = REFRESH_MARGIN) -> bool:
        expires = session.access_expires_at
        return expires is not None and expires - margin <= self.clock()
