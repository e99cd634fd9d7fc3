"""An entity's fields as facts: one `Feit` per configured field that has a value, with the
source's name, and the date the source last confirmed them when a date field is configured."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime

from connectors.sdk.errors import ConnectorConfigError
from connectors.sdk.models import Feit


def feiten(
    entity: Mapping[str, object],
    *,
    velden: Sequence[str],
    bron: str,
    datum_veld: str | None,
    service: str,
) -> list[Feit]:
    datum = _datum(entity, datum_veld, service=service) if datum_veld else None
    return [
        Feit(naam=veld, waarde=_waarde(entity[veld]), bron=bron, datum=datum)
        for veld in velden
        if entity.get(veld) is not None
    ]


def _waarde(value: object) -> str:
    """As people read it: lists as a comma-separated enumeration, booleans as ja/nee."""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, list):
        return ", ".join(_waarde(item) for item in value if item is not None)
    return str(value)


def _datum(entity: Mapping[str, object], veld: str, *, service: str) -> date | None:
    value = entity.get(veld)
    if value is None:
        return None
    try:
        if not isinstance(value, str):
            raise ValueError(value)
        return date.fromisoformat(value) if len(value) == 10 else datetime.fromisoformat(value).date()
    except ValueError as error:
        raise ConnectorConfigError(
            service, f"`datum_veld` {veld!r} is not a date field: the subgraph gave {value!r}"
        ) from error
