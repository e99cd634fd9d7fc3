"""The application factory: the provider behind its HTTP endpoints, errors in one shape each."""

from __future__ import annotations

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse, RedirectResponse

from demo.devidp.back_channel import NO_STORE
from demo.devidp.back_channel import router as back_channel
from demo.devidp.config import DevIdpConfig
from demo.devidp.errors import ErrorPage, InvalidClient, OAuthError, RedirectedError
from demo.devidp.front_channel import router as front_channel
from demo.devidp.pages import error_page
from demo.devidp.provider import DevIdp, current_devidp
from demo.devidp.redirects import with_query


def create_devidp(config: DevIdpConfig) -> FastAPI:
    """An OpenID provider for demos and tests, served at the root of `config.issuer`.

    Example::

        app = create_devidp(DevIdpConfig(issuer="http://127.0.0.1:8001", personas=..., clients=...))
        app.state.devidp.rotate_keys()
    """
    app = FastAPI(title="V-loket demo-IdP", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.devidp = DevIdp(config)
    app.include_router(front_channel)
    app.include_router(back_channel)
    app.add_exception_handler(OAuthError, _oauth_error)
    app.add_exception_handler(ErrorPage, _error_page)
    return app


async def _oauth_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, OAuthError)
    if isinstance(error, RedirectedError):
        params = {
            "error": error.error,
            "error_description": error.description,
            "state": error.state,
            "iss": current_devidp(request).config.issuer,  # RFC 9207, as on success
        }
        return RedirectResponse(with_query(error.redirect_uri, params), status_code=302)
    headers = dict(NO_STORE)
    if isinstance(error, InvalidClient):
        headers["WWW-Authenticate"] = 'Basic realm="devidp"'
    body = {"error": error.error, "error_description": error.description}
    return JSONResponse(body, status_code=error.status, headers=headers)


async def _error_page(_: Request, error: Exception) -> Response:
    assert isinstance(error, ErrorPage)
    return error_page(error.message, status=error.status)
