"""What outgoing events are made of, as the rest of the hub sees them: a subscription, a pair
delivered in order, a delivery waiting or listed, a sharing under way, and the queue at a glance."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from registry.uitgaand.outbox import ONDERDELEN, Onderdeel

Status = Literal["wachtend", "afgeleverd", "mislukt"]
STATUSSEN: tuple[Status, ...] = ("wachtend", "afgeleverd", "mislukt")


@dataclass(frozen=True)
class Abonnement:
    """A subscriber (a connector by name) and the parts of an association it may receive."""

    naam: str
    delen: frozenset[Onderdeel]
    deling: bool = False
    """Whether it also hears of each sharing with itself at `startAanvraag`."""

    def wil(self, onderdelen: Sequence[str]) -> bool:
        return bool(self.delen_van(onderdelen))

    def krijgt(self, onderdelen: Sequence[str], voor: str | None) -> bool:
        """Whether an outbox event goes to it: a change to a part it may see, or a sharing with it."""
        if voor is not None:
            return self.deling and voor == self.naam
        return self.wil(onderdelen)

    def delen_van(self, onderdelen: Sequence[str]) -> list[Onderdeel]:
        """Those of `onderdelen` this subscriber may receive, in their order."""
        return [onderdeel for onderdeel in ONDERDELEN if onderdeel in self.delen and onderdeel in onderdelen]


@dataclass(frozen=True)
class Deling:
    """A sharing under way: its outbox event and its access log entry."""

    uitgaand_id: int
    toegang_id: int


@dataclass(frozen=True)
class Paar:
    """One subscriber and one association: the unit delivered in order."""

    abonnee: str
    v_code: str


@dataclass(frozen=True)
class Levering:
    """A waiting delivery with its event."""

    id: int
    uitgaand_id: int
    abonnee: str
    v_code: str
    versie: int
    gebeurtenis: str
    onderdelen: list[str]
    document: dict[str, Any]
    tijdstip: datetime
    pogingen: int
    volgende_poging: datetime | None
    traceparent: str | None = None
    """The trace of the change (W3C trace context): its event names it, its delivery continues it."""
    achter_geparkeerd: bool = False
    """An older event of the same pair is parked: this one may not go out before it."""


@dataclass(frozen=True)
class Aflevering:
    """A delivery as `vloket events` lists it."""

    id: int
    uitgaand_id: int
    abonnee: str
    v_code: str
    versie: int
    gebeurtenis: str
    status: Status
    pogingen: int
    laatste_fout: str | None
    aangemaakt_op: datetime
    volgende_poging: datetime | None
    afgeleverd_op: datetime | None


@dataclass(frozen=True)
class Stand:
    """The queue at a glance: deliveries per status, and since when the oldest one waits."""

    per_status: dict[Status, int]
    oudste_wachtend: datetime | None
    te_verdelen: int
    per_abonnee: dict[str, dict[Status, int]] = field(default_factory=dict)
    """Per subscriber that has deliveries: how many of each status."""
    falend: dict[str, int] = field(default_factory=dict)
    """Per subscriber: waiting deliveries whose last attempt failed (it is down or refusing)."""
