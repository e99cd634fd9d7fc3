"""Calling the connected systems on a person's behalf: per system a call context with the person,
the association and a token exchanged for that system's audience (a refused exchange classed by
what the caller must do), and the failures a gathered answer carries."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from connectors.sdk import CallContext, Connector, ConnectorConfigError, ConnectorUnavailable
from hub.auth.oidc import OAuthError
from hub.auth.principal import Principal
from hub.auth.token_exchange import TokenExchanger, call_context
from hub.routing import Gathered, LoginRefused, ServiceFailure
from registry.errors import Unauthenticated

CALL_TIMEOUT = 10.0


def context_for(
    exchanger: TokenExchanger | None, principal: Principal, v_code: str
) -> Callable[[Connector[Any]], CallContext]:
    """Per connector: the person, the association, and a token for that connector's audience."""

    def context(connector: Connector[Any]) -> CallContext:
        async def token() -> str:
            if exchanger is None:
                raise ConnectorConfigError(connector.name, "the hub has no token exchange configured")
            try:
                return await exchanger.for_principal(principal, connector.config.audience)
            except Unauthenticated as error:
                raise ConnectorConfigError(connector.name, "no login to pass on for this person") from error
            except OAuthError as refused:
                # The IdP would not make a token for this system: down (try later), the
                # person's login no longer valid there (log in again), or not allowed.
                if refused.error in {"temporarily_unavailable", "server_error"}:
                    raise ConnectorUnavailable(connector.name, f"token exchange: {refused}") from refused
                if refused.error == "invalid_grant":
                    raise LoginRefused(connector.name, f"token exchange: {refused}") from refused
                raise ConnectorConfigError(connector.name, f"token exchange refused: {refused}") from refused

        return call_context(principal, timeout=CALL_TIMEOUT, token=token, v_code=v_code)

    return context


def all_failures(gathered: Gathered[Any]) -> list[ServiceFailure]:
    """Failures with nothing to show, and those answered from the cache (marked stale there)."""
    return [*gathered.failures, *(r.failure for r in gathered.results if r.failure is not None)]
