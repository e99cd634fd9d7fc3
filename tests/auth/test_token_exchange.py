"""A token per hop: exchanged at the IdP for one audience, cached until shortly before expiry,
shared by concurrent requests, and never the person's own token."""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import AsyncIterator, Coroutine
from typing import Any, TypeVar

import httpx
import pytest
from fastapi import FastAPI, Request
from joserfc import jwt
from joserfc.jwk import KeySet

from demo.devidp import create_devidp
from demo.personas import AN, DEMO_CLIENT_ID
from hub.app import create_app
from hub.auth.oidc import OAuthError, TokenResponse
from hub.auth.principal import Principal, SubjectToken
from hub.auth.resolver import SESSION_COOKIE
from hub.auth.token_exchange import EXPIRY_MARGIN, TokenExchanger, call_context
from hub.settings import Settings
from registry.associations.service import VerenigingenRegister
from registry.db import Database
from registry.errors import Unauthenticated
from tests.auth.stack import HUB_SECRET, hub_settings, idp_config
from tests.devidp.login_flow import submit_login
from tests.utils.servers import free_port, serving

T = TypeVar("T")

HUB = "http://localhost:8999"  # served in process; plain http is allowed on localhost only


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


class FakeIdp:
    """Counts exchanges. Held, it answers only when the test lets it (`answer.set()`), once the
    exchange is under way (`asked`), so that concurrent callers overlap however slow the
    machine."""

    def __init__(self, *, expires_in: int = 300, fail: bool = False, held: bool = False) -> None:
        self.calls: list[tuple[str, str]] = []
        self.expires_in = expires_in
        self.fail = fail
        self.asked = asyncio.Event()
        self.answer = asyncio.Event()
        if not held:
            self.answer.set()

    async def __call__(self, subject_token: str, audience: str) -> TokenResponse:
        self.calls.append((subject_token, audience))
        self.asked.set()
        await self.answer.wait()
        if self.fail:
            raise OAuthError("invalid_target", "audience not allowed")
        return TokenResponse(access_token=f"{audience}-token-{len(self.calls)}", expires_in=self.expires_in)


async def all_asking(idp: FakeIdp, *calls: Coroutine[Any, Any, T]) -> list[asyncio.Task[T]]:
    """Start `calls` at once and return when the IdP has been asked. Each call asks the
    exchanger before the exchange it starts can run (tasks run in the order they were made), so
    by then every caller is waiting for an exchange: the one shared, or (wrongly) its own."""
    callers = [asyncio.create_task(call) for call in calls]
    await idp.asked.wait()
    return callers


async def test_concurrent_requests_for_one_person_and_audience_share_one_exchange() -> None:
    idp = FakeIdp(held=True)
    exchanger = TokenExchanger(idp)
    callers = await all_asking(
        idp,
        *(exchanger.token_for(person="an", subject_token="an-token", audience="kiosk") for _ in range(20)),
    )

    idp.answer.set()
    tokens = await asyncio.gather(*callers)

    assert len(idp.calls) == 1
    assert {t.access_token for t in tokens} == {"kiosk-token-1"}


async def test_tokens_are_kept_per_person_and_audience() -> None:
    idp = FakeIdp()
    exchanger = TokenExchanger(idp)

    a = await exchanger.token_for(person="an", subject_token="an-token", audience="kiosk")
    again = await exchanger.token_for(person="an", subject_token="an-token", audience="kiosk")
    other_audience = await exchanger.token_for(person="an", subject_token="an-token", audience="gemeente")
    other_person = await exchanger.token_for(person="lotte", subject_token="lotte-token", audience="kiosk")

    assert a == again
    assert len({a.access_token, other_audience.access_token, other_person.access_token}) == 3
    assert [call[0] for call in idp.calls] == ["an-token", "an-token", "lotte-token"]


async def test_a_token_is_exchanged_again_shortly_before_it_expires() -> None:
    idp, clock = FakeIdp(expires_in=300), Clock()
    exchanger = TokenExchanger(idp, clock=clock)
    first = await exchanger.token_for(person="an", subject_token="t", audience="kiosk")

    clock.now += 300 - EXPIRY_MARGIN - 1
    still = await exchanger.token_for(person="an", subject_token="t", audience="kiosk")
    clock.now += 2
    renewed = await exchanger.token_for(person="an", subject_token="t", audience="kiosk")

    assert still == first
    assert renewed.access_token != first.access_token
    assert len(idp.calls) == 2


