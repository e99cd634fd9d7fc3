"""The pages every visitor meets: welcome, language, choosing on whose behalf, the overview,
help, feedback, and what protects each form and page."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import select

from demo.personas import AN, LOTTE, SOFIE
from registry.db import Database
from registry.feedback.tables import feedback_table
from tests.portal.conftest import Portaal, csrf_of


async def test_a_visitor_is_welcomed_in_dutch_and_can_switch_to_english(
    portaal: Portaal, browser: httpx.AsyncClient
) -> None:
    welkom = await portaal.get(browser, "/")
    assert welkom.status_code == 200
    assert '<html lang="nl">' in welkom.text
    assert "Welkom bij het V-loket" in welkom.text
    assert "1700" in welkom.text

    switched = await portaal.get(browser, "/taal/en", terug="/hulp")
    assert switched.status_code == 303
    assert switched.headers["location"] == "/hulp"
    hulp = await portaal.get(browser, "/hulp")
    assert '<html lang="en">' in hulp.text
    assert hulp.headers["content-language"] == "en"
    assert "Help and contact" in hulp.text
    assert "Hulp en contact" not in hulp.text


async def test_the_browser_language_is_the_default_and_elsewhere_is_never_a_target(
    portaal: Portaal, browser: httpx.AsyncClient
) -> None:
    english = await browser.get(f"{portaal.hub}/", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert "Welcome to V-loket" in english.text
    away = await portaal.get(browser, "/taal/en", terug="//evil.example/")
    assert away.headers["location"] == "/"
    unknown = await portaal.get(browser, "/taal/xx")
    assert unknown.status_code == 303
    assert "vloket_taal" not in unknown.headers.get("set-cookie", "")


@pytest.mark.parametrize(
    ("accept_language", "taal"),
    [("fr, en;q=0.1", "en"), ("de", "nl"), ("nl;q=0.1, en;q=2", "nl"), ("en;q=abc, nl;q=0.5", "nl")],
)
async def test_pages_and_api_messages_follow_the_same_negotiation(
    portaal: Portaal,
    browser: httpx.AsyncClient,
    other_browser: httpx.AsyncClient,
    accept_language: str,
    taal: str,
) -> None:
    headers = {"Accept-Language": accept_language}
    page = await browser.get(f"{portaal.hub}/hulp", headers=headers)
    api = await other_browser.post(
        f"{portaal.hub}/graphql",
        json={"query": '{ vereniging(vCode: "V0009999") { naam } }'},
        headers=headers,
    )

    assert page.headers["content-language"] == taal
    assert f'<html lang="{taal}">' in page.text
    assert (
        api.json()["errors"][0]["message"]
        == {
            "nl": "We vinden geen vereniging met id V0009999.",
            "en": "We cannot find a vereniging with id V0009999.",
        }[taal]
    )


async def test_the_chosen_language_wins_over_the_browsers(
    portaal: Portaal, browser: httpx.AsyncClient
) -> None:
    await portaal.get(browser, "/taal/nl")
    page = await browser.get(f"{portaal.hub}/hulp", headers={"Accept-Language": "en"})
    assert page.headers["content-language"] == "nl"
    assert "Hulp en contact" in page.text


async def test_every_page_carries_the_security_headers(portaal: Portaal, browser: httpx.AsyncClient) -> None:
    page = await portaal.get(browser, "/")
    csp = page.headers["content-security-policy"]
    assert "default-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["cache-control"] == "no-store"
    assert "<script>" not in page.text
    assert " style=" not in page.text
    css = await portaal.get(browser, "/static/portal.css")
    assert css.status_code == 200
    assert "text/css" in css.headers["content-type"]


async def test_after_choosing_the_person_lands_on_the_overview(
    portaal: Portaal, browser: httpx.AsyncClient
) -> None:
    overzicht = await portaal.namens(browser, AN.insz, "V0001001")
    assert "Dag An Janssens" in overzicht.text
    assert "FWA De vrolijke BA&#39;s" in overzicht.text
    for section in ("Eerst te doen", "Lopende dossiers", "Nieuw aanbod voor uw vereniging", "Meldingen"):
        assert section in overzicht.text


async def test_a_person_with_two_associations_chooses_and_switches(
    portaal: Portaal, browser: httpx.AsyncClient
) -> None:
    kies = await portaal.log_in(browser, LOTTE.insz)
    assert "Op wiens naam?" in kies.text
    assert "V0001001" in kies.text
    assert "V0001002" in kies.text

    chosen = await portaal.post(browser, "/kies", {"vCode": "V0001002", "terug": "/hulp"}, van=kies)
    assert chosen.status_code == 303
    assert chosen.headers["location"] == "/hulp"
    hulp = await portaal.get(browser, "/hulp")
    assert "U handelt namens Vissen achter het net." in hulp.text

    switch = await portaal.get(browser, "/kies")
    again = await portaal.post(browser, "/kies", {"vCode": "V0001001"}, van=switch)
    assert again.headers["location"] == "/"
    overzicht = await portaal.get(browser, "/")
    assert "Dit is het overzicht van FWA De vrolijke BA&#39;s." in overzicht.text


async def test_choosing_an_association_one_does_not_represent_is_refused(
    portaal: Portaal, browser: httpx.AsyncClient
) -> None:
    kies = await portaal.log_in(browser, SOFIE.insz)  # a publisher: represents no association
    assert "U vertegenwoordigt nog geen vereniging" in kies.text
    refused = await portaal.post(browser, "/kies", {"vCode": "V0001001"}, van=kies)
    assert refused.status_code == 403
    assert "U vertegenwoordigt V0001001 niet" in refused.text


async def test_private_pages_ask_to_log_in_and_come_back(
    portaal: Portaal, browser: httpx.AsyncClient
) -> None:
    kies = await portaal.get(browser, "/kies")
    assert kies.status_code == 303
    assert kies.headers["location"] == "/auth/login?next=/kies"


async def test_feedback_is_kept_with_its_page(portaal: Portaal, browser: httpx.AsyncClient) -> None:
    hulp = await portaal.get(browser, "/hulp")
    sent = await portaal.post(
        browser,
        "/feedback",
        {"pagina": "/hulp", "oordeel": "kan_beter", "tekst": "Meer uitleg graag"},
        van=hulp,
    )
    assert sent.status_code == 200
    assert "Bedankt voor uw feedback" in sent.text
    db = Database(portaal.settings.database_url)
    try:
        async with db.read() as session:
            query = select(feedback_table).where(feedback_table.c.tekst == "Meer uitleg graag")
            rows = (await session.execute(query)).mappings().all()
    finally:
        await db.dispose()
    assert [(r["pagina"], r["oordeel"], r["tekst"], r["taal"]) for r in rows] == [
        ("/hulp", "kan_beter", "Meer uitleg graag", "nl")
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"tekst": "   "}, "Vul dit veld in."),
        ({"tekst": "x" * 2001}, "Gebruik hoogstens 2000 tekens."),
        ({"tekst": "ok", "oordeel": "super"}, "&#39;super&#39; kennen we niet"),
    ],
)
async def test_bad_feedback_is_refused_next_to_its_field(
    portaal: Portaal, browser: httpx.AsyncClient, data: dict[str, str], message: str
) -> None:
    hulp = await portaal.get(browser, "/hulp")
    refused = await portaal.post(browser, "/feedback", {"pagina": "/hulp", **data}, van=hulp)
    assert refused.status_code == 400
    assert "Er is een probleem" in refused.text
    assert message in refused.text


async def test_a_form_without_its_token_or_from_elsewhere_is_refused(
    portaal: Portaal, browser: httpx.AsyncClient
) -> None:
    hulp = await portaal.get(browser, "/hulp")
    token = csrf_of(hulp)
    forged = await browser.post(
        f"{portaal.hub}/feedback", data={"pagina": "/", "tekst": "x", "csrf": "guess"}
    )
    assert forged.status_code == 403
    assert "Dit formulier is verlopen" in forged.text
    elsewhere = await browser.post(
        f"{portaal.hub}/feedback",
        data={"pagina": "/", "tekst": "x", "csrf": token},
        headers={"Origin": "https://evil.example"},
    )
    assert elsewhere.status_code == 403

    overzicht = await portaal.log_in(browser, AN.insz)
    assert csrf_of(overzicht) != token  # logged in, forms carry the session's own token
    stale = await browser.post(
        f"{portaal.hub}/kies", data={"vCode": "V0001001", "csrf": token}, headers={"Origin": portaal.hub}
    )
    assert stale.status_code == 403


async def test_a_login_that_cannot_go_on_is_told_in_the_visitors_language(
    portaal: Portaal, browser: httpx.AsyncClient
) -> None:
    dutch = await portaal.get(browser, "/auth/callback", state="onbekend", code="x")
    assert dutch.status_code == 400
    assert "Aanmelding verlopen" in dutch.text
    await portaal.get(browser, "/taal/en")
    english = await portaal.get(browser, "/auth/callback", state="onbekend", code="x")
    assert english.status_code == 400
    assert "Login expired" in english.text
    assert "This login is unknown or has expired. Log in again." in english.text
    elsewhere = await portaal.get(browser, "/auth/login", next="https://evil.example/")
    assert elsewhere.status_code == 400
    assert "After logging in, we can only take you to a page of V-loket itself." in elsewhere.text


async def test_an_address_that_does_not_exist_is_a_page_for_browsers_and_json_for_programs(
    portaal: Portaal, browser: httpx.AsyncClient
) -> None:
    html = {"Accept": "text/html,application/xhtml+xml"}
    missing = await browser.get(f"{portaal.hub}/bestaat-niet", headers=html)
    assert missing.status_code == 404
    assert "Pagina niet gevonden" in missing.text
    assert missing.headers["content-security-policy"].startswith("default-src 'self'")
    not_a_number = await browser.get(f"{portaal.hub}/gegevens/contactgegevens/abc/wijzigen", headers=html)
    assert not_a_number.status_code == 404
    assert "Pagina niet gevonden" in not_a_number.text

    program = await browser.get(f"{portaal.hub}/bestaat-niet", headers={"Accept": "application/json"})
    assert program.status_code == 404
    assert program.json() == {"detail": "Not Found"}


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({"Origin": "null", "Sec-Fetch-Site": "same-origin"}, 303),
        ({"Origin": "null", "Sec-Fetch-Site": "cross-site"}, 403),
        ({"Origin": "null"}, 403),
    ],
)
async def test_a_browser_that_withholds_its_origin_is_judged_by_where_it_says_it_comes_from(
    portaal: Portaal, browser: httpx.AsyncClient, headers: dict[str, str], status: int
) -> None:
    kies = await portaal.log_in(browser, LOTTE.insz)
    sent = await browser.post(
        f"{portaal.hub}/kies", data={"vCode": "V0001001", "csrf": csrf_of(kies)}, headers=headers
    )
    assert sent.status_code == status


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/aanbod?pagina=²", 200),  # the first page, as for no page at all
        ("/aanbod?pagina=" + "9" * 5000, 200),
        ("/aanbod?binnen=²", 400),
        ("/toegangslog?after=dDrCsg==", 400),  # base64 of "t:²"
        ("/toegangslog?after=" + "dDo5OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5", 400),  # "t:" and 30 nines
        ("/dossiers?na=ZDrCsg==", 400),  # base64 of "d:²"
    ],
    ids=[
        "pagina-not-plain",
        "pagina-too-large",
        "binnen-not-plain",
        "after-not-plain",
        "after-too-large",
        "na",
    ],
)
async def test_numbers_in_an_address_that_are_not_plain_or_too_large_are_refused_not_crashed(
    portaal: Portaal, browser: httpx.AsyncClient, path: str, status: int
) -> None:
    await portaal.namens(browser, AN.insz, "V0001001")
    page = await browser.get(f"{portaal.hub}{path}")
    assert page.status_code == status, page.text
    assert "INTERNAL_SERVER_ERROR" not in page.text


async def test_a_form_version_that_is_not_a_plain_number_is_a_conflict_not_a_crash(
    portaal: Portaal, browser: httpx.AsyncClient
) -> None:
    await portaal.namens(browser, AN.insz, "V0001001")
    form = await portaal.get(browser, "/gegevens/basisgegevens/wijzigen")
    sent = await portaal.post(browser, "/gegevens/basisgegevens", {"versie": "²", "naam": "X"}, van=form)
    assert sent.status_code == 409, sent.text


async def test_a_cross_site_post_to_an_unknown_address_is_a_page_not_a_crash(
    portaal: Portaal, browser: httpx.AsyncClient
) -> None:
    await portaal.namens(browser, AN.insz, "V0001001")
    sent = await browser.post(
        f"{portaal.hub}/bestaat-niet",
        data={"x": "1"},
        headers={"Origin": "https://evil.example", "Accept": "text/html"},
    )
    assert sent.status_code == 404
    assert "INTERNAL_SERVER_ERROR" not in sent.text


async def test_a_form_without_a_field_the_address_needs_is_a_bad_request(
    portaal: Portaal, browser: httpx.AsyncClient
) -> None:
    kies = await portaal.log_in(browser, LOTTE.insz)
    sent = await browser.post(
        f"{portaal.hub}/auth/namens",
        data={"csrf": csrf_of(kies)},
        headers={"Origin": portaal.hub, "Accept": "text/html"},
    )
    assert sent.status_code == 400
    assert "Dit verzoek kunnen we niet verwerken" in sent.text
