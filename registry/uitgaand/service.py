"""Outgoing events from the outbox to each subscriber, with every attempt recorded.

`verdeel` turns new outbox events into one delivery per subscriber that may see a changed part;
the job engine then calls `wachtend` for one (subscriber, association) pair and records each
outcome. Deliveries of one pair go out in the order of the changes (`uitgaand.id`).

`Uitgaand` is made of one part per concern: distributing (`verdeling`), sharings at
`startAanvraag` (`delingen`), the delivery queue (`wachtrij`) and looking after it (`beheer`);
what they pass around is in `model`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from registry.db import Database
from registry.uitgaand.beheer import Beheer
from registry.uitgaand.delingen import Delingen
from registry.uitgaand.verdeling import Verdeling
from registry.uitgaand.wachtrij import Wachtrij


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Uitgaand(Verdeling, Delingen, Wachtrij, Beheer):
    """The outgoing events in one store, with the clock that dates what it records."""

    db: Database
    clock: Callable[[], datetime] = field(default=_now)
