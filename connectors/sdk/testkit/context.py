"""The call context the conformance suite hands a connector: a known token exchanged for the
connector's audience, a deadline, and the person's own token placed where careless code could
reach it (the process environment and a context variable), so the suite can see it never leaves.

Example::

    context = call_context(audience="mijn-dienst", within=2.0)
    await connector.dossiers(context)
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from connectors.sdk.context import CallContext, Person

V_CODE = "V0001001"
PERSON = Person(sub="testkit-persoon", insz="71032512357", voornaam="An", achternaam="Janssens")
PERSON_TOKEN = "testkit-person-own-token-never-forward"  # noqa: S105 - a marker, not a secret
PERSON_TOKEN_VARIABLE = "VLOKET_PERSON_TOKEN"  # noqa: S105 - the name of a variable

inbound_token: ContextVar[str | None] = ContextVar("testkit_inbound_token", default=None)
"""Where a hub that kept the incoming request's token around would keep it."""


def exchanged_token(audience: str) -> str:
    """The token the suite's token provider hands out for `audience`."""
    return f"testkit-exchanged-for-{audience}"


def call_context(
    *, audience: str, within: float = 5.0, v_code: str | None = V_CODE, token: str | None = None
) -> CallContext:
    """A context for one call, ending `within` seconds from now; its token provider returns
    `token`, or `exchanged_token(audience)` when none is given."""
    issued = token if token is not None else exchanged_token(audience)

    async def provide() -> str:
        return issued

    return CallContext(
        v_code=v_code,
        person=PERSON,
        token=provide,
        correlation_id="testkit-correlation",
        deadline=time.monotonic() + within,
    )


@contextmanager
def person_token_within_reach() -> Iterator[str]:
    """Put the person's own token in the environment and a context variable for the block."""
    before = os.environ.get(PERSON_TOKEN_VARIABLE)
    os.environ[PERSON_TOKEN_VARIABLE] = PERSON_TOKEN
    reset = inbound_token.set(PERSON_TOKEN)
    try:
        yield PERSON_TOKEN
    finally:
        inbound_token.reset(reset)
        if before is None:
            del os.environ[PERSON_TOKEN_VARIABLE]
        else:
            os.environ[PERSON_TOKEN_VARIABLE] = before
