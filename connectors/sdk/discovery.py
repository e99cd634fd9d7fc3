"""Finding and configuring connectors: installed packages declare their connector class in the
entry-point group `vloket.connectors`; a file (TOML or YAML, `HUB_CONNECTORS_FILE`) lists the
instances to run and their configuration. A class that fails to import, or an instance whose
configuration does not validate, is reported and skipped; the others still load.

    # connectors.toml
    [[connector]]
    kind = "kiosk"
    name = "kiosk"
    base_url = "https://kiosk.example"
    audience = "kiosk"
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path
from typing import Any

import httpx
import yaml
from pydantic import ValidationError

from connectors.sdk.connector import Connector, ConnectorConfig

GROUP = "vloket.connectors"

AnyConnector = Connector[Any]


@dataclass(frozen=True)
class Problem:
    """A connector that was skipped, and why (for the log and `vloket connectors list`)."""

    where: str
    reason: str


@dataclass
class Loaded:
    connectors: list[AnyConnector] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def discover(
    points: Iterable[EntryPoint] | None = None,
) -> tuple[dict[str, type[AnyConnector]], list[Problem]]:
    """The connector classes installed, by kind."""
    kinds: dict[str, type[AnyConnector]] = {}
    problems: list[Problem] = []
    for point in points if points is not None else entry_points(group=GROUP):
        try:
            loaded = point.load()
        except Exception as error:  # any import failure of a plugin is its problem, not the hub's
            problems.append(Problem(f"entry point {point.name}", f"cannot be imported: {error}"))
            continue
        if not (isinstance(loaded, type) and issubclass(loaded, Connector)):
            problems.append(Problem(f"entry point {point.name}", "is not a Connector class"))
            continue
        kinds[point.name] = loaded
    return kinds, problems


MAX_FILE_BYTES = 8 * 1024 * 1024
"""The largest connectors file read: one entry per municipality of Flanders takes about 60 KB."""


def read_instances(path: Path) -> list[Mapping[str, object]]:
    """The `connector` entries of a TOML or YAML file (ValueError says what is wrong where)."""
    try:
        if not path.is_file():  # a device or a pipe could be read without end
            raise ValueError(f"{path}: not a file")
        with path.open("rb") as file:
            content = file.read(MAX_FILE_BYTES + 1)
        if len(content) > MAX_FILE_BYTES:
            raise ValueError(f"{path}: larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB")
        text = content.decode("utf-8")
        document = yaml.safe_load(text) if path.suffix in {".yaml", ".yml"} else tomllib.loads(text)
    except (OSError, yaml.YAMLError, tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ValueError(f"{path}: {error}") from error
    except RecursionError:
        raise ValueError(f"{path}: nested too deeply") from None
    entries = (document or {}).get("connector", []) if isinstance(document, dict) else None
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise ValueError(f"{path}: expected a list of tables under `connector`")
    return entries


def configure(
    instances: Iterable[Mapping[str, object]],
    kinds: Mapping[str, type[AnyConnector]],
    *,
    transport: httpx.AsyncBaseTransport | None = None,
) -> Loaded:
    loaded = Loaded()
    names: set[str] = set()
    for position, raw in enumerate(instances, start=1):
        entry = dict(raw)
        kind = str(entry.pop("kind", ""))
        where = f"connector #{position} ({entry.get('name', kind or '?')})"
        cls = kinds.get(kind)
        if cls is None:
            loaded.problems.append(Problem(where, f"unknown kind {kind!r}; installed: {sorted(kinds)}"))
            continue
        try:
            config: ConnectorConfig = cls.config_model.model_validate(entry)
        except ValidationError as error:
            loaded.problems.append(Problem(where, _fields(error)))
            continue
        if config.name in names:
            loaded.problems.append(Problem(where, f"name {config.name!r} is used twice"))
            continue
        names.add(config.name)
        loaded.connectors.append(cls(config, transport=transport))
    return loaded


def _fields(error: ValidationError) -> str:
    return "; ".join(f"{'.'.join(map(str, e['loc'])) or '(root)'}: {e['msg']}" for e in error.errors())
