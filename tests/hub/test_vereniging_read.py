"""Reading associations: public fields for anyone, private ones only for their representatives."""

from __future__ import annotations

from tests.utils.factories import registreer
from tests.utils.graphql import READ_VERENIGING, GraphQLClient
from tests.utils.principals import AN, PIETER, PrincipalSwitch


async def test_public_fields_are_readable_without_login(
    graphql: GraphQLClient, principal: PrincipalSwitch
) -> None:
    created = await registreer(graphql, principal)
    principal.anonymous()

    data = await graphql(
        "query($v: ID!) { vereniging(vCode: $v) { vCode naam verenigingstype { code } } }",
        {"v": created["vCode"]},
    )

    assert data == {
        "data": {
            "vereniging": {
                "vCode": created["vCode"],
                "naam": "Hondenclub De Snuffelaars",
                "verenigingstype": {"code": "FV"},
            }
        }
    }


async def test_vertegenwoordigers_and_historiek_need_a_representative(
    graphql: GraphQLClient, principal: PrincipalSwitch
) -> None:
    created = await registreer(graphql, principal, AN)

    principal.anonymous()
    anonymous = await graphql(READ_VERENIGING, {"vCode": created["vCode"]})
    principal.person(PIETER)
    stranger = await graphql(READ_VERENIGING, {"vCode": created["vCode"]})
    principal.person(AN)
    member = await graphql.data(READ_VERENIGING, {"vCode": created["vCode"]})

    assert anonymous["data"]["vereniging"]["vertegenwoordigers"] is None
    assert {e["extensions"]["code"] for e in anonymous["errors"]} == {"UNAUTHENTICATED"}
    assert {tuple(e["path"]) for e in anonymous["errors"]} == {
        ("vereniging", "vertegenwoordigers"),
        ("vereniging", "historiek"),
    }
    assert stranger["data"]["vereniging"]["historiek"] is None
    assert {e["extensions"]["code"] for e in stranger["errors"]} == {"FORBIDDEN"}
    assert [v["insz"] for v in member["vereniging"]["vertegenwoordigers"]] == [AN.insz]
    assert [e["gebeurtenis"] for e in member["vereniging"]["historiek"]] == [
        "FeitelijkeVerenigingWerdGeregistreerd"
    ]
