"""The subsidy catalog connector: an external catalog of offerings (IPDC / CPSV-AP JSON-LD,
paged as `contract.py` describes) read whole as the hub's `aanbod`, or page by page from a
moment on (`paginas_sinds`): pages of expanded JSON-LD members and paging facts, which the hub's
catalog sync turns into offerings of the register.

A call for a person carries the token exchanged for the catalog's audience and ends by the
call's deadline; the sync, which acts for nobody, reads the public feed without a token, each
page within `timeout_seconds`. Example::

    catalogus = SubsidieCatalogus(
        SubsidieCatalogusConfig(name="subsidies", base_url="https://catalogus.example", besturen=("44021",))
    )
    async for pagina in catalogus.paginas_sinds(laatste_sync):
        print(len(pagina.aanwezig), "offerings changed;", len(pagina.verwijderd), "removed")
        for lid in pagina.leden:
            print(lid.id, lid.soort, lid.knopen)    # the member in expanded JSON-LD
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Mapping
from datetime import datetime
from typing import Any
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
from connectors.subsidy_catalog.aanbod import als_aanbod
from connectors.subsidy_catalog.pagina import CatalogusPagina, PaginaOnbruikbaar, Soort, lees_pagina

log = structlog.get_logger("connectors.subsidy_catalog")

_PAGINA = TypeAdapter(dict[str, Any])
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
        """Every offering the catalog has now; one that cannot be read (no Dutch title, no id,
        an unknown context) is logged and left out."""
        aanbod: list[Aanbod] = []
        async for pagina in self.paginas_sinds(None, context=context):
            for probleem in pagina.problemen:
                log.warning("unreadable catalog record", service=self.name, probleem=str(probleem))
            for lid in pagina.leden:
                if lid.soort is not Soort.DIENST:
                    continue
                gelezen = als_aanbod(lid, pagina, bron=self.config.bron)
                if gelezen is None:
                    log.warning("catalog record without id or Dutch title", service=self.name, id=lid.id)
                else:
                    aanbod.append(gelezen)
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
            document = await self._pagina(url, params, context)
            adres = str(self.http.build_request("GET", url, params=params).url)
            try:
                pagina = await asyncio.to_thread(lees_pagina, document, url=adres)
            except PaginaOnbruikbaar as error:
                raise ConnectorUnavailable(self.name, f"the page {adres} cannot be read: {error}") from error
            yield pagina
            if pagina.volgende is None:
                return
            # A next link carries its own query; params given with it would replace that query.
            url, params = self._eigen_link(pagina.volgende, gezien), None
        raise ConnectorUnavailable(self.name, f"the feed has more than {MAX_PAGINAS} pages")

    async def _pagina(
        self, url: str, params: dict[str, str | int] | None, context: CallContext | None
    ) -> dict[str, Any]:
        within = context.remaining() if context is not None else self.config.timeout_seconds
        headers = {"Accept": "application/ld+json"}
        if context is not None:
            headers["Authorization"] = f"Bearer {await context.token()}"
        return await remote_answer(
            self.name,
            lambda: self.http.send(
                self.http.build_request("GET", url, params=params, headers=headers, timeout=within),
                stream=True,
            ),
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
