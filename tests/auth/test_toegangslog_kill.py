"""The access log loses nothing: the hub killed (SIGKILL) in the middle of a load of private
reads has, for every answer with private data that reached a client, its entry in the log."""

from __future__ import annotations

import asyncio
import os
import signal
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from demo.personas import AN, DEMO_CLIENT_ID
from demo.verenigingen import seed
from registry.associations.service import VerenigingenRegister
from registry.db import Database, migrate
from registry.toegangslog.tables import toegang_table
from tests.auth.test_on_whose_behalf import PRIVATE
from tests.profile.conftest import world
from tests.profile.stack import SECRET, World, token_for
from tests.utils.hub_process import hub_process
from tests.utils.services import TEST_SECRET

__all__ = ["world"]

CLIENTS = 16
ANSWERS_BEFORE_THE_KILL = 300


async def read_until_killed(url: str, token: str, pid: int) -> int:
    """Private reads from `CLIENTS` clients at once; the hub is killed once
    `ANSWERS_BEFORE_THE_KILL` answers with private data arrived. How many arrived in all."""
    answered = 0
    killed = asyncio.Event()

    async def client(http: httpx.AsyncClient) -> None:
        nonlocal answered
        while not killed.is_set():
            try:
                answer = await http.post("/graphql", json={"query": PRIVATE, "variables": {"v": "V0001001"}})
            except httpx.TransportError:
                return  # the hub is gone
            data = answer.json().get("data") if answer.status_code == 200 else None
            if data and data["vereniging"]["vertegenwoordigers"]:
                answered += 1
            if answered >= ANSWERS_BEFORE_THE_KILL and not killed.is_set():
                killed.set()
                os.kill(pid, signal.SIGKILL)

    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=url, headers=headers, timeout=30) as http:
        await asyncio.gather(*(client(http) for _ in range(CLIENTS)))
    return answered


@pytest.mark.usefixtures("world")
async def test_every_private_answer_that_left_a_killed_hub_is_in_the_access_log(
    world: World, tmp_path: Path
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'hub.sqlite3'}"
    migrate(url)
    db = Database(url)
    await seed(VerenigingenRegister(db=db, secret=TEST_SECRET), varied_too=False)
    token = await token_for(world, AN.insz)
    settings = {
        "HUB_OIDC_ISSUER": world.services.issuer,
        "HUB_OIDC_CLIENT_ID": DEMO_CLIENT_ID,
        "HUB_OIDC_CLIENT_SECRET": SECRET,
        "HUB_CONNECTORS_FILE": "",
    }
    with hub_process(tmp_path, **settings) as hub:
        answered = await read_until_killed(hub.url, token, hub.pid)
    async with db.read() as session:
        logged = (
            await session.execute(
                select(func.count()).select_from(toegang_table).where(toegang_table.c.door == AN.insz)
            )
        ).scalar_one()
    await db.dispose()

    assert answered >= ANSWERS_BEFORE_THE_KILL
    assert logged >= answered, f"{answered} answers with private data, {logged} entries in the log"
