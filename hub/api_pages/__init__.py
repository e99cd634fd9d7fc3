"""The pages for people who write against the API: GraphiQL (`GET /graphql` from a browser),
Swagger UI (`/docs`) and the OpenAPI document (`/openapi.json`, served by FastAPI).

Their scripts and styles come from the hub itself, never from another site: GraphiQL, React and
Swagger UI at the versions pinned in `tools/api-pages` (`make api-pages-tools` installs them),
and a small start script of our own per page instead of inline script. So their
Content-Security-Policy is the portal's (this origin only, no inline script or style), with
`data:` images and fonts, which the libraries' stylesheets carry inline. The pages work offline.

Whether each page is served is the settings' business (`HUB_GRAPHQL_IDE`, `HUB_API_DOCS`): off,
the page and its files answer 404.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import structlog
from fastapi import FastAPI
from fastapi.responses import FileResponse, HTMLResponse, PlainTextResponse, Response
from starlette.exceptions import HTTPException
from starlette.requests import Request

from hub.graphql.router import GraphQLEndpoint
from hub.security_headers import content_security_policy

log = structlog.get_logger("hub.api_pages")

PREFIX: Final = "/api-pages"
VENDOR_DIR: Final = Path(__file__).resolve().parents[2] / "tools" / "api-pages" / "node_modules"
OWN_DIR: Final = Path(__file__).parent / "static"
POLICY: Final = content_security_policy(data_media=True)

GRAPHIQL_FILES: Final = {
    "react.js": "react/umd/react.production.min.js",
    "react-dom.js": "react-dom/umd/react-dom.production.min.js",
    "graphiql.js": "graphiql/graphiql.min.js",
    "graphiql.css": "graphiql/graphiql.min.css",
}
DOCS_FILES: Final = {
    "swagger-ui.js": "swagger-ui-dist/swagger-ui-bundle.js",
    "swagger-ui.css": "swagger-ui-dist/swagger-ui.css",
}
OWN_GRAPHIQL_FILES: Final = ("graphiql-start.js", "graphiql-page.css")
OWN_DOCS_FILES: Final = ("docs-start.js",)

GRAPHIQL_HTML: Final = f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>GraphiQL · V-loket hub</title>
<link rel="stylesheet" href="{PREFIX}/graphiql.css">
<link rel="stylesheet" href="{PREFIX}/graphiql-page.css">
</head>
<body>
<div id="graphiql">Loading…</div>
<script src="{PREFIX}/react.js"></script>
<script src="{PREFIX}/react-dom.js"></script>
<script src="{PREFIX}/graphiql.js"></script>
<script src="{PREFIX}/graphiql-start.js"></script>
</body>
</html>
"""

DOCS_HTML: Final = f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>V-loket hub · API</title>
<link rel="stylesheet" href="{PREFIX}/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="{PREFIX}/swagger-ui.js"></script>
<script src="{PREFIX}/docs-start.js"></script>
</body>
</html>
"""


@dataclass(frozen=True)
class ApiPages:
    """Which of the pages this hub serves, and where the libraries' files are installed."""

    graphql_ide: bool
    api_docs: bool
    vendor_dir: Path = VENDOR_DIR

    @property
    def files(self) -> dict[str, Path]:
        """Every file the served pages load, by the name it has under `PREFIX`."""
        vendor: dict[str, str] = {}
        own: tuple[str, ...] = ()
        if self.graphql_ide:
            vendor, own = {**vendor, **GRAPHIQL_FILES}, (*own, *OWN_GRAPHIQL_FILES)
        if self.api_docs:
            vendor, own = {**vendor, **DOCS_FILES}, (*own, *OWN_DOCS_FILES)
        return {
            **{name: self.vendor_dir / path for name, path in vendor.items()},
            **{name: OWN_DIR / name for name in own},
        }

    def graphiql(self) -> Response:
        return self._page(GRAPHIQL_HTML, GRAPHIQL_FILES, "GraphiQL")

    def docs(self) -> Response:
        return self._page(DOCS_HTML, DOCS_FILES, "Swagger UI")

    def _page(self, html: str, needs: Mapping[str, str], what: str) -> Response:
        missing = [path for path in needs.values() if not (self.vendor_dir / path).is_file()]
        if missing:
            # A page whose scripts would all 404 is worse than a plain answer saying why.
            log.warning("API page files missing", page=what, missing=missing, under=str(self.vendor_dir))
            return PlainTextResponse(
                f"{what}'s files are not installed on this hub: run `make api-pages-tools` "
                f"(missing under {self.vendor_dir}: {', '.join(missing)}).",
                status_code=503,
            )
        return HTMLResponse(html, headers={"Content-Security-Policy": POLICY, "Cache-Control": "no-store"})

    def install(self, app: FastAPI) -> None:
        """`/docs` and the pages' files on `app`; GraphiQL is the GraphQL endpoint's."""
        files = self.files

        async def served_file(request: Request) -> Response:
            path = files.get(request.path_params["name"])
            if path is None or not path.is_file():
                raise HTTPException(404)
            return FileResponse(path, headers={"Content-Security-Policy": POLICY})

        async def docs(_: Request) -> Response:
            return self.docs()

        if files:
            app.add_route(f"{PREFIX}/{{name}}", served_file, methods=["GET"], include_in_schema=False)
        if self.api_docs:
            app.add_route("/docs", docs, methods=["GET"], include_in_schema=False)


class GraphQLWithIde(GraphQLEndpoint):
    """The GraphQL endpoint, showing the hub's own GraphiQL page to a browser on `GET /graphql`
    when `pages.graphql_ide`, and 404 otherwise."""

    def __init__(self, *args: Any, pages: ApiPages, **options: Any) -> None:
        super().__init__(*args, graphql_ide="graphiql" if pages.graphql_ide else None, **options)
        self.pages = pages

    async def render_graphql_ide(self, request: Request) -> Response:
        return self.pages.graphiql()
