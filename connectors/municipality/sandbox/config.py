"""What one gemeente's sandbox is told at start: which municipality it is, which OpenID provider
it trusts and as whom it logs people in on its own pages, who may call its API on someone's
behalf, and its demo data."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from connectors.kiosk.sandbox.seed import DEMO_TOEGANG
from connectors.municipality.connector import audience_of
from connectors.municipality.contract import DossierDocument, FeitDocument
from connectors.municipality.sandbox.seed import demo_dossiers, demo_feiten


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, kw_only=True)
class GemeenteSandboxConfig:
    """Example::

        GemeenteSandboxConfig(
            gemeente="Liedekerke",
            nis_code="23044",
            issuer="http://127.0.0.1:8001",
            public_url="http://127.0.0.1:8021",
            client_secret="liedekerke-sandbox-geheim",
        )

    The provider must know the client `client_id` (default `gemeente-<NIS-code>-sandbox`) with
    redirect URI `{public_url}/callback`, and let the hub exchange tokens for `audience`
    (default `gemeente-<NIS-code>`).
    """

    gemeente: str
    nis_code: str
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
    dossiers: tuple[DossierDocument, ...] = ()
    """The gemeente's dossiers; by default the demo dossiers of the two demo verenigingen."""
    feiten: Mapping[str, tuple[FeitDocument, ...]] = field(default_factory=dict)
    """Per vCode, what the gemeente knows; by default the demo facts."""
    toegang: Mapping[str, frozenset[str]] = field(default_factory=lambda: dict(DEMO_TOEGANG))
    """Per vCode, the INSZ of the people who may open its dossiers on the sandbox's pages."""
    session_ttl: timedelta = timedelta(hours=8)
    leeway_seconds: int = 30
    now: Callable[[], datetime] = _now

    def __post_init__(self) -> None:
        if self.public_url.endswith("/") or self.issuer.endswith("/"):
            raise ValueError("issuer and public_url must not end with a slash")
        if not (len(self.nis_code) == 5 and self.nis_code.isdigit()):
            raise ValueError(f"a NIS-code has five digits, not {self.nis_code!r}")
        # Defaults that depend on the municipality (a frozen dataclass sets them this way).
        today = date.today()
        defaults: dict[str, object] = {
            "client_id": self.client_id or f"gemeente-{self.nis_code}-sandbox",
            "audience": self.audience or audience_of(self.nis_code),
            "dossiers": self.dossiers or demo_dossiers(self.gemeente, self.nis_code, today),
            "feiten": self.feiten or demo_feiten(self.gemeente, today),
        }
        for name, value in defaults.items():
            object.__setattr__(self, name, value)

    @property
    def redirect_uri(self) -> str:
        return f"{self.public_url}/callback"

    @property
    def session_cookie(self) -> str:
        """Per gemeente: browsers keep cookies per host, not per port, and sandboxes share a host."""
        return f"gemeente_{self.nis_code}_sessie"

    @property
    def login_cookie(self) -> str:
        return f"gemeente_{self.nis_code}_aanmelding"
