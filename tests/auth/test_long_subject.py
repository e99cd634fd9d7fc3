"""A person known only by their `sub` (no INSZ), as long as OpenID Connect allows it (255
characters), acts like anyone else: their changes and their name in the history and the access
log are kept whole, on both stores. A longer `sub` breaks the standard and is refused."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.auth.test_on_whose_behalf import PUBLIC, WIJZIG, Person
from tests.auth.test_toegangslog import LOG
from tests.offerings.factories import GENT, dienst_inhoud
from tests.utils.token_forge import TokenForge

LONGEST_SUB = "s" * 255
"""OpenID Connect Core 1.0, 2: `sub` "MUST NOT exceed 255 ASCII characters in length"."""
HISTORIEK = "query($v: ID!) { vereniging(vCode: $v) { historiek { versie door namens } } }"
MAAK = "mutation($inhoud: DienstInput!) { maakDienst(inhoud: $inhoud) { id versie status } }"


def known_by_sub(api: httpx.AsyncClient, forge: TokenForge, sub: str, *rollen: str) -> Person:
    return Person(api, forge.token(sub=sub, vloket_rol_3d=list(rollen)))


async def test_a_person_with_the_longest_sub_changes_an_association_and_is_named_whole_after(
    api: httpx.AsyncClient, forge: TokenForge
) -> None:
    mandataris = known_by_sub(api, forge, LONGEST_SUB, "Vertegenwoordiger:V0001001")
    versie = (await mandataris(PUBLIC, v="V0001001"))["data"]["vereniging"]["versie"]

    changed = await mandataris(WIJZIG, v="V0001001", versie=versie)
    historiek = await mandataris(HISTORIEK, v="V0001001")
    log = await mandataris(LOG, v="V0001001", first=5)

    assert "errors" not in changed, changed["errors"]
    assert changed["data"]["wijzigBasisgegevens"]["korteBeschrijving"] == "Gekaapt"
    assert historiek["data"]["vereniging"]["historiek"][-1] == {
        "versie": versie + 1,
        "door": LONGEST_SUB,
        "namens": "V0001001",
    }
    entries = log["data"]["vereniging"]["toegangslog"]["items"]
    assert [(e["handeling"], e["door"]) for e in entries] == [
        ("gelezen", LONGEST_SUB),  # the history just read
        ("gewijzigd", LONGEST_SUB),
    ]


async def test_a_publisher_with_the_longest_sub_makes_an_offering(
    api: httpx.AsyncClient, forge: TokenForge
) -> None:
    uitgever = known_by_sub(api, forge, LONGEST_SUB, f"AanbodBeheerder:{GENT.code}")

    made = await uitgever(MAAK, inhoud=dienst_inhoud(bestuur=GENT).document())

    assert "errors" not in made, made["errors"]
    assert (made["data"]["maakDienst"]["versie"], made["data"]["maakDienst"]["status"]) == (1, "draft")


@pytest.mark.parametrize("sub", ["s" * 256, "s" * 10_000])
async def test_a_token_whose_sub_is_longer_than_openid_allows_is_refused(
    api: httpx.AsyncClient, forge: TokenForge, sub: str
) -> None:
    response = await api.post(
        "/graphql",
        json={"query": PUBLIC, "variables": {"v": "V0001001"}},
        headers={"Authorization": f"Bearer {forge.token(sub=sub)}"},
    )

    assert response.status_code == 401, response.text
    assert response.headers["www-authenticate"].startswith('Bearer error="invalid_token"')
    [error] = response.json()["errors"]
    assert error["extensions"]["code"] == "UNAUTHENTICATED"
    assert (
        error["extensions"]["reason"] == "claim 'sub' is longer than the 255 characters OpenID Connect allows"
    )


LOG_VIA = (
    "query($v: ID!) { vereniging(vCode: $v) { toegangslog(first: 5) { items { handeling clientId } } } }"
)


async def test_the_longest_client_id_is_named_whole_in_the_access_log(
    api: httpx.AsyncClient, forge: TokenForge
) -> None:
    client_id = "c" * 254 + "z"
    person = Person(
        api, forge.token(sub="lang", client_id=client_id, vloket_rol_3d=["Vertegenwoordiger:V0001001"])
    )

    await person(HISTORIEK, v="V0001001")
    log = await person(LOG_VIA, v="V0001001")

    assert "errors" not in log, log["errors"]
    assert {e["clientId"] for e in log["data"]["vereniging"]["toegangslog"]["items"]} == {client_id}


@pytest.mark.parametrize(
    "claims", [{"client_id": "c" * 256}, {"client_id": None, "azp": "c" * 256}], ids=["client_id", "azp"]
)
async def test_a_token_whose_client_id_is_longer_than_the_log_keeps_is_refused(
    api: httpx.AsyncClient, forge: TokenForge, claims: dict[str, Any]
) -> None:
    response = await api.post(
        "/graphql",
        json={"query": PUBLIC, "variables": {"v": "V0001001"}},
        headers={"Authorization": f"Bearer {forge.token(sub='lang', **claims)}"},
    )

    assert response.status_code == 401, response.text
    [error] = response.json()["errors"]
    assert error["extensions"]["reason"] == "claim 'client_id' (or 'azp') is longer than 255 characters"


@pytest.mark.parametrize(
    ("claims", "claim"),
    [
        ({"sub": "x\u0000y"}, "sub"),
        ({"client_id": "app\u0000x"}, "client_id"),
        ({"azp": "a\u202eb", "client_id": None}, "client_id"),
    ],
    ids=["nul-in-sub", "nul-in-client-id", "override-in-azp"],
)
async def test_a_token_whose_sub_or_client_holds_a_control_character_is_refused(
    api: httpx.AsyncClient, forge: TokenForge, claims: dict[str, Any], claim: str
) -> None:
    response = await api.post(
        "/graphql",
        json={"query": PUBLIC, "variables": {"v": "V0001001"}},
        headers={"Authorization": f"Bearer {forge.token(**{'sub': 'lang', **claims})}"},
    )

    assert response.status_code == 401, response.text
    [error] = response.json()["errors"]
    assert error["extensions"]["reason"].startswith(f"claim '{claim}' holds character U+")
