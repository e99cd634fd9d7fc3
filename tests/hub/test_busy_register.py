"""A SQLite register whose write lock another process holds: the running hub goes on answering
(`/healthz`, reads) while a change waits for the lock, the change goes through once the lock is
free, and a change that waited past the busy timeout is refused as REGISTER_BUSY, retryable,
with nothing stored (a portal form: a page saying so, 503)."""

from __future__ import annotations

import asyncio
import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import event

from demo.personas import AN
from hub.app import create_app
from hub.settings import Settings
from registry.db import Database
from tests.portal.conftest import csrf_of
from tests.utils.factories import REGISTREER, registratie
from tests.utils.principals import PrincipalSwitch
from tests.utils.servers import free_port, serving
from tests.utils.sqlite_lock import held_write_lock

VERENIGING = "query($v: ID!) { vereniging(vCode: $v) { vCode naam } }"
AANTAL = "{ verenigingen { totaal } }"
# Only a safety net so that a hub that stopped answering fails the test instead of hanging it.
PATIENCE_SECONDS = 60


@contextmanager
def hub_on(settings: Settings, principal: PrincipalSwitch) -> Iterator[tuple[str, threading.Event]]:
    """The hub on loopback HTTP, and an event set each time it starts a write transaction."""
    port = free_port()
    settings = settings.model_copy(update={"public_url": f"http://127.0.0.1:{port}"})
    app = create_app(settings, principal_resolver=principal)
    database: Database = app.state.database
    write_began = threading.Event()

    def seen(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        if statement == "BEGIN IMMEDIATE":
            write_began.set()

    event.listen(database.engine.sync_engine, "before_cursor_execute", seen)
    with serving(app, port=port) as base:
        yield base, write_began


def settings_for(settings: Settings, path: Path, *, busy_timeout: float) -> Settings:
    return settings.model_copy(
        update={"database_url": f"sqlite+aiosqlite:///{path}", "database_busy_timeout_seconds": busy_timeout}
    )


def fresh_register(migrated_sqlite: Path, tmp_path: Path) -> Path:
    path = tmp_path / "register.sqlite3"
    shutil.copyfile(migrated_sqlite, path)
    return path


async def post(client: httpx.AsyncClient, query: str, variables: dict[str, Any] | None = None) -> Any:
    response = await client.post("/graphql", json={"query": query, "variables": variables or {}})
    assert response.status_code == 200, response.text
    return response.json()


async def waited(began: threading.Event) -> None:
    happened: Callable[[], bool] = lambda: began.wait(PATIENCE_SECONDS)  # noqa: E731
    assert await asyncio.to_thread(happened), "the hub never started the write"


async def test_the_hub_answers_while_a_change_waits_for_the_lock_and_the_change_then_goes_through(
    settings: Settings, principal: PrincipalSwitch, migrated_sqlite: Path, tmp_path: Path
) -> None:
    path = fresh_register(migrated_sqlite, tmp_path)
    principal.person(AN)
    with hub_on(settings_for(settings, path, busy_timeout=120), principal) as (base, write_began):
        async with httpx.AsyncClient(base_url=base, timeout=PATIENCE_SECONDS) as client:
            eerste = await post(client, REGISTREER, {"input": registratie("Eerste club")})
            v_code = eerste["data"]["registreerFeitelijkeVereniging"]["vCode"]
            async with held_write_lock(path) as lock:
                write_began.clear()
                change = asyncio.create_task(
                    post(client, REGISTREER, {"input": registratie("Tweede club", gemeente="Leuven")})
                )
                await waited(write_began)

                health = await client.get("/healthz")
                read = await post(client, VERENIGING, {"v": v_code})
                still_waiting = not change.done()
                await lock.release()
                tweede = await change
            aantal = await post(client, AANTAL)

    assert health.status_code == 200
    assert read == {"data": {"vereniging": {"vCode": v_code, "naam": "Eerste club"}}}
    assert still_waiting
    assert tweede["data"]["registreerFeitelijkeVereniging"]["naam"] == "Tweede club"
    assert aantal == {"data": {"verenigingen": {"totaal": 2}}}


async def test_a_change_that_waited_past_the_busy_timeout_is_refused_as_retryable_and_stores_nothing(
    settings: Settings, principal: PrincipalSwitch, migrated_sqlite: Path, tmp_path: Path
) -> None:
    path = fresh_register(migrated_sqlite, tmp_path)
    principal.person(AN)
    with hub_on(settings_for(settings, path, busy_timeout=0.05), principal) as (base, write_began):
        async with httpx.AsyncClient(base_url=base, timeout=PATIENCE_SECONDS) as client:
            await post(client, AANTAL)  # the hub has opened the file (and put it in WAL mode)
            async with held_write_lock(path):
                response = await client.post(
                    "/graphql",
                    json={"query": REGISTREER, "variables": {"input": registratie("Te vroeg")}},
                    headers={"Accept-Language": "en"},
                )
                health = await client.get("/healthz")
                during = await post(client, AANTAL)
                hulp = await client.get("/hulp")
                feedback = await client.post(
                    "/feedback",
                    data={"csrf": csrf_of(hulp), "pagina": "/hulp", "tekst": "Graag meer uitleg"},
                    headers={"Origin": base},
                )
            after = await post(client, AANTAL)

    assert write_began.is_set()
    body = response.json()
    assert body["data"] is None
    [error] = body["errors"]
    assert error["extensions"] == {"code": "REGISTER_BUSY", "retryable": True}
    assert error["message"] == (
        "The register is busy with another change right now. Nothing was changed. "
        "Please try again in a moment."
    )
    assert health.status_code == 200
    assert during == after == {"data": {"verenigingen": {"totaal": 0}}}
    assert feedback.status_code == 503  # the portal's page says the same, in plain words
    assert "Het register is nu bezig met een andere wijziging" in feedback.text
