"""Reading KBO-like JSON: the file's records, each checked by the register's rules and turned
into the KBO-sourced part of an association (`KboGegevens`); what fails is refused with the
field it is about. `kbo_import.py` stores what is read."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, fields
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from registry.associations import rules
from registry.associations.codes import RECHTSVORM_TYPES
from registry.associations.commands import AdresInvoer, ContactgegevenInvoer, VertegenwoordigerInvoer
from registry.associations.identifiers import normalise_kbo
from registry.associations.model import Bron, Contactgegeven, Locatie, Locatietype, Vertegenwoordiger
from registry.errors import FieldError, ValidationFailed
from registry.validation import Checks

if TYPE_CHECKING:
    from _typeshed import DataclassInstance


def read_records(path: Path) -> list[Any]:
    try:
        data = json.loads(path.read_text("utf-8"))
    except json.JSONDecodeError as error:
        raise ValidationFailed(
            [FieldError(str(path), "ongeldig_json", {"fout": f"regel {error.lineno}: {error.msg}"})]
        ) from error
    records = data.get("ondernemingen") if isinstance(data, dict) else data
    if not isinstance(records, list):
        raise ValidationFailed(
            [
                FieldError(
                    str(path),
                    "ongeldig_formaat",
                    {"verwacht": 'een lijst van ondernemingen of {"ondernemingen": [...]}'},
                )
            ]
        )
    return records


@dataclass(frozen=True)
class KboGegevens:
    """The KBO-sourced part of an association, ids not yet assigned."""

    kbo_nummer: str
    rechtsvorm: str
    naam: str
    korte_naam: str | None
    startdatum: date | None
    zetel: Locatie | None
    contactgegevens: list[Contactgegeven]
    vertegenwoordigers: list[Vertegenwoordiger]


def _text(record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    return value if isinstance(value, str) else None


def parse_record(record: object, *, today: date) -> KboGegevens:
    checks = Checks()
    if not isinstance(record, dict):
        checks.fail("", "ongeldig_formaat", verwacht="een object met kboNummer, rechtsvorm en naam")
        checks.raise_if_any()
        raise AssertionError("unreachable")
    kbo = checks.text("kboNummer", _text(record, "kboNummer"), required=True, max_length=20)
    kbo_nummer = normalise_kbo(kbo) if kbo else None
    if kbo and kbo_nummer is None:
        checks.fail("kboNummer", "ongeldig_kbo")
    rechtsvorm = checks.text("rechtsvorm", _text(record, "rechtsvorm"), required=True, max_length=3)
    if rechtsvorm and rechtsvorm not in RECHTSVORM_TYPES:
        checks.fail("rechtsvorm", "onbekende_keuze", waarde=rechtsvorm, keuzes=", ".join(RECHTSVORM_TYPES))
    naam = checks.text("naam", _text(record, "naam"), required=True, max_length=rules.MAX_NAAM)
    korte_naam = checks.text("korteNaam", _text(record, "korteNaam"), max_length=rules.MAX_KORTE_NAAM)
    startdatum = _date(checks, record.get("startdatum"), today=today)
    zetel = None
    if isinstance(record.get("maatschappelijkeZetel"), dict):
        zetel_adres = rules.adres(
            checks,
            AdresInvoer(**_known(record["maatschappelijkeZetel"], AdresInvoer)),
            prefix="maatschappelijkeZetel",
        )
        if zetel_adres:
            zetel = Locatie(
                locatie_id=0,
                locatietype=Locatietype.MAATSCHAPPELIJKE_ZETEL,
                adres=zetel_adres,
                bron=Bron.KBO,
            )
    contactgegevens = [
        c.model_copy(update={"bron": Bron.KBO})
        for i, item in _items(checks, record, "contactgegevens")
        if (
            c := rules.contactgegeven(
                checks,
                ContactgegevenInvoer(**_known(item, ContactgegevenInvoer)),
                prefix=f"contactgegevens[{i}]",
                contactgegeven_id=0,
            )
        )
    ]
    vertegenwoordigers = [
        v.model_copy(update={"bron": Bron.KBO})
        for i, item in _items(checks, record, "vertegenwoordigers")
        if (
            v := rules.vertegenwoordiger(
                checks,
                VertegenwoordigerInvoer(**_known(item, VertegenwoordigerInvoer)),
                prefix=f"vertegenwoordigers[{i}]",
                vertegenwoordiger_id=0,
            )
        )
    ]
    checks.raise_if_any()
    assert kbo_nummer is not None
    assert rechtsvorm is not None
    assert naam is not None
    return KboGegevens(
        kbo_nummer,
        rechtsvorm,
        naam,
        korte_naam,
        startdatum,
        zetel,
        contactgegevens,
        vertegenwoordigers,
    )


_CAMEL = {"is_primair": "isPrimair", "social_media": "socialMedia"}


def _known(item: dict[str, Any], target: type[DataclassInstance]) -> dict[str, Any]:
    """The record's values for the fields `target` has (camelCase in the file, snake_case here)."""
    names = [f.name for f in fields(target)]
    return {
        name: item[_CAMEL.get(name, name)] for name in names if item.get(_CAMEL.get(name, name)) is not None
    }


def _items(checks: Checks, record: dict[str, Any], key: str) -> Iterator[tuple[int, dict[str, Any]]]:
    value = record.get(key) or []
    if not isinstance(value, list) or not checks.at_most(key, value, rules.MAXIMA[key]):
        return iter(())
    return ((i, item) for i, item in enumerate(value) if isinstance(item, dict))


def _date(checks: Checks, value: object, *, today: date) -> date | None:
    if value is None:
        return None
    try:
        parsed = date.fromisoformat(str(value))
    except ValueError:
        checks.fail("startdatum", "ongeldig_formaat", verwacht="een datum als 2001-05-31")
        return None
    return rules.not_in_future(checks, "startdatum", parsed, today=today)
