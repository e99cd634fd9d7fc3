"""Every private field of an association, asked by each kind of person: anonymous, a
representative of another association, a view-only mandatee, a managing mandatee, and a
representative in the register. Only the last three read its private data, and only the last
sees its mandates and its access log; nobody else gets a value, and every refusal says why."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import httpx
import pytest

from demo.personas import AN, LOTTE, MOHAMED, PIETER
from tests.auth.test_on_whose_behalf import person
from tests.utils.token_forge import TokenForge

PRIVATE_FIELDS = {
    "vertegenwoordigers": "vertegenwoordigers { insz }",
    "historiek": "historiek { door }",
    "toegangslog": "toegangslog { items { door } }",
    "meldingen": "meldingen { sleutel }",
    "dossiers": "dossiers { totaal }",
    "gekendeGegevens": "gekendeGegevens { feiten { naam } }",
    "gegevensExport": "gegevensExport(formaat: CSV) { inhoud }",
    "mandaten": "mandaten { insz }",
}
READ_BY_MANDATEES = set(PRIVATE_FIELDS) - {"mandaten", "toegangslog"}
"""Who holds the mandates, and who looked at the data (it names people), are for the association's
own representatives only."""
# Who may read what depends on the login and the mandates, not on the store (mandates are stored
# and read on both stores in tests/registry/test_mandaten.py).
pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
VERLEEN = "mutation($v: ID!, $m: MandaatInput!) { verleenMandaat(vCode: $v, mandaat: $m) { id } }"


def mandate(scope: str) -> dict[str, str]:
    return {
        "insz": MOHAMED.insz,
        "reikwijdte": scope,
        "einddatum": (date.today() + timedelta(days=10)).isoformat(),
    }


def query(field: str) -> str:
    return f'{{ vereniging(vCode: "V0001001") {{ naam {PRIVATE_FIELDS[field]} }} }}'


async def ask(api: httpx.AsyncClient, headers: dict[str, str], field: str) -> dict[str, Any]:
    response = await api.post("/graphql", json={"query": query(field)}, headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


@pytest.fixture
async def headers(api: httpx.AsyncClient, forge: TokenForge) -> dict[str, dict[str, str]]:
    """Each role's request headers; Mohamed's view-only mandate is granted by An, who represents
    V0001001 in the register."""
    granted = await person(api, forge, AN)(VERLEEN, v="V0001001", m=mandate("BEKIJKEN"))
    assert "errors" not in granted, granted
    return {
        "anonymous": {},
        "other association": {"Authorization": f"Bearer {forge.token(PIETER)}"},
        "view-only mandatee": {"Authorization": f"Bearer {forge.token(MOHAMED)}"},
        "representative": {"Authorization": f"Bearer {forge.token(AN)}"},
    }


async def test_a_private_field_is_read_only_by_whom_it_is_for(
    api: httpx.AsyncClient, headers: dict[str, dict[str, str]]
) -> None:
    answers = {
        (role, field): await ask(api, sent, field)
        for role, sent in headers.items()
        for field in PRIVATE_FIELDS
    }

    for (role, field), body in answers.items():
        vereniging = body["data"]["vereniging"]
        assert vereniging["naam"] == "FWA De vrolijke BA's"  # the public field, for everyone
        codes = {e["extensions"]["code"] for e in body.get("errors", [])}
        may_read = role == "representative" or (role == "view-only mandatee" and field in READ_BY_MANDATEES)
        if may_read:
            assert codes == set(), (role, body)
            assert vereniging[field] is not None, (role, body)
        else:
            assert vereniging[field] is None, (role, body)
            assert codes == ({"UNAUTHENTICATED"} if role == "anonymous" else {"FORBIDDEN"}), (role, body)
            for secret in (AN.insz, LOTTE.insz):
                assert secret not in str(body), (role, body)


async def test_a_managing_mandatee_reads_what_a_view_only_one_does_and_not_the_mandates(
    api: httpx.AsyncClient, forge: TokenForge, headers: dict[str, dict[str, str]]
) -> None:
    # A new grant replaces Mohamed's view-only mandate.
    granted = await person(api, forge, AN)(VERLEEN, v="V0001001", m=mandate("BEHEREN"))
    assert "errors" not in granted, granted
    managing = headers["view-only mandatee"]

    read = {field: await ask(api, managing, field) for field in sorted(PRIVATE_FIELDS)}

    for field, body in read.items():
        codes = {e["extensions"]["code"] for e in body.get("errors", [])}
        if field in READ_BY_MANDATEES:
            assert codes == set(), (field, body)
            assert body["data"]["vereniging"][field] is not None
        else:
            assert codes == {"FORBIDDEN"}, (field, body)
            assert AN.insz not in str(body)
