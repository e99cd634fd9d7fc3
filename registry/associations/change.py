"""What an action on the register produces: the new state, the event's name and its data."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import BaseModel

from registry.associations.model import Vereniging


@dataclass(frozen=True)
class Change:
    vereniging: Vereniging
    gebeurtenis: str
    data: dict[str, Any]


def _json(value: object) -> object:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_json(item) for item in value]
    return value


def diff(before: BaseModel, after: BaseModel, names: Sequence[str]) -> dict[str, Any]:
    """`{veld: {oud, nieuw}}` for each field of `names` that differs, in API vocabulary."""
    changed: dict[str, Any] = {}
    for name in names:
        old, new = getattr(before, name), getattr(after, name)
        if old != new:
            alias = type(before).model_fields[name].alias or name
            changed[alias] = {"oud": _json(old), "nieuw": _json(new)}
    return changed
