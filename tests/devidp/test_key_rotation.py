"""Key rotation: new tokens are signed with the new key; the old key stays published until every
token it signed has expired, then disappears."""

from __future__ import annotations

import httpx
import pytest
from joserfc.errors import InvalidKeyIdError

from tests.devidp.client_calls import published_kids, verified
from tests.devidp.conftest import AN, HUB, PIETER, RunningIdp
from tests.devidp.login_flow import log_in


async def test_old_key_verifies_its_tokens_until_they_expire_then_is_dropped(
    idp: RunningIdp, browser: httpx.AsyncClient, other_browser: httpx.AsyncClient, backend: httpx.AsyncClient
) -> None:
    before = await log_in(browser, backend, idp.issuer, HUB, insz=AN.insz)
    old = await verified(backend, idp.issuer, before.access_token, now=idp.clock.now, audience=HUB.client_id)

    new_kid = idp.devidp.rotate_keys()

    after = await log_in(other_browser, backend, idp.issuer, HUB, insz=PIETER.insz)
    new = await verified(backend, idp.issuer, after.id_token, now=idp.clock.now, audience=HUB.client_id)
    assert new.header["kid"] == new_kid != old.header["kid"]
    assert await published_kids(backend, idp.issuer) == {old.header["kid"], new_kid}

    idp.clock.advance(299)
    still = await verified(
        backend, idp.issuer, before.access_token, now=idp.clock.now, audience=HUB.client_id
    )
    assert still.claims["sub"] == old.claims["sub"]

    idp.clock.advance(1)
    assert await published_kids(backend, idp.issuer) == {new_kid}
    with pytest.raises(InvalidKeyIdError):
        await verified(
            backend, idp.issuer, before.access_token, now=idp.clock.now - 300, audience=HUB.client_id
        )
