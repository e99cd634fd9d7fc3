"""Driving a login the way a browser and a client would: authorize, the login page, the form post,
the code back at the client, and the code traded for tokens."""

from __future__ import annotations

import base64
import hashlib
import secrets
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx

from demo.devidp import DevClient
from tests.devidp.client_calls import token_request

FULL_SCOPE = "openid profile rrn vo"


@dataclass(frozen=True)
class Pkce:
    verifier: str
    challenge: str

    @classmethod
    def new(cls) -> Pkce:
        verifier = secrets.token_urlsafe(48)
        digest = hashlib.sha256(verifier.encode("ascii")).digest()
        return cls(verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii"))


@dataclass(frozen=True)
class AuthRequest:
    """What the client remembers between sending the browser off and getting the code back."""

    client: DevClient
    state: str = field(default_factory=lambda: secrets.token_urlsafe(16))
    nonce: str = field(default_factory=lambda: secrets.token_urlsafe(16))
    pkce: Pkce = field(default_factory=Pkce.new)
    scope: str = FULL_SCOPE

    @property
    def redirect_uri(self) -> str:
        return self.client.redirect_uris[0]

    def params(self, **overrides: str | None) -> dict[str, str]:
        params: dict[str, str | None] = {
            "client_id": self.client.client_id,
            "redirect_uri": self.redirect_uri,
            "response_type": "code",
            "scope": self.scope,
            "state": self.state,
            "nonce": self.nonce,
            "code_challenge": self.pkce.challenge,
            "code_challenge_method": "S256",
        }
        params |= overrides
        return {name: value for name, value in params.items() if value is not None}


@dataclass(frozen=True)
class LoginForm:
    action: str
    fields: dict[str, str]
    personas: list[str]


class _FormReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.action = ""
        self.hidden: dict[str, str] = {}
        self.personas: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "form":
            self.action = attributes.get("action", "")
        elif tag == "input" and attributes.get("type") == "hidden":
            self.hidden[attributes["name"]] = attributes.get("value", "")
        elif tag == "input" and attributes.get("name") == "persona":
            self.personas.append(attributes["value"])


def read_login_form(page: httpx.Response) -> LoginForm:
    assert page.status_code == 200, page.text
    reader = _FormReader()
    reader.feed(page.text)
    return LoginForm(reader.action, reader.hidden, reader.personas)


async def authorize(
    browser: httpx.AsyncClient, issuer: str, request: AuthRequest, **overrides: str | None
) -> httpx.Response:
    return await browser.get(f"{issuer}/authorize", params=request.params(**overrides))


async def submit_login(
    browser: httpx.AsyncClient, page: httpx.Response, *, insz: str, sleutel: str = "eid"
) -> httpx.Response:
    form = read_login_form(page)
    return await browser.post(form.action, data={**form.fields, "persona": insz, "sleutel": sleutel})


def callback_params(response: httpx.Response) -> dict[str, str]:
    """The query the IdP sent the browser back to the client with: from the authorize request
    (single sign-on, or a refusal) a 302, from the login form's post a 303 (so the browser
    follows it with a GET)."""
    expected = 303 if response.request.method == "POST" else 302
    assert response.status_code == expected, response.text
    location = response.headers["location"]
    return {name: values[0] for name, values in parse_qs(urlsplit(location).query).items()}


async def redeem_code(
    backend: httpx.AsyncClient,
    issuer: str,
    request: AuthRequest,
    code: str,
    *,
    verifier: str | None = None,
) -> httpx.Response:
    form = {"grant_type": "authorization_code", "code": code, "redirect_uri": request.redirect_uri}
    form["code_verifier"] = verifier if verifier is not None else request.pkce.verifier
    return await token_request(backend, issuer, request.client, form)


@dataclass(frozen=True)
class Login:
    request: AuthRequest
    code: str
    tokens: dict[str, Any]

    @property
    def access_token(self) -> str:
        return str(self.tokens["access_token"])

    @property
    def refresh_token(self) -> str:
        return str(self.tokens["refresh_token"])

    @property
    def id_token(self) -> str:
        return str(self.tokens["id_token"])


async def log_in(
    browser: httpx.AsyncClient,
    backend: httpx.AsyncClient,
    issuer: str,
    client: DevClient,
    *,
    insz: str,
    sleutel: str = "eid",
    scope: str = FULL_SCOPE,
) -> Login:
    """The whole login: authorize, choose the persona and key, trade the code for tokens."""
    request = AuthRequest(client, scope=scope)
    page = await authorize(browser, issuer, request)
    callback = callback_params(await submit_login(browser, page, insz=insz, sleutel=sleutel))
    assert callback["state"] == request.state
    response = await redeem_code(backend, issuer, request, callback["code"])
    assert response.status_code == 200, response.text
    return Login(request, callback["code"], response.json())


async def log_in_at_hub(
    browser: httpx.AsyncClient, hub: str, insz: str, *, next: str = "/"
) -> httpx.Response:
    """A person logging in at the hub the way a browser does: from the hub's login link, through
    the IdP's page, to the page the hub sends them to after the callback."""
    start = await browser.get(f"{hub}/auth/login", params={"next": next})
    assert start.status_code == 302, start.text
    page = await browser.get(start.headers["location"])
    back = await submit_login(browser, page, insz=insz)
    assert back.status_code == 303, back.text
    callback = await browser.get(back.headers["location"])
    assert callback.status_code == 303, callback.text
    return await browser.get(f"{hub}{callback.headers['location']}")
