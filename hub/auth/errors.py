"""How refused credentials are answered: 401 with `WWW-Authenticate` (RFC 6750) for a bad bearer
token, 403 for a cookie-carrying request from another site; both in the GraphQL error shape."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from hub.auth.resolver import AuthenticationFailed, CrossSiteRequest
from registry.messages import negotiate, translate


def _quoted(value: str) -> str:
    return value.replace("\\", "").replace('"', "'")[:200]


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

    @app.exception_handler(CrossSiteRequest)
    async def cross_site(request: Request, _: CrossSiteRequest) -> JSONResponse:
        language = negotiate(request.headers.get("accept-language"))
        return JSONResponse(
            {"errors": [{"message": translate("CROSS_SITE", language), "extensions": {"code": "FORBIDDEN"}}]},
            status_code=403,
        )
