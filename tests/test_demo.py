"""The demo: `vloket demo` seeds the fixture associations and serves them over real HTTP."""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from demo.personas import AN, LOTTE, MOHAMED, PIETER
from demo.sandboxes.catalog_seed import demo_catalogus
from demo.verenigingen import seed
from registry.associations.service import VerenigingenRegister
from tests.devidp.login_flow import submit_login
from tests.utils.servers import free_ports
from tests.utils.services import TEST_SECRET

SYNC_SECONDS = 60
"""How long the demo may take to sync its subsidy catalog once it is ready (a loaded machine)."""
ISSUE_QUERY = '{ vereniging(vCode: "V0001001") { vCode naam verenigingstype { code } } }'


@pytest.fixture(scope="module")
def demo_ports() -> list[int]:
    return free_ports(9)


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory, demo_ports: list[int]) -> Iterator[str]:
    """One demo for the tests of this module (they read it, and the one that asks for mail
    changes only what none of the others reads): its start-up is the dearest part."""
    tmp_path = tmp_path_factory.mktemp("demo")
    port, idp_port, kiosk_port, sport_port, gent, liedekerke, catalog, mail, smtp = demo_ports
    env = {
        **os.environ,
        "HUB_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'demo.sqlite3'}",
        "HUB_SECRET_KEY": TEST_SECRET.decode(),
    }
    vloket = Path(sys.executable).with_name("vloket")
    process = subprocess.Popen(  # noqa: S603 - our own console script
        [
            str(vloket),
            "demo",
            *("--port", str(port), "--idp-port", str(idp_port)),
            *("--kiosk-port", str(kiosk_port), "--sport-port", str(sport_port)),
            *("--gent-port", str(gent), "--liedekerke-port", str(liedekerke)),
            *("--catalog-port", str(catalog), "--mail-port", str(mail), "--smtp-port", str(smtp)),
        ],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise AssertionError(
                    f"vloket demo exited: {process.stderr.read().decode() if process.stderr else ''}"
                )
            try:
                if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        else:
            raise AssertionError("vloket demo did not become ready within 60 s")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)
        if process.stderr:
            process.stderr.close()


def test_demo_serves_the_fixture_association_over_http(demo_server: str) -> None:
    response = httpx.post(f"{demo_server}/graphql", json={"query": ISSUE_QUERY}, timeout=10)

    assert response.status_code == 200
    assert response.json() == {
        "data": {
            "vereniging": {
                "vCode": "V0001001",
                "naam": "FWA De vrolijke BA's",
                "verenigingstype": {"code": "FV"},
            }
        }
    }


async def test_seed_registers_the_fixtures_first_and_twenty_more(register: VerenigingenRegister) -> None:
    added = await seed(register)

    first, second = (await register.get("V0001001")), (await register.get("V0001002"))
    everything = await register.get_many([f"V{n:07d}" for n in range(1001, 1030)])
    assert added == len(everything) == 22
    assert (first.naam, first.verenigingstype.value, first.postcodes, first.gemeenten) == (
        "FWA De vrolijke BA's",
        "FV",
        ("1770",),
        ("Liedekerke",),
    )
    assert (second.naam, second.verenigingstype.value, second.kbo_nummer, second.postcodes) == (
        "Vissen achter het net",
        "VZW",
        "0123456749",
        ("8400",),
    )
    assert {v.insz for v in first.vertegenwoordigers} == {AN.insz, LOTTE.insz}
    assert {v.insz for v in second.vertegenwoordigers} == {PIETER.insz, LOTTE.insz}
    assert not any(v.represented_by(MOHAMED.insz) for v in everything.values())
    assert len({g for v in everything.values() for g in v.gemeenten}) >= 10


async def test_seeding_twice_adds_nothing(register: VerenigingenRegister) -> None:
    await seed(register)

    assert await seed(register) == 0
    assert len(await register.get_many([f"V{n:07d}" for n in range(1001, 1030)])) == 22


