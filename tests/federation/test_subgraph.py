"""The hub as a federation v2 subgraph: `_service { sdl }`, batched `_entities`, and composition
with a second subgraph that extends `Vereniging` by its key, using Apollo's composition library."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from registry.db import Database
from tests.utils.composition import compose
from tests.utils.factories import registreer
from tests.utils.graphql import GraphQLClient
from tests.utils.principals import AN, PrincipalSwitch

KIOSK = Path(__file__).with_name("kiosk_subgraph.graphql")

ENTITIES = """
query($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Vereniging { vCode naam } }
}
"""


async def test_service_sdl_declares_vereniging_as_entity_keyed_by_vcode(graphql: GraphQLClient) -> None:
    data = await graphql.data("{ _service { sdl } }")

    sdl = data["_service"]["sdl"]
    assert 'type Vereniging @key(fields: "vCode")' in sdl
    assert "https://specs.apollo.dev/federation/v2" in sdl


async def test_entities_resolve_in_one_query_per_batch(
    graphql: GraphQLClient, principal: PrincipalSwitch, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    created = [await registreer(graphql, principal, AN, naam=f"Club nummer {n}") for n in range(3)]
    statements: list[str] = []

    in_lookup = False

    def record(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        if not in_lookup:
            statements.append(statement)

    event.listen(db.engine.sync_engine, "before_cursor_execute", record)
    lookup = db.lookup

    async def recorded_lookup(key: Any, keys: Any, *columns: Any) -> Any:
        nonlocal in_lookup
        statements.append(f"SELECT by {key} {sorted(keys)}")  # one read by key, however it runs
        in_lookup = True
        try:
            return await lookup(key, keys, *columns)
        finally:
            in_lookup = False

    monkeypatch.setattr(db, "lookup", recorded_lookup)
    try:
        representations = [{"__typename": "Vereniging", "vCode": v["vCode"]} for v in created]
        representations.append({"__typename": "Vereniging", "vCode": "V9999999"})
        data = await graphql.data(ENTITIES, {"representations": representations})
    finally:
        event.remove(db.engine.sync_engine, "before_cursor_execute", record)

    assert [e and e["vCode"] for e in data["_entities"]] == [v["vCode"] for v in created] + [None]
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) == 1, selects


async def test_schema_composes_with_a_subgraph_extending_vereniging(
    graphql: GraphQLClient, tmp_path: Path
) -> None:
    hub_sdl = (await graphql.data("{ _service { sdl } }"))["_service"]["sdl"]

    result = compose(tmp_path, {"hub": hub_sdl, "kiosk": KIOSK.read_text("utf-8")})

    assert result["ok"], result["errors"]
    supergraph = result["supergraphSdl"]
    assert '@join__type(graph: HUB, key: "vCode")' in supergraph
    assert '@join__type(graph: KIOSK, key: "vCode")' in supergraph
    assert "kioskDossiers: [KioskDossier!]! @join__field(graph: KIOSK)" in supergraph


async def test_composition_reports_a_subgraph_that_contradicts_the_register(
    graphql: GraphQLClient, tmp_path: Path
) -> None:
    hub_sdl = (await graphql.data("{ _service { sdl } }"))["_service"]["sdl"]
    contradicting = KIOSK.read_text("utf-8").replace("kioskDossiers: [KioskDossier!]!", "naam: Int")

    result = compose(tmp_path, {"hub": hub_sdl, "kiosk": contradicting})

    assert not result["ok"]
    assert any("naam" in error for error in result["errors"]), result["errors"]
