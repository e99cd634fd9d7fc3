"""The context of one call from the hub to a connector: for whom, on whose behalf, until when,
and a token made for this connector's audience alone.

The person's own token is not in it, by construction: `token()` returns a token obtained by
token exchange for the connector's audience, so a connector can only act where it is meant to.

Example::

    async def dossiers(self, context: CallContext) -> list[Dossier]:
        response = await self.http.get(
            f"/verenigingen/{context.v_code}/dossiers",
            headers={"Authorization": f"Bearer {await context.token()}"},
            timeout=context.remaining(),
        )
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Protocol


class TokenProvider(Protocol):
    async def __call__(self) -> str:
        """A token for this connector's audience, valid for at least the next half minute."""
        ...


@dataclass(frozen=True)
class Person:
    sub: str
    insz: str | None
    voornaam: str | None
    achternaam: str | None


@dataclass(frozen=True)
class CallContext:
    v_code: str | None
    """The association the person acts for (None: no association chosen)."""
    person: Person | None
    token: TokenProvider = field(repr=False)
    correlation_id: str | None
    deadline: float
    """`time.monotonic()` by which the call must have finished."""

    def remaining(self) -> float:
        """Seconds left before the deadline (never negative)."""
        return max(0.0, self.deadline - time.monotonic())
