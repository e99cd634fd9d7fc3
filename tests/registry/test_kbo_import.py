"""`vloket register import-kbo FILE`: associations with legal personality from KBO-like JSON.

Valid records become VZW, IVZW, PS or SVON with everything sourced from KBO; invalid ones are
reported (position, KBO-nummer, field) and skipped; importing again updates, or changes nothing
when nothing changed. What came from KBO cannot be changed through the hub's API.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from hub.cli import app
from tests.registry.test_register_rules import (
    VERWIJDER_CONTACTGEGEVEN,
    WIJZIG_BASISGEGEVENS,
    Json,
    aantal_verenigingen,
    assert_fout,
)
from tests.utils.graphql import READ_VERENIGING, GraphQLClient
from tests.utils.principals import PIETER, PrincipalSwitch
from tests.utils.services import TEST_SECRET


def kbo(first_eight: str) -> str:
    """A valid KBO-nummer: the 8 digits and `97 - (those mod 97)`."""
    return f"{first_eight}{97 - int(first_eight) % 97:02d}"


VAHN = "0123456749"
VZW, IVZW, PS, SVON = "0407622011", "0554790609", kbo("02022399"), kbo("04176034")
ZETEL = "Maatschappelijke zetel volgens KBO"
KBO_INDEX = "{ verenigingen(first: 100) { edges { node { vCode kboNummer } } } }"


@pytest.fixture(autouse=True)
def cli_environment(monkeypatch: pytest.MonkeyPatch, database_url: str) -> None:
    """The CLI works on the same store as the test's GraphQL client."""
    monkeypatch.setenv("HUB_DATABASE_URL", database_url)
    monkeypatch.setenv("HUB_SECRET_KEY", TEST_SECRET.decode())


def record(kbo_nummer: str = VAHN, rechtsvorm: str = "017", **overrides: Any) -> Json:
    """A valid KBO record, represented by PIETER, with a seat and an e-mail address."""
    data: Json = {
        "kboNummer": kbo_nummer,
        "rechtsvorm": rechtsvorm,
        "naam": "Vissen achter het net",
        "korteNaam": "VAHN",
        "startdatum": "1998-04-01",
        "maatschappelijkeZetel": {
            "straatnaam": "Visserskaai",
            "huisnummer": "12",
            "postcode": "8400",
            "gemeente": "Oostende",
            "land": "België",
        },
        "contactgegevens": [{"contactgegeventype": "E-mail", "waarde": "info@vissenachterhetnet.be"}],
        "vertegenwoordigers": [
            {
                "insz": PIETER.insz,
                "voornaam": PIETER.voornaam,
                "achternaam": PIETER.achternaam,
                "isPrimair": True,
            }
        ],
    }
    data.update(overrides)
    return data


@dataclass(frozen=True)
class Uitvoer:
    exit_code: int
    text: str
    """Everything the command printed, with line wrapping undone (whitespace runs become one space)."""