async def test_a_refused_exchange_reaches_every_waiting_caller_and_is_not_cached() -> None:
    idp = FakeIdp(fail=True, held=True)
    exchanger = TokenExchanger(idp)
    callers = await all_asking(
        idp, *(exchanger.token_for(person="an", subject_token="t", audience="x") for _ in range(3))
    )

    idp.answer.set()
    results = await asyncio.gather(*callers, return_exceptions=True)
    idp.fail = False
    later = await exchanger.token_for(person="an", subject_token="t", audience="x")

    assert all(isinstance(r, OAuthError) and r.error == "invalid_target" for r in results)
    assert later.access_token == "x-token-2"


async def test_a_person_without_a_token_cannot_get_one_exchanged() -> None:
    exchanger = TokenExchanger(FakeIdp())

    with pytest.raises(Unauthenticated):
        await exchanger.for_principal(Principal(sub="an"), "kiosk")


@pytest.fixture
async def in_process(
    settings: Settings, db: Database, seeded: VerenigingenRegister
) -> AsyncIterator[tuple[FastAPI, httpx.AsyncClient, str]]:
    """The hub in this event loop (so the test can reach its parts), the dev IdP on loopback."""
    port = free_port()
    issuer = f"http://127.0.0.1:{port}"
    with serving(create_devidp(idp_config(issuer=issuer, hub=HUB)), port=port):
        app = create_app(hub_settings(settings, issuer=issuer, hub=HUB), database=db)
        mounts = {HUB: httpx.ASGITransport(app=app)}
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(mounts=mounts, follow_redirects=False, timeout=10) as browser,
        ):
            yield app, browser, issuer


async def _log_in(browser: httpx.AsyncClient, insz: str) -> str:
    start = await browser.get(f"{HUB}/auth/login")
    page = await browser.get(start.headers["location"])
    back = await submit_login(browser, page, insz=insz)
    callback = await browser.get(back.headers["location"])
    assert callback.status_code == 303, callback.text
    return str(browser.cookies[SESSION_COOKIE])


def _request(session_id: str) -> Request:
    cookie = f"{SESSION_COOKIE}={session_id}".encode()
    return Request({"type": "http", "method": "GET", "path": "/", "headers": [(b"cookie", cookie)]})


async def test_the_hub_exchanges_the_session_token_for_an_audience_bound_one(
    in_process: tuple[FastAPI, httpx.AsyncClient, str],
) -> None:
    app, browser, issuer = in_process
    identity = app.state.identity
    principal = await identity.authenticator(_request(await _log_in(browser, AN.insz)))
    own = await principal.subject_token()

    exchanged = await identity.exchanger.for_principal(principal, "kiosk-sandbox")
    again = await identity.exchanger.for_principal(principal, "kiosk-sandbox")

    keys = KeySet.import_key_set((await browser.get(f"{issuer}/jwks")).json())
    claims = jwt.decode(exchanged, keys, algorithms=["RS256"]).claims
    assert exchanged not in (own, None)
    assert again == exchanged
    assert identity.exchanger.exchanges == 1
    assert claims["aud"] == "kiosk-sandbox"
    assert claims["act"] == {"sub": "vloket-hub"}
    assert claims["rrn"] == AN.insz
    assert claims["iss"] == issuer


async def test_an_audience_the_hub_may_not_reach_is_refused_by_the_idp(
    in_process: tuple[FastAPI, httpx.AsyncClient, str],
) -> None:
    app, browser, _ = in_process
    principal = await app.state.identity.authenticator(_request(await _log_in(browser, AN.insz)))

    with pytest.raises(OAuthError) as refused:
        await app.state.identity.exchanger.for_principal(principal, "someone-else")

    assert refused.value.error == "invalid_target"


async def test_an_expiring_session_token_is_refreshed_and_the_refresh_token_rotated(
    in_process: tuple[FastAPI, httpx.AsyncClient, str],
) -> None:
    app, browser, _ = in_process
    session_id = await _log_in(browser, AN.insz)
    sessions = app.state.identity.authenticator.sessions
    session = await sessions.load(session_id)
    first_access, first_refresh = session.access_token, session.refresh_token
    session.access_expires_at = time.time() + 5  # within the refresh margin
    await sessions.save_credentials(session)

    principal = await app.state.identity.authenticator(_request(session_id))
    token = await principal.subject_token()
    stored = await sessions.load(session_id)

    assert token == stored.access_token
    assert token != first_access
    assert stored.refresh_token not in (None, first_refresh)


