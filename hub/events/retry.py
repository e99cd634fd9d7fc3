"""When a pair is tried again: the backoff between attempts, and the error that tells the job
engine how long to wait."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

from registry.uitgaand.model import Paar


@dataclass(frozen=True)
class Backoff:
    """Exponential backoff with equal jitter: before attempt n+1, between half and all of
    `first * 2**n` seconds, never more than `cap`."""

    first: float = 2.0
    cap: float = 3600.0
    random: Callable[[], float] = field(default=random.random)

    def seconds(self, attempts: int) -> float:
        ceiling = min(self.cap, self.first * 2 ** min(attempts, 32))
        jitter: float = self.random()
        return float(ceiling / 2 + jitter * ceiling / 2)


class AfleveringMislukt(Exception):
    """A pair's oldest waiting event could not be delivered (or is not due yet): try the pair
    again in `over` seconds."""

    def __init__(self, paar: Paar, over: float, reden: str) -> None:
        super().__init__(f"{paar.abonnee}/{paar.v_code}: {reden}; again in {over:.1f} s")
        self.paar = paar
        self.over = over
