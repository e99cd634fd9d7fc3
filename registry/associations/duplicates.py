"""Duplicate suspicion on registration, and the token that confirms "register it anyway".

Two associations are suspected duplicates when their names are equal once case, accents,
punctuation and word order are ignored, and they share a gemeente (or the new one names none).
The confirmation token is signed and bound to that name and those gemeenten, so it cannot be
reused for another registration, and it expires; the hub keeps no state for it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from registry.associations import repository
from registry.associations.model import Status
from registry.errors import DuplicateCandidate
from registry.text import fold, normalised_name


def _places(gemeenten: Sequence[str]) -> list[str]:
    return sorted({fold(gemeente) for gemeente in gemeenten})


async def candidates(
    session: AsyncSession, *, naam: str, gemeenten: Sequence[str]
) -> list[DuplicateCandidate]:
    places = set(_places(gemeenten))
    found = await repository.with_normalised_name(session, normalised_name(naam))
    return [
        DuplicateCandidate(v_code=v.v_code, naam=v.naam, gemeenten=v.gemeenten)
        for v in found
        if v.status is Status.ACTIEF and (not places or places & set(_places(v.gemeenten)))
    ]


async def serialise_same_name(session: AsyncSession, naam: str) -> None:
    """Hold a transaction-scoped lock on the normalised name (PostgreSQL; SQLite already
    serialises writing transactions), so concurrent registrations of one name see each other."""
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(
            text("SELECT pg_advisory_xact_lock(hashtext(:naam))"), {"naam": normalised_name(naam)}
        )


def _signature(secret: bytes, payload: str) -> str:
    digest = hmac.new(secret, payload.encode("utf-8"), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")


def _payload(naam: str, gemeenten: Sequence[str], expires: int) -> str:
    return "\x1f".join([normalised_name(naam), *_places(gemeenten), str(expires)])


def issue_token(*, secret: bytes, naam: str, gemeenten: Sequence[str], now: datetime, ttl: timedelta) -> str:
    expires = int((now + ttl).timestamp())
    return f"{expires}.{_signature(secret, _payload(naam, gemeenten, expires))}"


def token_confirms(token: str, *, secret: bytes, naam: str, gemeenten: Sequence[str], now: datetime) -> bool:
    expires_text, _, signature = token.partition(".")
    if not expires_text.isdigit() or not signature:
        return False
    expires = int(expires_text)
    expected = _signature(secret, _payload(naam, gemeenten, expires))
    return hmac.compare_digest(expected, signature) and now.timestamp() <= expires
