"""What a sandbox holds of each association from the hub's events: its contact e-mail and
telephone, at the newest version heard of, each event applied once."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from connectors.sdk.events import VerenigingGewijzigd

MAX_IDS = 10_000
"""Event ids remembered to apply each once: the hub resends only what it could not see taken."""


@dataclass(frozen=True)
class Verenigingscontact:
    email: str | None
    telefoon: str | None
    versie: int
    bijgewerkt: datetime


def _eerste(contactgegevens: Sequence[dict[str, Any]], soort: str) -> str | None:
    van_soort = [c for c in contactgegevens if c.get("contactgegeventype") == soort]
    primair = [c for c in van_soort if c.get("isPrimair")]
    gekozen = primair or van_soort
    return str(gekozen[0].get("waarde")) if gekozen else None


class Verenigingscontacten:
    """Per vCode, the association's contact details at the newest version heard of."""

    def __init__(self) -> None:
        self._contacten: dict[str, Verenigingscontact] = {}
        self._toegepast: OrderedDict[str, None] = OrderedDict()
        self._gewijzigd = threading.Condition()

    def pas_toe(self, event_id: str, data: VerenigingGewijzigd, *, nu: datetime) -> bool:
        """Whether the event changed anything: a repeated id or an older version does not."""
        if event_id in self._toegepast:
            return False
        self._toegepast[event_id] = None
        if len(self._toegepast) > MAX_IDS:
            self._toegepast.popitem(last=False)
        bekend = self._contacten.get(data.v_code)
        if "contactgegevens" not in data.waarden or (bekend is not None and bekend.versie >= data.versie):
            return False
        contactgegevens = data.waarden["contactgegevens"]
        with self._gewijzigd:
            self._contacten[data.v_code] = Verenigingscontact(
                email=_eerste(contactgegevens, "E-mail"),
                telefoon=_eerste(contactgegevens, "Telefoon"),
                versie=data.versie,
                bijgewerkt=nu,
            )
            self._gewijzigd.notify_all()
        return True

    def van(self, v_code: str) -> Verenigingscontact | None:
        return self._contacten.get(v_code)

    def wacht_op(self, v_code: str, versie: int, *, timeout: float) -> Verenigingscontact | None:
        """Block until the contact details of `v_code` at `versie` (or later) arrived (tests)."""
        with self._gewijzigd:
            self._gewijzigd.wait_for(
                lambda: (found := self._contacten.get(v_code)) is not None and found.versie >= versie,
                timeout=timeout,
            )
        return self._contacten.get(v_code)
