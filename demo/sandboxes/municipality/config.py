"""What one gemeente's sandbox is told at start: besides what every sandbox is told (its
provider, its page client, who may call its API), which municipality it is and its demo data."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from connectors.municipality.connector import audience_of
from connectors.municipality.contract import DossierDocument, FeitDocument
from demo.sandboxes.kiosk.seed import DEMO_TOEGANG
from demo.sandboxes.municipality.seed import demo_dossiers, demo_feiten
from demo.sandboxes.settings import SandboxSettings


@dataclass(frozen=True, kw_only=True)
class GemeenteSandboxConfig(SandboxSettings):
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
    dossiers: tuple[DossierDocument, ...] = ()
    """The gemeente's dossiers; by default the demo dossiers of the two demo verenigingen."""
    feiten: Mapping[str, tuple[FeitDocument, ...]] = field(default_factory=dict)
    """Per vCode, what the gemeente knows; by default the demo facts."""
    toegang: Mapping[str, frozenset[str]] = field(default_factory=lambda: dict(DEMO_TOEGANG))
    """Per vCode, the INSZ of the people who may open its dossiers on the sandbox's pages."""

    def __post_init__(self) -> None:
        super().__post_init__()
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
    def name(self) -> str:
        return f"Gemeente {self.gemeente}"

    @property
    def realm(self) -> str:
        return "gemeente"

    @property
    def cookie_prefix(self) -> str:
        """Per gemeente: browsers keep cookies per host, not per port, and sandboxes share a host."""
        return f"gemeente_{self.nis_code}"
