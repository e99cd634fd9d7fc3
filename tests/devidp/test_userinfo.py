"""The userinfo endpoint answers only to an active access token of this IdP."""

from __future__ import annotations

import httpx
import pytest

from tests.devidp.client_calls import revoke
from tests.devidp.conftest import AN, HUB, RunningIdp
from tests.devidp.login_flow import log_in


async def test_userinfo_returns_the_person_claims(
    idp: RunningIdp, browser: httpx.AsyncClient, backend: httpx.AsyncClient
) -> None:
    login = await log_in(browser, backend, idp.issuer, HUB, insz=AN.insz)

    response = await backend.get(
        f"{idp.issuer}/userinfo", headers={"Authorization": f"Bearer {login.access_token}"}
    )

    assert response.status_code == 200
    claims = response.json()
    assert claims["rrn"] == AN.insz
    assert (claims["given_name"], claims["family_name"]) == ("An", "Janssens")
    assert claims["vloket_rol_3d"] == ["Vertegenwoordiger:V0001001"]


@pytest.mark.parametrize("header", ["Bearer niet-van-ons", "", "Basic dmxva2V0LWh1Yjpn"])
async def test_userinfo_refuses_requests_without_a_valid_token(
    idp: RunningIdp, backend: httpx.AsyncClient, header: str
) -> None:
    response = await backend.post(f"{idp.issuer}/userinfo", headers={"Authorization": header})

    assert response.status_code == 401
    assert response.headers["www-authenticate"] == 'Bearer error="invalid_token"'


async def test_userinfo_refuses_an_id_token(
    idp: RunningIdp, browser: httpx.AsyncClient, backend: httpx.AsyncClient
) -> None:
    login = await log_in(browser, backend, idp.issuer, HUB, insz=AN.insz)

    response = await backend.get(
        f"{idp.issuer}/userinfo", headers={"Authorization": f"Bearer {login.id_token}"}
    )

    assert response.status_code == 401


async def test_userinfo_refuses_a_revoked_token(
    idp: RunningIdp, browser: httpx.AsyncClient, backend: httpx.AsyncClient
) -> None:
    login = await log_in(browser, backend, idp.issuer, HUB, insz=AN.insz)
    await revoke(backend, idp.issuer, HUB, login.access_token)

    response = await backend.get(
        f"{idp.issuer}/userinfo", headers={"Authorization": f"Bearer {login.access_token}"}
    )

    assert response.status_code == 401


async def test_userinfo_refuses_an_expired_token(
    idp: RunningIdp, browser: httpx.AsyncClient, backend: httpx.AsyncClient
) -> None:
    login = await log_in(browser, backend, idp.issuer, HUB, insz=AN.insz)
    idp.clock.advance(300)

    response = await backend.get(
        f"{idp.issuer}/userinfo", headers={"Authorization": f"Bearer {login.access_token}"}
    )

    assert response.status_code == 401
