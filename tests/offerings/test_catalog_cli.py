"""`vloket catalog` through its command line: importing catalog files and URLs into the register
of offerings (SQLite and PostgreSQL), and syncing a configured subsidy catalog."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Iterator, Mapping
from importlib.metadata import EntryPoint
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from typer.testing import CliRunner, Result

from connectors.sdk.discovery import GROUP
from connectors.sdk.testkit import serving
from demo.sandboxes.catalog import create_sandbox
from demo.sandboxes.catalog_seed import ID_BASIS, demo_catalogus
from hub.cli_catalog import create_catalog_app
from registry.db import Database
from registry.offerings.model import Dienst, Dienststatus
from registry.offerings.service import DienstenRegister, Uitgever

SUBSIDY_CATALOG = EntryPoint(
    name="subsidy_catalog", value="connectors.subsidy_catalog:SubsidieCatalogus", group=GROUP
)
KIOSK = EntryPoint(name="kiosk", value="connectors.kiosk.connector:Kiosk", group=GROUP)
IEDEREEN = Uitgever(door="test", besturen=None)
HEADER = "id,titel,beschrijving,type,bestuur_code,hoofdactiviteiten,contact_email,bestuur_naam"
GENT = "kamp,Subsidie jeugdkamp,Steun voor een kamp.,FinancieelVoordeel,44021,JGDW,jeugd@gent.be,"
LIEDEKERKE = "zaal,Zaal huren,Een zaal voor uw activiteit.,InfrastructuurMateriaal,23044,,,"
VLAANDEREN = "sport,Sportsubsidie,Steun voor sportclubs.,FinancieelVoordeel,OVO000001,SPRT,,Sport Vlaanderen"


def run(database_url: str, *args: str, env: Mapping[str, str | None] | None = None) -> Result:
    app = create_catalog_app(entry_points=[SUBSIDY_CATALOG, KIOSK])
    environment = {
        "COLUMNS": "250",
        "HUB_DATABASE_URL": database_url,
        "HUB_CONNECTORS_FILE": None,
        **(env or {}),
    }
    return CliRunner().invoke(app, list(args), env=environment)


def stored(database_url: str, bron: str) -> dict[str, Dienst]:
    """The newest version of every offering of `bron`, by its id there."""

    async def read() -> list[Dienst]:
        db = Database(database_url)
        try:
            return await DienstenRegister(db=db).van_uitgever(uitgever=IEDEREEN)
        finally:
            await db.dispose()

    return {d.bron_id: d for d in asyncio.run(read()) if d.bron == bron and d.bron_id is not None}


@pytest.fixture
def bron() -> str:
    """A catalog name of the test's own: the PostgreSQL store is shared by the tests."""
    return f"catalogus-{uuid.uuid4().hex[:8]}"


def csv_file(tmp_path: Path, *rows: str, name: str = "aanbod.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", "utf-8")
    return path


def test_import_publishes_every_offering_of_a_csv_file(database_url: str, bron: str, tmp_path: Path) -> None:
    result = run(
        database_url, "import", str(csv_file(tmp_path, GENT, LIEDEKERKE, VLAANDEREN)), "--bron", bron
    )

    assert result.exit_code == 0, result.output
    offerings = stored(database_url, bron)
    assert sorted(offerings) == ["kamp", "sport", "zaal"]
    assert {d.status for d in offerings.values()} == {Dienststatus.GEPUBLICEERD}
    assert offerings["zaal"].inhoud.bestuur.naam == "Liedekerke"
    assert "│ 3     │ 0         │ 0           │ 0      │" in result.output


def test_importing_the_same_file_again_changes_nothing(database_url: str, bron: str, tmp_path: Path) -> None:
    path = csv_file(tmp_path, GENT, LIEDEKERKE, VLAANDEREN)
    run(database_url, "import", str(path), "--bron", bron)
    before = stored(database_url, bron)

    again = run(database_url, "import", str(path), "--bron", bron)

    assert again.exit_code == 0, again.output
    assert "│ 0     │ 0         │ 3           │ 0      │" in again.output
    assert stored(database_url, bron) == before


