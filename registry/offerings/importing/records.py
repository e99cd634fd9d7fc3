"""What reading a catalog file gives: the offerings it holds, each with where it came from, and
every problem found, each with its place and field. A bad record never hides the good ones."""

from __future__ import annotations

from dataclasses import dataclass, field

from registry.errors import FieldError
from registry.offerings.model import DienstInhoud


@dataclass(frozen=True)
class Record:
    """One offering read from a catalog: its id there, its content, and where it was found
    (`regel 12` in a CSV file, `record 3 (https://...)` in a JSON-LD document)."""

    bron_id: str
    inhoud: DienstInhoud
    plaats: str


@dataclass(frozen=True)
class Fout:
    """One problem with one record (or with the file as a whole: `veld` empty)."""

    plaats: str
    veld: str
    melding: str

    def __str__(self) -> str:
        return (
            f"{self.plaats}, {self.veld}: {self.melding}" if self.veld else f"{self.plaats}: {self.melding}"
        )


@dataclass
class Ingelezen:
    records: list[Record] = field(default_factory=list)
    fouten: list[Fout] = field(default_factory=list)

    def neem(self, gelezen: Record | list[Fout]) -> None:
        if isinstance(gelezen, Record):
            self.records.append(gelezen)
        else:
            self.fouten.extend(gelezen)


class BestandOnleesbaar(Exception):
    """The file as a whole cannot be read (not JSON, too large, not UTF-8, no header...):
    nothing in it can be trusted, so nothing of it is imported."""

    def __init__(self, fout: Fout) -> None:
        self.fout = fout
        super().__init__(str(fout))


def fouten_van(plaats: str, field_errors: list[FieldError]) -> list[Fout]:
    """The register's field errors as this record's problems, in Dutch (the operator's language)."""
    return [Fout(plaats, error.veld, error.message("nl")) for error in field_errors]


Gelezen = Record | list[Fout]
"""What one record yields: the offering, or its problems (never an empty list)."""


class EerderGezien:
    """The ids met so far in one file: a second record with the same id is refused (the first
    one stays), since the file does not say which of the two is meant."""

    def __init__(self) -> None:
        self._plaatsen: dict[str, str] = {}

    def dubbel(self, bron_id: str, plaats: str, veld: str) -> Fout | None:
        eerste = self._plaatsen.setdefault(bron_id, plaats)
        if eerste == plaats:
            return None
        return Fout(plaats, veld, f"'{bron_id}' staat er meer dan één keer in; de eerste ({eerste}) telt.")
