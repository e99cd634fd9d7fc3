"""The subsidy catalog: its sandbox feed over real HTTP, the connector's `aanbod`, the SDK's
conformance suite, and the incremental sync into the register of offerings (SQLite and
PostgreSQL)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from connectors.sdk import ConnectorUnavailable, capabilities_of
from connectors.sdk.testkit import ConformanceSuite, Responses, call_context, free_port, json_answer, serving
from connectors.subsidy_catalog import SubsidieCatalogus, SubsidieCatalogusConfig, contract
from demo.sandboxes.catalog import create_sandbox
from demo.sandboxes.catalog_seed import ID_BASIS, demo_catalogus
from hub.catalog.sync import SyncUitkomst, synchroniseer
from registry.db import Database
from registry.errors import NotFound
from registry.offerings.model import Dienst, Dienststatus
from registry.offerings.service import DienstenRegister, Uitgever
from registry.offerings.sync_state import laatste_sync

BESTUREN = ("OVO000001", "BE23", "44021", "23044")
CATALOGUS = len(demo_catalogus())
IEDEREEN = Uitgever(door="test", besturen=None)


@pytest.fixture(scope="module")
def sandbox() -> Iterator[str]:
    """Shared by the tests that only read it."""
    with serving(create_sandbox()) as base_url:
        yield base_url


@pytest.fixture
def eigen_sandbox() -> Iterator[str]:
    """A catalog of the test's own, to change."""
    with serving(create_sandbox()) as base_url:
        yield base_url


def catalogus(
    base_url: str, *, besturen: tuple[str, ...] = BESTUREN, page_size: int = 10
) -> SubsidieCatalogus:
    name = f"subsidies-{uuid.uuid4().hex[:8]}"  # a bron of its own: the PostgreSQL store is shared
    return SubsidieCatalogus(
        SubsidieCatalogusConfig(name=name, base_url=base_url, besturen=besturen, page_size=page_size)
    )


@pytest.fixture
async def subsidies(eigen_sandbox: str) -> AsyncIterator[SubsidieCatalogus]:
    connector = catalogus(eigen_sandbox)
    yield connector
    await connector.aclose()


@pytest.fixture
def diensten(db: Database) -> DienstenRegister:
    return DienstenRegister(db=db)


async def admin(base_url: str, method: str, slug: str, node: dict[str, object] | None = None) -> None:
    async with httpx.AsyncClient(base_url=base_url) as client:
        response = await client.request(method, f"/admin/diensten/{slug}", json=node)
    response.raise_for_status()


async def van_bron(register: DienstenRegister, bron: str) -> dict[str, Dienst]:
    """The newest version of every offering of `bron`, by its id there."""
    found = await register.van_uitgever(uitgever=IEDEREEN)
    return {d.bron_id: d for d in found if d.bron == bron and d.bron_id is not None}


def node(slug: str, titel: str) -> dict[str, object]:
    [template] = [n for n in demo_catalogus() if n["@id"] == f"{ID_BASIS}/jeugdkamp-gent"]
    return {**template, "@id": f"{ID_BASIS}/{slug}", "dct:title": {"nl": titel}}


def counts(uitkomst: SyncUitkomst) -> tuple[int, int, int, int]:
    verslag = uitkomst.verslag
    return len(verslag.nieuw), len(verslag.gewijzigd), len(verslag.ongewijzigd), uitkomst.gearchiveerd


# --- the sandbox feed ---------------------------------------------------------------------------


async def pages(base_url: str, first: str) -> AsyncIterator[dict[str, Any]]:
    async with httpx.AsyncClient(base_url=base_url) as client:
        url: str | None = first
        while url is not None:
            page = (await client.get(url)).raise_for_status().json()
            yield page
            view = page.get("hydra:view") or {}
            url = view.get("hydra:next")


async def test_the_feed_lists_the_whole_catalog_page_by_page_oldest_change_first(sandbox: str) -> None:
    members = [m async for page in pages(sandbox, "/catalogus?limiet=7") for m in page["@graph"]]

    assert len(members) == len({m["@id"] for m in members}) == CATALOGUS
    assert [m["dct:modified"] for m in members] == sorted(m["dct:modified"] for m in members)


