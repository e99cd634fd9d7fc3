"""How refused credentials are answered: 401 with `WWW-Authenticate` (RFC 6750) for a bad bearer
token, 403 for a cookie-carrying request from another site; both in the GraphQL error shape."""

from __future__ import annotations

import structlog
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from hub.auth.bearer import ProviderUnavailable
from hub.auth.resolver import AuthenticationFailed, CrossSiteRequest
from registry.i18n import negotiate
from registry.messages import translate

log = structlog.get_logger("hub.auth")


def _quoted(value: str) -> str:
    """Safe inside a quoted header value: printable ASCII only (a token's header is the sender's)."""
    printable = "".join(c if " " <= c <= "~" and c not in '"\\' else "?" for c in value)
    return printable[:200]


def install_auth_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(AuthenticationFailed)
    async def unauthenticated(request: Request, error: AuthenticationFailed) -> JSONResponse:
        language = negotiate(request.headers.get("accept-language"))
        return JSONResponse(
            {
                "errors": [
                    {
                        "message": translate("TOKEN_REFUSED", language),
                        "extensions": {"code": "UNAUTHENTICATED", "reason": error.description},
                    }
                ]
            },
            status_code=401,
            headers={
                "WWW-Authenticate": (
                    f'Bearer error="{error.error}", error_description="{_quoted(error.description)}"'
                )
            },
        )

    @app.exception_handler(ProviderUnavailable)
    async def provider_unavailable(request: Request, error: ProviderUnavailable) -> JSONResponse:
        log.warning("the OpenID provider is unreachable", reason=str(error))
        language = negotiate(request.headers.get("accept-language"))
        return JSONResponse(
            {
                "errors": [
                    {
                        "message": translate("PROVIDER_UNAVAILABLE", language),
                        "extensions": {"code": "SERVICE_UNAVAILABLE"},
                    }
                ]
            },
            status_code=503,
            headers={"Retry-After": "30"},
        )

    @app.exception_handler(CrossSiteRequest)
    async def cross_site(request: Request, _: CrossSiteRequest) -> JSONResponse:
        language = negotiate(request.headers.get("accept-language"))
        return JSONResponse(
            {"errors": [{"message": translate("CROSS_SITE", language), "extensions": {"code": "FORBIDDEN"}}]},
            status_code=403,
        )
