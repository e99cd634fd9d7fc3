"""The endpoints a browser visits: authorization, the login form, logout."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse

from demo.devidp.cookies import LOGIN_COOKIE, SSO_COOKIE, clear_cookie, set_cookie
from demo.devidp.errors import ErrorPage
from demo.devidp.logout import end_session
from demo.devidp.pages import logged_out_page, login_page
from demo.devidp.params import form_items, single_valued
from demo.devidp.provider import DevIdpDep

router = APIRouter()


@router.get("/authorize")
async def authorize(request: Request, devidp: DevIdpDep) -> Response:
    params = single_valued(request.query_params.multi_items())
    if params is None:
        raise ErrorPage("Een parameter van deze aanvraag komt meer dan eens voor.")
    outcome = devidp.authorizer.authorize(
        params,
        session_id=request.cookies.get(SSO_COOKIE),
        browser_key=request.cookies.get(LOGIN_COOKIE),
    )
    if isinstance(outcome, str):
        return RedirectResponse(outcome, status_code=302)
    response = login_page(devidp.config, outcome)
    set_cookie(response, devidp.config, LOGIN_COOKIE, outcome.browser_key)
    return response


@router.post("/login")
async def log_in(request: Request, devidp: DevIdpDep) -> Response:
    form = single_valued(await form_items(request))
    if form is None:
        raise ErrorPage("Een veld van dit formulier komt meer dan eens voor.")
    result = devidp.authorizer.log_in(form, browser_key=request.cookies.get(LOGIN_COOKIE))
    response = RedirectResponse(result.redirect_url, status_code=303)
    set_cookie(response, devidp.config, SSO_COOKIE, result.session.id)
    return response


@router.get("/logout")
async def logout(request: Request, devidp: DevIdpDep) -> Response:
    params = single_valued(request.query_params.multi_items()) or {}
    redirect_url = end_session(
        config=devidp.config,
        keys=devidp.keys,
        store=devidp.store,
        params=params,
        session_id=request.cookies.get(SSO_COOKIE),
    )
    response: Response = (
        RedirectResponse(redirect_url, status_code=303) if redirect_url is not None else logged_out_page()
    )
    clear_cookie(response, devidp.config, SSO_COOKIE)
    return response
