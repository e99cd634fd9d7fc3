"""What the portal's legal pages state, read from the settings the hub runs on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from hub.retention import Bewaartermijnen
from hub.settings import Settings


@dataclass(frozen=True)
class Beleid:
    """What the legal pages state, from the hub's settings."""

    termijnen: Bewaartermijnen
    """How long the access log and feedback are kept (what the removal job applies)."""
    gebeurtenissen: timedelta
    """How long an event delivered to a connected service is kept."""
    sessie: timedelta
    """How long a session lasts at most."""
    sessie_inactief: timedelta
    """After how long without a request a session ends."""
    privacy_contact: str | None = None

    @classmethod
    def of(cls, settings: Settings) -> Beleid:
        return cls(
            termijnen=Bewaartermijnen.of(settings),
            gebeurtenissen=timedelta(days=settings.events_retention_days),
            sessie=timedelta(hours=settings.session_max_hours),
            sessie_inactief=timedelta(minutes=settings.session_idle_minutes),
            privacy_contact=settings.privacy_contact,
        )
