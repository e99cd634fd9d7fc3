"""What every sandbox is told at start: which OpenID provider it trusts and as whom it logs people
in on its own pages, who may call its API on someone's behalf, and how it calls itself. A sandbox's
own config adds its data and says its names."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, kw_only=True)
class SandboxSettings(ABC):
    issuer: str
    """The OpenID provider whose tokens the API accepts and where people log in to the pages."""
    public_url: str
    """Where browsers reach the sandbox: its pages' links and its redirect URI."""
    client_secret: str
    client_id: str = ""
    audience: str = ""
    """The audience an API token must be made for."""
    allowed_actors: tuple[str, ...] = ("vloket-hub",)
    """Clients that may call the API on a person's behalf (the token's `act.sub`)."""
    session_ttl: timedelta = timedelta(hours=8)
    leeway_seconds: int = 30
    now: Callable[[], datetime] = _now
    webhook_secret: str | None = None
    hub_events_url: str | None = None
    """Where it pushes its dossiers' news (the hub's `/events/{its connector}`), signed with
    `webhook_secret`; none: it pushes nothing."""
    """Checks the events the hub sends to `/vloket/events` (its connector's `webhook_secret`);
    none: the sandbox subscribes to nothing."""

    def __post_init__(self) -> None:
        if self.public_url.endswith("/") or self.issuer.endswith("/"):
            raise ValueError("issuer and public_url must not end with a slash")

    @property
    def redirect_uri(self) -> str:
        return f"{self.public_url}/callback"

    @property
    @abstractmethod
    def name(self) -> str:
        """The service's name on its pages and in its refusals, e.g. `KIOSK`."""

    @property
    @abstractmethod
    def realm(self) -> str:
        """The realm of its `WWW-Authenticate` challenge."""

    @property
    @abstractmethod
    def cookie_prefix(self) -> str:
        """Its cookies' prefix: browsers keep cookies per host, not per port, and sandboxes
        share a host, so each sandbox needs its own."""

    @property
    def session_cookie(self) -> str:
        return f"{self.cookie_prefix}_sessie"

    @property
    def login_cookie(self) -> str:
        return f"{self.cookie_prefix}_aanmelding"
