"""The fan-out engine: every connector that can answer, in parallel, under one deadline, with
retries, a breaker and a cache per connector, and partial results when some fail."""

from hub.routing.errors import CircuitOpen, ConnectorCrashed, ConnectorTimeout, LoginRefused
from hub.routing.results import Gathered, ServiceFailure, ServiceResult, T
from hub.routing.router import Router
from hub.routing.settings import RoutingSettings

__all__ = [
    "CircuitOpen",
    "ConnectorCrashed",
    "ConnectorTimeout",
    "Gathered",
    "LoginRefused",
    "Router",
    "RoutingSettings",
    "ServiceFailure",
    "ServiceResult",
    "T",
]
