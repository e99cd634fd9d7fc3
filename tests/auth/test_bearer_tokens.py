"""Bearer tokens on `/graphql`: a valid token is the person; every bad one is refused with 401."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import time
from typing import Any

import httpx
import pytest
from joserfc import jwt

from demo.personas import AN, LOTTE
from hub.app import create_app
from hub.auth.bearer import InvalidToken, JwtVerifier
from hub.auth.provider import KEYS_MAX_AGE, OpenIDProvider
from hub.settings import Settings
from registry.associations.service import VerenigingenRegister
from registry.db import Database
from tests.utils.servers import free_port
from tests.utils.token_forge import TokenForge, new_key

MIJ = "{ mij { insz voornaam namens { vCode } verenigingen { vCode } } }"
VERTEGENWOORDIGERS = '{ vereniging(vCode: "V0001001") { vertegenwoordigers { insz } } }'


async def ask(api: httpx.AsyncClient, token: str, query: str = MIJ) -> httpx.Response:
    return await api.post("/graphql", json={"query": query}, headers={"Authorization": f"Bearer {token}"})


def assert_refused(response: httpx.Response, reason: str) -> None:
    assert response.status_code == 401, response.text
    assert response.headers["www-authenticate"].startswith('Bearer error="invalid_token"')
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "UNAUTHENTICATED"
    assert reason in error["extensions"]["reason"]


def _b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


async def test_valid_token_is_the_person_and_reads_private_data(
    api: httpx.AsyncClient, forge: TokenForge
) -> None:
    token = forge.token(AN)

    mij = (await ask(api, token)).json()["data"]["mij"]
    private = (await ask(api, token, VERTEGENWOORDIGERS)).json()

    assert mij == {
        "insz": AN.insz,
        "voornaam": AN.voornaam,
        "namens": {"vCode": "V0001001"},
        "verenigingen": [{"vCode": "V0001001"}],
    }
    assert AN.insz in {v["insz"] for v in private["data"]["vereniging"]["vertegenwoordigers"]}


@pytest.mark.parametrize(
    ("rrn", "insz"),
    [
        pytest.param("71.03.25-123.57", "71032512357", id="usual-notation"),
        pytest.param("75430100201", "75430100201", id="bis-nummer"),
    ],
)
async def test_the_rrn_claim_is_the_persons_insz_in_11_digits(
    api: httpx.AsyncClient, forge: TokenForge, rrn: str, insz: str
) -> None:
    token = forge.token(AN, rrn=rrn)

    mij = (await ask(api, token)).json()["data"]["mij"]

    assert mij["insz"] == insz


@pytest.mark.parametrize(
    "rrn",
    [
        pytest.param("01131500149", id="month-13"),
        pytest.param("71032512358", id="check-digits"),
        pytest.param("7103251235", id="10-digits"),
    ],
)
async def test_a_token_whose_rrn_is_no_valid_insz_is_refused(
    api: httpx.AsyncClient, forge: TokenForge, rrn: str
) -> None:
    assert_refused(await ask(api, forge.token(AN, rrn=rrn)), "claim 'rrn' is not a valid INSZ")


async def test_no_token_is_anonymous(api: httpx.AsyncClient) -> None:
    response = await api.post("/graphql", json={"query": MIJ})

    assert response.status_code == 200
    assert response.json() == {"data": {"mij": None}}


async def test_unsigned_token_alg_none_is_refused(api: httpx.AsyncClient, forge: TokenForge) -> None:
    token = f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(forge.claims(AN))}."

    assert_refused(await ask(api, token), "algorithm 'none' is not accepted")


async def test_hs256_signed_with_the_public_key_is_refused(api: httpx.AsyncClient, forge: TokenForge) -> None:
    # The classic confusion attack: the RSA public key (which anyone can fetch) as HMAC secret.
    public_pem = forge.key.as_pem(private=False)
    signing_input = f"{_b64({'alg': 'HS256', 'kid': forge.key.kid})}.{_b64(forge.claims(AN))}"
    mac = hmac.new(public_pem, signing_input.encode(), hashlib.sha256).digest()
    token = f"{signing_input}.{base64.urlsafe_b64encode(mac).rstrip(b'=').decode()}"

    assert_refused(await ask(api, token), "algorithm 'HS256' is not accepted")


async def test_expired_token_is_refused(api: httpx.AsyncClient, forge: TokenForge) -> None:
    now = int(time.time())
    token = forge.token(AN, iat=now - 600, nbf=now - 600, exp=now - 60)

    assert_refused(await ask(api, token), "expired")


async def test_token_expired_within_the_clock_leeway_is_accepted(
    api: httpx.AsyncClient, forge: TokenForge
) -> None:
    now = int(time.time())
    token = forge.token(AN, iat=now - 600, nbf=now - 600, exp=now - 5)

    response = await ask(api, token)

    assert response.status_code == 200
    assert response.json()["data"]["mij"]["insz"] == AN.insz


async def test_token_not_yet_valid_is_refused(api: httpx.AsyncClient, forge: TokenForge) -> None:
    now = int(time.time())
    token = forge.token(AN, nbf=now + 600, exp=now + 900)

    assert_refused(await ask(api, token), "not yet valid")


async def test_token_from_another_issuer_is_refused(api: httpx.AsyncClient, forge: TokenForge) -> None:
    token = forge.token(AN, iss="https://elders.example")

    assert_refused(await ask(api, token), "iss")


async def test_token_for_another_audience_is_refused(api: httpx.AsyncClient, forge: TokenForge) -> None:
    token = forge.token(AN, aud="kiosk")

    assert_refused(await ask(api, token), "aud")


async def test_token_with_tampered_claims_is_refused(api: httpx.AsyncClient, forge: TokenForge) -> None:
    header, _, signature = forge.token(AN).split(".")
    forged = f"{header}.{_b64(forge.claims(LOTTE))}.{signature}"

    assert_refused(await ask(api, forged), "signature")


async def test_token_signed_by_a_key_the_provider_does_not_publish_is_refused(
    api: httpx.AsyncClient, forge: TokenForge
) -> None:
    stranger = new_key(kid=forge.key.kid)  # same key id, different key

    assert_refused(await ask(api, forge.token(AN, key=stranger)), "signature")


async def test_garbage_and_other_schemes_are_refused(api: httpx.AsyncClient) -> None:
    garbage = await ask(api, "not-a-token")
    basic = await api.post("/graphql", json={"query": MIJ}, headers={"Authorization": "Basic YTpi"})

    assert_refused(garbage, "not a signed JWT")
    assert basic.status_code == 401
    assert basic.headers["www-authenticate"].startswith('Bearer error="invalid_request"')


async def test_id_token_is_not_accepted_as_access_token(api: httpx.AsyncClient, forge: TokenForge) -> None:
    assert_refused(await ask(api, forge.token(AN, nonce="n-123")), "ID token")


async def test_keys_are_fetched_again_when_the_provider_rotates(
    api: httpx.AsyncClient, forge: TokenForge
) -> None:
    assert (await ask(api, forge.token(AN))).status_code == 200
    fetches_before = forge.key_fetches

    forge.rotate()
    response = await ask(api, forge.token(AN))

    assert response.status_code == 200
    assert forge.key_fetches == fetches_before + 1


async def test_unknown_key_ids_do_not_flood_the_provider(api: httpx.AsyncClient, forge: TokenForge) -> None:
    assert (await ask(api, forge.token(AN))).status_code == 200
    fetches_before = forge.key_fetches

    for _ in range(20):
        assert_refused(await ask(api, forge.token(AN, key=new_key())), "unknown key id")

    # One refetch for the first unknown key id; the rest fall within the refetch interval.
    assert forge.key_fetches - fetches_before == 1


@pytest.mark.parametrize("active", [True, False])
async def test_opaque_tokens_are_checked_by_introspection(
    active: bool, auth_settings: Settings, db: Database, seeded: VerenigingenRegister, forge: TokenForge
) -> None:
    app = create_app(auth_settings.model_copy(update={"oidc_introspection": True}), database=db)
    token = forge.token(AN)
    if not active:
        forge.active.discard(token)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://hub.test") as client,
    ):
        response = await ask(client, token)

    if active:
        assert response.json()["data"]["mij"]["insz"] == AN.insz
    else:
        assert_refused(response, "not active")


async def test_id_token_without_nonce_is_not_accepted_as_access_token(
    api: httpx.AsyncClient, forge: TokenForge
) -> None:
    # As a provider issues it on refresh: audience the hub, no nonce, no client_id or scope.
    id_token = forge.token(AN, typ="JWT", client_id=None, azp="vloket-hub")
    with_hash = forge.token(AN, typ="JWT", at_hash="abc")

    assert_refused(await ask(api, id_token), "ID token")
    assert_refused(await ask(api, with_hash), "ID token")


async def test_a_plain_jwt_access_token_with_client_id_is_accepted(
    api: httpx.AsyncClient, forge: TokenForge
) -> None:
    response = await ask(api, forge.token(AN, typ="JWT"))

    assert response.json()["data"]["mij"]["insz"] == AN.insz


async def test_a_header_with_unusual_characters_is_refused_not_an_error(
    api: httpx.AsyncClient, forge: TokenForge
) -> None:
    token = f"{_b64({'alg': '☃', 'kid': '☃'})}.{_b64(forge.claims(AN))}.c2ln"

    response = await ask(api, token)

    assert_refused(response, "is not accepted")
    assert response.headers["www-authenticate"].isascii()


async def test_an_unreachable_provider_is_503_not_a_refused_token(
    auth_settings: Settings, db: Database, seeded: VerenigingenRegister, forge: TokenForge
) -> None:
    nowhere = f"http://127.0.0.1:{free_port()}"
    app = create_app(auth_settings.model_copy(update={"oidc_issuer": nowhere}), database=db)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://hub.test") as client,
    ):
        response = await ask(client, forge.token(AN))

    assert response.status_code == 503
    assert response.headers["retry-after"] == "30"
    assert response.json()["errors"][0]["extensions"]["code"] == "SERVICE_UNAVAILABLE"


async def test_an_issuer_configured_with_a_trailing_slash_still_accepts_its_tokens(
    auth_settings: Settings, db: Database, seeded: VerenigingenRegister, forge: TokenForge
) -> None:
    app = create_app(auth_settings.model_copy(update={"oidc_issuer": forge.issuer + "/"}), database=db)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://hub.test") as client,
    ):
        response = await ask(client, forge.token(AN))

    assert response.json()["data"]["mij"]["insz"] == AN.insz


async def test_concurrent_unknown_key_ids_share_one_fetch(api: httpx.AsyncClient, forge: TokenForge) -> None:
    assert (await ask(api, forge.token(AN))).status_code == 200
    fetches_before = forge.key_fetches

    forge.rotate()
    responses = await asyncio.gather(*(ask(api, forge.token(AN)) for _ in range(10)))

    assert {r.status_code for r in responses} == {200}
    assert forge.key_fetches == fetches_before + 1


async def test_withdrawn_keys_stop_verifying_once_the_cached_set_is_old(forge: TokenForge) -> None:
    clock = [0.0]
    async with httpx.AsyncClient() as client:
        provider = OpenIDProvider(forge.issuer, client, clock=lambda: clock[0])
        verifier = JwtVerifier(provider, audience=forge.audience, algorithms=["RS256"], leeway=0)
        old_token = forge.token(AN)
        await verifier.verify_access_token(old_token)

        forge.keys = [new_key()]  # the provider withdraws the key
        clock[0] += KEYS_MAX_AGE - 1
        still = await verifier.verify_access_token(old_token)
        clock[0] += 2
        with pytest.raises(InvalidToken):
            await verifier.verify_access_token(old_token)

    assert still["rrn"] == AN.insz


async def test_operations_over_get_are_refused(api: httpx.AsyncClient, forge: TokenForge) -> None:
    response = await api.get(
        "/graphql", params={"query": MIJ}, headers={"Authorization": f"Bearer {forge.token(AN)}"}
    )

    assert response.status_code == 400, response.text
    assert "insz" not in response.text


async def test_a_remembered_token_is_refused_once_it_expires(
    forge: TokenForge, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = int(time.time())
    clock = [float(now)]
    signature_checks = count_signature_checks(monkeypatch)
    async with httpx.AsyncClient() as client:
        provider = OpenIDProvider(forge.issuer, client)
        verifier = JwtVerifier(
            provider, audience=forge.audience, algorithms=["RS256"], leeway=0, clock=lambda: clock[0]
        )
        token = forge.token(AN, iat=now, nbf=now, exp=now + 60)
        first = await verifier.verify_access_token(token)
        again = await verifier.verify_access_token(token)
        clock[0] += 61
        with pytest.raises(InvalidToken, match="expired"):
            await verifier.verify_access_token(token)

    assert first["rrn"] == again["rrn"] == AN.insz
    assert signature_checks == [token, token]  # the second use was remembered; the third checked


async def test_remembered_tokens_are_bounded_and_cannot_be_changed_by_a_caller(
    forge: TokenForge, monkeypatch: pytest.MonkeyPatch
) -> None:
    signature_checks = count_signature_checks(monkeypatch)
    async with httpx.AsyncClient() as client:
        provider = OpenIDProvider(forge.issuer, client)
        verifier = JwtVerifier(provider, audience=forge.audience, algorithms=["RS256"], leeway=0, remember=2)
        an, lotte, an_again = forge.token(AN), forge.token(LOTTE), forge.token(AN, jti="tweede")
        for token in (an, lotte, an_again, lotte, an):
            claims = await verifier.verify_access_token(token)
        with pytest.raises(TypeError):
            claims["rrn"] = LOTTE.insz  # type: ignore[index]

    assert signature_checks == [an, lotte, an_again, an]  # `an` was the oldest of three


def count_signature_checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    checked: list[str] = []
    decode = jwt.decode

    def counted(token: str, *args: Any, **kwargs: Any) -> Any:
        checked.append(token)
        return decode(token, *args, **kwargs)

    monkeypatch.setattr(jwt, "decode", counted)
    return checked
