"""The subsidy catalog's feed read by its JSON-LD context: pages and members in any terms their
context defines, contexts never fetched, and a member that cannot be read reported alone,
without costing what the register already holds."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from connectors.sdk import ConnectorUnavailable
from connectors.sdk.testkit import call_context, serving
from connectors.subsidy_catalog import SubsidieCatalogus, SubsidieCatalogusConfig, contract
from connectors.subsidy_catalog import jsonld as feed_jsonld
from connectors.subsidy_catalog.pagina import CatalogusPagina, Soort
from demo.sandboxes.catalog import create_sandbox
from demo.sandboxes.catalog_seed import ID_BASIS
from hub.catalog.sync import synchroniseer
from registry.offerings.importing import vocabulary
from registry.offerings.model import Dienststatus
from registry.offerings.service import DienstenRegister
from tests.connectors.test_subsidy_catalog import BESTUREN, CATALOGUS, admin, counts, diensten, node, van_bron

__all__ = ["diensten"]  # the fixture, shared with the catalog's other tests

ELDERS = "https://elders.example/context.jsonld"
BASE = "http://catalogus.test"
EIGEN_TERMEN = {
    "id": "@id",
    "soort": "@type",
    "Dienst": "http://purl.org/vocab/cpsv#PublicService",
    "Verwijderd": "https://www.w3.org/ns/activitystreams#Tombstone",
    "gewijzigd": {
        "@id": "http://purl.org/dc/terms/modified",
        "@type": "http://www.w3.org/2001/XMLSchema#dateTime",
    },
    "titel": {"@id": "http://purl.org/dc/terms/title", "@language": "nl"},
    "kanaal": "http://purl.org/vocab/cpsv#hasChannel",
    "adres": {"@id": "https://schema.org/url", "@type": "@id"},
    "weergave": "http://www.w3.org/ns/hydra/core#view",
    "volgende": {"@id": "http://www.w3.org/ns/hydra/core#next", "@type": "@id"},
}


def feed(pages: dict[str, dict[str, object]]) -> httpx.MockTransport:
    """A feed that answers each path-and-query in `pages`, and 404 to anything else."""

    def answer(request: httpx.Request) -> httpx.Response:
        sleutel = request.url.raw_path.decode()
        return httpx.Response(200, json=pages[sleutel]) if sleutel in pages else httpx.Response(404)

    return httpx.MockTransport(answer)


def connector(transport: httpx.MockTransport, *, name: str = "subsidies") -> SubsidieCatalogus:
    config = SubsidieCatalogusConfig(name=name, base_url=BASE, besturen=BESTUREN, page_size=10)
    return SubsidieCatalogus(config, transport=transport)


async def alle_paginas(catalogus: SubsidieCatalogus) -> list[CatalogusPagina]:
    async with catalogus.http:
        return [pagina async for pagina in catalogus.paginas_sinds(None)]


@pytest.fixture
def eigen_sandbox() -> Iterator[str]:
    with serving(create_sandbox()) as base_url:
        yield base_url


@pytest.fixture
async def subsidies(eigen_sandbox: str) -> AsyncIterator[SubsidieCatalogus]:
    name = f"subsidies-{uuid.uuid4().hex[:8]}"
    catalogus = SubsidieCatalogus(
        SubsidieCatalogusConfig(name=name, base_url=eigen_sandbox, besturen=BESTUREN)
    )
    yield catalogus
    await catalogus.aclose()


def test_the_connector_and_the_register_ship_the_same_catalog_context() -> None:
    assert contract.CONTEXT_URL == vocabulary.CONTEXT_URL
    assert feed_jsonld.CONTEXT_FILE.read_bytes() == vocabulary.CONTEXT_FILE.read_bytes()


async def test_a_feed_in_terms_of_its_own_context_is_paged_and_read_the_same() -> None:
    pages: dict[str, dict[str, object]] = {
        "/catalogus?limiet=10": {
            "@context": EIGEN_TERMEN,
            "@graph": [
                {
                    "id": f"{ID_BASIS}/a",
                    "soort": "Dienst",
                    "gewijzigd": "2025-03-01T09:00:00+00:00",
                    "titel": "Subsidie A",
                    "kanaal": {"adres": "https://a.example/aanvragen"},
                }
            ],
            "weergave": {"volgende": "/catalogus?na=1"},
        },
        "/catalogus?na=1": {
            "@context": EIGEN_TERMEN,
            "@graph": [
                {"id": f"{ID_BASIS}/b", "soort": "Verwijderd", "gewijzigd": "2025-03-02T09:00:00+00:00"},
                {
                    "id": f"{ID_BASIS}/c",
                    "soort": "Dienst",
                    "gewijzigd": "2025-03-03T09:00:00+02:00",
                    "titel": "C",
                },
            ],
        },
    }

    paginas = await alle_paginas(connector(feed(pages)))
    catalogus = connector(feed(pages))
    async with catalogus.http:
        aanbod = await catalogus.aanbod(call_context(audience=catalogus.config.audience))

    assert [[(lid.id, lid.soort) for lid in p.leden] for p in paginas] == [
        [(f"{ID_BASIS}/a", Soort.DIENST)],
        [(f"{ID_BASIS}/b", Soort.TOMBSTONE), (f"{ID_BASIS}/c", Soort.DIENST)],
    ]
    assert [p.laatst_gewijzigd.isoformat() for p in paginas if p.laatst_gewijzigd] == [
        "2025-03-01T09:00:00+00:00",
        "2025-03-03T09:00:00+02:00",
    ]
    assert [(a.id, a.titel, a.link) for a in aanbod] == [
        (f"{ID_BASIS}/a", "Subsidie A", "https://a.example/aanvragen"),
        (f"{ID_BASIS}/c", "C", None),
    ]


async def test_a_page_whose_context_cannot_be_had_is_an_unusable_answer() -> None:
    pages: dict[str, dict[str, object]] = {"/catalogus?limiet=10": {"@context": ELDERS, "@graph": []}}

    with pytest.raises(ConnectorUnavailable, match=f"de context {ELDERS} is niet gekend"):
        await alle_paginas(connector(feed(pages)))


async def test_a_page_with_more_members_than_any_page_may_hold_is_an_unusable_answer() -> None:
    member = {"@id": f"{ID_BASIS}/x", contract.GEWIJZIGD: "2025-03-01T09:00:00+00:00"}
    pages: dict[str, dict[str, object]] = {
        "/catalogus?limiet=10": {"@graph": [member] * (contract.MAX_LIMIET + 1)}
    }

    with pytest.raises(ConnectorUnavailable, match=f"de pagina telt {contract.MAX_LIMIET + 1} leden"):
        await alle_paginas(connector(feed(pages)))


async def test_members_that_cannot_be_read_are_reported_alone() -> None:
    diep: object = "x"
    for _ in range(feed_jsonld.MAX_DEPTH):
        diep = {"dct:description": diep}
    goed = {
        "@id": f"{ID_BASIS}/goed",
        "@type": contract.DIENST,
        contract.GEWIJZIGD: "2025-03-01T09:00:00+00:00",
    }
    pages: dict[str, dict[str, object]] = {
        "/catalogus?limiet=10": {
            "@context": contract.CONTEXT_URL,
            "@graph": [
                {**goed, "@id": f"{ID_BASIS}/elders", "@context": ELDERS},
                {**goed, "@id": f"{ID_BASIS}/diep", "cv:hasCost": diep},
                {**goed, "@id": f"{ID_BASIS}/typo", "dct:titel": "Een titel"},
                {**goed, "@id": f"{ID_BASIS}/onbekend", "titel": "Een titel"},
                goed,
            ],
        }
    }

    [pagina] = await alle_paginas(connector(feed(pages)))

    assert [(lid.id, lid.soort) for lid in pagina.leden] == [
        (f"{ID_BASIS}/elders", Soort.ONLEESBAAR),
        (f"{ID_BASIS}/diep", Soort.ONLEESBAAR),
        (f"{ID_BASIS}/typo", Soort.DIENST),  # dct:titel is an IRI of its own: not read, not dropped
        (f"{ID_BASIS}/onbekend", Soort.ONLEESBAAR),
        (f"{ID_BASIS}/goed", Soort.DIENST),
    ]
    assert [(p.plaats, p.veld) for p in pagina.problemen] == [
        (f"record 1 ({ID_BASIS}/elders)", "@context"),
        (f"record 2 ({ID_BASIS}/diep)", ""),
        (f"record 4 ({ID_BASIS}/onbekend)", "titel"),
    ]
    assert pagina.aanwezig == {lid.id for lid in pagina.leden}


async def test_a_member_with_an_unknown_context_is_reported_and_what_is_stored_stays(
    subsidies: SubsidieCatalogus, diensten: DienstenRegister, eigen_sandbox: str
) -> None:
    await synchroniseer(subsidies, diensten)
    before = (await van_bron(diensten, subsidies.config.bron))[f"{ID_BASIS}/jeugdkamp-gent"]
    await admin(
        eigen_sandbox, "PUT", "jeugdkamp-gent", {**node("jeugdkamp-gent", "Anders"), "@context": ELDERS}
    )
    await admin(eigen_sandbox, "PUT", "nieuw-gent", node("nieuw-gent", "Nieuwe subsidie"))
    await admin(eigen_sandbox, "DELETE", "erfgoed-gent")

    uitkomst = await synchroniseer(subsidies, diensten)

    assert counts(uitkomst) == (1, 0, 0, 1)  # the removal read the full listing: nothing else went
    [fout] = uitkomst.verslag.fouten
    assert (fout.plaats, fout.veld) == (f"record 1 ({ID_BASIS}/jeugdkamp-gent)", "@context")
    assert ELDERS in fout.melding
    stored = await van_bron(diensten, subsidies.config.bron)
    assert stored[f"{ID_BASIS}/jeugdkamp-gent"] == before
    assert stored[f"{ID_BASIS}/erfgoed-gent"].status is Dienststatus.GEARCHIVEERD


async def test_a_full_listing_with_a_member_without_a_readable_id_archives_nothing(
    eigen_sandbox: str, diensten: DienstenRegister
) -> None:
    name = f"subsidies-{uuid.uuid4().hex[:8]}"
    sandbox = SubsidieCatalogus(SubsidieCatalogusConfig(name=name, base_url=eigen_sandbox, besturen=BESTUREN))
    async with sandbox.http:
        eerste = await synchroniseer(sandbox, diensten)
    assert eerste.tot is not None
    tombstone = {
        "@id": f"{ID_BASIS}/erfgoed-gent",
        "@type": contract.TOMBSTONE,
        contract.GEWIJZIGD: "2099-01-01T00:00:00+00:00",
    }
    sinds = httpx.QueryParams({contract.LIMIET: 10, contract.SINDS: eerste.tot.isoformat()})
    pages: dict[str, dict[str, object]] = {
        f"/catalogus?{sinds}": {"@context": contract.CONTEXT_URL, "@graph": [tombstone]},
        "/catalogus?limiet=10": {"@context": contract.CONTEXT_URL, "@graph": [{"@context": ELDERS}]},
    }

    catalogus = connector(feed(pages), name=name)
    async with catalogus.http:
        tweede = await synchroniseer(catalogus, diensten)

    assert tweede.gearchiveerd == 0
    assert [f.melding for f in tweede.verslag.fouten if f.plaats == "catalogus"] == [
        "niets gearchiveerd: van 1 records in de volledige lijst is het @id niet te lezen"
    ]
    stored = await van_bron(diensten, name)
    assert len(stored) == CATALOGUS
    assert {d.status for d in stored.values()} == {Dienststatus.GEPUBLICEERD}