async def test_an_offering_changed_while_paging_moves_to_the_end_and_none_is_skipped(
    eigen_sandbox: str,
) -> None:
    seen: list[str] = []
    async for page in pages(eigen_sandbox, "/catalogus?limiet=10"):
        seen += [m["@id"] for m in page["@graph"]]
        if len(seen) == 10:  # change one already read and one not yet read
            await admin(eigen_sandbox, "PUT", "jeugdkamp-vlaanderen", node("jeugdkamp-vlaanderen", "Nieuw"))
            await admin(eigen_sandbox, "PUT", "werk-liedekerke", node("werk-liedekerke", "Nieuw"))

    assert set(seen) == {n["@id"] for n in demo_catalogus()}
    assert seen[-2:] == [f"{ID_BASIS}/jeugdkamp-vlaanderen", f"{ID_BASIS}/werk-liedekerke"]


async def test_changes_after_a_moment_include_removals_as_tombstones(eigen_sandbox: str) -> None:
    [last] = [p["@graph"][-1] async for p in pages(eigen_sandbox, "/catalogus?limiet=500")]
    await admin(eigen_sandbox, "DELETE", "erfgoed-gent")
    await admin(eigen_sandbox, "PUT", "nieuw", node("nieuw", "Nieuwe subsidie"))

    sinds = quote(str(last["dct:modified"]))
    changes = [m async for p in pages(eigen_sandbox, f"/catalogus?sinds={sinds}") for m in p["@graph"]]
    now = [m["@id"] async for p in pages(eigen_sandbox, "/catalogus?limiet=500") for m in p["@graph"]]

    assert [(m["@id"], m["@type"]) for m in changes] == [
        (f"{ID_BASIS}/erfgoed-gent", contract.TOMBSTONE),
        (f"{ID_BASIS}/nieuw", contract.DIENST),
    ]
    assert f"{ID_BASIS}/erfgoed-gent" not in now


@pytest.mark.parametrize(
    ("query", "status"),
    [("sinds=gisteren", 400), ("sinds=2025-01-01T00:00:00", 400), ("na=rommel", 400), ("limiet=0", 422)],
)
async def test_a_question_the_feed_cannot_answer_is_refused(sandbox: str, query: str, status: int) -> None:
    async with httpx.AsyncClient(base_url=sandbox) as client:
        response = await client.get(f"/catalogus?{query}")

    assert response.status_code == status, response.text


async def test_removing_an_offering_the_catalog_does_not_have_is_not_found(eigen_sandbox: str) -> None:
    async with httpx.AsyncClient(base_url=eigen_sandbox) as client:
        response = await client.delete("/admin/diensten/bestaat-niet")

    assert response.status_code == 404


# --- the connector ------------------------------------------------------------------------------


async def test_aanbod_lists_every_offering_of_the_catalog(sandbox: str) -> None:
    connector = catalogus(sandbox)
    async with connector.http:
        aanbod = await connector.aanbod(call_context(audience=connector.config.audience))

    assert capabilities_of(connector) == ["Offerings"]
    assert len(aanbod) == CATALOGUS
    assert {a.bron for a in aanbod} == {connector.config.bron}
    assert all(a.id.startswith(ID_BASIS) and a.link for a in aanbod)


async def test_a_next_page_elsewhere_is_not_followed() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        view = {"hydra:next": "https://elders.example/catalogus?na=x"}
        return httpx.Response(200, json={"@graph": [], "hydra:view": view})

    connector = SubsidieCatalogus(
        SubsidieCatalogusConfig(name="subsidies", base_url="http://catalogus.test", besturen=("44021",)),
        transport=httpx.MockTransport(answer),
    )
    async with connector.http:
        with pytest.raises(ConnectorUnavailable, match=r"elders\.example"):
            await connector.aanbod(call_context(audience="subsidiecatalogus"))


def test_the_bron_is_the_instance_name_unless_told_otherwise() -> None:
    base = {"name": "subsidies", "base_url": "http://catalogus.test", "besturen": ["44021"]}

    assert SubsidieCatalogusConfig.model_validate(base).bron == "subsidies"
    assert SubsidieCatalogusConfig.model_validate({**base, "bron": "ipdc"}).bron == "ipdc"


class TestSubsidieCatalogus(ConformanceSuite):
    connector_class = SubsidieCatalogus
    config = SubsidieCatalogusConfig(name="subsidies", base_url="http://catalogus.test", besturen=BESTUREN)
    capabilities = ("Offerings",)
    responses = Responses(
        aanbod=json_answer({"@context": contract.CONTEXT_URL, "@graph": demo_catalogus()[:5]}),
    )


