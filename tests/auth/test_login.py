"""Logging in to the hub at the dev IdP over real HTTP: the session, on whose behalf, logout, and
each protection of the flow (state, browser binding, `next`, CSRF, fixation, cross-site calls)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from demo.personas import AN, LOTTE, MOHAMED
from hub.auth.resolver import SESSION_COOKIE
from hub.settings import Settings
from registry.associations.service import VerenigingenRegister
from tests.auth.stack import Stack, running_stack
from tests.devidp.login_flow import submit_login

MIJ = "{ mij { insz voornaam aanmeldmiddel namens { vCode } verenigingen { vCode } } }"
PRIVATE = "query($v: ID!) { vereniging(vCode: $v) { vertegenwoordigers { insz } } }"
KIES = "mutation($v: ID!) { kiesVereniging(vCode: $v) { namens { vCode naam } } }"


@pytest.fixture
def stack(settings: Settings, database_url: str, seeded: VerenigingenRegister) -> Iterator[Stack]:
    with running_stack(settings, database_url) as running:
        yield running


def csrf_of(page: httpx.Response) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert found, page.text
    return found.group(1)


def codes(body: dict[str, object]) -> set[str]:
    errors = body.get("errors") or []
    assert isinstance(errors, list)
    return {e["extensions"]["code"] for e in errors}


async def test_login_makes_a_session_that_reads_private_data(
    stack: Stack, browser: httpx.AsyncClient
) -> None:
    landing = await stack.log_in(browser, AN.insz, next="/")

    mij = (await stack.graphql(browser, MIJ))["data"]["mij"]
    private = await stack.graphql(browser, PRIVATE, v="V0001001")

    assert landing.status_code == 200
    assert "Dag An Janssens" in landing.text
    assert mij["insz"] == AN.insz
    assert mij["aanmeldmiddel"] == "urn:be:vlaanderen:authmech:eid"
    assert mij["namens"] == {"vCode": "V0001001"}
    assert AN.insz in {v["insz"] for v in private["data"]["vereniging"]["vertegenwoordigers"]}


async def test_session_cookie_is_httponly_lax_and_new_at_login(
    stack: Stack, browser: httpx.AsyncClient
) -> None:
    browser.cookies.set(SESSION_COOKIE, "planted-by-an-attacker", domain="127.0.0.1")
    start = await browser.get(f"{stack.hub}/auth/login")
    page = await browser.get(start.headers["location"])
    back = await submit_login(browser, page, insz=AN.insz)

    callback = await browser.get(back.headers["location"])

    set_cookie = callback.headers["set-cookie"]
    assert f"{SESSION_COOKIE}=" in set_cookie
    assert "HttpOnly" in set_cookie
    assert "SameSite=lax" in set_cookie or "samesite=lax" in set_cookie.lower()
    assert "planted-by-an-attacker" not in set_cookie
    attacker = httpx.Cookies({SESSION_COOKIE: "planted-by-an-attacker"})
    async with httpx.AsyncClient(cookies=attacker) as other:
        response = await other.post(f"{stack.hub}/graphql", json={"query": MIJ})
    assert response.json() == {"data": {"mij": None}}


async def test_lotte_picks_an_association_and_switches(stack: Stack, browser: httpx.AsyncClient) -> None:
    landing = await stack.log_in(browser, LOTTE.insz)
    before = await stack.graphql(browser, PRIVATE, v="V0001001")

    chosen = await browser.post(
        f"{stack.hub}/auth/namens", data={"vCode": "V0001001", "csrf": csrf_of(landing)}
    )
    after = await stack.graphql(browser, PRIVATE, v="V0001001")
    other = await stack.graphql(browser, PRIVATE, v="V0001002")
    switched = await stack.graphql(browser, KIES, v="V0001002")
    now_other = await stack.graphql(browser, PRIVATE, v="V0001002")

    assert codes(before) == {"FORBIDDEN"}
    assert chosen.status_code == 303
    assert after["data"]["vereniging"]["vertegenwoordigers"]
    assert codes(other) == {"FORBIDDEN"}
    assert switched["data"]["kiesVereniging"]["namens"]["naam"] == "Vissen achter het net"
    assert now_other["data"]["vereniging"]["vertegenwoordigers"]


async def test_a_person_who_does_not_represent_it_is_forbidden(
    stack: Stack, browser: httpx.AsyncClient
) -> None:
    await stack.log_in(browser, MOHAMED.insz)

    private = await stack.graphql(browser, PRIVATE, v="V0001001")

    assert codes(private) == {"FORBIDDEN"}


async def test_choosing_without_the_csrf_token_is_refused(stack: Stack, browser: httpx.AsyncClient) -> None:
    await stack.log_in(browser, LOTTE.insz)

    forged = await browser.post(f"{stack.hub}/auth/namens", data={"vCode": "V0001002", "csrf": "guess"})
    mij = (await stack.graphql(browser, MIJ))["data"]["mij"]

    assert forged.status_code == 403
    assert mij["namens"] is None


async def test_logout_without_the_csrf_token_is_refused(stack: Stack, browser: httpx.AsyncClient) -> None:
    await stack.log_in(browser, AN.insz)

    forged = await browser.post(f"{stack.hub}/auth/logout", data={})
    mij = (await stack.graphql(browser, MIJ))["data"]["mij"]

    assert forged.status_code == 403
    assert mij is not None


async def test_logout_ends_the_session_here_and_at_the_provider(
    stack: Stack, browser: httpx.AsyncClient
) -> None:
    landing = await stack.log_in(browser, AN.insz)

    out = await browser.post(f"{stack.hub}/auth/logout", data={"csrf": csrf_of(landing)})
    at_provider = await browser.get(out.headers["location"])
    mij = (await stack.graphql(browser, MIJ))["data"]["mij"]
    start = await browser.get(f"{stack.hub}/auth/login")
    silent = await browser.get(
        start.headers["location"].replace("response_type=code", "response_type=code&prompt=none")
    )

    assert out.status_code == 303
    assert out.headers["location"].startswith(f"{stack.issuer}/logout")
    assert at_provider.headers["location"] == f"{stack.hub}/"
    assert mij is None
    assert parse_qs(urlsplit(silent.headers["location"]).query)["error"] == ["login_required"]


async def test_cross_site_api_calls_with_the_session_cookie_are_refused(
    stack: Stack, browser: httpx.AsyncClient
) -> None:
    await stack.log_in(browser, AN.insz)

    response = await browser.post(
        f"{stack.hub}/graphql", json={"query": MIJ}, headers={"Origin": "https://evil.example"}
    )

    assert response.status_code == 403
    assert response.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:x", "/" + "a" * 60_000],
)
async def test_open_redirect_through_next_is_refused(
    stack: Stack, browser: httpx.AsyncClient, target: str
) -> None:
    response = await browser.get(f"{stack.hub}/auth/login", params={"next": target})

    assert response.status_code == 400
    assert "location" not in response.headers


async def test_callback_with_an_unknown_state_is_refused(stack: Stack, browser: httpx.AsyncClient) -> None:
    start = await browser.get(f"{stack.hub}/auth/login")
    page = await browser.get(start.headers["location"])
    back = await submit_login(browser, page, insz=AN.insz)
    tampered = re.sub(r"state=[^&]+", "state=forged", back.headers["location"])

    response = await browser.get(tampered)

    assert response.status_code == 400
    assert SESSION_COOKIE not in response.headers.get("set-cookie", "")


async def test_callback_in_another_browser_is_refused(stack: Stack, browser: httpx.AsyncClient) -> None:
    start = await browser.get(f"{stack.hub}/auth/login")
    page = await browser.get(start.headers["location"])
    back = await submit_login(browser, page, insz=AN.insz)

    async with httpx.AsyncClient(follow_redirects=False) as victim:
        response = await victim.get(back.headers["location"])

    assert response.status_code == 400
    assert "andere browser" in response.text


async def test_a_callback_is_used_once(stack: Stack, browser: httpx.AsyncClient) -> None:
    start = await browser.get(f"{stack.hub}/auth/login")
    page = await browser.get(start.headers["location"])
    back = await submit_login(browser, page, insz=AN.insz)
    first = await browser.get(back.headers["location"])

    replay = await browser.get(back.headers["location"])

    assert first.status_code == 303
    assert replay.status_code == 400


async def test_the_login_request_uses_pkce_s256_state_and_nonce(
    stack: Stack, browser: httpx.AsyncClient
) -> None:
    start = await browser.get(f"{stack.hub}/auth/login")

    query = parse_qs(urlsplit(start.headers["location"]).query)
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["code_challenge"][0]) == 43
    assert len(query["state"][0]) >= 32
    assert len(query["nonce"][0]) >= 32
    assert query["redirect_uri"] == [f"{stack.hub}/auth/callback"]


async def test_a_second_login_replaces_the_first_session(stack: Stack, browser: httpx.AsyncClient) -> None:
    await stack.log_in(browser, AN.insz)
    first = browser.cookies[SESSION_COOKIE]

    start = await browser.get(f"{stack.hub}/auth/login")
    single_sign_on = await browser.get(start.headers["location"])  # no login page the second time
    callback = await browser.get(single_sign_on.headers["location"])
    second = browser.cookies[SESSION_COOKIE]
    async with httpx.AsyncClient(cookies={SESSION_COOKIE: first}) as old:
        replayed = await old.post(f"{stack.hub}/graphql", json={"query": MIJ}, headers={"Origin": stack.hub})

    assert callback.status_code == 303
    assert second != first
    assert replayed.json() == {"data": {"mij": None}}
    assert (await stack.graphql(browser, MIJ))["data"]["mij"]["insz"] == AN.insz


async def test_form_and_origin_values_outside_ascii_are_refused_not_errors(
    stack: Stack, browser: httpx.AsyncClient
) -> None:
    await stack.log_in(browser, LOTTE.insz)

    form = await browser.post(f"{stack.hub}/auth/namens", data={"vCode": "V0001001", "csrf": "é"})
    api = await browser.post(
        f"{stack.hub}/graphql", json={"query": MIJ}, headers=[(b"origin", b"http://\xe9")]
    )

    assert form.status_code == 403
    assert api.status_code == 403


async def test_a_provider_error_in_the_callback_is_shown_as_its_code_only(
    stack: Stack, browser: httpx.AsyncClient
) -> None:
    start = await browser.get(f"{stack.hub}/auth/login")
    state = parse_qs(urlsplit(start.headers["location"]).query)["state"][0]

    refused = await browser.get(
        f"{stack.hub}/auth/callback", params={"state": state, "error": "access_denied"}
    )

    assert refused.status_code == 400
    assert "access_denied" in refused.text
