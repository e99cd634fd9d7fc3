"""What the KIOSK sandbox is told at start: which OpenID provider it trusts and as whom it logs
people in on its own pages, who may call its API on someone's behalf, and its demo data."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from connectors.kiosk.contract import DossierDocument
from connectors.kiosk.sandbox.seed import DEMO_TOEGANG, REGELINGEN, demo_dossiers


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, kw_only=True)
class SandboxConfig:
    """Example::

        SandboxConfig(
            issuer="http://127.0.0.1:8001",
            public_url="http://127.0.0.1:8010",
            client_secret="kiosk-sandbox-geheim",
        )

    The provider must know the client `client_id` with redirect URI `{public_url}/callback`, and
    let the hub exchange tokens for `audience`.
    """

    issuer: str
    """The OpenID provider whose tokens the API accepts and where people log in to the pages."""
    public_url: str
    """Where browsers reach the sandbox: its pages' links and its redirect URI."""
    client_id: str = "kiosk-sandbox"
    client_secret: str
    audience: str = "kiosk"
    """The audience an API token must be made for."""
    allowed_actors: tuple[str, ...] = ("vloket-hub",)
    """Clients that may call the API on a person's behalf (the token's `act.sub`)."""
    dossiers: tuple[DossierDocument, ...] = field(default_factory=lambda: demo_dossiers(date.today()))
    regelingen: Mapping[str, str] = field(default_factory=lambda: dict(REGELINGEN))
    toegang: Mapping[str, frozenset[str]] = field(default_factory=lambda: dict(DEMO_TOEGANG))
    """Per vCode, the INSZ of the people who may open its dossiers on the sandbox's pages."""
    session_ttl: timedelta = timedelta(hours=8)
    leeway_seconds: int = 30
    now: Callable[[], datetime] = _now

    def __post_init__(self) -> None:
        if self.public_url.endswith("/") or self.issuer.endswith("/"):
            raise ValueError("issuer and public_url must not end with a slash")

    @property
    def redirect_uri(self) -> str:
        return f"{self.public_url}/callback"
