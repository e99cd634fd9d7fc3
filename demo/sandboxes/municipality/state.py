"""One gemeente's sandbox object: what every sandbox has, and the gemeente's dossiers, facts and
drafts."""

from __future__ import annotations

from typing import Annotated

import httpx
from fastapi import Depends

from demo.sandboxes.municipality.config import GemeenteSandboxConfig
from demo.sandboxes.municipality.store import GemeenteStore
from demo.sandboxes.state import SandboxBase, sandbox_of


class GemeenteSandbox(SandboxBase[GemeenteSandboxConfig]):
    def __init__(self, config: GemeenteSandboxConfig, http: httpx.AsyncClient) -> None:
        super().__init__(
            config, http, templates="demo.sandboxes.municipality", echt="het echte loket van de gemeente"
        )
        self.store = GemeenteStore(
            config.dossiers, config.feiten, public_url=config.public_url, now=config.now
        )


current_sandbox = sandbox_of(GemeenteSandbox)
SandboxDep = Annotated[GemeenteSandbox, Depends(current_sandbox)]
