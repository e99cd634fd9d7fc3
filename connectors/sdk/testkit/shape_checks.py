"""Checks on what a connector declares: its kind, its config model, and its capabilities.

Each check returns when the connector conforms and raises `Nonconformity` saying what to fix.
"""

from __future__ import annotations

import inspect
import json
import re

from pydantic import ValidationError

from connectors.sdk.capabilities import CAPABILITIES, capabilities_of
from connectors.sdk.connector import ConnectorConfig
from connectors.sdk.testkit.calls import METHODS, implemented
from connectors.sdk.testkit.remotes import SimulatedRemote, status_answer
from connectors.sdk.testkit.subject import Nonconformity, Subject

KIND = re.compile(r"^[a-z][a-z0-9_-]*$")
"""An entry point name as the hub's connectors file spells it."""
UNKNOWN_FIELD = "testkit_onbekend_veld"


def check_kind(subject: Subject) -> None:
    kind = getattr(subject.connector_class, "kind", None)
    if not isinstance(kind, str) or not KIND.match(kind):
        raise Nonconformity(
            f"`kind` must be the entry point name: lowercase letters, digits, `-` and `_`; got {kind!r}"
        )


def check_config_model(subject: Subject) -> None:
    model = subject.connector_class.config_model
    if not (isinstance(model, type) and issubclass(model, ConnectorConfig)):
        raise Nonconformity(f"`config_model` must subclass ConnectorConfig; got {model!r}")
    subject.configured()


def check_json_schema(subject: Subject) -> None:
    try:
        schema = subject.connector_class.config_model.model_json_schema()
        json.dumps(schema)
    except (TypeError, ValueError) as error:  # pydantic's schema errors are ValueErrors
        raise Nonconformity(f"the config model has no JSON schema: {error}") from error
    missing = {"name", "base_url", "audience"} - set(schema.get("properties", {}))
    if missing:
        raise Nonconformity(f"the config model's JSON schema lacks {sorted(missing)}")


def check_refuses_unknown_fields(subject: Subject) -> None:
    _refused(subject, {**subject.config, UNKNOWN_FIELD: "x"}, f"an unknown field `{UNKNOWN_FIELD}`")


def check_requires_base_url(subject: Subject) -> None:
    without = {key: value for key, value in subject.config.items() if key != "base_url"}
    _refused(subject, without, "a config without `base_url`")


def _refused(subject: Subject, config: dict[str, object], what: str) -> None:
    try:
        subject.connector_class.config_model.model_validate(config)
    except ValidationError:
        return
    raise Nonconformity(f"the config model accepted {what}; it must raise a ValidationError")


def check_capability_methods_are_coroutines(subject: Subject) -> None:
    for capability in implemented(subject.connector_class):
        method = getattr(subject.connector_class, METHODS[capability])
        if capability == "StatusEvents":  # reads a body, no I/O: the hub runs it in a thread
            if inspect.iscoroutinefunction(method):
                raise Nonconformity("StatusEvents: `map_push` must be a plain `def` (it does no I/O)")
        elif not inspect.iscoroutinefunction(method):
            raise Nonconformity(f"{capability}: `{METHODS[capability]}` must be `async def`")


async def check_declared_capabilities(subject: Subject) -> None:
    if subject.declared is None:
        raise Nonconformity('declare what the connector does, e.g. `capabilities = ("Dossiers",)`')
    unknown = sorted(set(subject.declared) - set(CAPABILITIES))
    if unknown:
        raise Nonconformity(f"unknown capabilities {unknown}; the SDK knows {sorted(CAPABILITIES)}")
    async with subject.connected(SimulatedRemote(status_answer(503))) as connector:
        found = capabilities_of(connector)
    if sorted(found) != sorted(subject.declared):
        raise Nonconformity(
            f"declared {sorted(subject.declared)} but the connector implements {sorted(found)}"
        )
