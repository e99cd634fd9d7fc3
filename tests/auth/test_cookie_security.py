"""Every cookie the hub sets, and every one it clears, is `Secure` wherever the hub is reached:
only a plain-http hub on this machine (the demo) goes without, since a browser would never send
it back there. All are HttpOnly (no script of ours reads them) and SameSite=Lax.

The hub runs on loopback but believes it is reached at `public_url`; the browser here keeps the
hub's cookies itself (httpx, rightly, would not send a Secure cookie over plain http) and brings
the IdP's answer back to the hub's real address."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from http.cookies import Morsel, SimpleCookie
from urllib.parse import urlsplit

import httpx
import pytest

from demo.devidp import create_devidp
from demo.personas import AN
from hub.app import create_app
from hub.auth.resolver import SESSION_COOKIE
from hub.auth.routes import LOGIN_COOKIE
from hub.portal.web import CSRF_COOKIE, LANGUAGE_COOKIE
from hub.settings import Settings
from tests.auth.stack import hub_settings, idp_config
from tests.auth.test_login import csrf_of
from tests.devidp.login_flow import submit_login
from tests.utils.servers import free_ports, serving


@dataclass
class Browser:
    """A browser at the hub's public address: keeps the hub's cookies and notes every one it set
    or cleared, with the step that did."""

    hub: str
    public_url: str
    http: httpx.AsyncClient
    jar: dict[str, str] = field(default_factory=dict)
    seen: list[tuple[str, Morsel[str]]] = field(default_factory=list)

    async def request(
        self,
        step: str,
        method: str,
        path: str,
        *,
        params: dict[str, str] | None = None,
        data: dict[str, str] | None = None,
    ) -> httpx.Response:
        headers = {"Origin": origin_of(self.public_url)}
        if self.jar:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.jar.items())
        response = await self.http.request(
            method, f"{self.hub}{path}", headers=headers, params=params, data=data
        )
        for header in response.headers.get_list("set-cookie"):
            cookie: SimpleCookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                self.seen.append((step, morsel))
                if morsel["max-age"] == "0":
                    self.jar.pop(name, None)
                else:
                    self.jar[name] = morsel.value
        return response


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@pytest.fixture
def hub_and_idp(settings: Settings, database_url: str, public_url: str) -> Iterator[tuple[str, str]]:
    """The hub on loopback, configured as reached at `public_url`, and its IdP, which sends the
    browser back to `public_url`."""
    hub_port, idp_port = free_ports(2)
    hub, issuer = f"http://127.0.0.1:{hub_port}", f"http://127.0.0.1:{idp_port}"
    configured = hub_settings(settings, issuer=issuer, hub=public_url, database_url=database_url)
    with (
        serving(create_devidp(idp_config(issuer=issuer, hub=public_url)), port=idp_port),
        serving(create_app(configured), port=hub_port),
    ):
        yield hub, issuer


async def every_cookie(hub: str, public_url: str) -> list[tuple[str, Morsel[str]]]:
    """A visit that makes the hub set and clear each of its cookies: a page, the language, the
    login (started, at the IdP, back at the callback), a page logged in, the logout."""
    async with (
        httpx.AsyncClient(follow_redirects=False, timeout=30) as hub_http,
        httpx.AsyncClient(follow_redirects=False, timeout=30) as idp_http,
    ):
        browser = Browser(hub, public_url, hub_http)
        assert (await browser.request("page", "GET", "/")).status_code == 200
        assert (
            await browser.request("language", "GET", "/taal/en", params={"terug": "/"})
        ).status_code == 303
        start = await browser.request("login", "GET", "/auth/login", params={"next": "/"})
        assert start.status_code == 302, start.text
        back = await submit_login(idp_http, await idp_http.get(start.headers["location"]), insz=AN.insz)
        callback = urlsplit(back.headers["location"])
        assert f"{callback.scheme}://{callback.netloc}{callback.path}" == f"{public_url}/auth/callback"
        landed = await browser.request("callback", "GET", f"/auth/callback?{callback.query}")
        assert landed.status_code == 303, landed.text
        page = await browser.request("page logged in", "GET", "/")
        assert page.status_code == 200, page.text
        out = await browser.request("logout", "POST", "/auth/logout", data={"csrf": csrf_of(page)})
        assert out.status_code == 303, out.text
        return browser.seen


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize(
    ("public_url", "secure"),
    [
        ("https://loket.vlaanderen.example", True),
        ("http://loket.vlaanderen.example", True),
        ("https://127.0.0.1:8443", True),
        ("https://localhost:8443", True),
        ("http://127.0.0.1:8000", False),
        ("http://localhost:8000", False),
        ("http://[::1]:8000", False),
    ],
)
async def test_every_cookie_is_secure_except_on_plain_http_on_this_machine(
    hub_and_idp: tuple[str, str], public_url: str, secure: bool
) -> None:
    hub, _ = hub_and_idp

    seen = await every_cookie(hub, public_url)

    assert [(step, morsel.key, bool(morsel["max-age"] == "0")) for step, morsel in seen] == [
        ("page", CSRF_COOKIE, False),
        ("language", LANGUAGE_COOKIE, False),
        ("login", LOGIN_COOKIE, False),
        ("callback", SESSION_COOKIE, False),
        ("callback", LOGIN_COOKIE, True),
        ("logout", SESSION_COOKIE, True),
    ]
    for step, morsel in seen:
        described = f"{morsel.key} at {step}: {morsel.OutputString()}"
        assert bool(morsel["secure"]) is secure, described
        assert morsel["httponly"] is True, described
        assert morsel["samesite"].lower() == "lax", described
        assert morsel["path"] == ("/auth" if morsel.key == LOGIN_COOKIE else "/"), described
