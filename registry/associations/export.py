"""The association's data to take along (data portability): its register document as JSON-LD,
each term named by the Verenigingsregister's and OSLO's vocabularies (`vereniging-context.json`,
embedded, so the download needs nothing else to be read as linked data), and as CSV, one row per
fact. Both carry everything the register holds of it but its bookkeeping (`laatsteIds`)."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any, Final

from registry.associations.model import Vereniging

CONTEXT_FILE: Final = Path(__file__).with_name("vereniging-context.json")
CSV_COLUMNS: Final = ("onderdeel", "nummer", "gegeven", "waarde", "bron")
"""One row per fact: its part (`basisgegevens`, `contactgegevens`, `locaties`,
`vertegenwoordigers`), the part's number within the association (none for the basisgegevens), the
field (`adres.straatnaam`), the value and its source."""

_TYPES: Final = {
    "locaties": "org:Site",
    "vertegenwoordigers": "person:Person",
    "contactgegevens": "schema:ContactPoint",
}
_IDS: Final = {
    "contactgegevens": "contactgegevenId",
    "locaties": "locatieId",
    "vertegenwoordigers": "vertegenwoordigerId",
}
_FORMULA: Final = re.compile(r"^[=@\t\r]|^[+-](?![\d\s().]*$)")
"""A value a spreadsheet would take for a formula (`=…`, `@…`, `+A1`); a telephone number
(`+32 9 123 45 67`) or a negative number is not one."""


@cache
def context() -> dict[str, Any]:
    context: dict[str, Any] = json.loads(CONTEXT_FILE.read_text("utf-8"))["@context"]
    return context


def _facts(document: dict[str, Any]) -> dict[str, Any]:
    """The document without bookkeeping and without absent values."""
    return {k: v for k, v in document.items() if v is not None and k != "laatsteIds"}


def _present(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _present(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_present(v) for v in value]
    return value


def jsonld(vereniging: Vereniging) -> dict[str, Any]:
    """The register's own document (its camelCase vocabulary), made linked data by its context."""
    document = _present(_facts(vereniging.document()))
    for part, rdf_type in _TYPES.items():
        document[part] = [{"@type": rdf_type, **item} for item in document.get(part, [])]
    for locatie in document.get("locaties", []):
        if "adres" in locatie:
            locatie["adres"] = {"@type": "locn:Address", **locatie["adres"]}
    return {"@context": context(), "@type": "Vereniging", **document}


def _rows(prefix: str, value: Any) -> Iterator[tuple[str, Any]]:
    """Each leaf of `value` with its dotted path; a list of plain values gives a row each."""
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _rows(f"{prefix}.{key}" if prefix else key, inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _rows(prefix, inner)
    elif value is not None:
        yield prefix, value


def _cell(value: Any) -> str:
    text = ("true" if value else "false") if isinstance(value, bool) else str(value)
    return f"'{text}" if _FORMULA.match(text) else text


def csv_text(vereniging: Vereniging) -> str:
    document = _facts(vereniging.document())
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    basis = {k: v for k, v in document.items() if k not in _IDS}
    for gegeven, waarde in _rows("", basis):
        writer.writerow(["basisgegevens", "", gegeven, _cell(waarde), ""])
    for part, id_key in _IDS.items():
        for item in document.get(part, []):
            fields = {k: v for k, v in item.items() if k not in (id_key, "bron")}
            for gegeven, waarde in _rows("", fields):
                writer.writerow([part, item[id_key], gegeven, _cell(waarde), item.get("bron", "")])
    return out.getvalue()


def file_name(vereniging: Vereniging, extension: str) -> str:
    """`V0001001-gegevens.jsonld`: the vCode alone names it (no name, which may hold anything)."""
    return f"{vereniging.v_code}-gegevens.{extension}"


__all__ = ["CSV_COLUMNS", "context", "csv_text", "file_name", "jsonld"]