def test_a_changed_file_changes_only_what_changed(database_url: str, bron: str, tmp_path: Path) -> None:
    run(database_url, "import", str(csv_file(tmp_path, GENT, LIEDEKERKE)), "--bron", bron)
    before = stored(database_url, bron)

    changed = csv_file(
        tmp_path, GENT.replace("Subsidie jeugdkamp", "Subsidie zomerkamp"), LIEDEKERKE, name="v2.csv"
    )
    result = run(database_url, "import", str(changed), "--bron", bron)

    assert result.exit_code == 0, result.output
    after = stored(database_url, bron)
    assert (after["kamp"].inhoud.titel, after["kamp"].versie) == (
        "Subsidie zomerkamp",
        before["kamp"].versie + 1,
    )
    assert after["zaal"] == before["zaal"]
    assert "│ 0     │ 1         │ 1           │ 0      │" in result.output


def test_als_refuses_another_administrations_records_and_stores_its_own(
    database_url: str, bron: str, tmp_path: Path
) -> None:
    path = csv_file(tmp_path, GENT, LIEDEKERKE, VLAANDEREN)

    result = run(database_url, "import", str(path), "--bron", bron, "--als", "44021")

    assert result.exit_code == 1
    assert sorted(stored(database_url, bron)) == ["kamp"]
    assert "regel 3, bestuur: U beheert geen aanbod voor Liedekerke (23044)" in result.output
    assert "regel 4, bestuur:" in result.output


def test_bad_files_after_a_good_one_leave_the_stored_offerings_as_they_were(
    database_url: str, bron: str, tmp_path: Path
) -> None:
    run(database_url, "import", str(csv_file(tmp_path, GENT, LIEDEKERKE)), "--bron", bron)
    before = stored(database_url, bron)
    not_json = tmp_path / "kapot.json"
    not_json.write_text('{"@graph": [', "utf-8")
    unknown_column = tmp_path / "kolom.csv"
    unknown_column.write_text("id,titel,tittel\nkamp,x,y\n", "utf-8")
    bad_rows = csv_file(
        tmp_path, GENT.replace("Subsidie jeugdkamp", "<b>Kamp</b>"), "zaal,,,,,,,", name="fout.csv"
    )

    results = [
        run(database_url, "import", str(path), "--bron", bron)
        for path in (not_json, unknown_column, bad_rows)
    ]

    assert [r.exit_code for r in results] == [2, 2, 1]
    assert "regel 1, kolom 13" in results[0].output
    assert "onbekende kolommen tittel" in results[1].output
    assert "regel 2, titel: Gebruik gewone tekst, zonder HTML." in results[2].output
    assert stored(database_url, bron) == before


def test_a_file_unreadable_halfway_keeps_the_rows_before_it_and_says_where_it_stopped(
    database_url: str, bron: str, tmp_path: Path
) -> None:
    path = tmp_path / "aanbod.csv"
    path.write_bytes(
        f"{HEADER}\n{GENT}\n".encode() + f"{LIEDEKERKE.replace('Zaal', 'Zaal café')}\n".encode("latin-1")
    )

    result = run(database_url, "import", str(path), "--bron", bron)

    assert result.exit_code == 2
    assert "regel 3: dit is geen UTF-8-tekst" in result.output
    assert sorted(stored(database_url, bron)) == ["kamp"]


def test_concept_stores_drafts_and_publishes_nothing(database_url: str, bron: str, tmp_path: Path) -> None:
    result = run(database_url, "import", str(csv_file(tmp_path, GENT)), "--bron", bron, "--concept")

    assert result.exit_code == 0, result.output
    assert [d.status for d in stored(database_url, bron).values()] == [Dienststatus.DRAFT]


def test_a_json_ld_document_over_the_limit_is_refused_whole(
    database_url: str, bron: str, tmp_path: Path
) -> None:
    path = tmp_path / "groot.jsonld"
    path.write_text(json.dumps({"@graph": demo_catalogus() * 300}), "utf-8")

    result = run(database_url, "import", str(path), "--bron", bron, "--max-mb", "1")

    assert result.exit_code == 2
    assert "de grens is 1.0 MB" in result.output
    assert stored(database_url, bron) == {}


def test_the_bron_defaults_to_the_file_name(database_url: str, tmp_path: Path) -> None:
    name = f"gent-{uuid.uuid4().hex[:8]}"

    run(database_url, "import", str(csv_file(tmp_path, GENT, name=f"{name}.csv")))

    assert sorted(stored(database_url, name)) == ["kamp"]


