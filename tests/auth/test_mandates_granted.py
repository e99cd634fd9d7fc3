"""Mandates an association grants through the API: the mandatee gets the association at their
next request (`mij.verenigingen`, `viaMandaat`, `reikwijdte`) and loses it once withdrawn; a
view-only mandatee reads and changes nothing; only a representative in their own right grants,
withdraws or sees the mandates; all of it is in the access log; mandates from login claims keep
working."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import httpx
import pytest

from demo.personas import AN, LOTTE, MOHAMED, PIETER
from tests.auth.test_on_whose_behalf import KIES, PRIVATE, WIJZIG, codes, person
from tests.utils.token_forge import TokenForge

# Who may act depends on the login and the mandates, not on the store (mandates are stored and
# read on both stores in tests/registry/test_mandaten.py).
pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
MIJ = "{ mij { namens { vCode } verenigingen { vCode viaMandaat reikwijdte } } }"
VERLEEN = """
mutation($v: ID!, $m: MandaatInput!) {
  verleenMandaat(vCode: $v, mandaat: $m) { id insz naam reikwijdte einddatum geldig verleendDoor }
}
"""
TREK_IN = "mutation($v: ID!, $id: Int!) { trekMandaatIn(vCode: $v, id: $id) { id geldig ingetrokkenDoor } }"
MANDATEN = "query($v: ID!) { vereniging(vCode: $v) { mandaten { id insz reikwijdte geldig } } }"
TOEGANGSLOG = """
query($v: ID!) { vereniging(vCode: $v) { toegangslog(first: 50) { items { handeling onderdeel doorNaam } } } }
"""
START = """
mutation($v: ID!) { startAanvraag(vCode: $v, dienst: "kiosk", gedeeldeGegevens: []) { link } }
"""
VERBERG = 'mutation($v: ID!) { verbergMelding(vCode: $v, sleutel: "x") }'
UNTIL = (date.today() + timedelta(days=30)).isoformat()


def mandate(insz: str, reikwijdte: str = "BEKIJKEN", **extra: Any) -> dict[str, Any]:
    return {"insz": insz, "reikwijdte": reikwijdte, "einddatum": UNTIL, **extra}


async def test_a_view_only_mandatee_sees_the_association_from_their_next_request_and_changes_nothing(
    api: httpx.AsyncClient, forge: TokenForge
) -> None:
    an, mohamed = person(api, forge, AN), person(api, forge, MOHAMED)
    before = (await mohamed(MIJ))["data"]["mij"]

    granted = await an(VERLEEN, v="V0001001", m=mandate(MOHAMED.insz, naam="Boekhouder"))
    after = (await mohamed(MIJ))["data"]["mij"]
    private = await mohamed(PRIVATE, v="V0001001")
    change = await mohamed(WIJZIG, v="V0001001", versie=private["data"]["vereniging"]["versie"])
    start = await mohamed(START, v="V0001001")
    hide = await mohamed(VERBERG, v="V0001001")

    assert before == {"namens": None, "verenigingen": []}
    assert granted["data"]["verleenMandaat"] == {
        "id": granted["data"]["verleenMandaat"]["id"],
        "insz": MOHAMED.insz,
        "naam": "Boekhouder",
        "reikwijdte": "BEKIJKEN",
        "einddatum": UNTIL,
        "geldig": True,
        "verleendDoor": "An Janssens",
    }
    assert after == {
        "namens": {"vCode": "V0001001"},
        "verenigingen": [{"vCode": "V0001001", "viaMandaat": True, "reikwijdte": "BEKIJKEN"}],
    }
    assert AN.insz in {v["insz"] for v in private["data"]["vereniging"]["vertegenwoordigers"]}
    for refused in (change, start, hide):
        assert codes(refused) == {"FORBIDDEN"}
        assert "alleen om te bekijken" in refused["errors"][0]["message"]
    assert change["data"] is None


async def test_a_withdrawn_mandate_closes_the_association_at_the_next_request(
    api: httpx.AsyncClient, forge: TokenForge
) -> None:
    an, mohamed = person(api, forge, AN), person(api, forge, MOHAMED)
    granted = await an(VERLEEN, v="V0001001", m=mandate(MOHAMED.insz, "BEHEREN"))
    mandaat_id = granted["data"]["verleenMandaat"]["id"]
    while_held = await mohamed(PRIVATE, v="V0001001")

    withdrawn = await an(TREK_IN, v="V0001001", id=mandaat_id)
    after = (await mohamed(MIJ))["data"]["mij"]
    private = await mohamed(PRIVATE, v="V0001001")
    listed = await an(MANDATEN, v="V0001001")

    assert while_held["data"]["vereniging"]["vertegenwoordigers"]
    assert withdrawn["data"]["trekMandaatIn"] == {
        "id": mandaat_id,
        "geldig": False,
        "ingetrokkenDoor": "An Janssens",
    }
    assert after == {"namens": None, "verenigingen": []}
    assert codes(private) == {"FORBIDDEN"}
    assert private["data"]["vereniging"]["vertegenwoordigers"] is None
    assert listed["data"]["vereniging"]["mandaten"] == [
        {"id": mandaat_id, "insz": MOHAMED.insz, "reikwijdte": "BEHEREN", "geldig": False}
    ]


async def test_a_managing_mandatee_changes_the_association_but_cannot_pass_the_mandate_on(
    api: httpx.AsyncClient, forge: TokenForge
) -> None:
    an, mohamed = person(api, forge, AN), person(api, forge, MOHAMED)
    await an(VERLEEN, v="V0001001", m=mandate(MOHAMED.insz, "BEHEREN"))
    versie = (await mohamed(PRIVATE, v="V0001001"))["data"]["vereniging"]["versie"]

    changed = await mohamed(WIJZIG, v="V0001001", versie=versie)
    passed_on = await mohamed(VERLEEN, v="V0001001", m=mandate(PIETER.insz, "BEHEREN"))
    listing = await mohamed(MANDATEN, v="V0001001")
    history = await an('query { vereniging(vCode: "V0001001") { historiek { gebeurtenis door namens } } }')

    assert changed["data"]["wijzigBasisgegevens"] == {"korteBeschrijving": "Gekaapt"}
    assert history["data"]["vereniging"]["historiek"][-1] == {
        "gebeurtenis": "BasisgegevensWerdenGewijzigd",
        "door": MOHAMED.insz,
        "namens": "V0001001",
    }
    for refused in (passed_on, listing):
        assert codes(refused) == {"FORBIDDEN"}
        assert "Met een mandaat kan dat niet" in refused["errors"][0]["message"]
    assert (await person(api, forge, PIETER)(MIJ))["data"]["mij"]["verenigingen"] == [
        {"vCode": "V0001002", "viaMandaat": False, "reikwijdte": "BEHEREN"}
    ]


async def test_only_a_representative_of_the_association_itself_grants_withdraws_or_lists(
    api: httpx.AsyncClient, forge: TokenForge
) -> None:
    an, pieter, anonymous = person(api, forge, AN), person(api, forge, PIETER), api
    granted = await an(VERLEEN, v="V0001001", m=mandate(MOHAMED.insz))
    mandaat_id = granted["data"]["verleenMandaat"]["id"]

    grant_other = await pieter(VERLEEN, v="V0001001", m=mandate(LOTTE.insz))
    withdraw_other = await pieter(TREK_IN, v="V0001001", id=mandaat_id)
    withdraw_through_own = await pieter(TREK_IN, v="V0001002", id=mandaat_id)
    list_other = await pieter(MANDATEN, v="V0001001")
    list_anonymous = (
        await anonymous.post("/graphql", json={"query": MANDATEN, "variables": {"v": "V0001001"}})
    ).json()

    assert codes(grant_other) == codes(withdraw_other) == codes(list_other) == {"FORBIDDEN"}
    assert codes(withdraw_through_own) == {"NOT_FOUND"}
    assert codes(list_anonymous) == {"UNAUTHENTICATED"}
    assert list_other["data"]["vereniging"]["mandaten"] is None
    assert list_anonymous["data"]["vereniging"]["mandaten"] is None
    assert MOHAMED.insz not in str(list_other)
    assert MOHAMED.insz not in str(list_anonymous)
    assert (await person(api, forge, MOHAMED)(MIJ))["data"]["mij"]["verenigingen"] == [
        {"vCode": "V0001001", "viaMandaat": True, "reikwijdte": "BEKIJKEN"}
    ]


async def test_wrong_input_names_the_field_and_grants_nothing(
    api: httpx.AsyncClient, forge: TokenForge
) -> None:
    an = person(api, forge, AN)

    wrong_insz = await an(VERLEEN, v="V0001001", m=mandate("12345678901"))
    own = await an(VERLEEN, v="V0001001", m=mandate(AN.insz))
    past = await an(VERLEEN, v="V0001001", m={**mandate(MOHAMED.insz), "einddatum": "2020-01-01"})
    scope = await an(VERLEEN, v="V0001001", m={**mandate(MOHAMED.insz), "reikwijdte": "ALLES"})
    listed = await an(MANDATEN, v="V0001001")

    assert _fouten(wrong_insz) == [("insz", "ongeldig_insz")]
    assert _fouten(own) == [("insz", "eigen_mandaat")]
    assert _fouten(past) == [("einddatum", "datum_buiten_bereik")]
    assert "ALLES" in scope["errors"][0]["message"]  # refused by the schema: not one of the enum's values
    assert listed["data"]["vereniging"]["mandaten"] == []


async def test_granting_and_withdrawing_are_in_the_access_log_and_so_is_the_mandatees_reading(
    api: httpx.AsyncClient, forge: TokenForge
) -> None:
    an, mohamed = person(api, forge, AN), person(api, forge, MOHAMED)
    granted = await an(VERLEEN, v="V0001001", m=mandate(MOHAMED.insz, naam="Boekhouder"))
    mandaat_id = granted["data"]["verleenMandaat"]["id"]
    await mohamed(PRIVATE, v="V0001001")
    await an(TREK_IN, v="V0001001", id=mandaat_id)

    log = (await an(TOEGANGSLOG, v="V0001001"))["data"]["vereniging"]["toegangslog"]["items"]

    entries = [(e["handeling"], e["onderdeel"], e["doorNaam"]) for e in log]
    assert (
        "gewijzigd",
        f"mandaat {mandaat_id} (Boekhouder) verleend: bekijken tot {UNTIL}",
        "An Janssens",
    ) in entries
    assert (
        "gewijzigd",
        f"mandaat {mandaat_id} (Boekhouder) ingetrokken: bekijken tot {UNTIL}",
        "An Janssens",
    ) in entries
    assert ("gelezen", "vertegenwoordigers", "Mohamed El Amrani") in entries


async def test_a_view_only_mandate_takes_nothing_from_a_mandate_in_the_login_claims(
    api: httpx.AsyncClient, forge: TokenForge
) -> None:
    an = person(api, forge, AN)
    await an(VERLEEN, v="V0001001", m=mandate(MOHAMED.insz))
    claims = {"vloket_rol_3d": ["Vertegenwoordiger:V0001001"]}
    mohamed = person(api, forge, MOHAMED, **claims)

    mij = (await mohamed(MIJ))["data"]["mij"]
    await mohamed(KIES, v="V0001001")
    versie = (await mohamed(PRIVATE, v="V0001001"))["data"]["vereniging"]["versie"]
    changed = await mohamed(WIJZIG, v="V0001001", versie=versie)

    assert mij["verenigingen"] == [{"vCode": "V0001001", "viaMandaat": True, "reikwijdte": "BEHEREN"}]
    assert changed["data"]["wijzigBasisgegevens"] == {"korteBeschrijving": "Gekaapt"}


def _fouten(body: dict[str, Any]) -> list[tuple[str, str]]:
    assert codes(body) == {"VALIDATION_FAILED"}, body
    return [(f["veld"], f["code"]) for f in body["errors"][0]["extensions"]["fouten"]]


async def test_a_managing_mandatee_cannot_become_a_representative_stop_the_association_or_read_its_access_log(
    api: httpx.AsyncClient, forge: TokenForge
) -> None:
    an, mohamed = person(api, forge, AN), person(api, forge, MOHAMED)
    granted = await an(VERLEEN, v="V0001001", m=mandate(MOHAMED.insz, "BEHEREN"))
    versie = (await mohamed(PRIVATE, v="V0001001"))["data"]["vereniging"]["versie"]
    himself = {"insz": MOHAMED.insz, "voornaam": "Mohamed", "achternaam": "El Amrani"}

    added = await mohamed(
        "mutation($v: ID!, $versie: Int!, $i: VertegenwoordigerInput!) "
        "{ voegVertegenwoordigerToe(vCode: $v, versie: $versie, input: $i) { versie } }",
        v="V0001001",
        versie=versie,
        i=himself,
    )
    stopped = await mohamed(
        "mutation($v: ID!, $versie: Int!) "
        '{ stopVereniging(vCode: $v, versie: $versie, einddatum: "2026-01-01") { versie } }',
        v="V0001001",
        versie=versie,
    )
    log = await mohamed(TOEGANGSLOG, v="V0001001")
    await an(TREK_IN, v="V0001001", id=granted["data"]["verleenMandaat"]["id"])
    after = (await mohamed(MIJ))["data"]["mij"]

    for refused in (added, stopped, log):
        assert codes(refused) == {"FORBIDDEN"}, refused
        assert "Met een mandaat kan dat niet" in refused["errors"][0]["message"]
    assert log["data"]["vereniging"]["toegangslog"] is None
    assert AN.insz not in str(log)
    assert after == {"namens": None, "verenigingen": []}  # and nothing outlasts the mandate
