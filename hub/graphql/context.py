"""Per-request GraphQL context: the register, who is asking, in which language, and loaders."""

from __future__ import annotations

from strawberry.dataloader import DataLoader
from strawberry.fastapi import BaseContext

from hub.auth.principal import Principal
from registry.associations.model import Gebeurtenis, Vereniging
from registry.associations.service import VerenigingenRegister
from registry.messages import Language


class Context(BaseContext):
    def __init__(
        self,
        *,
        register: VerenigingenRegister,
        principal: Principal | None,
        language: Language,
        max_page_size: int,
    ) -> None:
        super().__init__()
        self.register = register
        self.principal = principal
        self.language = language
        self.max_page_size = max_page_size
        # One loader per request: every `Vereniging` asked for in this request, by any path
        # (`_entities` included), is fetched in one query per batch.
        self.verenigingen: DataLoader[str, Vereniging | None] = DataLoader(load_fn=self._load_verenigingen)
        self.historiek: DataLoader[str, list[Gebeurtenis]] = DataLoader(load_fn=self._load_historiek)

    async def _load_verenigingen(self, v_codes: list[str]) -> list[Vereniging | None]:
        found = await self.register.get_many(v_codes)
        return [found.get(v_code) for v_code in v_codes]

    async def _load_historiek(self, v_codes: list[str]) -> list[list[Gebeurtenis]]:
        found = await self.register.historiek_of(v_codes)
        return [found[v_code] for v_code in v_codes]
