"""A subsidy catalog simulated over real HTTP: the paged JSON-LD feed of `contract.py`, seeded
with three dozen subsidies, and a small admin API to add, change and remove them between syncs.

    PUT    /admin/diensten/{slug}   body: a CPSV-AP node; adds or changes the offering
    DELETE /admin/diensten/{slug}   removes it (the feed shows a tombstone from then on)

The catalog is public: the feed reads no token. Every change gets a modification time later
than any before it (`now`, nudged forward when the clock has not moved), so no two changes
share a moment. Example::

    with serving(create_sandbox()) as base_url:
        httpx.get(f"{base_url}/catalogus?limiet=10")
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

import orjson
from fastapi import Body, FastAPI, HTTPException, Query, Request, Response

from connectors.subsidy_catalog import contract
from demo.sandboxes.catalog_seed import ID_BASIS, demo_catalogus

Node = dict[str, Any]


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Item:
    id: str
    gewijzigd: datetime
    node: Node | None
    """None once removed: the feed shows a tombstone."""

    def als_node(self) -> Node:
        gewijzigd = {contract.GEWIJZIGD: self.gewijzigd.isoformat()}
        if self.node is None:
            return {
                "@id": self.id,
                "@type": contract.TOMBSTONE,
                "as:formerType": contract.DIENST,
                **gewijzigd,
            }
        return {**self.node, "@id": self.id, **gewijzigd}

    @property
    def positie(self) -> tuple[datetime, str]:
        return (self.gewijzigd, self.id)


class Catalogus:
    """The offerings, in memory, each with its latest modification time."""

    def __init__(self, nodes: Iterable[Node], *, now: Callable[[], datetime] = _now) -> None:
        self._now = now
        self._laatste = datetime.min.replace(tzinfo=UTC)
        self._items: dict[str, Item] = {}
        for node in nodes:
            self._bewaar(str(node["@id"]), node)

    def zet(self, slug: str, node: Node) -> Item:
        return self._bewaar(f"{ID_BASIS}/{slug}", node)

    def verwijder(self, slug: str) -> Item:
        item = self._items.get(f"{ID_BASIS}/{slug}")
        if item is None or item.node is None:
            raise HTTPException(404, f"De catalogus heeft geen dienst {slug}.")
        return self._bewaar(item.id, None)

    def pagina(
        self, *, sinds: datetime | None, na: tuple[datetime, str] | None, limiet: int
    ) -> tuple[list[Item], bool]:
        """Up to `limiet` items changed after `sinds` and past position `na`, oldest change
        first, and whether more follow. Without `sinds`, only the offerings there are now."""
        gekozen = sorted(
            (
                item
                for item in self._items.values()
                if (item.gewijzigd > sinds if sinds is not None else item.node is not None)
                and (na is None or item.positie > na)
            ),
            key=lambda item: item.positie,
        )
        return gekozen[:limiet], len(gekozen) > limiet

    def _bewaar(self, item_id: str, node: Node | None) -> Item:
        self._laatste = max(self._now(), self._laatste + timedelta(microseconds=1))
        item = Item(item_id, self._laatste, node)
        self._items[item_id] = item
        return item


def create_sandbox(nodes: Iterable[Node] | None = None, *, now: Callable[[], datetime] = _now) -> FastAPI:
    """The catalog app, seeded with `nodes` (the demo subsidies when None)."""
    catalogus = Catalogus(demo_catalogus() if nodes is None else nodes, now=now)
    app = FastAPI(title="Subsidiecatalogus (sandbox)", docs_url=None, redoc_url=None)

    @app.get("/")
    async def start() -> dict[str, str]:
        return {"naam": "Subsidiecatalogus (sandbox)", "feed": contract.PATH}

    @app.get(contract.PATH)
    async def feed(
        request: Request,
        sinds: Annotated[str | None, Query()] = None,
        na: Annotated[str | None, Query()] = None,
        limiet: Annotated[int, Query(ge=1, le=contract.MAX_LIMIET)] = 50,
    ) -> Response:
        vanaf = _tijdstip(sinds) if sinds is not None else None
        items, meer = catalogus.pagina(sinds=vanaf, na=_positie(na) if na else None, limiet=limiet)
        document: Node = {
            "@context": contract.CONTEXT_URL,
            "@id": str(request.url),
            "@type": "hydra:Collection",
            "@graph": [item.als_node() for item in items],
        }
        if meer:
            volgende = request.url.include_query_params(**{contract.NA: _cursor(items[-1])})
            document["hydra:view"] = {"@type": "hydra:PartialCollectionView", "hydra:next": str(volgende)}
        return _jsonld(document)

    @app.put("/admin/diensten/{slug}")
    async def zet(slug: str, node: Annotated[Node, Body()]) -> Response:
        return _jsonld(catalogus.zet(slug, node).als_node())

    @app.delete("/admin/diensten/{slug}", status_code=204)
    async def verwijder(slug: str) -> None:
        catalogus.verwijder(slug)

    return app


def _jsonld(document: Node) -> Response:
    return Response(orjson.dumps(document), media_type="application/ld+json")


def _tijdstip(waarde: str) -> datetime:
    try:
        moment = datetime.fromisoformat(waarde)
    except ValueError as error:
        raise HTTPException(400, f"'{waarde}' is geen tijdstip zoals 2025-03-01T09:30:00+00:00.") from error
    if moment.tzinfo is None:
        raise HTTPException(400, f"'{waarde}' heeft geen tijdzone.")
    return moment


def _cursor(item: Item) -> str:
    return base64.urlsafe_b64encode(orjson.dumps([item.gewijzigd.isoformat(), item.id])).decode()


def _positie(cursor: str) -> tuple[datetime, str]:
    try:
        gewijzigd, item_id = orjson.loads(base64.urlsafe_b64decode(cursor.encode()))
        return _tijdstip(str(gewijzigd)), str(item_id)
    except (binascii.Error, orjson.JSONDecodeError, ValueError, TypeError) as error:
        raise HTTPException(400, "Deze cursor (na) komt niet van deze catalogus.") from error
