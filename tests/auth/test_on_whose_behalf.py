"""On whose behalf: a person acts for one association at a time, chosen among those they represent
(in the register or by mandate), and can neither read nor change another while acting for it."""

from __future__ import annotations

from typing import Any

import httpx

from demo.personas import AN, LOTTE, MOHAMED, PIETER, Persona
from tests.utils.factories import REGISTREER, registratie
from tests.utils.token_forge import TokenForge

MIJ = "{ mij { insz namens { vCode } verenigingen { vCode naam viaMandaat } } }"
KIES = "mutation($v: ID!) { kiesVereniging(vCode: $v) { namens { vCode } } }"
PRIVATE = "query($v: ID!) { vereniging(vCode: $v) { versie vertegenwoordigers { insz } } }"
WIJZIG = """
mutation($v: ID!, $versie: Int!) {
  wijzigBasisgegevens(vCode: $v, versie: $versie, input: {korteBeschrijving: "Gekaapt"}) {
    korteBeschrijving
  }
}
"""
PUBLIC = "query($v: ID!) { vereniging(vCode: $v) { naam korteBeschrijving versie } }"


class Person:
    """One person calling the API with their own bearer token."""

    def __init__(self, api: httpx.AsyncClient, token: str) -> None:
        self.api = api
        self.headers = {"Authorization": f"Bearer {token}"}

    async def __call__(self, query: str, **variables: Any) -> dict[str, Any]:
        response = await self.api.post(
            "/graphql", json={"query": query, "variables": variables}, headers=self.headers
        )
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body


def person(api: httpx.AsyncClient, forge: TokenForge, persona: Persona, **claims: Any) -> Person:
    return Person(api, forge.token(persona, **claims))


def codes(body: dict[str, Any]) -> set[str]:
    return {error["extensions"]["code"] for error in body.get("errors", [])}


async def test_a_person_with_one_association_acts_for_it_without_choosing(
    api: httpx.AsyncClient, forge: TokenForge
) -> None:
    an = person(api, forge, AN)

    mij = (await an(MIJ))["data"]["mij"]
    private = await an(PRIVATE, v="V0001001")

    assert mij["namens"] == {"vCode": "V0001001"}
    assert [v["vCode"] for v in mij["verenigingen"]] == ["V0001001"]
    assert AN.insz in {v["insz"] for v in private["data"]["vereniging"]["vertegenwoordigers"]}


async def test_a_person_with_several_associations_must_choose_first(
    api: httpx.AsyncClient, forge: TokenForge
) -> None:
    lotte = person(api, forge, LOTTE)

    mij = (await lotte(MIJ))["data"]["mij"]
    before = await lotte(PRIVATE, v="V0001001")

    assert mij["namens"] is None
    assert [v["vCode"] for v in mij["verenigingen"]] == ["V0001001", "V0001002"]
    assert codes(before) == {"FORBIDDEN"}
    assert "Kies eerst" in before["errors"][0]["message"]


async def test_acting_for_one_association_closes_the_other(api: httpx.AsyncClient, forge: TokenForge) -> None:
    lotte = person(api, forge, LOTTE)
    chosen = await lotte(KIES, v="V0001001")

    own = await lotte(PRIVATE, v="V0001001")
    other = await lotte(PRIVATE, v="V0001002")
    versie = (await lotte(PUBLIC, v="V0001002"))["data"]["vereniging"]["versie"]
    change = await lotte(WIJZIG, v="V0001002", versie=versie)
    after = (await lotte(PUBLIC, v="V0001002"))["data"]["vereniging"]

    assert chosen["data"]["kiesVereniging"]["namens"] == {"vCode": "V0001001"}
    assert own["data"]["vereniging"]["vertegenwoordigers"]
    assert codes(other) == {"FORBIDDEN"}
    assert other["data"]["vereniging"]["vertegenwoordigers"] is None
    assert codes(change) == {"FORBIDDEN"}
    assert after["korteBeschrijving"] != "Gekaapt"
    assert after["versie"] == versie


async def test_switching_opens_the_other_association(api: httpx.AsyncClient, forge: TokenForge) -> None:
    lotte = person(api, forge, LOTTE)
    await lotte(KIES, v="V0001001")

    await lotte(KIES, v="V0001002")
    versie = (await lotte(PUBLIC, v="V0001002"))["data"]["vereniging"]["versie"]
    change = await lotte(WIJZIG, v="V0001002", versie=versie)
    first = await lotte(PRIVATE, v="V0001001")

    assert change["data"]["wijzigBasisgegevens"]["korteBeschrijving"] == "Gekaapt"
    assert codes(first) == {"FORBIDDEN"}


async def test_the_choice_is_kept_per_person_and_client(api: httpx.AsyncClient, forge: TokenForge) -> None:
    await person(api, forge, LOTTE)(KIES, v="V0001002")

    same_client = await person(api, forge, LOTTE)(MIJ)
    other_client = await person(api, forge, LOTTE, client_id="other-app")(MIJ)

    assert same_client["data"]["mij"]["namens"] == {"vCode": "V0001002"}
    assert other_client["data"]["mij"]["namens"] is None


