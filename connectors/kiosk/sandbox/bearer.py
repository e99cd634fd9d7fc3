"""Who calls the API: a bearer token the provider signed for the sandbox's audience, obtained by
an allowed actor (the hub) on a person's behalf. Anything else is refused before any data is read."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

import structlog
from fastapi import Depends, Request

from connectors.kiosk.sandbox.refusals import Forbidden, Unauthorized, Unavailable
from connectors.kiosk.sandbox.state import SandboxDep
from hub.auth.bearer import InvalidToken, ProviderUnavailable

log = structlog.get_logger("connectors.kiosk.sandbox")


@dataclass(frozen=True)
class ApiCaller:
    sub: str
    """The person on whose behalf the call is made."""
    actor: str
    """The client making it (the token's `act.sub`)."""


async def api_caller(request: Request, sandbox: SandboxDep) -> ApiCaller:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("geen_token", "Deze vraag aan KIOSK heeft geen bearer-token.")
    try:
        claims = await sandbox.verifier.verify_access_token(token.strip())
    except InvalidToken as refused:
        log.info("token refused", reason=str(refused))
        raise Unauthorized("ongeldig_token", f"KIOSK aanvaardt dit token niet: {refused}") from refused
    except ProviderUnavailable as failure:
        log.warning("the OpenID provider is unreachable", reason=str(failure))
        raise Unavailable("aanmelddienst_onbereikbaar", "KIOSK kan het token nu niet nakijken.") from failure
    act = claims.get("act")
    actor = act.get("sub") if isinstance(act, dict) else None
    if not isinstance(actor, str) or actor not in sandbox.config.allowed_actors:
        raise Forbidden(
            "actor_niet_toegelaten", f"{actor or 'Niemand'} mag KIOSK niet namens iemand aanroepen."
        )
    return ApiCaller(sub=str(claims["sub"]), actor=actor)


ApiCallerDep = Annotated[ApiCaller, Depends(api_caller)]
