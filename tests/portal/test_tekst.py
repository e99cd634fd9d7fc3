"""Text in the portal: what a form sends is checked by the register's text rules (and nothing is
kept when refused), and what a page shows never carries raw control or bidirectional characters,
also when the register holds them from before it refused them."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest
from sqlalchemy import create_engine, func, select, text

from demo.personas import AN
from registry.db import Database, sync_url
from registry.feedback.tables import feedback_table
from tests.portal.conftest import Portaal

RAW = "\x00\x07\x1b[31m\u202e\u2066\x9b"
UNSAFE = "\x00\x07\x1b\u202e\u2066\x9b"  # the characters of RAW that must never come out


@contextmanager
def opgeslagen_naam(portaal: Portaal, v_code: str, naam: str) -> Iterator[None]:
    """The association stored under `naam` as it is, the register's checks aside (as data from
    before they existed), and as it was again afterwards."""
    engine = create_engine(sync_url(portaal.settings.database_url))
    lees = text("SELECT document FROM vereniging WHERE v_code = :v_code")
    schrijf = text("UPDATE vereniging SET document = :document, naam = :naam WHERE v_code = :v_code")
    try:
        with engine.begin() as connection:
            bewaard = connection.execute(lees, {"v_code": v_code}).scalar_one()
            document = json.loads(bewaard) if isinstance(bewaard, str) else bewaard
            vorige = document["naam"]
            document["naam"] = naam
            connection.execute(schrijf, {"document": json.dumps(document), "naam": naam, "v_code": v_code})
        yield
    finally:
        with engine.begin() as connection:
            document["naam"] = vorige
            connection.execute(schrijf, {"document": json.dumps(document), "naam": vorige, "v_code": v_code})
        engine.dispose()


async def test_a_stored_name_with_control_characters_comes_out_neutralised(
    portaal: Portaal, browser: httpx.AsyncClient
) -> None:
    with opgeslagen_naam(portaal, "V0001001", f"FWA {RAW}De vrolijke BA's"):
        kies = await portaal.log_in(browser, AN.insz, next="/kies")
        chosen = await portaal.post(browser, "/kies", {"vCode": "V0001001"}, van=kies)
        overzicht = await portaal.get(browser, chosen.headers["location"])
        kies_again = await portaal.get(browser, "/kies")
    for page in (kies_again, overzicht):
        assert page.status_code == 200
        assert "FWA \ufffd\ufffd\ufffd[31m\ufffd\ufffd\ufffdDe vrolijke BA&#39;s" in page.text
        assert not any(character in page.text for character in UNSAFE), page.url


async def _feedback_met(portaal: Portaal, tekst: str) -> int:
    db = Database(portaal.settings.database_url)
    try:
        async with db.read() as session:
            query = select(func.count()).select_from(feedback_table).where(feedback_table.c.tekst == tekst)
            return int((await session.execute(query)).scalar_one())
    finally:
        await db.dispose()


@pytest.mark.parametrize(
    ("tekst", "message"),
    [
        ("Hallo\x00daar", "Deze tekst bevat een stuurteken (U+0000) op plaats 6."),
        ("Hallo \u202edaar", "een teken dat de leesrichting omkeert (U+202E) op plaats 7."),
        ("\u200b \u200b\ufeff", "Vul dit veld in."),
    ],
)
async def test_feedback_that_is_not_text_is_refused_and_not_kept(
    portaal: Portaal, browser: httpx.AsyncClient, tekst: str, message: str
) -> None:
    hulp = await portaal.get(browser, "/hulp")
    refused = await portaal.post(browser, "/feedback", {"pagina": "/hulp", "tekst": tekst}, van=hulp)
    assert refused.status_code == 400
    assert message in refused.text
    assert await _feedback_met(portaal, tekst) == 0


async def test_feedback_keeps_its_lines(portaal: Portaal, browser: httpx.AsyncClient) -> None:
    hulp = await portaal.get(browser, "/hulp")
    sent = await portaal.post(
        browser, "/feedback", {"pagina": "/hulp", "tekst": "Eerste regel.\r\nTweede\tregel."}, van=hulp
    )
    assert sent.status_code == 200
    assert await _feedback_met(portaal, "Eerste regel.\nTweede\tregel.") == 1
