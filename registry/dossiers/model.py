"""The dossier copy's values: an event as the hub takes it, a delivery and the answer it gets,
and a dossier's copy with its history as the hub gives it back."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from registry.errors import RegisterError
from registry.i18n import Language


@dataclass(frozen=True)
class DossierStand:
    """A dossier's whole state, as its service tells it."""

    titel: str
    status: str
    actie_nodig: str | None
    deadline: date | None
    verwachte_beslissing: date | None
    link: str


@dataclass(frozen=True)
class Binnenkomend:
    """One event as the hub takes it: what it is about, when its news happened, what it says."""

    id: str
    type: str
    v_code: str
    dossier_id: str | None
    """None for news about the association itself: what the service knows of it (its `data`
    becomes the service's report, `registry.dossiers.gegevens`)."""
    tijdstip: datetime
    data: dict[str, Any]
    """The event's data as it came, kept as the dossier's history."""
    stand: DossierStand | None = None
    """The dossier's new state, when the event gives it whole."""
    status: str | None = None
    """Only a new status (a decision), when the event gives no whole state."""
    link: str | None = None
    """Where the service shows what the event is about (a decision, a document)."""


@dataclass(frozen=True)
class Levering:
    """One delivery: its service, its `webhook-id`, its events."""

    bron: str
    webhook_id: str
    gebeurtenissen: tuple[Binnenkomend, ...]


@dataclass(frozen=True)
class Ontvangst:
    aanvaard: int
    """Events taken now."""
    dubbel: int
    """Events taken before, in another delivery."""
    herhaald: bool = False
    """The whole delivery was taken before (same `webhook-id`): this is the answer it got then."""

    def antwoord(self) -> dict[str, int]:
        return {"aanvaard": self.aanvaard, "dubbel": self.dubbel}


class OnbekendeVereniging(RegisterError):
    """An event names an association the register does not hold."""

    code = message_key = "UNKNOWN_VERENIGING"

    def __init__(self, v_codes: Sequence[str]) -> None:
        self.v_codes = sorted(set(v_codes))
        super().__init__(vCodes=", ".join(self.v_codes))

    def extensions(self, language: Language) -> dict[str, Any]:
        return {"code": self.code, "vCodes": self.v_codes}


@dataclass(frozen=True)
class Gebeurtenis:
    id: str
    type: str
    tijdstip: datetime
    ontvangen_op: datetime
    data: dict[str, Any]


@dataclass(frozen=True)
class DossierKopie:
    bron: str
    dossier_id: str
    v_code: str
    stand: DossierStand
    bijgewerkt_op: datetime
    historiek: tuple[Gebeurtenis, ...] = ()
    """Every event taken about it, in the order its news happened."""
