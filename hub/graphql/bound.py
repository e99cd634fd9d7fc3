"""A bound on an input value (how many items, how long a string, which characters), declared in
the schema with `bounded()`, and the checks of one value against it. `input_bounds.py` finds,
for each argument a request sends, the bound that applies."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from strawberry import Schema

from registry.errors import FieldError
from registry.text import forbidden_character

BOUNDS_KEY: Final = "vloket-bounds"
JSON_SCALARS: Final = frozenset({"_Any", "JSON"})
MAX_JSON_DEPTH: Final = 8
MAX_JSON_VALUES: Final = 200


@dataclass(frozen=True, slots=True)
class Bound:
    items: int | None = None
    """Most values in the list (None: the default)."""
    length: int | None = None
    """Most characters in a string, or in each string of the list (None: the default)."""
    entities: tuple[tuple[str, tuple[str, ...]], ...] | None = None
    """For federation's representations: each must name one of these entity types and carry
    its key fields (as strings)."""
    characters: bool = True
    """Refuse characters no string may hold. Off for the fields of input objects: the register
    checks those itself, naming the field as its forms do."""

    def item(self) -> Bound:
        """The bound of each item of a list bounded by this."""
        return Bound(length=self.length, entities=self.entities, characters=self.characters)


def bounded(*, items: int | None = None, length: int | None = None) -> dict[str, Bound]:
    """Metadata for `strawberry.argument(metadata=…)` or `strawberry.field(metadata=…)`."""
    return {BOUNDS_KEY: Bound(items=items, length=length)}


@dataclass(frozen=True, slots=True)
class Defaults:
    items: int
    length: int


def json_value(value: Any, path: str, defaults: Defaults) -> list[FieldError]:
    """A JSON value as a whole: at most `MAX_JSON_DEPTH` deep, `MAX_JSON_VALUES` values and
    strings of the default length."""
    seen = 0
    pending: list[tuple[Any, int]] = [(value, 0)]
    while pending:
        current, depth = pending.pop()
        seen += 1
        if depth > MAX_JSON_DEPTH:
            return [FieldError(path, "te_diep", {"max": MAX_JSON_DEPTH})]
        if seen > MAX_JSON_VALUES:
            return [too_many(path, MAX_JSON_VALUES, seen)]
        if isinstance(current, str) and len(current) > defaults.length:
            return string_value(current, Bound(), path, defaults)
        if isinstance(current, dict):
            if len(current) + seen > MAX_JSON_VALUES:
                return [too_many(path, MAX_JSON_VALUES, len(current) + seen)]
            pending += [(key, depth + 1) for key in current]
            pending += [(item, depth + 1) for item in current.values()]
        elif isinstance(current, list):
            if len(current) + seen > MAX_JSON_VALUES:
                return [too_many(path, MAX_JSON_VALUES, len(current) + seen)]
            pending += [(item, depth + 1) for item in current]
    return []


def string_value(value: str, bound: Bound, path: str, defaults: Defaults) -> list[FieldError]:
    limit = bound.length or defaults.length
    if len(value) > limit:
        return [FieldError(path, "te_lang", {"max": limit})]
    # What no string may hold (a NUL, which PostgreSQL refuses; other controls; bidi
    # overrides): refused here for every argument, as the registers do for their fields.
    if not bound.characters:
        return []
    found = forbidden_character(value.replace("\r\n", "\n"), multiline=True)
    if found is not None:
        return [FieldError(path, found.code, {"teken": found.teken, "positie": found.positie})]
    return []


def representation(value: Any, bound: Bound, path: str) -> list[FieldError]:
    """A federation representation: an object naming an entity type, with its key fields."""
    if bound.entities is None:
        return []
    keys = dict(bound.entities)
    typename = value.get("__typename") if isinstance(value, dict) else None
    if not isinstance(typename, str) or typename not in keys:
        return [FieldError(path, "onbekende_keuze", {"waarde": str(typename), "keuzes": ", ".join(keys)})]
    missing = [key for key in keys[typename] if not isinstance(value.get(key), str)]
    return [FieldError(f"{path}.{key}", "verplicht") for key in missing]


def too_many(path: str, limit: int, count: int) -> FieldError:
    return FieldError(path, "te_veel", {"max": limit, "aantal": count})


def declared_field(definitions: Schema, type_name: str, field_name: str) -> Bound:
    field = definitions.get_field_for_type(field_name, type_name)
    found = field.metadata.get(BOUNDS_KEY) if field is not None else None
    return found if isinstance(found, Bound) else Bound()


def declared_arguments(definitions: Schema, type_name: str, field_name: str) -> dict[str, Bound]:
    field = definitions.get_field_for_type(field_name, type_name)
    if field is None:
        return {}
    declared: dict[str, Bound] = {}
    for argument in field.arguments:
        found = (argument.metadata or {}).get(BOUNDS_KEY)
        if isinstance(found, Bound):
            declared[definitions.config.name_converter.from_argument(argument)] = found
    return declared
