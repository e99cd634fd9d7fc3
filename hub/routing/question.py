"""One question put to many services: what to ask and with which call context, about which
association, how to keep the answer, and until when."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import TypeAdapter

from connectors.sdk.connector import Connector
from connectors.sdk.context import CallContext
from hub.routing.attempts import Call, Deadline

T = TypeVar("T")

ContextFor = Callable[[Connector[Any]], CallContext]
"""The call context for a connector: the person, the association, a token for its audience."""


@dataclass(frozen=True)
class Question(Generic[T]):
    """One `gather`: what to ask, about which association, how to keep the answer, until when."""

    capability: str
    call: Call[T]
    context_for: ContextFor
    v_code: str
    adapter: TypeAdapter[T]
    deadline: Deadline
    use_cache: bool
    refresh: bool