# --- the sync -----------------------------------------------------------------------------------


async def test_the_first_sync_publishes_the_whole_catalog(
    subsidies: SubsidieCatalogus, diensten: DienstenRegister
) -> None:
    uitkomst = await synchroniseer(subsidies, diensten)

    stored = await van_bron(diensten, subsidies.config.bron)
    assert counts(uitkomst) == (CATALOGUS, 0, 0, 0)
    assert uitkomst.verslag.fouten == []
    assert set(stored) == {n["@id"] for n in demo_catalogus()}
    published = {d.bron_id for d in await diensten.gepubliceerd() if d.bron == subsidies.config.bron}
    assert published == set(stored)
    assert uitkomst.tot is not None
    assert await laatste_sync(diensten.db, subsidies.config.bron) == uitkomst.tot


async def test_a_later_sync_reads_only_what_changed_and_archives_what_was_removed(
    subsidies: SubsidieCatalogus, diensten: DienstenRegister, eigen_sandbox: str
) -> None:
    eerste = await synchroniseer(subsidies, diensten)
    await admin(eigen_sandbox, "PUT", "jeugdkamp-gent", node("jeugdkamp-gent", "Subsidie zomerkamp"))
    await admin(eigen_sandbox, "PUT", "nieuw-gent", node("nieuw-gent", "Nieuwe subsidie"))
    await admin(eigen_sandbox, "DELETE", "erfgoed-gent")

    tweede = await synchroniseer(subsidies, diensten)

    assert counts(tweede) == (1, 1, 0, 1)
    assert (tweede.gelezen, tweede.sinds) == (3, eerste.tot)
    assert tweede.tot is not None
    assert eerste.tot is not None
    assert tweede.tot > eerste.tot
    stored = await van_bron(diensten, subsidies.config.bron)
    assert len(stored) == CATALOGUS + 1
    assert stored[f"{ID_BASIS}/jeugdkamp-gent"].inhoud.titel == "Subsidie zomerkamp"


async def test_a_removed_offering_is_archived_not_deleted(
    subsidies: SubsidieCatalogus, diensten: DienstenRegister, eigen_sandbox: str
) -> None:
    await synchroniseer(subsidies, diensten)
    dienst_id = (await van_bron(diensten, subsidies.config.bron))[f"{ID_BASIS}/erfgoed-gent"].id
    await admin(eigen_sandbox, "DELETE", "erfgoed-gent")

    await synchroniseer(subsidies, diensten)

    with pytest.raises(NotFound):
        await diensten.get(dienst_id)
    archived = await diensten.get_voor_uitgever(dienst_id, uitgever=IEDEREEN)
    assert archived.status is Dienststatus.GEARCHIVEERD
    assert archived.inhoud.titel.startswith("Erfgoedpremie")


async def test_a_sync_with_nothing_new_reads_nothing_and_changes_nothing(
    subsidies: SubsidieCatalogus, diensten: DienstenRegister
) -> None:
    eerste = await synchroniseer(subsidies, diensten)

    tweede = await synchroniseer(subsidies, diensten)

    assert (tweede.gelezen, counts(tweede)) == (0, (0, 0, 0, 0))
    assert tweede.tot == eerste.tot == await laatste_sync(diensten.db, subsidies.config.bron)


async def test_an_offering_the_catalog_gets_wrong_is_reported_and_the_rest_stored(
    subsidies: SubsidieCatalogus, diensten: DienstenRegister, eigen_sandbox: str
) -> None:
    await synchroniseer(subsidies, diensten)
    await admin(eigen_sandbox, "PUT", "kapot", node("kapot", "<b>Subsidie</b>"))
    await admin(eigen_sandbox, "PUT", "heel", node("heel", "Subsidie in orde"))

    uitkomst = await synchroniseer(subsidies, diensten)
    volgende = await synchroniseer(subsidies, diensten)

    assert counts(uitkomst) == (1, 0, 0, 0)
    [fout] = uitkomst.verslag.fouten
    assert (fout.plaats, fout.veld) == (f"record 1 ({ID_BASIS}/kapot)", "dct:title")
    assert "HTML" in fout.melding
    assert volgende.gelezen == 0  # not read again until the catalog changes it