def test_a_bron_name_the_register_cannot_keep_is_refused(database_url: str, tmp_path: Path) -> None:
    result = run(database_url, "import", str(csv_file(tmp_path, GENT)), "--bron", "b" * 101)

    assert result.exit_code == 2
    assert "1 tot 100 tekens, niet 101" in result.output


def test_a_file_that_is_not_there_is_unreadable(database_url: str, tmp_path: Path) -> None:
    result = run(database_url, "import", str(tmp_path / "nergens.csv"))

    assert result.exit_code == 2
    assert "dit bestand bestaat niet" in result.output


# --- from a URL ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def webserver() -> Iterator[str]:
    async def export(request: Request) -> Response:
        document = {"@graph": demo_catalogus()[:4]}
        return Response(json.dumps(document), media_type="application/ld+json")

    async def weg(request: Request) -> Response:
        return Response("Niet gevonden", status_code=404)

    with serving(Starlette(routes=[Route("/export", export), Route("/weg.csv", weg)])) as base_url:
        yield base_url


def test_a_url_is_read_by_the_content_type_it_is_served_with(
    database_url: str, bron: str, webserver: str
) -> None:
    result = run(database_url, "import", f"{webserver}/export", "--bron", bron)

    assert result.exit_code == 0, result.output
    assert sorted(stored(database_url, bron)) == sorted(str(n["@id"]) for n in demo_catalogus()[:4])


def test_a_url_that_answers_with_an_error_is_unreadable(database_url: str, bron: str, webserver: str) -> None:
    result = run(database_url, "import", f"{webserver}/weg.csv", "--bron", bron)

    assert result.exit_code == 2
    assert "de server antwoordde HTTP 404" in result.output


# --- sync ---------------------------------------------------------------------------------------


def connectors_file(tmp_path: Path, base_url: str, name: str) -> Path:
    path = tmp_path / "connectors.toml"
    path.write_text(
        "[[connector]]\n"
        f'kind = "subsidy_catalog"\nname = "{name}"\nbase_url = "{base_url}"\n'
        'besturen = ["OVO000001", "BE23", "44021", "23044"]\n'
        "[[connector]]\n"
        'kind = "kiosk"\nname = "kiosk"\nbase_url = "http://kiosk.test"\n',
        "utf-8",
    )
    return path


def test_sync_runs_the_named_catalog_and_shows_what_changed(database_url: str, tmp_path: Path) -> None:
    name = f"subsidies-{uuid.uuid4().hex[:8]}"
    with serving(create_sandbox()) as base_url:
        file = connectors_file(tmp_path, base_url, name)
        first = run(database_url, "sync", name, "--file", str(file))
        httpx.delete(f"{base_url}/admin/diensten/erfgoed-gent").raise_for_status()
        second = run(database_url, "sync", name, "--file", str(file))

    assert (first.exit_code, second.exit_code) == (0, 0), first.output + second.output
    assert f"+ {ID_BASIS}/jeugdkamp-gent" in first.output
    assert f"- {ID_BASIS}/erfgoed-gent" in second.output
    assert "1 gelezen" in second.output
    assert stored(database_url, name)[f"{ID_BASIS}/erfgoed-gent"].status is Dienststatus.GEARCHIVEERD


@pytest.mark.parametrize(
    ("name", "expected"), [("kiosk", "geen subsidy_catalog"), ("onbekend", "er is geen connector 'onbekend'")]
)
def test_sync_of_something_that_is_no_configured_catalog_is_refused(
    database_url: str, tmp_path: Path, name: str, expected: str
) -> None:
    result = run(
        database_url, "sync", name, "--file", str(connectors_file(tmp_path, "http://x.test", "subsidies"))
    )

    assert result.exit_code == 2
    assert expected in result.output


def test_sync_of_an_unreachable_catalog_moves_nothing(database_url: str, tmp_path: Path) -> None:
    name = f"subsidies-{uuid.uuid4().hex[:8]}"
    file = connectors_file(tmp_path, "http://127.0.0.1:9", name)

    result = run(database_url, "sync", name, "--file", str(file))

    assert result.exit_code == 2
    assert "Sync mislukt, er is niets verschoven" in result.output
    assert stored(database_url, name) == {}
