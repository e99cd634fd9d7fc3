"""INSZ and KBO-nummer as the register takes them: through GraphQL and the KBO import, on both stores.

An INSZ is a rijksregisternummer or a BIS-nummer (month raised by 20 or 40): a birth date that can
exist and check digits that match. A KBO-nummer is 10 digits starting with 0 or 1 whose check digits
match; `BE`, dots and spaces are formatting, and the old 9-digit notation gets its leading 0. Every
identifier listed in the rule book's test fixtures (DOMAIN.md) is tested here first.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.registry.test_kbo_import import import_kbo, kbo_index, record, summary
from tests.registry.test_register_rules import (
    VOEG_VERTEGENWOORDIGER_TOE,
    Json,
    nieuwe_vereniging,
    read,
    refused_change,
    refused_registration,
)
from tests.utils.factories import registratie, registreer
from tests.utils.graphql import GraphQLClient
from tests.utils.principals import AN, PrincipalSwitch
from tests.utils.services import TEST_SECRET

FIXTURE_INSZ = ["71032512357", "85073003328", "90022742191"]
FIXTURE_INVALID_INSZ = ["01234567890"]
FIXTURE_KBO = ["0407622011", "0123456749", "0554790609"]
FIXTURE_INVALID_KBO = ["0123456789"]

MONTH_13 = "01131500149"
"""Check digits that match (born 2001), but month 13 is no birth date, nor a BIS-nummer's month."""


@pytest.fixture(autouse=True)
def cli_environment(monkeypatch: pytest.MonkeyPatch, database_url: str) -> None:
    """The KBO import works on the same store as the test's GraphQL client."""
    monkeypatch.setenv("HUB_DATABASE_URL", database_url)
    monkeypatch.setenv("HUB_SECRET_KEY", TEST_SECRET.decode())


def with_check(first_nine: str, *, born_2000_or_later: bool = False) -> str:
    """`first_nine` and its INSZ check digits, computed from the rule book."""
    body = int(("2" if born_2000_or_later else "") + first_nine)
    return f"{first_nine}{97 - body % 97:02d}"


def kbo_with_check(first_eight: str) -> str:
    return f"{first_eight}{97 - int(first_eight) % 97:02d}"


def persoon(insz: str, voornaam: str = "Jan", achternaam: str = "Peeters") -> Json:
    return {"insz": insz, "voornaam": voornaam, "achternaam": achternaam}


async def added(graphql: GraphQLClient, principal: PrincipalSwitch, insz: str) -> str:
    """Add a vertegenwoordiger with `insz` to a new association; the INSZ the register stored."""
    before = await nieuwe_vereniging(graphql, principal)
    principal.person(AN)
    await graphql.data(
        VOEG_VERTEGENWOORDIGER_TOE,
        {"vCode": before["vCode"], "versie": before["versie"], "input": persoon(insz)},
    )
    after = await read(graphql, principal, before["vCode"])
    [nieuw] = [v for v in after["vertegenwoordigers"] if v["voornaam"] == "Jan"]
    stored: str = nieuw["insz"]
    return stored


# --- the rule book's fixtures -----------------------------------------------------------------------


async def test_the_fixture_insz_numbers_are_taken_and_the_invalid_one_refused(
    graphql: GraphQLClient, principal: PrincipalSwitch
) -> None:
    others = [persoon(insz, f"Persoon {n}") for n, insz in enumerate(FIXTURE_INSZ) if insz != AN.insz]

    vereniging = await registreer(graphql, principal, AN, vertegenwoordigers=others)

    stored = await read(graphql, principal, vereniging["vCode"])
    assert sorted(v["insz"] for v in stored["vertegenwoordigers"]) == sorted(FIXTURE_INSZ)
    for insz in FIXTURE_INVALID_INSZ:
        await refused_registration(
            graphql,
            principal,
            registratie(vertegenwoordigers=[persoon(insz)]),
            veld="vertegenwoordigers[0].insz",
            code="ongeldig_insz",
        )


