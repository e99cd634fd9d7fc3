"""`Vereniging.gegevensExport`: the association's data to take along, for its representatives
only, each download in the access log."""

from __future__ import annotations

import csv
import io
import json

from tests.utils.factories import registreer
from tests.utils.graphql import GraphQLClient
from tests.utils.principals import AN, PIETER, PrincipalSwitch

EXPORT = """
query($v: ID!, $f: ExportFormaat!) {
  vereniging(vCode: $v) { gegevensExport(formaat: $f) { bestandsnaam mediatype inhoud } }
}
"""
LOG = "query($v: ID!) { vereniging(vCode: $v) { toegangslog { items { handeling onderdeel door } } } }"


async def test_a_representative_takes_the_data_along_as_json_ld_and_csv(
    graphql: GraphQLClient, principal: PrincipalSwitch
) -> None:
    created = await registreer(graphql, principal, AN)
    v_code = created["vCode"]

    as_json_ld = (await graphql.data(EXPORT, {"v": v_code, "f": "JSONLD"}))["vereniging"]["gegevensExport"]
    as_csv = (await graphql.data(EXPORT, {"v": v_code, "f": "CSV"}))["vereniging"]["gegevensExport"]
    log = (await graphql.data(LOG, {"v": v_code}))["vereniging"]["toegangslog"]["items"]

    document = json.loads(as_json_ld["inhoud"])
    assert (as_json_ld["bestandsnaam"], as_json_ld["mediatype"]) == (
        f"{v_code}-gegevens.jsonld",
        "application/ld+json",
    )
    assert document["@type"] == "Vereniging"
    assert document["naam"] == "Hondenclub De Snuffelaars"
    assert "@context" in document
    assert [v["insz"] for v in document["vertegenwoordigers"]] == [AN.insz]
    rows = list(csv.DictReader(io.StringIO(as_csv["inhoud"], newline="")))
    assert (as_csv["bestandsnaam"], as_csv["mediatype"]) == (
        f"{v_code}-gegevens.csv",
        "text/csv; charset=utf-8",
    )
    assert {
        "onderdeel": "basisgegevens",
        "nummer": "",
        "gegeven": "naam",
        "waarde": "Hondenclub De Snuffelaars",
        "bron": "",
    } in rows
    downloads = [(e["handeling"], e["onderdeel"], e["door"]) for e in log if e["handeling"] == "gedownload"]
    assert sorted(downloads) == [
        ("gedownload", "gegevens (csv)", AN.insz),
        ("gedownload", "gegevens (jsonld)", AN.insz),
    ]


async def test_nobody_else_gets_it(graphql: GraphQLClient, principal: PrincipalSwitch) -> None:
    created = await registreer(graphql, principal, AN)

    principal.anonymous()
    anonymous = await graphql(EXPORT, {"v": created["vCode"], "f": "CSV"})
    principal.person(PIETER)
    stranger = await graphql(EXPORT, {"v": created["vCode"], "f": "JSONLD"})

    assert anonymous["data"]["vereniging"]["gegevensExport"] is None
    assert [e["extensions"]["code"] for e in anonymous["errors"]] == ["UNAUTHENTICATED"]
    assert stranger["data"]["vereniging"]["gegevensExport"] is None
    assert [e["extensions"]["code"] for e in stranger["errors"]] == ["FORBIDDEN"]


async def test_an_unknown_format_is_refused_by_name(
    graphql: GraphQLClient, principal: PrincipalSwitch
) -> None:
    created = await registreer(graphql, principal, AN)

    refused = await graphql(EXPORT, {"v": created["vCode"], "f": "PDF"})

    assert refused.get("data") is None
    [error] = refused["errors"]
    assert "PDF" in error["message"]
    assert "ExportFormaat" in error["message"]
