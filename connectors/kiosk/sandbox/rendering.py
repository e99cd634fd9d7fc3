"""The sandbox's HTML: Dutch pages from templates, escaped, with no scripts, styles or frames."""

from __future__ import annotations

from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, select_autoescape

_TEMPLATES = Environment(
    loader=PackageLoader("connectors.kiosk.sandbox"),
    autoescape=select_autoescape(),
    keep_trailing_newline=True,
)

HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


def page(template: str, *, status_code: int = 200, **values: object) -> HTMLResponse:
    html = _TEMPLATES.get_template(template).render(**values)
    return HTMLResponse(html, status_code=status_code, headers=HEADERS)


def error_page(titel: str, bericht: str, *, status_code: int, person: object = None) -> HTMLResponse:
    return page("fout.html", titel=titel, bericht=bericht, status_code=status_code, person=person)