async def test_the_fixture_kbo_nummers_are_imported_and_the_invalid_one_refused(
    graphql: GraphQLClient, tmp_path: Path
) -> None:
    uitvoer = await import_kbo(tmp_path, [record(nummer) for nummer in FIXTURE_KBO + FIXTURE_INVALID_KBO])

    assert uitvoer.exit_code == 1, uitvoer
    assert summary(toegevoegd=len(FIXTURE_KBO), geweigerd=len(FIXTURE_INVALID_KBO)) in uitvoer.text
    for nummer in FIXTURE_INVALID_KBO:
        assert f"(KBO {nummer}), kboNummer: Dit is geen geldig ondernemingsnummer" in uitvoer.text
    assert set(await kbo_index(graphql)) == set(FIXTURE_KBO)


# --- INSZ -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ingegeven", "opgeslagen"),
    [
        pytest.param("85.07.30-033.28", "85073003328", id="usual-notation"),
        pytest.param(" 90 02 27 421 91 ", "90022742191", id="spaces"),
        pytest.param("78-04-12-123-19", "78041212319", id="dashes"),
        pytest.param(with_check("010315002", born_2000_or_later=True), None, id="born-2001"),
        pytest.param(with_check("754301002"), None, id="bis-month-plus-40"),
        pytest.param(with_check("752301002"), None, id="bis-month-plus-20"),
        pytest.param(with_check("034202003", born_2000_or_later=True), None, id="bis-born-2003"),
    ],
)
async def test_a_valid_insz_or_bis_nummer_is_stored_as_its_11_digits(
    graphql: GraphQLClient, principal: PrincipalSwitch, ingegeven: str, opgeslagen: str | None
) -> None:
    assert await added(graphql, principal, ingegeven) == (opgeslagen or ingegeven)


@pytest.mark.parametrize(
    "insz",
    [
        pytest.param(MONTH_13, id="month-13-born-2001"),
        pytest.param(with_check("711325123"), id="month-13-born-1971"),
        pytest.param(with_check("713325123"), id="month-33-neither-nn-nor-bis"),
        pytest.param(with_check("715325123"), id="month-53-neither-nn-nor-bis"),
        pytest.param("71032512358", id="check-off-by-one"),
        pytest.param("7103251235", id="10-digits"),
        pytest.param("710325123570", id="12-digits"),
        pytest.param("71032512357x", id="letter"),
        pytest.param("71/03/25/123/57", id="slashes"),
    ],
)
async def test_an_insz_without_a_possible_birth_date_or_matching_check_is_refused(
    graphql: GraphQLClient, principal: PrincipalSwitch, insz: str
) -> None:
    before = await nieuwe_vereniging(graphql, principal)

    await refused_change(
        graphql,
        principal,
        before,
        VOEG_VERTEGENWOORDIGER_TOE,
        {"input": persoon(insz)},
        veld="insz",
        code="ongeldig_insz",
    )


# --- KBO-nummer -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ingegeven", "opgeslagen"),
    [
        pytest.param("BE 0407.622.011", "0407622011", id="be-prefix-dots-spaces"),
        pytest.param("be0554790609", "0554790609", id="lowercase-prefix"),
        pytest.param("123456749", "0123456749", id="old-9-digit-notation"),
        pytest.param(kbo_with_check("10000000"), kbo_with_check("10000000"), id="starting-with-1"),
    ],
)
async def test_a_valid_kbo_nummer_is_imported_as_its_10_digits(
    graphql: GraphQLClient, tmp_path: Path, ingegeven: str, opgeslagen: str
) -> None:
    uitvoer = await import_kbo(tmp_path, [record(ingegeven)])

    assert (uitvoer.exit_code, uitvoer.text) == (0, summary(toegevoegd=1)), uitvoer
    assert set(await kbo_index(graphql)) == {opgeslagen}


@pytest.mark.parametrize(
    "kbo",
    [
        pytest.param(kbo_with_check("20000000"), id="starting-with-2"),
        pytest.param("0407622012", id="check-off-by-one"),
        pytest.param("04076220110", id="11-digits"),
        pytest.param("0407x622011", id="letter"),
    ],
)
async def test_an_invalid_kbo_nummer_is_reported_and_not_imported(
    graphql: GraphQLClient, tmp_path: Path, kbo: str
) -> None:
    uitvoer = await import_kbo(tmp_path, [record(kbo)])

    assert uitvoer.exit_code == 1, uitvoer
    assert summary(geweigerd=1) in uitvoer.text
    assert "record 1 (KBO " in uitvoer.text
    assert "kboNummer: Dit is geen geldig ondernemingsnummer" in uitvoer.text
    assert await kbo_index(graphql) == {}
