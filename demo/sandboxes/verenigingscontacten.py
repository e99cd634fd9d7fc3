"""What a sandbox holds of each association from the hub's events: its contact e-mail and
telephone, at the newest version heard of, and what representatives shared with it when they
started a request; each event applied once."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from connectors.sdk.events import VerenigingGedeeld, VerenigingGewijzigd

MAX_IDS = 10_000
"""Event ids remembered to apply each once: the hub resends only what it could not see taken."""
MAX_DELINGEN = 20
"""Sharings kept per association, the newest."""


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
        self._delingen: dict[str, list[VerenigingGedeeld]] = {}
        self._gewijzigd = threading.Condition()

    def _nieuw(self, event_id: str) -> bool:
        if event_id in self._toegepast:
            return False
        self._toegepast[event_id] = None
        if len(self._toegepast) > MAX_IDS:
            self._toegepast.popitem(last=False)
        return True

    def ontvang(self, event_id: str, data: VerenigingGewijzigd | VerenigingGedeeld, *, nu: datetime) -> bool:
        """Apply either event the hub sends; whether it changed anything."""
        if isinstance(data, VerenigingGedeeld):
            return self.bewaar_deling(event_id, data)
        return self.pas_toe(event_id, data, nu=nu)

    def bewaar_deling(self, event_id: str, data: VerenigingGedeeld) -> bool:
        """Keep what was shared with this service, once per event id."""
        if not self._nieuw(event_id):
            return False
        with self._gewijzigd:
            self._delingen[data.v_code] = [*self._delingen.get(data.v_code, []), data][-MAX_DELINGEN:]
            self._gewijzigd.notify_all()
        return True

    def delingen_van(self, v_code: str) -> list[VerenigingGedeeld]:
        """What representatives of `v_code` shared with this service, oldest first."""
        return list(self._delingen.get(v_code, []))

    def wacht_op_deling(self, v_code: str, *, timeout: float) -> list[VerenigingGedeeld]:
        """Block until a sharing of `v_code` arrived (tests)."""
        with self._gewijzigd:
            self._gewijzigd.wait_for(lambda: bool(self._delingen.get(v_code)), timeout=timeout)
        return self.delingen_van(v_code)

    def pas_toe(self, event_id: str, data: VerenigingGewijzigd, *, nu: datetime) -> bool:
        """Whether the event changed anything: a repeated id or an older version does not."""
        if not self._nieuw(event_id):
            return False
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
