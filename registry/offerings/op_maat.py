"""Aanbod op maat for the hub: the matching index over the published catalog, built once and
built again only when the catalog changed.

Every change to an offering writes an event, so the newest event's number (`stand`) tells in one
cheap query whether the index in this process is still the catalog's; replicas each keep their
own and notice a change made through another at their next question.

Example::

    op_maat = AanbodOpMaat(diensten)
    matches = await op_maat.voor(vereniging, vandaag=kalender.vandaag())
"""

from __future__ import annotations

import asyncio
import gc
from dataclasses import dataclass, field
from datetime import date

from registry.associations.model import Vereniging
from registry.offerings.matching import Aanbodindex
from registry.offerings.model import Match
from registry.offerings.service import DienstenRegister


@dataclass
class AanbodOpMaat:
    diensten: DienstenRegister
    _index: Aanbodindex = field(default_factory=lambda: Aanbodindex([]))
    _stand: int | None = None
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    async def voor(self, vereniging: Vereniging, *, vandaag: date) -> list[Match]:
        """The published offerings that fit `vereniging`, best first, each with its redenen."""
        return (await self.index()).match(vereniging, vandaag=vandaag)

    async def index(self) -> Aanbodindex:
        stand = await self.diensten.catalogusstand()
        if stand != self._stand:
            async with self._lock:  # one rebuild at a time; the others wait for it
                if stand != self._stand:
                    gepubliceerd = await self.diensten.gepubliceerd()
                    gc.unfreeze()
                    self._index = Aanbodindex(gepubliceerd)
                    self._stand = stand
                    # The index lives until the catalog changes: set what is alive now apart
                    # from the collector, so it does not walk the index's many small objects on
                    # every full collection (pauses of hundreds of ms at 10,000 offerings).
                    gc.collect()
                    gc.freeze()
        return self._index
