"""`vloket catalog import` with text that is not text: the record is refused with the place and
the reason, nothing of it is stored, and what the command prints carries no raw control or
bidirectional character (a terminal would obey them)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.offerings.test_catalog_cli import GENT, LIEDEKERKE, bron, csv_file, run, stored

__all__ = ["bron"]  # the fixture, shared with the catalog command's other tests

UNSAFE = ("\x1b", "\x07", "\u202e")


def test_a_record_with_control_characters_is_refused_and_printed_safely(
    database_url: str, bron: str, tmp_path: Path
) -> None:
    path = csv_file(tmp_path, GENT.replace("Subsidie jeugdkamp", "Subsidie\x1b[2J\x07 jeugdkamp"), LIEDEKERKE)

    result = run(database_url, "import", str(path), "--bron", bron)

    assert result.exit_code != 0, result.output
    assert "regel 2, titel: Deze tekst bevat een stuurteken (U+001B) op plaats 9." in result.output
    assert not any(character in result.output for character in UNSAFE), repr(result.output)
    assert sorted(stored(database_url, bron)) == ["zaal"]


def test_an_id_from_the_file_is_printed_neutralised(database_url: str, bron: str, tmp_path: Path) -> None:
    path = tmp_path / "aanbod.jsonld"
    record = {"@id": "https://voorbeeld.be/\u202e\x1b[31mdienst", "@type": "Iets\x07anders"}
    path.write_text(json.dumps({"@graph": [record]}), "utf-8")

    result = run(database_url, "import", str(path), "--bron", bron)

    assert "record 1 (https://voorbeeld.be/\ufffd\ufffd[31mdienst)" in result.output
    assert not any(character in result.output for character in UNSAFE), repr(result.output)
    assert stored(database_url, bron) == {}
