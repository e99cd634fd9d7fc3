"""The subsidy catalog connector: an external catalog of offerings (IPDC / CPSV-AP JSON-LD,
paged as `contract.py` describes) read whole as the hub's `aanbod`, or page by page from a
moment on (`paginas_sinds`) for the incremental sync into the register of offerings.

A call for a person carries the token exchanged for the catalog's audience and ends by the
call's deadline; the sync, which acts for nobody, reads the public feed without a token, each
page within `timeout_seconds`. Example::

    catalogus = SubsidieCatalogus(
        SubsidieCatalogusConfig(name="subsidies", base_url="https://catalogus.example", besturen=("44021",))
    )
    async for pagina in catalogus.paginas_sinds(laatste_sync):
        print(len(pagina.aanwezig), "offerings changed;", len(pagina.verwijderd), "removed")
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from datetime import datetime
from urllib.parse import urlsplit

import structlog
from pydantic import Field, TypeAdapter, model_validator

from connectors.sdk import (
    Aanbod,
    CallContext,
    Connector,
    ConnectorConfig,
    ConnectorUnavailable,
    remote_answer,
)
from connectors.subsidy_catalog import contract
from connectors.subsidy_catalog.pagina import CatalogusPagina, PaginaDocument
from registry.offerings.importing import Record

log = structlog.get_logger("connectors.subsidy_catalog")

_PAGINA = TypeAdapter(PaginaDocument)
MAX_PAGINAS = 100_000
"""More pages than any catalog has: a feed still going past this is going round in circles."""


class SubsidieCatalogusConfig(ConnectorConfig):
    """One external catalog, and for which administrations its offerings may be published."""

    audience: str = Field(default="subsidiecatalogus", min_length=1, description="The catalog's audience.")
    bron: str = Field(
        default="",
        min_length=1,
        max_length=120,
        validate_default=True,
        description="The name its offerings are stored under (`bron`); the instance's name when not given.",
    )
    besturen: tuple[str, ...] = Field(
        min_length=1, description="Bestuur codes (NIS, NUTS2, OVO) whose offerings it may publish."
    )
    page_size: int = Field(default=100, ge=1, le=contract.MAX_LIMIET, description="Offerings per page.")

    @model_validator(mode="before")
    @classmethod
    def _bron_from_name(cls, data: object) -> object:
        if isinstance(data, Mapping) and not data.get("bron") and isinstance(data.get("name"), str):
            return {**data, "bron": data["name"]}
        return data


class SubsidieCatalogus(Connector[SubsidieCatalogusConfig]):
    kind = "subsidy_catalog"
    config_model = SubsidieCatalogusConfig

    async def aanbod(self, context: CallContext) -> list[Aanbod]:
        """Every offering the catalog has now; records it cannot read are logged and left out."""
        aanbod: list[Aanbod] = []
        async for pagina in self.paginas_sinds(None, context=context):
            for gelezen in pagina.gelezen():
                if isinstance(gelezen, Record):
                    aanbod.append(self._als_aanbod(gelezen))
                else:
                    log.warning(
                        "unreadable catalog record", service=self.name, fouten=[str(f) for f in gelezen]
                    )
        return aanbod

    async def paginas_sinds(
        self, tijdstip: datetime | None, *, context: CallContext | None = None
    ) -> AsyncIterator[CatalogusPagina]:
        """The pages of every change after `tijdstip`, removals as tombstones; with
        None, the offerings there are now. `ConnectorUnavailable` when a page cannot be had."""
        eerste: dict[str, str | int] = {contract.LIMIET: self.config.page_size}
        if tijdstip is not None:
            eerste[contract.SINDS] = tijdstip.isoformat()
        url: str = contract.PATH
        params: dict[str, str | int] | None = eerste
        gezien: set[str] = set()
        for _ in range(MAX_PAGINAS):
            pagina = CatalogusPagina.van(await self._pagina(url, params, context))
            yield pagina
            if pagina.volgende is None:
                return
            # A next link carries its own query; params given with it would replace that query.
            url, params = self._eigen_link(pagina.volgende, gezien), None
        raise ConnectorUnavailable(self.name, f"the feed has more than {MAX_PAGINAS} pages")

    async def _pagina(
        self, url: str, params: dict[str, str | int] | None, context: CallContext | None
    ) -> PaginaDocument:
        within = context.remaining() if context is not None else self.config.timeout_seconds
        headers = {"Accept": "application/ld+json"}
        if context is not None:
            headers["Authorization"] = f"Bearer {await context.token()}"
        return await remote_answer(
            self.name,
            lambda: self.http.get(url, params=params, headers=headers, timeout=within),
            _PAGINA,
            within=within,
        )

    def _eigen_link(self, link: str, gezien: set[str]) -> str:
        """`link`, when it stays at this catalog and was not followed before: the token goes
        nowhere else, and a feed pointing back at itself does not keep us going."""
        eigen, volgende = urlsplit(self.config.base_url), urlsplit(link)
        if volgende.scheme and (volgende.scheme, volgende.netloc) != (eigen.scheme, eigen.netloc):
            raise ConnectorUnavailable(
                self.name, f"the feed's next page {link} is not at {self.config.base_url}"
            )
        if link in gezien:
            raise ConnectorUnavailable(self.name, f"the feed's next page {link} was read before")
        gezien.add(link)
        return link

    def _als_aanbod(self, record: Record) -> Aanbod:
        return Aanbod(
            id=record.bron_id,
            titel=record.inhoud.titel,
            bron=self.config.bron,
            link=record.inhoud.kanaal.link,
        )
