"""Login on a sandbox's pages: the dependency that asks for a logged-in person, the detour to the
provider when there is none, and `/callback` where the provider sends the browser back. The
cookies are the sandbox's own (see `SandboxSettings.cookie_prefix`)."""

from __future__ import annotations

from typing import Annotated

import structlog
from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from demo.sandboxes.sessions import LOGIN_TTL, LoginFailed, LoginRequired, PagePerson
from demo.sandboxes.state import AnySandboxDep, current_sandbox
from hub.auth.bearer import InvalidToken, ProviderUnavailable
from hub.auth.oidc import OAuthError
from hub.auth.provider import ProviderError

log = structlog.get_logger("demo.sandboxes")

router = APIRouter()


async def page_person(request: Request, sandbox: AnySandboxDep) -> PagePerson:
    person = sandbox.logins.person(request.cookies.get(sandbox.config.session_cookie))
    if person is None:
        raise LoginRequired(request.url.path)
    return person


PagePersonDep = Annotated[PagePerson, Depends(page_person)]


async def to_login(request: Request, error: Exception) -> Response:
    """Exception handler for `LoginRequired`: off to the provider, and back to the page after."""
    assert isinstance(error, LoginRequired)
    sandbox = current_sandbox(request)
    try:
        start = await sandbox.logins.start(error.next_path)
    except ProviderError as failure:
        log.warning("the OpenID provider is unreachable", reason=str(failure))
        return sandbox.pages.error_page(
            "Aanmelden lukt nu niet", "De aanmeldingsdienst antwoordt niet.", status_code=503
        )
    response = RedirectResponse(start.url, status_code=302, headers={"Cache-Control": "no-store"})
    response.set_cookie(
        sandbox.config.login_cookie,
        start.binding,
        max_age=int(LOGIN_TTL),
        path="/callback",
        httponly=True,
        samesite="lax",
        secure=sandbox.config.public_url.startswith("https://"),
    )
    return response


@router.get("/callback", include_in_schema=False)
async def callback(
    request: Request,
    sandbox: AnySandboxDep,
    state: str = "",
    code: str = "",
    iss: str | None = None,
    error: str | None = None,
) -> Response:
    config, pages = sandbox.config, sandbox.pages
    if error or not code or (iss is not None and iss != config.issuer):
        log.info("login refused", error=error, iss=iss)
        return pages.error_page(
            "Aanmelden mislukt", "De aanmeldingsdienst gaf geen aanmelding terug.", status_code=400
        )
    try:
        session_id, next_path = await sandbox.logins.finish(
            state=state, code=code, binding=request.cookies.get(config.login_cookie, "")
        )
    except LoginFailed as failed:
        return pages.error_page("Aanmelden mislukt", str(failed), status_code=400)
    except (OAuthError, InvalidToken, ProviderUnavailable, ProviderError) as failure:
        log.warning("login failed", reason=str(failure))
        return pages.error_page(
            "Aanmelden mislukt", "De aanmelding kon niet bevestigd worden.", status_code=400
        )
    response = RedirectResponse(next_path, status_code=303)
    secure = config.public_url.startswith("https://")
    response.set_cookie(
        config.session_cookie, session_id, path="/", httponly=True, samesite="lax", secure=secure
    )
    response.delete_cookie(
        config.login_cookie, path="/callback", httponly=True, samesite="lax", secure=secure
    )
    return response
