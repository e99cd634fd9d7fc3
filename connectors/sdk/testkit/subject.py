"""The connector under test: its class, the configuration the author gave, the capabilities they
declared and the canned answers of their remote; and what a check concludes about it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass

from pydantic import ValidationError

from connectors.sdk.connector import ConnectorConfig
from connectors.sdk.context import CallContext
from connectors.sdk.discovery import AnyConnector
from connectors.sdk.testkit.context import call_context
from connectors.sdk.testkit.remotes import Responses, SimulatedRemote


class Nonconformity(AssertionError):
    """The connector does not do what the SDK asks; the message says what, and how to fix it."""


class NotApplicable(Exception):
    """The check does not apply to this connector (a capability it lacks, no canned answer)."""


@dataclass(frozen=True)
class Subject:
    connector_class: type[AnyConnector]
    config: Mapping[str, object]
    declared: tuple[str, ...] | None
    responses: Responses

    @classmethod
    def of(
        cls,
        connector_class: type[AnyConnector],
        config: ConnectorConfig | Mapping[str, object],
        *,
        declared: Sequence[str] | None = None,
        responses: Responses | None = None,
    ) -> Subject:
        raw = config.model_dump(by_alias=True) if isinstance(config, ConnectorConfig) else dict(config)
        return cls(
            connector_class=connector_class,
            config=raw,
            declared=tuple(declared) if declared is not None else None,
            responses=responses or Responses(),
        )

    def configured(self) -> ConnectorConfig:
        try:
            return self.connector_class.config_model.model_validate(self.config)
        except ValidationError as error:
            raise Nonconformity(f"the suite's `config` does not validate: {error}") from error

    @property
    def audience(self) -> str:
        return self.configured().audience

    def context(self, *, within: float = 5.0) -> CallContext:
        return call_context(audience=self.audience, within=within)

    @asynccontextmanager
    async def connected(self, remote: SimulatedRemote) -> AsyncIterator[AnyConnector]:
        """An instance talking to `remote`, closed when the block ends."""
        connector = self.connector_class(self.configured(), transport=remote.transport())
        try:
            yield connector
        finally:
            await connector.aclose()
