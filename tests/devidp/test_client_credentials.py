"""Client credentials (RFC 6749 §4.4): a client gets a token for itself, for an audience it may
call; no person is in it, and an audience it may not call is refused."""

from __future__ import annotations

import httpx

from tests.devidp.client_calls import token_request, verified
from tests.devidp.conftest import HUB, RunningIdp


async def test_a_client_gets_a_token_for_itself_without_a_person(
    idp: RunningIdp, backend: httpx.AsyncClient
) -> None:
    answer = await token_request(
        backend, idp.issuer, HUB, {"grant_type": "client_credentials", "audience": "kiosk-sandbox"}
    )

    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert (body["token_type"], body["scope"]) == ("Bearer", "dienst")
    token = await verified(
        backend, idp.issuer, body["access_token"], now=idp.clock.now, audience="kiosk-sandbox"
    )
    assert token.claims["sub"] == token.claims["client_id"] == HUB.client_id
    assert "act" not in token.claims
    assert "rrn" not in token.claims


async def test_an_audience_the_client_may_not_call_is_refused(
    idp: RunningIdp, backend: httpx.AsyncClient
) -> None:
    refused = await token_request(
        backend, idp.issuer, HUB, {"grant_type": "client_credentials", "audience": "elsewhere"}
    )
    # It may exchange a person's token for this audience, but not get one of its own for it.
    exchange_only = await token_request(
        backend, idp.issuer, HUB, {"grant_type": "client_credentials", "audience": "sport-sandbox"}
    )
    missing = await token_request(backend, idp.issuer, HUB, {"grant_type": "client_credentials"})

    assert (refused.status_code, refused.json()["error"]) == (400, "invalid_target")
    assert (exchange_only.status_code, exchange_only.json()["error"]) == (400, "invalid_target")
    assert (missing.status_code, missing.json()["error"]) == (400, "invalid_request")
