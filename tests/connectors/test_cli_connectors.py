"""`vloket connectors` through its command line: new, list and check, over a connectors file in a
temporary directory, the test's own connector classes, and remotes on loopback."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator, Mapping, Sequence
from importlib.metadata import EntryPoint
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from typer.testing import CliRunner, Result

from connectors.sdk.discovery import GROUP
from connectors.sdk.testkit import free_port, serving
from demo.devidp import DevClient, DevIdpConfig, DevPersona, create_devidp
from hub.cli_connectors import create_connectors_app
from tests.devidp.login_flow import log_in

SAMPLE = EntryPoint(name="sample", value="tests.connectors.sample:Sample", group=GROUP)
BROKEN = EntryPoint(name="kapot", value="tests.connectors.does_not_exist:Kapot", group=GROUP)
AN = DevPersona("71032512357", "An", "Janssens", rollen=("Vertegenwoordiger:V0001001",))
HUB = DevClient(
    client_id="vloket-hub",
    client_secret="hub-geheim",
    redirect_uris=("http://hub.test/auth/callback",),
    exchange_audiences=("gent",),
)


async def _hello(request: Request) -> PlainTextResponse:
    return PlainTextResponse("De gemeente antwoordt.")


@pytest.fixture(scope="module")
def remote() -> Iterator[str]:
    with serving(Starlette(routes=[Route("/", _hello)])) as base_url:
        yield base_url


@pytest.fixture
def nowhere() -> str:
    return f"http://127.0.0.1:{free_port()}"


def connectors_file(directory: Path, *entries: Mapping[str, str]) -> Path:
    lines = []
    for entry in entries:
        lines.append("[[connector]]")
        lines += [f'{key} = "{value}"' for key, value in entry.items()]
    path = directory / "connectors.toml"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def gent(base_url: str, **overrides: str) -> dict[str, str]:
    entry = {"kind": "sample", "name": "gemeente-gent", "base_url": base_url, "audience": "gent"}
    return {**entry, "gemeente": "Gent", **overrides}


def run(
    *args: str, points: Sequence[EntryPoint] = (SAMPLE,), env: Mapping[str, str | None] | None = None
) -> Result:
    app = create_connectors_app(entry_points=list(points))
    environment = {"COLUMNS": "250", "HUB_CONNECTORS_FILE": None, "HUB_OIDC_ISSUER": None, **(env or {})}
    return CliRunner().invoke(app, list(args), env=environment)


def test_new_makes_a_connector_project(tmp_path: Path) -> None:
    result = run("new", "mijn-dienst", "--output", str(tmp_path))

    assert result.exit_code == 0, result.output
    assert (tmp_path / "mijn-dienst" / "vloket_mijn_dienst" / "connector.py").is_file()


def test_new_refuses_a_name_that_is_not_a_connector_name(tmp_path: Path) -> None:
    result = run("new", "Mijn_Dienst", "--output", str(tmp_path))

    assert result.exit_code == 2
    assert "lowercase letters, digits and single dashes" in result.output
    assert list(tmp_path.iterdir()) == []


def test_new_refuses_to_overwrite_a_directory(tmp_path: Path) -> None:
    (tmp_path / "mijn-dienst").mkdir()

    result = run("new", "mijn-dienst", "--output", str(tmp_path))

    assert result.exit_code == 2
    assert "already exists" in result.output


def test_list_shows_each_connector_with_its_capabilities_and_health(
    tmp_path: Path, remote: str, nowhere: str
) -> None:
    file = connectors_file(tmp_path, gent(remote), gent(nowhere, name="gemeente-aalst"))

    result = run("list", "--file", str(file))

    assert result.exit_code == 0, result.output
    rows = {line.split("│")[1].strip(): line for line in result.output.splitlines() if "sample" in line}
    assert set(rows) == {"gemeente-gent", "gemeente-aalst"}
    assert "1.2.3" in rows["gemeente-gent"]
    assert "ProfileFacts, Dossiers" in rows["gemeente-gent"]
    assert "HTTP 200" in rows["gemeente-gent"]
    assert "ConnectError" in rows["gemeente-aalst"]


def test_list_reports_an_unknown_kind_and_bad_configuration_with_the_field(
    tmp_path: Path, nowhere: str
) -> None:
    file = connectors_file(
        tmp_path,
        gent(nowhere),
        gent(nowhere, kind="onbekend", name="vreemd"),
        {k: v for k, v in gent(nowhere, name="zonder-url").items() if k != "base_url"},
        gent(nowhere, name="te-veel", kleur="blauw"),
    )

    result = run("list", "--file", str(file))

    assert result.exit_code == 1
    problems = [line for line in result.output.splitlines() if line.startswith("skipped")]
    assert len(problems) == 3
    assert "connector #2 (vreemd): unknown kind 'onbekend'" in problems[0]
    assert "connector #3 (zonder-url): base_url: Field required" in problems[1]
    assert "connector #4 (te-veel): kleur: Extra inputs are not permitted" in problems[2]


def test_list_reports_a_connector_class_that_cannot_be_imported(tmp_path: Path, nowhere: str) -> None:
    file = connectors_file(tmp_path, gent(nowhere))

    result = run("list", "--file", str(file), points=[SAMPLE, BROKEN])

    assert result.exit_code == 1
    assert "skipped entry point kapot: cannot be imported" in result.output
    assert "gemeente-gent" in result.output


def test_list_reads_the_file_hub_connectors_file_names(tmp_path: Path, nowhere: str) -> None:
    file = connectors_file(tmp_path, gent(nowhere))

    result = run("list", env={"HUB_CONNECTORS_FILE": str(file)})

    assert result.exit_code == 0, result.output
    assert "gemeente-gent" in result.output


@pytest.mark.parametrize(
    ("arguments", "says"),
    [((), "pass --file or set HUB_CONNECTORS_FILE"), (("--file", "/nergens/connectors.toml"), "nergens")],
)
def test_list_without_a_readable_file_says_so(arguments: tuple[str, ...], says: str) -> None:
    result = run("list", *arguments)

    assert result.exit_code == 1
    assert says in result.output


def test_check_of_a_reachable_connector_passes_and_skips_the_exchange_without_a_token(
    tmp_path: Path, remote: str
) -> None:
    file = connectors_file(tmp_path, gent(remote))

    result = run("check", "gemeente-gent", "--file", str(file))

    assert result.exit_code == 0, result.output
    assert _verdicts(result) == {
        "configuration": "ok",
        "remote reachable": "ok",
        "token exchange": "skipped",
    }
    assert "no --subject-token given" in result.output


def test_check_skips_the_exchange_when_no_identity_provider_is_set(tmp_path: Path, remote: str) -> None:
    file = connectors_file(tmp_path, gent(remote))

    result = run("check", "gemeente-gent", "--file", str(file), "--subject-token", "t")

    assert _verdicts(result)["token exchange"] == "skipped"
    assert "HUB_OIDC_ISSUER is not set" in result.output


def test_check_fails_for_an_unreachable_remote(tmp_path: Path, nowhere: str) -> None:
    file = connectors_file(tmp_path, gent(nowhere))

    result = run("check", "gemeente-gent", "--file", str(file))

    assert result.exit_code == 1
    assert _verdicts(result)["remote reachable"] == "failed"


def test_check_fails_for_bad_configuration_naming_the_field(tmp_path: Path, nowhere: str) -> None:
    file = connectors_file(tmp_path, gent(nowhere, timeout_seconds="lang"))

    result = run("check", "gemeente-gent", "--file", str(file))

    assert result.exit_code == 1
    assert _verdicts(result) == {"configuration": "failed"}
    assert "timeout_seconds" in result.output


def test_check_of_a_name_not_in_the_file_fails(tmp_path: Path, nowhere: str) -> None:
    file = connectors_file(tmp_path, gent(nowhere))

    result = run("check", "gemeente-aalst", "--file", str(file))

    assert result.exit_code == 1
    assert "no connector named 'gemeente-aalst'" in result.output


def test_check_exchanges_the_token_for_the_connectors_audience(tmp_path: Path, remote: str) -> None:
    file = connectors_file(tmp_path, gent(remote))
    port = free_port()
    issuer = f"http://127.0.0.1:{port}"
    idp = create_devidp(DevIdpConfig(issuer=issuer, personas=(AN,), clients=(HUB,)))
    oidc = {
        "HUB_OIDC_ISSUER": issuer,
        "HUB_OIDC_CLIENT_ID": "vloket-hub",
        "HUB_OIDC_CLIENT_SECRET": "hub-geheim",
    }

    with serving(idp, port=port):
        person_token = asyncio.run(_log_in(issuer))
        exchanged = run(
            "check", "gemeente-gent", "--file", str(file), "--subject-token", person_token, env=oidc
        )
        refused = run("check", "gemeente-gent", "--file", str(file), "--subject-token", "vals", env=oidc)

    assert exchanged.exit_code == 0, exchanged.output
    assert _verdicts(exchanged)["token exchange"] == "ok"
    assert "a token for audience 'gent', valid for" in exchanged.output
    assert refused.exit_code == 1
    assert _verdicts(refused)["token exchange"] == "failed"
    assert "invalid_grant" in refused.output


async def _log_in(issuer: str) -> str:
    async with httpx.AsyncClient(timeout=10) as browser, httpx.AsyncClient(timeout=10) as backend:
        login = await log_in(browser, backend, issuer, HUB, insz=AN.insz)
    return login.access_token


def _verdicts(result: Result) -> dict[str, str]:
    """Check -> outcome, from the rows of the table `check` prints."""
    verdicts = {}
    for line in result.output.splitlines():
        cells = [cell.strip() for cell in line.split("│")[1:-1]]
        if len(cells) == 3 and cells[1] in {"ok", "failed", "skipped"}:
            verdicts[cells[0]] = cells[1]
    return verdicts


def test_list_shows_where_each_connector_is_asked_and_refuses_a_place_that_is_none(
    tmp_path: Path, nowhere: str
) -> None:
    file = connectors_file(tmp_path, gent(nowhere), gent(nowhere, name="gemeente-aalst"))
    with file.open("a", encoding="utf-8") as entries:
        entries.write(
            f'[[connector]]\nkind = "sample"\nname = "oost"\nbase_url = "{nowhere}"\naudience = "gent"\n'
            f'gemeente = "Gent"\ngebied = ["44021", "BE23", "BE24123456", "11002", "12025", "13040"]\n'
            f'[[connector]]\nkind = "sample"\nname = "nergens"\nbase_url = "{nowhere}"\naudience = "gent"\n'
            f'gemeente = "Gent"\ngebied = ["4402", "Gent"]\n'
        )

    result = run("list", "--file", str(file))

    rows = {line.split("│")[1].strip(): line for line in result.output.splitlines() if "sample" in line}
    assert "Vlaanderen" in rows["gemeente-gent"]
    assert "44021, BE23, BE24123456, 11002, 12025 and 1 more" in rows["oost"]
    problems = [line for line in result.output.splitlines() if line.startswith("skipped")]
    assert len(problems) == 1
    assert "connector #4 (nergens): gebied.0: String should match pattern" in problems[0]


def test_check_all_checks_every_connector_and_says_which_failed(
    tmp_path: Path, remote: str, nowhere: str
) -> None:
    file = connectors_file(tmp_path, gent(remote), gent(nowhere, name="gemeente-aalst"))

    result = run("check", "--all", "--file", str(file), "--timeout", "2")

    assert result.exit_code == 1, result.output
    rows = {line.split("│")[1].strip(): line for line in result.output.splitlines() if "sample" in line}
    assert set(rows) == {"gemeente-gent", "gemeente-aalst"}
    assert "HTTP 200" in rows["gemeente-gent"]
    assert "ConnectError" in rows["gemeente-aalst"]
    assert "no --subject-token given" in rows["gemeente-gent"]
    assert "2 checked, 1 checks failed, 0 skipped" in result.output


def test_check_all_takes_300_municipalities(tmp_path: Path, remote: str) -> None:
    file = connectors_file(tmp_path, *(gent(remote, name=f"gemeente-{n:03d}") for n in range(300)))

    result = run("check", "--all", "--file", str(file), "--parallel", "50")

    assert result.exit_code == 0, result.output
    assert "300 checked, 0 checks failed, 0 skipped" in result.output
    assert sum(1 for line in result.output.splitlines() if "HTTP 200" in line) == 300


@pytest.mark.parametrize("suffix", [".toml", ".yaml"])
def test_a_file_nested_too_deeply_is_a_clear_error(tmp_path: Path, suffix: str) -> None:
    file = tmp_path / f"connectors{suffix}"
    file.write_text(("x = " if suffix == ".toml" else "x: ") + "[" * 100_000, "utf-8")

    result = run("list", "--file", str(file))

    assert result.exit_code == 1
    assert "nested too deeply" in result.output
    assert "Traceback" not in result.output


def test_what_is_not_a_file_or_too_large_is_not_read(tmp_path: Path) -> None:
    large = tmp_path / "connectors.toml"
    large.write_text("# " + "x" * (8 * 1024 * 1024) + "\n", "utf-8")

    endless = run("list", "--file", "/dev/zero")
    too_large = run("list", "--file", str(large))

    assert endless.exit_code == too_large.exit_code == 1
    assert "not a file" in endless.output
    assert "larger than 8 MiB" in too_large.output


@pytest.mark.parametrize("name", ["[/]", "x[/red]", "[bold]gemeente-gent"])
def test_names_kinds_and_paths_are_shown_as_they_are(tmp_path: Path, nowhere: str, name: str) -> None:
    folder = tmp_path / "[red]map"
    folder.mkdir()
    file = connectors_file(folder, gent(nowhere, kind="[/]"))

    unknown = run("check", name, "--file", str(file))
    odd_kind = run("check", "gemeente-gent", "--file", str(file))

    assert unknown.exit_code == odd_kind.exit_code == 1
    assert f"Connector {name}" in unknown.output
    assert f"no connector named {name!r} in {file}" in unknown.output
    assert "unknown kind '[/]'" in odd_kind.output
    assert "Traceback" not in unknown.output + odd_kind.output


def test_a_timeout_beyond_ten_minutes_is_refused_naming_the_option(tmp_path: Path, nowhere: str) -> None:
    file = connectors_file(tmp_path, gent(nowhere))

    result = run("check", "--all", "--file", str(file), "--timeout", "1e308")

    assert result.exit_code == 2
    assert "--timeout" in result.output
    assert "600" in result.output


@pytest.mark.parametrize(
    "arguments", [("check",), ("check", "gemeente-gent", "--all")], ids=["neither", "both"]
)
def test_check_needs_one_name_or_all(tmp_path: Path, nowhere: str, arguments: tuple[str, ...]) -> None:
    file = connectors_file(tmp_path, gent(nowhere))

    result = run(*arguments, "--file", str(file))

    assert result.exit_code == 2
    assert "name one connector, or give --all" in result.output
