"""Errors a connector raises, classed by what the hub should do with them.

- `ConnectorConfigError`: fix the configuration (never retried; the connector is skipped).
- `ConnectorUnavailable`: transient (timeout, 5xx, garbage): retry reads, count for the breaker,
  serve what is cached, marked stale.
- `ConnectorRejected`: the remote system said no; show its reason to the person.
- `NotFound`: the remote system does not know this association or dossier.

Example::

    if response.status_code >= 500:
        raise ConnectorUnavailable(self.name, f"KIOSK answered {response.status_code}")
"""

from __future__ import annotations

from typing import ClassVar


class ConnectorError(Exception):
    code: ClassVar[str] = "CONNECTOR_ERROR"
    retryable: ClassVar[bool] = False

    def __init__(self, service: str, reason: str) -> None:
        self.service = service
        self.reason = reason
        super().__init__(f"{service}: {reason}")


class ConnectorConfigError(ConnectorError):
    code = "CONNECTOR_CONFIG_ERROR"


class ConnectorUnavailable(ConnectorError):
    code = "SERVICE_UNAVAILABLE"
    retryable = True


class ConnectorRejected(ConnectorError):
    code = "REJECTED_BY_SERVICE"


class NotFound(ConnectorError):
    code = "NOT_FOUND"
