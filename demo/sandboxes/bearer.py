"""Who calls a sandbox's API: a bearer token the provider signed for the sandbox's audience,
obtained by an allowed actor (the hub) on a person's behalf. Anything else is refused before any
data is read; a token made for another audience is refused like any other stranger's."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated

import structlog
from fastapi import Depends, Request

from demo.sandboxes.refusals import Forbidden, Unauthorized, Unavailable
from demo.sandboxes.settings import SandboxSettings
from demo.sandboxes.state import AnySandboxDep, SandboxBase
from hub.auth.bearer import InvalidToken, ProviderUnavailable

log = structlog.get_logger("demo.sandboxes")


@dataclass(frozen=True)
class ApiCaller:
    sub: str
    """The person on whose behalf the call is made."""
    actor: str
    """The client making it (the token's `act.sub`)."""


async def _verified_claims(request: Request, sandbox: SandboxBase[SandboxSettings]) -> Mapping[str, object]:
    """The claims of the request's bearer token, as the provider vouches for them; else the
    refusal in the sandbox's words (401 without or with a bad token, 503 when the provider is away)."""
    config = sandbox.config
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized(
            "geen_token", f"Deze vraag aan {config.name} heeft geen bearer-token.", realm=config.realm
        )
    try:
        return await sandbox.verifier.verify_access_token(token.strip())
    except InvalidToken as refused:
        log.info("token refused", service=config.name, reason=str(refused))
        raise Unauthorized(
            "ongeldig_token", f"{config.name} aanvaardt dit token niet: {refused}", realm=config.realm
        ) from refused
    except ProviderUnavailable as failure:
        log.warning("the OpenID provider is unreachable", reason=str(failure))
        raise Unavailable(
            "aanmelddienst_onbereikbaar", f"{config.name} kan het token nu niet nakijken."
        ) from failure


async def api_caller(request: Request, sandbox: AnySandboxDep) -> ApiCaller:
    config = sandbox.config
    claims = await _verified_claims(request, sandbox)
    act = claims.get("act")
    actor = act.get("sub") if isinstance(act, dict) else None
    if not isinstance(actor, str) or actor not in config.allowed_actors:
        raise Forbidden(
            "actor_niet_toegelaten", f"{actor or 'Niemand'} mag {config.name} niet namens iemand aanroepen."
        )
    return ApiCaller(sub=str(claims["sub"]), actor=actor)


ApiCallerDep = Annotated[ApiCaller, Depends(api_caller)]


async def dienst_caller(request: Request, sandbox: AnySandboxDep) -> str:
    """A token the provider gave an allowed client for itself (client credentials: its `sub` is
    the client, no person and no actor in it); the client's id."""
    config = sandbox.config
    claims = await _verified_claims(request, sandbox)
    client = claims.get("sub")
    if "act" in claims or not isinstance(client, str) or client not in config.allowed_actors:
        raise Forbidden("geen_dienst", f"Alleen een toegelaten dienst mag dit aan {config.name} vragen.")
    return client
