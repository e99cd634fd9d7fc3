"""The KIOSK sandbox object: what every sandbox has, and KIOSK's dossiers and drafts."""

from __future__ import annotations

from typing import Annotated

import httpx
from fastapi import Depends

from demo.sandboxes.kiosk.config import SandboxConfig
from demo.sandboxes.kiosk.store import KioskStore
from demo.sandboxes.state import SandboxBase, sandbox_of


class Sandbox(SandboxBase[SandboxConfig]):
    def __init__(self, config: SandboxConfig, http: httpx.AsyncClient) -> None:
        super().__init__(
            config, http, templates="demo.sandboxes.kiosk", echt="het echte KIOSK van de Vlaamse overheid"
        )
        self.gepusht: list[dict[str, object]] = []
        """Every event pushed to the hub, as sent (demo and tests)."""
        self.store = KioskStore(
            config.dossiers, regelingen=config.regelingen, public_url=config.public_url, now=config.now
        )


current_sandbox = sandbox_of(Sandbox)
SandboxDep = Annotated[Sandbox, Depends(current_sandbox)]