async def test_demo_login_at_the_dev_idp_reads_the_chosen_association(demo_server: str) -> None:
    """The identity issue's demo: log in as a persona, pick "FWA De vrolijke BA's", read its
    vertegenwoordigers with that session; a persona who does not represent it is forbidden."""
    lotte = await _demo_login(demo_server, LOTTE.insz)
    mohamed = await _demo_login(demo_server, MOHAMED.insz)
    try:
        landing = await lotte.get("/")
        csrf = re.search(r'name="csrf" value="([^"]+)"', landing.text)
        assert csrf is not None
        picked = await lotte.post("/auth/namens", data={"vCode": "V0001001", "csrf": csrf.group(1)})
        private = await lotte.post("/graphql", json={"query": DEMO_PRIVATE}, headers={"Origin": demo_server})
        refused = await mohamed.post(
            "/graphql", json={"query": DEMO_PRIVATE}, headers={"Origin": demo_server}
        )
    finally:
        await lotte.aclose()
        await mohamed.aclose()

    assert "FWA De vrolijke BA&#39;s" in landing.text
    assert picked.status_code == 303
    assert {v["insz"] for v in private.json()["data"]["vereniging"]["vertegenwoordigers"]} == {
        AN.insz,
        LOTTE.insz,
    }
    assert refused.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_demo_mails_to_its_sink_and_lists_what_it_sent(demo_server: str, demo_ports: list[int]) -> None:
    """Notices by mail in the demo: Lotte asks for them, and the confirmation mail shows on the
    sink's page with its link."""
    saved = asyncio.run(_ask_for_mail(demo_server))
    assert saved.status_code == 303, saved.text
    page = f"http://127.0.0.1:{demo_ports[7]}/"
    # The demo runs in its own process: look at its page until the mail shows (bounded).
    deadline = time.monotonic() + 20
    listed = httpx.get(page, timeout=10)
    while "Bevestig uw e-mailadres" not in listed.text and time.monotonic() < deadline:
        time.sleep(0.2)
        listed = httpx.get(page, timeout=10)

    assert "Bevestig uw e-mailadres voor meldingen van het Verenigingsloket" in listed.text
    assert "U vroeg om de meldingen van FWA De vrolijke BA&#39;s per e-mail" in listed.text
    assert f"{demo_server}/meldingen/mail/bevestig?v=" in listed.text


async def _ask_for_mail(demo_server: str) -> httpx.Response:
    lotte = await _demo_login(demo_server, LOTTE.insz)
    try:
        landing = await lotte.get("/")
        csrf = re.search(r'name="csrf" value="([^"]+)"', landing.text)
        assert csrf is not None
        await lotte.post("/auth/namens", data={"vCode": "V0001001", "csrf": csrf.group(1)})
        return await lotte.post(
            "/meldingen/mail",
            data={"csrf": csrf.group(1), "email": "lotte@example.org", "frequentie": "direct", "taal": "nl"},
            headers={"Origin": demo_server},
        )
    finally:
        await lotte.aclose()


DEMO_PRIVATE = '{ vereniging(vCode: "V0001001") { vertegenwoordigers { insz } } }'


async def _demo_login(hub: str, insz: str) -> httpx.AsyncClient:
    browser = httpx.AsyncClient(base_url=hub, follow_redirects=False, timeout=10)
    start = await browser.get("/auth/login")
    page = await browser.get(start.headers["location"])
    back = await submit_login(browser, page, insz=insz)
    callback = await browser.get(back.headers["location"])
    assert callback.status_code == 303, callback.text
    return browser


def test_demo_publishes_its_offerings_and_syncs_the_subsidy_catalog(demo_server: str) -> None:
    query = "{ diensten(first: 1) { totalCount facetten { besturen { waarde aantal } } } }"
    expected = 520 + len(demo_catalogus())  # the demo's own offerings and the subsidy catalog's
    aantal = 0
    # The demo process syncs the catalog in the background once it is up: look until it shows.
    deadline = time.monotonic() + SYNC_SECONDS
    while aantal != expected and time.monotonic() < deadline:
        response = httpx.post(f"{demo_server}/graphql", json={"query": query}, timeout=10)
        aantal = response.json()["data"]["diensten"]["totalCount"]
        if aantal != expected:
            time.sleep(0.5)

    assert aantal == expected, f"{aantal} offerings {SYNC_SECONDS} s after the demo was ready"