async def test_a_session_whose_login_the_provider_revoked_ends(
    in_process: tuple[FastAPI, httpx.AsyncClient, str],
) -> None:
    app, browser, issuer = in_process
    session_id = await _log_in(browser, AN.insz)
    sessions = app.state.identity.authenticator.sessions
    session = await sessions.load(session_id)
    revoked = await browser.post(
        f"{issuer}/revoke", data={"token": session.refresh_token}, auth=(DEMO_CLIENT_ID, HUB_SECRET)
    )
    session.access_expires_at = time.time() + 5
    await sessions.save_credentials(session)

    principal = await app.state.identity.authenticator(_request(session_id))
    token = await principal.subject_token()

    assert revoked.status_code == 200
    assert token is None
    assert await sessions.load(session_id) is None
    with pytest.raises(Unauthenticated):
        await app.state.identity.exchanger.for_principal(principal, "kiosk-sandbox")


async def test_one_person_through_two_clients_gets_two_tokens() -> None:
    idp = FakeIdp()
    exchanger = TokenExchanger(idp)
    portal = Principal(sub="an", client_id="vloket-hub", acr="eid", subject_token=_constant("portal-token"))
    app = Principal(sub="an", client_id="boekhouding", acr="eid", subject_token=_constant("app-token"))

    first = await exchanger.for_principal(portal, "kiosk")
    second = await exchanger.for_principal(app, "kiosk")

    assert first != second
    assert [call[0] for call in idp.calls] == ["portal-token", "app-token"]


async def test_a_caller_that_gives_up_does_not_cancel_the_others() -> None:
    idp = FakeIdp(held=True)
    exchanger = TokenExchanger(idp)
    impatient, patient = await all_asking(
        idp, *(exchanger.token_for(person="an", subject_token="t", audience="k") for _ in range(2))
    )

    impatient.cancel()
    idp.answer.set()
    token = await patient

    assert token.access_token == "k-token-1"
    assert len(idp.calls) == 1


async def test_logout_revokes_the_refresh_token_at_the_provider(
    in_process: tuple[FastAPI, httpx.AsyncClient, str],
) -> None:
    app, browser, issuer = in_process
    session_id = await _log_in(browser, AN.insz)
    session = await app.state.identity.authenticator.sessions.load(session_id)
    landing = await browser.get(f"{HUB}/")
    csrf = re.search(r'name="csrf" value="([^"]+)"', landing.text)
    assert csrf is not None

    out = await browser.post(f"{HUB}/auth/logout", data={"csrf": csrf.group(1)}, headers={"Origin": HUB})
    introspected = await browser.post(
        f"{issuer}/introspect", data={"token": session.refresh_token}, auth=(DEMO_CLIENT_ID, HUB_SECRET)
    )

    assert out.status_code == 303
    assert introspected.json()["active"] is False


def _constant(token: str) -> SubjectToken:
    async def subject() -> str:
        return token

    return subject


async def test_a_connector_gets_its_own_token_and_never_the_persons(
    in_process: tuple[FastAPI, httpx.AsyncClient, str],
) -> None:
    app, browser, issuer = in_process
    identity = app.state.identity
    principal = await identity.authenticator(_request(await _log_in(browser, AN.insz)))
    own = await principal.subject_token()

    before = time.monotonic()
    context = call_context(principal, exchanger=identity.exchanger, audience="kiosk-sandbox", timeout=5)
    after = time.monotonic()
    token = await context.token()

    keys = KeySet.import_key_set((await browser.get(f"{issuer}/jwks")).json())
    assert jwt.decode(token, keys, algorithms=["RS256"]).claims["aud"] == "kiosk-sandbox"
    assert own is not None
    assert own not in repr(context)
    assert own not in {str(value) for value in vars(context).values()}
    assert token != own
    assert context.v_code == "V0001001"
    assert context.person is not None
    assert context.person.insz == AN.insz
    assert before + 5 <= context.deadline <= after + 5  # five seconds from when it was made
