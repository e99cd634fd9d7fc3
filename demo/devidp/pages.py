"""The HTML pages a person sees: the login page, an error page, the logged-out page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from demo.devidp.config import DevIdpConfig
from demo.devidp.store import PendingLogin

_TEMPLATES = Environment(
    loader=FileSystemLoader(Path(__file__).with_name("templates")),
    autoescape=select_autoescape(["html"]),
    keep_trailing_newline=True,
)

# The pages need no scripts, styles or frames; the login page must not be framed (clickjacking).
_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'; base-uri 'none'",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


def login_page(config: DevIdpConfig, pending: PendingLogin) -> HTMLResponse:
    return _render(
        "aanmelden.html",
        action=config.url("/login"),
        client_id=pending.request.client_id,
        request_id=pending.id,
        csrf_token=pending.csrf_token,
        personas=config.personas,
    )


def error_page(message: str, *, status: int = 400) -> HTMLResponse:
    return _render("fout.html", status=status, message=message)


def logged_out_page() -> HTMLResponse:
    return _render("afgemeld.html")


def _render(template: str, *, status: int = 200, **context: Any) -> HTMLResponse:
    html = _TEMPLATES.get_template(template).render(**context)
    return HTMLResponse(html, status_code=status, headers=_HEADERS)
