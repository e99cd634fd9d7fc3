"""A registration that fails after its vCode was drawn stores nothing, and its vCode never names
another association that could be confused with it.

On PostgreSQL the number came from a sequence, which a rollback does not give back: the next
registration gets the number after it, so a vCode once drawn is never handed out again. On SQLite
the counter row is updated inside the registration's own transaction and rolls back with it: the
next registration gets the same number, which nobody ever saw (the failed registration answered
with an internal error, not with its vCode) and which names nothing else. That is what the README
promises for each store.

The registration is made to fail the way an unexpected database refusal would: the database of
this test refuses one name, by a check constraint on PostgreSQL and a trigger on SQLite, so the
refusal comes from the insert after the vCode was drawn, in the same transaction."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from demo.personas import MOHAMED
from hub.app import create_app
from hub.settings import Settings
from registry.db import Database, migrate, sync_url
from tests.utils.factories import REGISTREER, registratie
from tests.utils.graphql import GraphQLClient
from tests.utils.principals import PrincipalSwitch

REFUSED = "Geweigerd door de databank"
READ = "query($v: ID!) { vereniging(vCode: $v) { vCode naam } }"

REFUSE = {
    "postgresql": f"ALTER TABLE vereniging ADD CONSTRAINT test_weigert CHECK (naam <> '{REFUSED}')",
    "sqlite": (
        f"CREATE TRIGGER test_weigert BEFORE INSERT ON vereniging WHEN NEW.naam = '{REFUSED}' "
        "BEGIN SELECT RAISE(ABORT, 'geweigerd'); END"
    ),
}


@pytest.fixture
async def graphql(settings: Settings, empty_database_url: str) -> AsyncIterator[GraphQLClient]:
    """The hub on a register of this test's own, whose database refuses the name `REFUSED`;
    Mohamed (who represents nothing yet) is logged in."""
    migrate(empty_database_url)
    engine = create_engine(sync_url(empty_database_url), poolclass=NullPool)
    try:
        with engine.begin() as connection:
            connection.execute(text(REFUSE[engine.dialect.name]))
    finally:
        engine.dispose()
    db = Database(empty_database_url)
    principal = PrincipalSwitch()
    principal.person(MOHAMED)
    app = create_app(settings, database=db, principal_resolver=principal)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://hub.test") as http,
    ):
        yield GraphQLClient(http)
    await db.dispose()


async def register(graphql: GraphQLClient, naam: str) -> dict[str, Any]:
    return await graphql(REGISTREER, {"input": registratie(naam=naam)})


async def three_registrations(graphql: GraphQLClient) -> tuple[str, dict[str, Any], str]:
    """The first and third registrations' vCodes, and the failed second one's answer."""
    first = await register(graphql, "De Eersten")
    failed = await register(graphql, REFUSED)
    third = await register(graphql, "De Derden")
    return (
        first["data"]["registreerFeitelijkeVereniging"]["vCode"],
        failed,
        third["data"]["registreerFeitelijkeVereniging"]["vCode"],
    )


def assert_failed_without_its_vcode(failed: dict[str, Any]) -> None:
    assert failed["data"] is None
    [error] = failed["errors"]
    assert error["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
    assert "V000" not in str(failed)


@pytest.mark.parametrize(
    "empty_database_url", [pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True
)
async def test_on_postgresql_a_vcode_drawn_by_a_registration_that_rolled_back_is_never_handed_out(
    graphql: GraphQLClient,
) -> None:
    first, failed, third = await three_registrations(graphql)
    skipped = await graphql.error(READ, {"v": "V0001002"})

    assert (first, third) == ("V0001001", "V0001003")
    assert_failed_without_its_vcode(failed)
    assert skipped["extensions"]["code"] == "NOT_FOUND"


@pytest.mark.parametrize("empty_database_url", ["sqlite"], indirect=True)
async def test_on_sqlite_a_registration_that_rolled_back_leaves_its_unseen_vcode_to_the_next(
    graphql: GraphQLClient,
) -> None:
    first, failed, third = await three_registrations(graphql)
    stored = await graphql.data(READ, {"v": "V0001002"})
    after = await graphql.error(READ, {"v": "V0001003"})

    assert (first, third) == ("V0001001", "V0001002")
    assert_failed_without_its_vcode(failed)
    assert stored == {"vereniging": {"vCode": "V0001002", "naam": "De Derden"}}
    assert after["extensions"]["code"] == "NOT_FOUND"