async def test_choosing_an_association_one_does_not_represent_is_refused(
    api: httpx.AsyncClient, forge: TokenForge
) -> None:
    an = person(api, forge, AN)

    refused = await an(KIES, v="V0001002")
    unknown = await an(KIES, v="V0009999")
    still = (await an(MIJ))["data"]["mij"]["namens"]

    assert codes(refused) == {"FORBIDDEN"}
    assert "V0001002" in refused["errors"][0]["message"]
    assert codes(unknown) == {"NOT_FOUND"}
    assert still == {"vCode": "V0001001"}


async def test_anonymous_callers_cannot_choose(api: httpx.AsyncClient) -> None:
    response = await api.post("/graphql", json={"query": KIES, "variables": {"v": "V0001001"}})

    assert codes(response.json()) == {"UNAUTHENTICATED"}


async def test_a_person_who_represents_nothing_sees_public_data_only(
    api: httpx.AsyncClient, forge: TokenForge
) -> None:
    mohamed = person(api, forge, MOHAMED)

    mij = (await mohamed(MIJ))["data"]["mij"]
    public = await mohamed(PUBLIC, v="V0001001")
    private = await mohamed(PRIVATE, v="V0001001")

    assert mij == {"insz": MOHAMED.insz, "namens": None, "verenigingen": []}
    assert public["data"]["vereniging"]["naam"] == "FWA De vrolijke BA's"
    assert codes(private) == {"FORBIDDEN"}


async def test_a_person_who_represents_nothing_registers_and_then_acts_for_it(
    api: httpx.AsyncClient, forge: TokenForge
) -> None:
    mohamed = person(api, forge, MOHAMED)

    registered = await mohamed(REGISTREER, input=registratie("Schaakclub De Loper", gemeente="Gent"))
    v_code = registered["data"]["registreerFeitelijkeVereniging"]["vCode"]
    mij = (await mohamed(MIJ))["data"]["mij"]
    private = await mohamed(PRIVATE, v=v_code)

    assert mij["namens"] == {"vCode": v_code}
    assert [v["vCode"] for v in mij["verenigingen"]] == [v_code]
    assert [v["insz"] for v in private["data"]["vereniging"]["vertegenwoordigers"]] == [MOHAMED.insz]


async def test_a_mandate_by_vcode_or_kbo_number_lets_a_person_act(
    api: httpx.AsyncClient, forge: TokenForge
) -> None:
    roles = ["Vertegenwoordiger:V0001001", "Vertegenwoordiger:0123456749", "Lezer:V0001003"]
    mohamed = person(api, forge, MOHAMED, vloket_rol_3d=roles)

    mij = (await mohamed(MIJ))["data"]["mij"]
    await mohamed(KIES, v="V0001002")
    private = await mohamed(PRIVATE, v="V0001002")

    assert mij["verenigingen"] == [
        {"vCode": "V0001001", "naam": "FWA De vrolijke BA's", "viaMandaat": True},
        {"vCode": "V0001002", "naam": "Vissen achter het net", "viaMandaat": True},
    ]
    assert private["data"]["vereniging"]["vertegenwoordigers"]


async def test_a_mandate_for_an_association_that_does_not_exist_grants_nothing(
    api: httpx.AsyncClient, forge: TokenForge
) -> None:
    mohamed = person(api, forge, MOHAMED, vloket_rol_3d=["Vertegenwoordiger:V0009999"])

    mij = (await mohamed(MIJ))["data"]["mij"]

    assert mij["verenigingen"] == []


async def test_bad_claims_are_refused(api: httpx.AsyncClient, forge: TokenForge) -> None:
    response = await api.post(
        "/graphql",
        json={"query": MIJ},
        headers={"Authorization": f"Bearer {forge.token(AN, rrn='01234567890')}"},
    )

    assert response.status_code == 401
    assert "rrn" in response.json()["errors"][0]["extensions"]["reason"]


async def test_pieter_acts_for_the_vzw_he_represents(api: httpx.AsyncClient, forge: TokenForge) -> None:
    pieter = person(api, forge, PIETER)

    mij = (await pieter(MIJ))["data"]["mij"]

    assert mij["namens"] == {"vCode": "V0001002"}
    assert mij["verenigingen"] == [
        {"vCode": "V0001002", "naam": "Vissen achter het net", "viaMandaat": False}
    ]


async def test_the_organisation_chosen_at_login_is_part_of_mij(
    api: httpx.AsyncClient, forge: TokenForge
) -> None:
    clerk = person(api, forge, MOHAMED, vo_orgcode="OVO002949", vo_orgnaam="Gemeente Liedekerke")

    mij = (await clerk("{ mij { organisatie { code naam } } }"))["data"]["mij"]
    without = (await person(api, forge, AN)("{ mij { organisatie { code } } }"))["data"]["mij"]

    assert mij["organisatie"] == {"code": "OVO002949", "naam": "Gemeente Liedekerke"}
    assert without["organisatie"] is None
