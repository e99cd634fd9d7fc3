"""A catalog file of either kind: which kind it is (by its name, or the content type it was
served with), and its offerings one by one."""

from __future__ import annotations

from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path

from registry.offerings.importing.csv import csv_records
from registry.offerings.importing.jsonld import MAX_BYTES, jsonld_bestand
from registry.offerings.importing.records import BestandOnleesbaar, Fout, Gelezen, Ingelezen


class Formaat(StrEnum):
    CSV = "csv"
    JSONLD = "jsonld"


EXTENSIES = {".csv": Formaat.CSV, ".json": Formaat.JSONLD, ".jsonld": Formaat.JSONLD}
CONTENT_TYPES = {
    "text/csv": Formaat.CSV,
    "application/csv": Formaat.CSV,
    "application/ld+json": Formaat.JSONLD,
    "application/json": Formaat.JSONLD,
}


def formaat_van(naam: str, content_type: str | None = None) -> Formaat:
    """The kind of file: the content type decides when it names one we read, else the name's
    extension."""
    media_type = (content_type or "").split(";")[0].strip().lower()
    if media_type in CONTENT_TYPES:
        return CONTENT_TYPES[media_type]
    extensie = Path(naam.split("?")[0]).suffix.lower()
    if extensie in EXTENSIES:
        return EXTENSIES[extensie]
    gekend = ", ".join(sorted(EXTENSIES))
    raise BestandOnleesbaar(
        Fout(naam, "", f"onbekend soort bestand: verwacht een naam op {gekend} of een gekend content type")
    )


def records_uit(pad: Path, formaat: Formaat, *, max_bytes: int = MAX_BYTES) -> Iterator[Gelezen]:
    """The file's offerings as they are read: a CSV file row by row, a JSON-LD document whole
    (refused beyond `max_bytes`)."""
    if formaat is Formaat.JSONLD:
        yield from jsonld_bestand(pad, max_bytes=max_bytes)
        return
    with pad.open("rb") as bestand:
        yield from csv_records(bestand)


def lees(pad: Path, formaat: Formaat | None = None, *, max_bytes: int = MAX_BYTES) -> Ingelezen:
    """Every offering in the file and every problem, collected."""
    ingelezen = Ingelezen()
    for gelezen in records_uit(pad, formaat or formaat_van(pad.name), max_bytes=max_bytes):
        ingelezen.neem(gelezen)
    return ingelezen
