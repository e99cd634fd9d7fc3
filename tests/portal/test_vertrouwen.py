"""The pages a government loket owes everyone: privacy, accessibility, complaints and cookies,
open without logging in, in Dutch and English, linked from every page; the privacy statement
states the retention periods the hub runs with, and the cookies page names every cookie the hub
sets."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest
from pydantic import ValidationError

from demo.personas import LOTTE
from hub.app import create_app
from hub.settings import Settings
from registry.db import migrate
from tests.portal.conftest import Portaal

PAGES = {
    "/privacy": ("Privacyverklaring", "Privacy statement"),
    "/toegankelijkheid": ("Toegankelijkheidsverklaring", "Accessibility statement"),
    "/klachten": ("Klachten", "Complaints"),
    "/cookies": ("Cookies", "Cookies"),
}


def text_of(page: httpx.Response) -> str:
    """What a reader sees: the page without its tags, white space collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", page.text).split())


def heading(page: httpx.Response) -> str:
    found = re.search(r"<h1[^>]*>(.*?)</h1>", page.text, re.S)
    assert found, page.text
    return found.group(1).strip()


@pytest.mark.parametrize("path", PAGES)
async def test_each_is_open_to_everyone_in_dutch_and_english(
    portaal: Portaal, browser: httpx.AsyncClient, path: str
) -> None:
    dutch = await portaal.get(browser, path)
    english = await browser.get(f"{portaal.hub}{path}", headers={"Accept-Language": "en"})

    assert dutch.status_code == english.status_code == 200
    assert (heading(dutch), heading(english)) == PAGES[path]
    assert '<html lang="en">' in english.text


async def test_every_page_links_to_them_logged_in_or_not(
    portaal: Portaal, browser: httpx.AsyncClient
) -> None:
    anonymous = [await portaal.get(browser, path) for path in ("/", "/hulp", "/privacy")]
    await portaal.log_in(browser, LOTTE.insz)
    logged_in = [await portaal.get(browser, path) for path in ("/", "/kies")]

    for page in [*anonymous, *logged_in]:
        assert page.status_code == 200, page.text
        for path in [*PAGES, "/cijfers"]:
            assert f'<a href="{path}">' in page.text, (page.url, path)


async def test_the_cookies_page_names_every_cookie_the_hub_sets(portaal: Portaal) -> None:
    set_by_hub: set[str] = set()

    async def note(response: httpx.Response) -> None:
        if str(response.url).startswith(portaal.hub):
            set_by_hub.update(c.split("=", 1)[0] for c in response.headers.get_list("set-cookie"))

    async with httpx.AsyncClient(event_hooks={"response": [note]}, timeout=30) as browser:
        await portaal.get(browser, "/hulp")  # a form's token, before logging in
        await portaal.log_in(browser, LOTTE.insz)  # the login's binding, the session
        await portaal.get(browser, "/taal/en")  # language
        page = await portaal.get(browser, "/cookies")

    named = set(re.findall(r"<code>([^<]+)</code>", page.text))
    assert {"vloket_sessie", "vloket_aanmelding", "vloket_formulier", "vloket_taal"} <= set_by_hub
    assert set_by_hub <= named


async def test_the_privacy_statement_states_the_periods_the_hub_runs_with(
    settings: Settings, tmp_path: Path
) -> None:
    database_url = f"sqlite+aiosqlite:///{tmp_path / 'hub.sqlite3'}"
    migrate(database_url)
    configured = settings.model_copy(
        update={
            "database_url": database_url,
            "access_log_retention_days": 90,
            "feedback_retention_days": 30,
            "events_retention_days": 14,
            "session_max_hours": 36.0,
            "session_idle_minutes": 90,
            "privacy_contact": "dpo@vloket.example",
        }
    )
    app = create_app(configured, connectors=[])
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://localhost"
    ) as browser:
        dutch = text_of(await browser.get("/privacy"))
        english = text_of(await browser.get("/privacy", headers={"Accept-Language": "en"}))

    assert "en wanneer (het toegangslog) Het V-loket zelf 90 dagen" in dutch
    assert "zonder uw naam U zelf 30 dagen" in dutch
    assert "14 dagen nadat de dienst ze ontving" in dutch
    assert "hoogstens 36 uur; na 90 minuten zonder activiteit" in dutch  # exactly, never "2 dagen"
    assert "dpo@vloket.example" in dutch
    assert "(the access log) The V-loket itself 90 days" in english
    assert "without your name You 30 days" in english
    # What the hub holds includes the mandates an association grants, kept as its history.
    assert "wie het gaf of introk De vertegenwoordigers van uw vereniging" in dutch
    assert "who granted or withdrew it Your association's representatives" in english


@pytest.mark.parametrize(
    ("given", "kept"),
    [(" DPO@Vloket.Example ", "DPO@vloket.example"), ("", None), ("  ", None), (None, None)],
)
def test_the_privacy_contact_is_an_email_address_normalised(given: str | None, kept: str | None) -> None:
    assert Settings(privacy_contact=given).privacy_contact == kept


@pytest.mark.parametrize(
    "given", ['x"><script>alert(1)</script>@x', "javascript:alert(1)//@x", "<a@b>", "dpo@vlaanderen.be\u202e"]
)
def test_a_privacy_contact_that_is_no_email_address_is_refused(given: str) -> None:
    with pytest.raises(ValidationError, match="not an e-mail address"):
        Settings(privacy_contact=given)


@pytest.mark.parametrize(("name", "value"), [("session_max_hours", 1e12), ("session_idle_minutes", 10**13)])
def test_session_lengths_are_bounded(name: str, value: float) -> None:
    with pytest.raises(ValidationError, match=name):
        Settings.model_validate({name: value})


async def test_the_figures_count_each_login_and_name_no_one(
    portaal: Portaal, browser: httpx.AsyncClient
) -> None:
    await portaal.log_in(browser, LOTTE.insz)
    async with httpx.AsyncClient(timeout=30) as anonymous:
        page = await portaal.get(anonymous, "/cijfers")

    assert page.status_code == 200
    assert heading(page) == "Cijfers"
    deze_maand = re.search(r'<tr>\s*<th scope="row">[^<]+</th>\s*<td>(\d+)</td>', page.text)
    assert deze_maand, page.text
    assert int(deze_maand.group(1)) >= 1
    for persoonlijk in (LOTTE.insz, LOTTE.voornaam, LOTTE.achternaam):
        assert persoonlijk not in page.text