async def test_offerings_of_an_administration_the_connector_may_not_publish_for_are_refused(
    eigen_sandbox: str, diensten: DienstenRegister
) -> None:
    connector = catalogus(eigen_sandbox, besturen=("OVO000001", "BE23", "44021"))
    async with connector.http:
        uitkomst = await synchroniseer(connector, diensten)

    liedekerke = {n["@id"] for n in demo_catalogus() if str(n["@id"]).endswith("-liedekerke")}
    assert len(uitkomst.verslag.nieuw) == CATALOGUS - len(liedekerke)
    assert {f.veld for f in uitkomst.verslag.fouten} == {"bestuur"}
    assert {f.plaats.split("(")[1].rstrip(")") for f in uitkomst.verslag.fouten} == liedekerke
    assert set(await van_bron(diensten, connector.config.bron)).isdisjoint(liedekerke)


async def test_an_unreachable_catalog_moves_nothing(diensten: DienstenRegister) -> None:
    connector = catalogus(f"http://127.0.0.1:{free_port()}")
    async with connector.http:
        with pytest.raises(ConnectorUnavailable):
            await synchroniseer(connector, diensten)

    assert await laatste_sync(diensten.db, connector.config.bron) is None
    assert await van_bron(diensten, connector.config.bron) == {}


async def test_a_sync_failing_halfway_is_read_again_next_time(
    database_url: str, eigen_sandbox: str, diensten: DienstenRegister
) -> None:
    pagina = 0

    async def answer(request: httpx.Request) -> httpx.Response:
        nonlocal pagina
        pagina += 1
        if pagina == 3:
            return httpx.Response(503, json={"detail": "onderhoud"})
        async with httpx.AsyncClient(base_url=eigen_sandbox) as client:
            forwarded = await client.get(request.url.path, params=request.url.params)
        content_type = {"Content-Type": forwarded.headers["content-type"]}
        return httpx.Response(forwarded.status_code, content=forwarded.content, headers=content_type)

    name = f"subsidies-{uuid.uuid4().hex[:8]}"
    config = SubsidieCatalogusConfig(name=name, base_url=eigen_sandbox, besturen=BESTUREN, page_size=10)
    haperend = SubsidieCatalogus(config, transport=httpx.MockTransport(answer))
    async with haperend.http:
        with pytest.raises(ConnectorUnavailable):
            await synchroniseer(haperend, diensten)
        half = len(await van_bron(diensten, name))
        uitkomst = await synchroniseer(haperend, diensten)

    assert await laatste_sync(diensten.db, name) == uitkomst.tot
    assert (half, uitkomst.sinds) == (20, None)
    assert counts(uitkomst) == (CATALOGUS - 20, 0, 20, 0)


async def test_two_syncs_at_once_store_every_offering_once(database_url: str, eigen_sandbox: str) -> None:
    databases = [Database(database_url), Database(database_url)]
    dialect = databases[0].dialect
    name = f"subsidies-{uuid.uuid4().hex[:8]}"
    config = SubsidieCatalogusConfig(name=name, base_url=eigen_sandbox, besturen=BESTUREN, page_size=10)
    connectors = [SubsidieCatalogus(config), SubsidieCatalogus(config)]
    try:
        uitkomsten = await asyncio.gather(
            *(synchroniseer(c, DienstenRegister(db=d)) for c, d in zip(connectors, databases, strict=True))
        )
        stored = await van_bron(DienstenRegister(db=databases[0]), name)
        watermark = await laatste_sync(databases[0], name)
    finally:
        for connector, database in zip(connectors, databases, strict=True):
            await connector.aclose()
            await database.dispose()

    nieuw = [bron_id for u in uitkomsten for bron_id in u.verslag.nieuw]
    assert sorted(nieuw) == sorted(stored) == sorted(str(n["@id"]) for n in demo_catalogus())
    assert watermark == max(u.tot for u in uitkomsten if u.tot is not None)
    assert all(isinstance(u.tot, datetime) for u in uitkomsten)
    if dialect == "postgresql":  # the second waited for the first, and went on from where it ended
        eerste, tweede = sorted(uitkomsten, key=lambda u: u.sinds is not None)
        assert (tweede.sinds, tweede.gelezen) == (eerste.tot, 0)
