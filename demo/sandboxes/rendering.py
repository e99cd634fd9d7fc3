"""A sandbox's HTML: Dutch pages from templates, escaped, with no scripts, styles or frames. A
sandbox's own templates come first; `base.html`, `fout.html`, `aanvraag.html` and the skeleton
`dossierpagina.html` are shared."""

from __future__ import annotations

from fastapi.responses import HTMLResponse
from jinja2 import ChoiceLoader, Environment, PackageLoader, select_autoescape

HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


class Pages:
    """Example::

    pages = Pages("demo.sandboxes.kiosk", loket="KIOSK", echt="het echte KIOSK")
    return pages.page("dossier.html", person=person, dossier=dossier)
    """

    def __init__(self, package: str, *, loket: str, echt: str) -> None:
        self._templates = Environment(
            loader=ChoiceLoader([PackageLoader(package), PackageLoader("demo.sandboxes")]),
            autoescape=select_autoescape(),
            keep_trailing_newline=True,
        )
        self._templates.globals.update(loket=loket, echt=echt)

    def page(self, template: str, *, status_code: int = 200, **values: object) -> HTMLResponse:
        html = self._templates.get_template(template).render(**values)
        return HTMLResponse(html, status_code=status_code, headers=HEADERS)

    def error_page(
        self, titel: str, bericht: str, *, status_code: int, person: object = None
    ) -> HTMLResponse:
        return self.page("fout.html", titel=titel, bericht=bericht, status_code=status_code, person=person)
