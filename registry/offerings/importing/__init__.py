"""Reading offerings from catalog files, JSON-LD in the IPDC / CPSV-AP shape (`jsonld.py`,
expanded against its context by `expansion.py`, mapped by IRI in `cpsv.py`) and CSV (`csv.py`):
parsing only, nothing is stored here. Each record comes back with where it was found; every
problem with its place and field; a bad record never stops the good ones (`Ingelezen`), and a
file that cannot be read at all raises `BestandOnleesbaar`. Records already expanded elsewhere
(the catalog feed's pages) are read with `uitgebreide_records`.

Example::

    ingelezen = lees(Path("aanbod.csv"))
    for record in ingelezen.records:
        print(record.plaats, record.bron_id, record.inhoud.titel)
    for fout in ingelezen.fouten:
        print(fout)
"""

from registry.offerings.importing.bestand import Formaat, formaat_van, lees, records_uit
from registry.offerings.importing.csv import csv_records, lees_csv
from registry.offerings.importing.jsonld import (
    MAX_BYTES,
    Uitgebreid,
    jsonld_records,
    lees_document,
    lees_jsonld,
    uitgebreide_records,
)
from registry.offerings.importing.records import BestandOnleesbaar, Fout, Gelezen, Ingelezen, Record

__all__ = [
    "MAX_BYTES",
    "BestandOnleesbaar",
    "Formaat",
    "Fout",
    "Gelezen",
    "Ingelezen",
    "Record",
    "Uitgebreid",
    "csv_records",
    "formaat_van",
    "jsonld_records",
    "lees",
    "lees_csv",
    "lees_document",
    "lees_jsonld",
    "records_uit",
    "uitgebreide_records",
]
