"""What the KIOSK sandbox is told at start: besides what every sandbox is told (its provider, its
page client, who may call its API), its demo data."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from connectors.kiosk.contract import DossierDocument
from demo.sandboxes.kiosk.seed import DEMO_TOEGANG, REGELINGEN, demo_dossiers
from demo.sandboxes.settings import SandboxSettings


@dataclass(frozen=True, kw_only=True)
class SandboxConfig(SandboxSettings):
    """Example::

        SandboxConfig(
            issuer="http://127.0.0.1:8001",
            public_url="http://127.0.0.1:8010",
            client_secret="kiosk-sandbox-geheim",
        )

    The provider must know the client `client_id` with redirect URI `{public_url}/callback`, and
    let the hub exchange tokens for `audience`.
    """

    client_id: str = "kiosk-sandbox"
    audience: str = "kiosk"
    """The audience an API token must be made for."""
    dossiers: tuple[DossierDocument, ...] = field(default_factory=lambda: demo_dossiers(date.today()))
    regelingen: Mapping[str, str] = field(default_factory=lambda: dict(REGELINGEN))
    toegang: Mapping[str, frozenset[str]] = field(default_factory=lambda: dict(DEMO_TOEGANG))
    """Per vCode, the INSZ of the people who may open its dossiers on the sandbox's pages."""

    @property
    def name(self) -> str:
        return "KIOSK"

    @property
    def realm(self) -> str:
        return "kiosk"

    @property
    def cookie_prefix(self) -> str:
        return "kiosk"
