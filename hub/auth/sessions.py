"""Server-side login sessions. The browser holds only a random id in an HttpOnly cookie; the store
keeps the rest under a hash of that id, so a copy of the store yields no usable cookie.

A session ends after `idle` without requests or `absolute` after login, whichever comes first.
Its refresh token is used and rotated here, never handed to the browser.
"""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass, field

import orjson

from hub.auth.oidc import TokenResponse, new_secret
from hub.store import Store

# Write the last-seen time back at most this often: reads need not all become writes.
TOUCH_INTERVAL = 60.0
# Refresh an access token this long before it expires.
REFRESH_MARGIN = 30.0
# How long a refresh may take before another request gives up waiting for it.
REFRESH_WAIT = 10.0


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
    extra: dict[str, object] = field(default_factory=dict)

    def take_tokens(self, tokens: TokenResponse, now: float) -> None:
        self.access_token = tokens.access_token
        self.access_expires_at = now + tokens.expires_in if tokens.expires_in else None
        # Providers that do not rotate send no new refresh token: keep the one we have.
        self.refresh_token = tokens.refresh_token or self.refresh_token
        self.id_token = tokens.id_token or self.id_token


def _key(session_id: str) -> str:
    return "sessie:" + hashlib.sha256(session_id.encode("utf-8")).hexdigest()


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
        await self.save(session)
        return session

    async def load(self, session_id: str) -> Session | None:
        raw = await self.store.get(_key(session_id))
        if raw is None:
            return None
        session = Session(id=session_id, **orjson.loads(raw))
        now = self.clock()
        if now - session.last_seen > self.idle or now - session.created_at > self.absolute:
            await self.end(session_id)
            return None
        if now - session.last_seen >= TOUCH_INTERVAL:
            session.last_seen = now
            await self.save(session)
        return session

    async def save(self, session: Session) -> None:
        now = self.clock()
        remaining = min(session.last_seen + self.idle, session.created_at + self.absolute) - now
        if remaining <= 0:
            await self.end(session.id)
            return
        document = {k: v for k, v in asdict(session).items() if k != "id"}
        await self.store.set(_key(session.id), orjson.dumps(document), ttl=remaining)

    async def end(self, session_id: str) -> None:
        await self.store.delete(_key(session_id))

    async def access_token(
        self, session: Session, refresh: Callable[[str], Awaitable[TokenResponse]]
    ) -> str | None:
        """The session's access token, refreshed (and the refresh token rotated) when it is about
        to expire. One refresh per session at a time, across replicas too: presenting a rotated
        refresh token twice would make the provider revoke the whole login."""
        if not self._expiring(session):
            return session.access_token
        lock = f"verversen:{_key(session.id)}"
        deadline = time.monotonic() + REFRESH_WAIT
        while not await self.store.add(lock, b"1", ttl=REFRESH_WAIT):
            await asyncio.sleep(0.05)  # another request or replica is refreshing this session
            if time.monotonic() > deadline:
                return None
        try:
            current = await self.load(session.id)
            if current is None:
                return None
            if self._expiring(current) and current.refresh_token:
                current.take_tokens(await refresh(current.refresh_token), self.clock())
                await self.save(current)
            session.__dict__.update(current.__dict__)
        finally:
            await self.store.delete(lock)
        return session.access_token if not self._expiring(session, margin=0) else None

    def _expiring(self, session: Session, *, margin: float = REFRESH_MARGIN) -> bool:
        expires = session.access_expires_at
        return expires is not None and expires - margin <= self.clock()
