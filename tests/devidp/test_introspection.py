"""Introspection (RFC 7662) and revocation (RFC 7009): clients must authenticate, and learn only
about their own tokens."""

from __future__ import annotations

import httpx

from tests.devidp.client_calls import introspect, is_active, refresh, revoke
from tests.devidp.conftest import AN, HUB, SANDBOX, RunningIdp
from tests.devidp.login_flow import log_in


async def test_introspection_requires_client_authentication(
    idp: RunningIdp, browser: httpx.AsyncClient, backend: httpx.AsyncClient
) -> None:
    login = await log_in(browser, backend, idp.issuer, HUB, insz=AN.insz)

    anonymous = await backend.post(f"{idp.issuer}/introspect", data={"token": login.access_token})
    wrong_secret = await backend.post(
        f"{idp.issuer}/introspect", data={"token": login.access_token}, auth=(HUB.client_id, "geraden")
    )

    for response in (anonymous, wrong_secret):
        assert response.status_code == 401
        assert response.json()["error"] == "invalid_client"
        assert "active" not in response.json()


async def test_an_active_access_token_is_described(
    idp: RunningIdp, browser: httpx.AsyncClient, backend: httpx.AsyncClient
) -> None:
    login = await log_in(browser, backend, idp.issuer, HUB, insz=AN.insz)

    answer = await introspect(backend, idp.issuer, HUB, login.access_token)

    assert answer["active"] is True
    assert answer["iss"] == idp.issuer
    assert answer["aud"] == HUB.client_id
    assert answer["client_id"] == HUB.client_id
    assert answer["scope"] == "openid profile rrn vo"
    assert answer["token_type"] == "Bearer"
    assert answer["rrn"] == AN.insz
    assert answer["iat"] < answer["exp"]


async def test_an_active_refresh_token_is_described(
    idp: RunningIdp, browser: httpx.AsyncClient, backend: httpx.AsyncClient
) -> None:
    login = await log_in(browser, backend, idp.issuer, HUB, insz=AN.insz)

    answer = await introspect(backend, idp.issuer, HUB, login.refresh_token)

    assert answer["active"] is True
    assert answer["token_type"] == "refresh_token"
    assert answer["client_id"] == HUB.client_id
    assert answer["rrn"] == AN.insz


async def test_unknown_and_expired_tokens_are_inactive(
    idp: RunningIdp, browser: httpx.AsyncClient, backend: httpx.AsyncClient
) -> None:
    login = await log_in(browser, backend, idp.issuer, HUB, insz=AN.insz)
    assert await introspect(backend, idp.issuer, HUB, "nooit-uitgegeven") == {"active": False}

    idp.clock.advance(300)

    assert await introspect(backend, idp.issuer, HUB, login.access_token) == {"active": False}


async def test_another_client_learns_nothing_about_a_token(
    idp: RunningIdp, browser: httpx.AsyncClient, backend: httpx.AsyncClient
) -> None:
    login = await log_in(browser, backend, idp.issuer, HUB, insz=AN.insz)

    assert await introspect(backend, idp.issuer, SANDBOX, login.access_token) == {"active": False}
    assert await introspect(backend, idp.issuer, SANDBOX, login.refresh_token) == {"active": False}


async def test_revoking_an_access_token_deactivates_it(
    idp: RunningIdp, browser: httpx.AsyncClient, backend: httpx.AsyncClient
) -> None:
    login = await log_in(browser, backend, idp.issuer, HUB, insz=AN.insz)

    response = await revoke(backend, idp.issuer, HUB, login.access_token)

    assert response.status_code == 200
    assert not await is_active(backend, idp.issuer, HUB, login.access_token)
    assert await is_active(backend, idp.issuer, HUB, login.refresh_token)


async def test_revoking_a_refresh_token_revokes_its_family(
    idp: RunningIdp, browser: httpx.AsyncClient, backend: httpx.AsyncClient
) -> None:
    login = await log_in(browser, backend, idp.issuer, HUB, insz=AN.insz)

    await revoke(backend, idp.issuer, HUB, login.refresh_token)

    assert not await is_active(backend, idp.issuer, HUB, login.refresh_token)
    assert not await is_active(backend, idp.issuer, HUB, login.access_token)
    assert (await refresh(backend, idp.issuer, HUB, login.refresh_token)).json()["error"] == "invalid_grant"


async def test_a_client_cannot_revoke_another_clients_token(
    idp: RunningIdp, browser: httpx.AsyncClient, backend: httpx.AsyncClient
) -> None:
    login = await log_in(browser, backend, idp.issuer, HUB, insz=AN.insz)

    response = await revoke(backend, idp.issuer, SANDBOX, login.refresh_token)

    assert response.status_code == 200
    assert await is_active(backend, idp.issuer, HUB, login.refresh_token)


async def test_revocation_requires_client_authentication(
    idp: RunningIdp, browser: httpx.AsyncClient, backend: httpx.AsyncClient
) -> None:
    login = await log_in(browser, backend, idp.issuer, HUB, insz=AN.insz)

    response = await backend.post(f"{idp.issuer}/revoke", data={"token": login.refresh_token})

    assert response.status_code == 401
    assert await is_active(backend, idp.issuer, HUB, login.refresh_token)