async def import_kbo(tmp_path: Path, content: list[Json] | str, name: str = "kbo.json") -> Uitvoer:
    """Run `vloket register import-kbo` on a file holding `content` (records, or raw text)."""
    path = tmp_path / name
    path.write_text(content if isinstance(content, str) else json.dumps(content), "utf-8")
    # The command runs its own event loop, so it gets a thread of its own.
    result = await asyncio.to_thread(CliRunner().invoke, app, ["register", "import-kbo", str(path)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return Uitvoer(result.exit_code, " ".join(result.output.split()))


def summary(toegevoegd: int = 0, bijgewerkt: int = 0, ongewijzigd: int = 0, geweigerd: int = 0) -> str:
    return (
        f"{toegevoegd} toegevoegd, {bijgewerkt} bijgewerkt, {ongewijzigd} ongewijzigd, {geweigerd} geweigerd."
    )


async def kbo_index(graphql: GraphQLClient) -> dict[str, str]:
    """vCode by KBO-nummer of every association in the register."""
    data = await graphql.data(KBO_INDEX)
    return {edge["node"]["kboNummer"]: edge["node"]["vCode"] for edge in data["verenigingen"]["edges"]}


async def as_pieter(graphql: GraphQLClient, principal: PrincipalSwitch, v_code: str) -> Json:
    """The whole association, private fields included, as its KBO-sourced vertegenwoordiger sees it."""
    principal.person(PIETER)
    data = await graphql.data(READ_VERENIGING, {"vCode": v_code})
    vereniging: Json = data["vereniging"]
    return vereniging


async def imported(
    graphql: GraphQLClient, principal: PrincipalSwitch, tmp_path: Path, kbo_nummer: str
) -> Json:
    """Import one valid record with `kbo_nummer`; the association read back as PIETER."""
    uitvoer = await import_kbo(tmp_path, [record(kbo_nummer)])
    assert (uitvoer.exit_code, uitvoer.text) == (0, summary(toegevoegd=1)), uitvoer
    return await as_pieter(graphql, principal, (await kbo_index(graphql))[kbo_nummer])


# --- importing --------------------------------------------------------------------------------------


async def test_valid_records_are_imported_by_rechtsvorm_with_kbo_as_source(
    graphql: GraphQLClient, principal: PrincipalSwitch, tmp_path: Path
) -> None:
    types = {VZW: ("017", "VZW"), IVZW: ("125", "IVZW"), PS: ("026", "PS"), SVON: ("029", "SVON")}

    uitvoer = await import_kbo(
        tmp_path, [record(nummer, rechtsvorm) for nummer, (rechtsvorm, _) in types.items()]
    )

    assert (uitvoer.exit_code, uitvoer.text) == (0, summary(toegevoegd=4))
    index = await kbo_index(graphql)
    assert set(index) == set(types)
    for nummer, (rechtsvorm, code) in types.items():
        vereniging = await as_pieter(graphql, principal, index[nummer])
        assert (vereniging["kboNummer"], vereniging["rechtsvorm"]) == (nummer, rechtsvorm)
        assert vereniging["verenigingstype"]["code"] == code
        assert (vereniging["naam"], vereniging["bron"]) == ("Vissen achter het net", "KBO")
        assert [(loc["locatietype"], loc["bron"]) for loc in vereniging["locaties"]] == [(ZETEL, "KBO")]
        assert vereniging["locaties"][0]["adres"]["gemeente"] == "Oostende"
        assert [(c["waarde"], c["bron"]) for c in vereniging["contactgegevens"]] == [
            ("info@vissenachterhetnet.be", "KBO")
        ]
        assert [(v["insz"], v["bron"]) for v in vereniging["vertegenwoordigers"]] == [(PIETER.insz, "KBO")]
        assert [e["gebeurtenis"] for e in vereniging["historiek"]] == ["VerenigingUitKBOWerdGeregistreerd"]


async def test_invalid_records_are_reported_and_skipped_while_valid_ones_are_imported(
    graphql: GraphQLClient, tmp_path: Path
) -> None:
    records = [
        record(VZW),
        record("0123456789"),
        record(IVZW, rechtsvorm="999"),
        {key: value for key, value in record(PS).items() if key != "naam"},
        record(SVON, contactgegevens=[{"contactgegeventype": "E-mail", "waarde": "info@vissen"}]),
    ]

    uitvoer = await import_kbo(tmp_path, records)

    assert uitvoer.exit_code == 1, uitvoer
    assert summary(toegevoegd=1, geweigerd=4) in uitvoer.text
    for melding in (
        "record 2 (KBO 0123456789), kboNummer: ",
        f"record 3 (KBO {IVZW}), rechtsvorm: ",
        f"record 4 (KBO {PS}), naam: ",
        f"record 5 (KBO {SVON}), contactgegevens[0].waarde: ",
    ):
        assert melding in uitvoer.text
    assert "record 1" not in uitvoer.text
    assert set(await kbo_index(graphql)) == {VZW}


async def test_importing_the_same_file_again_changes_nothing(
    graphql: GraphQLClient, principal: PrincipalSwitch, tmp_path: Path
) -> None:
    before = await imported(graphql, principal, tmp_path, VAHN)

    uitvoer = await import_kbo(tmp_path, [record(VAHN)])

    assert (uitvoer.exit_code, uitvoer.text) == (0, summary(ongewijzigd=1))
    assert await aantal_verenigingen(graphql) == 1
    assert await as_pieter(graphql, principal, before["vCode"]) == before


async def test_importing_a_changed_naam_updates_the_association(
    graphql: GraphQLClient, principal: PrincipalSwitch, tmp_path: Path
) -> None:
    before = await imported(graphql, principal, tmp_path, VAHN)

    uitvoer = await import_kbo(tmp_path, [record(VAHN, naam="Vissers van Oostende")])

    assert (uitvoer.exit_code, uitvoer.text) == (0, summary(bijgewerkt=1))
    after = await as_pieter(graphql, principal, before["vCode"])
    assert (after["naam"], after["versie"]) == ("Vissers van Oostende", before["versie"] + 1)
    assert after["historiek"][:-1] == before["historiek"]
    event = after["historiek"][-1]
    assert (event["versie"], event["gebeurtenis"], event["door"]) == (
        after["versie"],
        "GegevensUitKBOWerdenBijgewerkt",
        "KBO",
    )
    assert await aantal_verenigingen(graphql) == 1


async def test_malformed_json_is_refused_naming_the_line(graphql: GraphQLClient, tmp_path: Path) -> None:
    content = '[\n  {"kboNummer": "0123456749",\n   "naam": oops}\n]\n'

    uitvoer = await import_kbo(tmp_path, content)

    assert uitvoer.exit_code == 2, uitvoer
    assert "regel 3" in uitvoer.text
    assert await aantal_verenigingen(graphql) == 0


# --- what came from KBO is read-only in the hub -----------------------------------------------------


async def refused_for_pieter(
    graphql: GraphQLClient, principal: PrincipalSwitch, before: Json, document: str, variables: Json
) -> Json:
    """PIETER sends `document`; it is refused as VALIDATION_FAILED and the association is unchanged."""
    principal.person(PIETER)
    error = await graphql.error(document, {"vCode": before["vCode"], "versie": before["versie"], **variables})
    assert error["extensions"]["code"] == "VALIDATION_FAILED", error
    assert await as_pieter(graphql, principal, before["vCode"]) == before
    return error


async def test_kbo_sourced_naam_cannot_be_changed_in_the_hub(
    graphql: GraphQLClient, principal: PrincipalSwitch, tmp_path: Path
) -> None:
    before = await imported(graphql, principal, tmp_path, VAHN)

    error = await refused_for_pieter(
        graphql, principal, before, WIJZIG_BASISGEGEVENS, {"input": {"naam": "Vissers van Oostende"}}
    )

    assert_fout(error, "naam", "alleen_in_kbo")


async def test_korte_beschrijving_of_a_kbo_association_can_be_changed_in_the_hub(
    graphql: GraphQLClient, principal: PrincipalSwitch, tmp_path: Path
) -> None:
    before = await imported(graphql, principal, tmp_path, VAHN)
    principal.person(PIETER)

    await graphql.data(
        WIJZIG_BASISGEGEVENS,
        {"vCode": before["vCode"], "versie": before["versie"], "input": {"korteBeschrijving": "Vissen."}},
    )

    after = await as_pieter(graphql, principal, before["vCode"])
    assert (after["korteBeschrijving"], after["versie"]) == ("Vissen.", before["versie"] + 1)
    assert after["naam"] == before["naam"]
    assert (after["historiek"][-1]["gebeurtenis"], after["historiek"][-1]["door"]) == (
        "BasisgegevensWerdenGewijzigd",
        PIETER.insz,
    )


async def test_kbo_sourced_contactgegeven_cannot_be_removed_in_the_hub(
    graphql: GraphQLClient, principal: PrincipalSwitch, tmp_path: Path
) -> None:
    before = await imported(graphql, principal, tmp_path, VAHN)
    (contactgegeven,) = before["contactgegevens"]

    error = await refused_for_pieter(
        graphql,
        principal,
        before,
        VERWIJDER_CONTACTGEGEVEN,
        {"contactgegevenId": contactgegeven["contactgegevenId"]},
    )

    assert_fout(error, "contactgegevenId", "alleen_in_kbo")
