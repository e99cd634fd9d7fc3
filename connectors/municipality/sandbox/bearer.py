"""Who calls the API: a bearer token the provider signed for this gemeente's audience, obtained
by an allowed actor (the hub) on a person's behalf. Anything else is refused before any data is
read; a token made for another gemeente is refused like any other stranger's."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, ClassVar

import structlog
from fastapi import Depends, Request

from connectors.kiosk.sandbox.refusals import Forbidden, Unauthorized, Unavailable
from connectors.municipality.sandbox.state import SandboxDep
from hub.auth.bearer import InvalidToken, ProviderUnavailable

log = structlog.get_logger("connectors.municipality.sandbox")


class TokenRefused(Unauthorized):
    headers: ClassVar[dict[str, str]] = {"WWW-Authenticate": 'Bearer realm="gemeente", error="invalid_token"'}


@dataclass(frozen=True)
class ApiCaller:
    sub: str
    """The person on whose behalf the call is made."""
    actor: str
    """The client making it (the token's `act.sub`)."""


async def api_caller(request: Request, sandbox: SandboxDep) -> ApiCaller:
    gemeente = f"Gemeente {sandbox.config.gemeente}"
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise TokenRefused("geen_token", f"Deze vraag aan {gemeente} heeft geen bearer-token.")
    try:
        claims = await sandbox.verifier.verify_access_token(token.strip())
    except InvalidToken as refused:
        log.info("token refused", gemeente=sandbox.config.nis_code, reason=str(refused))
        raise TokenRefused("ongeldig_token", f"{gemeente} aanvaardt dit token niet: {refused}") from refused
    except ProviderUnavailable as failure:
        log.warning("the OpenID provider is unreachable", reason=str(failure))
        raise Unavailable(
            "aanmelddienst_onbereikbaar", f"{gemeente} kan het token nu niet nakijken."
        ) from failure
    act = claims.get("act")
    actor = act.get("sub") if isinstance(act, dict) else None
    if not isinstance(actor, str) or actor not in sandbox.config.allowed_actors:
        raise Forbidden(
            "actor_niet_toegelaten", f"{actor or 'Niemand'} mag {gemeente} niet namens iemand aanroepen."
        )
    return ApiCaller(sub=str(claims["sub"]), actor=actor)


ApiCallerDep = Annotated[ApiCaller, Depends(api_caller)]
