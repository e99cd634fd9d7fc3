"""`vloket connectors new` renders a connector project that passes its own tests (the SDK's
conformance suite and a test against its sandbox over loopback), is ruff- and mypy-clean, and
whose entry point the hub's discovery loads."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.metadata import EntryPoint
from pathlib import Path

import pytest

from connectors.sdk.discovery import GROUP, discover
from connectors.sdk.scaffold import (
    InvalidConnectorName,
    TargetExists,
    connector_names,
    render_connector,
)

REPOSITORY = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return render_connector("mijn-dienst", output=tmp_path_factory.mktemp("rendered"))


def in_project(project: Path, *command: str) -> subprocess.CompletedProcess[str]:
    """`python -m <command>` in the rendered project, its package importable; nothing installed."""
    environment = {**os.environ, "PYTHONPATH": str(project), "MYPYPATH": str(REPOSITORY)}
    return subprocess.run(  # noqa: S603 - our own interpreter, our own arguments
        [sys.executable, "-m", *command],
        cwd=project,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_new_connector_passes_its_own_conformance_suite_and_sandbox_tests(project: Path) -> None:
    result = in_project(project, "pytest", "-v", "-p", "no:cacheprovider")

    assert result.returncode == 0, result.stdout + result.stderr
    outcomes = [line for line in result.stdout.splitlines() if "::" in line]
    conformance = [line for line in outcomes if "::TestMijnDienstConforms::" in line]
    sandbox = [line for line in outcomes if "test_sandbox.py::" in line]
    assert len(conformance) > 20
    assert len(sandbox) == 3
    assert all("PASSED" in line for line in sandbox)
    assert not [line for line in outcomes if "FAILED" in line or "ERROR" in line]


def test_a_new_connector_is_ruff_clean(project: Path) -> None:
    for command in (("ruff", "check", "."), ("ruff", "format", "--check", ".")):
        result = in_project(project, *command)
        assert result.returncode == 0, result.stdout + result.stderr


def test_a_new_connector_is_mypy_strict_clean(project: Path) -> None:
    result = in_project(project, "mypy", "--cache-dir", str(project / ".mypy_cache"))

    assert result.returncode == 0, result.stdout + result.stderr


def test_the_entry_point_in_its_pyproject_gives_the_hub_its_connector_class(project: Path) -> None:
    pyproject = tomllib.loads((project / "pyproject.toml").read_text("utf-8"))
    declared = pyproject["project"]["entry-points"][GROUP]

    with importable(project, "vloket_mijn_dienst"):
        kinds, problems = discover([EntryPoint(name, value, GROUP) for name, value in declared.items()])

    assert problems == []
    assert list(kinds) == ["mijn-dienst"]
    assert kinds["mijn-dienst"].__name__ == "MijnDienst"
    assert kinds["mijn-dienst"].kind == "mijn-dienst"


@contextmanager
def importable(directory: Path, package: str) -> Iterator[None]:
    """`package` importable from `directory` for the block, and forgotten after it."""
    sys.path.insert(0, str(directory))
    try:
        yield
    finally:
        sys.path.remove(str(directory))
        for module in [m for m in sys.modules if m == package or m.startswith(f"{package}.")]:
            del sys.modules[module]


@pytest.mark.parametrize(
    "name", ["Mijn-Dienst", "mijn_dienst", "1dienst", "-dienst", "dienst-", "a--b", "", "a" * 64]
)
def test_a_name_that_is_not_a_connector_name_is_refused_with_what_a_good_one_looks_like(
    tmp_path: Path, name: str
) -> None:
    with pytest.raises(InvalidConnectorName, match="lowercase letters, digits and single dashes"):
        render_connector(name, output=tmp_path)

    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["none", "connector", "dossier", "responses"])
def test_a_name_whose_class_would_clash_is_refused(tmp_path: Path, name: str) -> None:
    with pytest.raises(InvalidConnectorName, match="choose another name"):
        render_connector(name, output=tmp_path)


def test_an_existing_directory_is_never_overwritten(tmp_path: Path) -> None:
    existing = tmp_path / "mijn-dienst"
    existing.mkdir()
    (existing / "eigen.py").write_text("# van de auteur\n", "utf-8")

    with pytest.raises(TargetExists, match="already exists"):
        render_connector("mijn-dienst", output=tmp_path)

    assert [p.name for p in existing.iterdir()] == ["eigen.py"]


def test_the_python_names_come_from_the_connector_name() -> None:
    names = connector_names("gemeente-sint-niklaas2")

    assert (names.package, names.cls, names.title, names.distribution) == (
        "vloket_gemeente_sint_niklaas2",
        "GemeenteSintNiklaas2",
        "Gemeente sint niklaas2",
        "vloket-connector-gemeente-sint-niklaas2",
    )


def test_an_installed_connector_is_found_by_the_hub_with_no_change_to_the_hub(
    project: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    install = subprocess.run(  # noqa: S603 - pip of our own interpreter, on the rendered project
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(site), str(project)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert install.returncode == 0, install.stdout + install.stderr
    instances = tmp_path / "connectors.toml"
    instances.write_text(
        '[[connector]]\nkind = "mijn-dienst"\nname = "mijn-dienst"\n'
        'base_url = "http://127.0.0.1:9"\naudience = "mijn-dienst"\n',
        "utf-8",
    )

    listed = subprocess.run(  # noqa: S603 - our own console script
        [str(Path(sys.executable).with_name("vloket")), "connectors", "list", "--file", str(instances)],
        env={**os.environ, "PYTHONPATH": str(site), "COLUMNS": "200"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert listed.returncode == 0, listed.stdout + listed.stderr
    assert "mijn-dienst" in listed.stdout
    assert "Dossiers" in listed.stdout
    assert "skipped" not in listed.stdout + listed.stderr
