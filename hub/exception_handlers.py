"""How the hub answers what no route answered itself: a refused rate (429, hub/rate_limits.py) and
an unexpected error, which is logged in full and answered with a masked 500 that names only the
request's correlation id."""

from __future__ import annotations

import structlog
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

from hub.observability import correlation_id
from hub.profile.documenten import OverdrachtAfgebroken
from hub.rate_limits import RateLimited
from hub.security_headers import response_headers
from registry.i18n import negotiate
from registry.messages import translate

# The name these lines were logged under in hub/app.py: a log filter set on it still applies.
log = structlog.get_logger("hub.app")


def install_exception_handlers(app: FastAPI, *, hsts: bool) -> None:
    @app.exception_handler(RateLimited)
    async def rate_limited(request: Request, limited: RateLimited) -> Response:
        return limited.response(negotiate(request.headers.get("accept-language")))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, error: Exception) -> JSONResponse:
        current = correlation_id.get() or "-"
        if isinstance(error, OverdrachtAfgebroken):  # told when it stopped; the download fails
            log.warning("document transfer broken off", path=request.url.path, reason=str(error))
        else:
            log.error("unexpected error", path=request.url.path, exc_info=error)
        language = negotiate(request.headers.get("accept-language"))
        return JSONResponse(
            {
                "code": "INTERNAL_SERVER_ERROR",
                "message": translate("INTERNAL_SERVER_ERROR", language, correlatie_id=current),
            },
            status_code=500,
            headers=response_headers(hsts=hsts),
        )
