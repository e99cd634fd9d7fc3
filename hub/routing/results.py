"""What a fan-out hands back: per service either a value (fresh, or the last good one marked
stale) or why it has nothing, so one failing service never hides the others' answers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class ServiceFailure:
    """Why a service gave nothing now.

    `code` is one of SERVICE_UNAVAILABLE, TIMEOUT, REJECTED_BY_SERVICE, NOT_FOUND, CIRCUIT_OPEN,
    CONNECTOR_CONFIG_ERROR, INTERNAL_ERROR; `message` says what failed, in plain words."""

    service: str
    code: str
    message: str


@dataclass(frozen=True)
class ServiceResult(Generic[T]):
    """A service's answer.

    `stale` is True when the service failed now and this is its last good answer from the cache;
    `failure` then says why it failed. `fetched_at` (UTC) is when the value came from the service."""

    service: str
    value: T
    stale: bool
    fetched_at: datetime
    failure: ServiceFailure | None = None


@dataclass(frozen=True)
class Gathered(Generic[T]):
    """Every service asked appears once: in `results` (with a value, perhaps stale) or in
    `failures` (nothing to show)."""

    results: list[ServiceResult[T]]
    failures: list[ServiceFailure]
