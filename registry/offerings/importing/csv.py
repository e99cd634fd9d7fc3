"""Offerings from a CSV file: one offering per row, read row by row (a file of any size streams).

The file is UTF-8 (a byte-order mark is fine), comma-separated, with a header row naming the
columns; their order is free, unknown columns are refused (a typo would silently lose data):

    id,titel,beschrijving,type,bestuur_niveau,bestuur_code,bestuur_naam,themas,
    verenigingstypes,hoofdactiviteiten,werkingsgebieden,min_leeftijd,max_leeftijd,van,tot,
    digitaal,link,connector,connector_dienst,uitleg,contact_naam,contact_email,
    contact_telefoon,contact_website,benodigde_gegevens,voorwaarden,procedure,kosten,bewijsstukken

Required: id, titel, beschrijving, type, bestuur_code. List columns (themas, verenigingstypes,
hoofdactiviteiten, werkingsgebieden, benodigde_gegevens, bewijsstukken) separate their items
with `;`. Dates are `2025-03-31`; digitaal is `ja`/`nee` (empty: ja). See `inhoud.py` for what
each field becomes. A problem is reported with its line (`regel 12`, the line the row starts on)
and column.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from pathlib import Path

from registry.offerings.importing.inhoud import LISTS, VELDEN, VERPLICHT, record
from registry.offerings.importing.records import BestandOnleesbaar, EerderGezien, Fout, Gelezen, Ingelezen
from registry.offerings.importing.velden import Veld

LIST_SEPARATOR = ";"


class _Regels:
    """The file's lines decoded one by one, counting them, so a bad byte names its line."""

    def __init__(self, regels: Iterable[bytes]) -> None:
        self._regels = iter(regels)
        self.nummer = 0

    def __iter__(self) -> Iterator[str]:
        for ruw in self._regels:
            self.nummer += 1
            try:
                tekst = ruw.decode("utf-8-sig" if self.nummer == 1 else "utf-8")
            except UnicodeDecodeError as error:
                raise BestandOnleesbaar(
                    Fout(f"regel {self.nummer}", "", f"dit is geen UTF-8-tekst (byte {error.start + 1})")
                ) from error
            yield tekst


def csv_records(regels: Iterable[bytes]) -> Iterator[Gelezen]:
    """Each row's offering or problems, as the rows come; `BestandOnleesbaar` when the file
    itself is not a CSV file of offerings (no header, unknown columns, broken quoting, not UTF-8)."""
    lines = _Regels(regels)
    reader = csv.reader(lines, strict=True)
    kop = _kop(_volgende(reader, lines))
    gezien = EerderGezien()
    while True:
        start = lines.nummer + 1
        rij = _volgende(reader, lines)
        if rij is None:
            return
        if not any(waarde.strip() for waarde in rij):
            continue
        plaats = f"regel {start}"
        if len(rij) != len(kop):
            yield [Fout(plaats, "", f"{len(rij)} waarden, maar de kop heeft {len(kop)} kolommen")]
            continue
        yield record(_velden(kop, rij), plaats, gezien)


def lees_csv(pad: Path) -> Ingelezen:
    """Every offering in the file and every problem, collected."""
    ingelezen = Ingelezen()
    with pad.open("rb") as bestand:
        for gelezen in csv_records(bestand):
            ingelezen.neem(gelezen)
    return ingelezen


def _volgende(reader: Iterator[list[str]], lines: _Regels) -> list[str] | None:
    try:
        return next(reader)
    except StopIteration:
        return None
    except csv.Error as error:
        raise BestandOnleesbaar(
            Fout(f"regel {lines.nummer}", "", f"dit is geen geldige CSV: {error}")
        ) from error


def _kop(rij: list[str] | None) -> list[str]:
    if rij is None:
        raise BestandOnleesbaar(Fout("regel 1", "", "het bestand is leeg: verwacht een kop met kolomnamen"))
    kop = [naam.strip().lower() for naam in rij]
    onbekend = [naam for naam in kop if naam not in VELDEN]
    ontbrekend = [naam for naam in VERPLICHT if naam not in kop]
    dubbel = sorted({naam for naam in kop if kop.count(naam) > 1})
    problemen = []
    if onbekend:
        problemen.append(f"onbekende kolommen {', '.join(onbekend)} (gekend: {', '.join(VELDEN)})")
    if ontbrekend:
        problemen.append(f"verplichte kolommen ontbreken: {', '.join(ontbrekend)}")
    if dubbel:
        problemen.append(f"kolommen staan er twee keer: {', '.join(dubbel)}")
    if problemen:
        raise BestandOnleesbaar(Fout("regel 1", "", "; ".join(problemen)))
    return kop


def _velden(kop: list[str], rij: list[str]) -> dict[str, Veld]:
    velden: dict[str, Veld] = {}
    for naam, waarde in zip(kop, rij, strict=True):
        items: object = waarde.split(LIST_SEPARATOR) if naam in LISTS else waarde
        velden[naam] = Veld(naam, items)
    return velden
