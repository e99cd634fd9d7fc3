"""The usage report as CSV, and the months it covers."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from datetime import date

from registry.kalender import maanden_tot
from registry.rapport.service import Cijfer

KOLOMMEN = ("maand", "soort", "sleutel", "aantal")
_MAAND = re.compile(r"20[0-9]{2}-(0[1-9]|1[0-2])")
"""A month from 2000 to 2099, in ASCII digits (a digit class would take any script's)."""


def months(van: str | None, tot: str | None, *, today: date) -> tuple[str, str]:
    """The first and last month asked (`YYYY-MM`); by default the twelve up to this one. A month
    not so written, or a `van` after `tot`, is a `ValueError` saying which."""
    last = tot if tot is not None else today.strftime("%Y-%m")
    asked = [("--tot", last)] + ([("--van", van)] if van is not None else [])
    for name, value in asked:
        if not _MAAND.fullmatch(value):
            raise ValueError(
                f"{name}: write the month as YYYY-MM (2000 to 2099), for example 2026-11, not {value[:20]!r}"
            )
    if van is None:
        van = maanden_tot(date(int(last[:4]), int(last[5:]), 1), 12)[-1].strftime("%Y-%m")
    if van > last:
        raise ValueError(f"--van {van} comes after --tot {last}")
    return van, last


def csv_of(cijfers: Sequence[Cijfer]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(KOLOMMEN)
    for cijfer in cijfers:
        writer.writerow([cijfer.maand, cijfer.soort, cijfer.sleutel, cijfer.aantal])
    return out.getvalue()
