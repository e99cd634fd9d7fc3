"""The errors the routing layer adds to the SDK's, and which of them say a service is unwell.

Routing raises SDK errors only, so a caller handles one family: a call that ran out of time
or met an open breaker is `ConnectorUnavailable` (retry later), one that crashed is a
`ConnectorError` whose code says INTERNAL_ERROR."""

from __future__ import annotations

from connectors.sdk.errors import ConnectorError, ConnectorRejected, ConnectorUnavailable, NotFound


class ConnectorTimeout(ConnectorUnavailable):
    code = "TIMEOUT"


class NoTimeLeft(ConnectorTimeout):
    """The deadline had passed before the call could go out: the service was not asked."""


class CircuitOpen(ConnectorUnavailable):
    """The service failed too often lately; it is not called until its breaker lets a probe through."""

    code = "CIRCUIT_OPEN"


class LoginRefused(ConnectorError):
    """The identity provider would not exchange the person's token for one for this service:
    their login expired or was revoked there, though it still passed the hub's own check (within
    the clock leeway, or revoked since). The person logs in again; it says nothing about the
    service, and no old answer may stand in for someone no longer logged in."""

    code = "TOKEN_REFUSED"


class ConnectorCrashed(ConnectorError):
    """The connector raised something that is not an SDK error: a bug in it, never retried."""

    code = "INTERNAL_ERROR"


def shows_service_unwell(error: ConnectorError) -> bool:
    """Whether the error counts against the service's breaker."""
    return isinstance(error, ConnectorUnavailable) and not isinstance(error, NoTimeLeft)


def shows_service_answered(error: ConnectorError) -> bool:
    """A refusal or an unknown association is an answer: the service is well. (A configuration
    error or a crash is ours to fix, says nothing about the service, and must keep showing as
    itself rather than hide behind an open breaker.)"""
    return isinstance(error, ConnectorRejected | NotFound)


def leaves_last_answer_valid(error: ConnectorError) -> bool:
    """Whether the last good answer may stand in: the service could not answer now. When it did
    answer (no, or unknown association) or the connector is misconfigured, an old answer would
    contradict what is true now."""
    return isinstance(error, ConnectorUnavailable | ConnectorCrashed)
