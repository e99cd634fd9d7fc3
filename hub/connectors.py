"""Which connectors the hub runs: the installed kinds (entry points), configured by the instances
in `HUB_CONNECTORS_FILE`. Anything that fails to load is logged and skipped; the hub still starts."""

from __future__ import annotations

from importlib.metadata import EntryPoint

import httpx
import structlog

from connectors.sdk.discovery import AnyConnector, Loaded, configure, discover, read_instances
from hub.settings import Settings

log = structlog.get_logger("hub.connectors")


def load_connectors(
    settings: Settings,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
    entry_points: list[EntryPoint] | None = None,
) -> Loaded:
    kinds, problems = discover(entry_points)
    loaded = Loaded(problems=problems)
    if settings.connectors_file is not None:
        try:
            instances = read_instances(settings.connectors_file)
        except ValueError as error:
            log.error("connectors file unreadable; no connectors run", reason=str(error))
            return loaded
        configured = configure(instances, kinds, transport=transport)
        loaded.connectors, loaded.problems = configured.connectors, [*problems, *configured.problems]
    for problem in loaded.problems:
        log.warning("connector skipped", where=problem.where, reason=problem.reason)
    for connector in loaded.connectors:
        log.info("connector loaded", name=connector.name, kind=type(connector).kind)
    return loaded


__all__ = ["AnyConnector", "load_connectors"]
