"""The gemeente's HTML: Dutch pages from templates, escaped, with the gemeente's name on every
page, and KIOSK's security headers (no scripts, styles or frames)."""

from __future__ import annotations

from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, select_autoescape

from connectors.kiosk.sandbox.rendering import HEADERS
from connectors.municipality.sandbox.config import GemeenteSandboxConfig

_TEMPLATES = Environment(
    loader=PackageLoader("connectors.municipality.sandbox"),
    autoescape=select_autoescape(),
    keep_trailing_newline=True,
)


def page(
    config: GemeenteSandboxConfig, template: str, *, status_code: int = 200, **values: object
) -> HTMLResponse:
    html = _TEMPLATES.get_template(template).render(gemeente=config.gemeente, **values)
    return HTMLResponse(html, status_code=status_code, headers=HEADERS)


def error_page(
    config: GemeenteSandboxConfig, titel: str, bericht: str, *, status_code: int, person: object = None
) -> HTMLResponse:
    return page(config, "fout.html", titel=titel, bericht=bericht, status_code=status_code, person=person)
