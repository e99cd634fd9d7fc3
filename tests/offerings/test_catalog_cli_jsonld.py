"""`vloket catalog import` of JSON-LD read by its context: one offering in three contexts is one
stored offering, and a record whose context cannot be had is refused alone, leaving what is
stored as it was."""

from __future__ import annotations

import json
from pathlib import Path

from tests.offerings.jsonld_documents import (
    DIENST,
    DIENST_ID,
    DIENST_IN_EIGEN_TERMEN,
    DRIE_SCHRIJFWIJZEN,
    EIGEN_CONTEXT,
    MET_DE_CATALOGUSCONTEXT,
)
from tests.offerings.test_catalog_cli import bron, run, stored

__all__ = ["bron"]  # the fixture, shared with the catalog command's other tests

ELDERS = "https://elders.example/context.jsonld"


def jsonld_file(tmp_path: Path, document: object, name: str) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(document), "utf-8")
    return path


def test_one_offering_in_three_contexts_is_stored_once_and_then_unchanged(
    database_url: str, bron: str, tmp_path: Path
) -> None:
    paths = [jsonld_file(tmp_path, document, f"{n}.jsonld") for n, document in enumerate(DRIE_SCHRIJFWIJZEN)]

    eerste = run(database_url, "import", str(paths[0]), "--bron", bron)
    na_eerste = stored(database_url, bron)
    andere = [run(database_url, "import", str(path), "--bron", bron) for path in paths[1:]]

    assert [eerste.exit_code, *(r.exit_code for r in andere)] == [0, 0, 0], eerste.output
    assert "│ 1     │ 0         │ 0           │ 0      │" in eerste.output
    for result in andere:
        assert "│ 0     │ 0         │ 1           │ 0      │" in result.output, result.output
    assert stored(database_url, bron) == na_eerste
    assert na_eerste[DIENST_ID].inhoud.bestuur.naam == "Stad Gent"


def test_a_record_with_an_unknown_context_is_refused_and_leaves_the_stored_offering_as_it_was(
    database_url: str, bron: str, tmp_path: Path
) -> None:
    run(
        database_url,
        "import",
        str(jsonld_file(tmp_path, MET_DE_CATALOGUSCONTEXT, "v1.jsonld")),
        "--bron",
        bron,
    )
    before = stored(database_url, bron)
    anders = {**DIENST, "@context": ELDERS, "dct:title": {"nl": "Een andere titel"}}
    nieuw = {**DIENST_IN_EIGEN_TERMEN, "id": "https://catalogus.example/dienst/nieuw"}
    document = {"@context": EIGEN_CONTEXT, "@graph": [anders, nieuw]}

    result = run(database_url, "import", str(jsonld_file(tmp_path, document, "v2.jsonld")), "--bron", bron)

    assert result.exit_code == 1, result.output
    assert f"record 1 ({DIENST_ID}), @context: de context {ELDERS} is niet gekend" in result.output
    after = stored(database_url, bron)
    assert after[DIENST_ID] == before[DIENST_ID]
    assert after["https://catalogus.example/dienst/nieuw"].inhoud.titel == "Subsidie jeugdkamp"
