"""schema.graphql is exactly what `vloket schema export` prints."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from hub.cli import app

SCHEMA_FILE = Path(__file__).resolve().parents[1] / "schema.graphql"


def test_committed_schema_matches_the_code() -> None:
    result = CliRunner().invoke(app, ["schema", "export"])

    assert result.exit_code == 0, result.output
    assert result.stdout == SCHEMA_FILE.read_text("utf-8"), "schema.graphql drifted: run `make schema`"


def test_schema_export_writes_to_a_file(tmp_path: Path) -> None:
    target = tmp_path / "schema.graphql"

    result = CliRunner().invoke(app, ["schema", "export", "--output", str(target)])

    assert result.exit_code == 0, result.output
    assert target.read_text("utf-8") == SCHEMA_FILE.read_text("utf-8")
