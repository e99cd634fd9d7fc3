"""The browser protections every response of the hub carries, in one place.

Portal pages ask `page_headers` for theirs (their policy names the origins their forms may end up
at); `SecurityHeaders` gives every other response — GraphiQL, the API documentation, the OpenAPI
document, JSON answers, static files, error pages — the same protections where the response did
not set its own, and adds HSTS to every response when people reach the hub over https. No page of
the hub runs inline script or style, nor anything from another site: the policy says so.
"""

from __future__ import annotations

from typing import Final

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

HSTS: Final = "max-age=31536000; includeSubDomains"


def content_security_policy(form_targets: str = "", *, data_media: bool = False) -> str:
    """Only this origin's scripts, styles and connections; framed by nobody.
    `form_targets`: origins a form post may end up at after redirects (the provider, at logout);
    `data_media`: images and fonts may also be `data:` URLs (the API pages' stylesheets inline
    their icons and fonts so)."""
    media = "; img-src 'self' data:; font-src 'self' data:" if data_media else ""
    framing = "frame-ancestors 'none'; base-uri 'none'"
    return f"default-src 'self'{media}; {framing}; form-action 'self' {form_targets}".strip()


def protections(policy: str) -> dict[str, str]:
    """The headers that keep a response from being framed, sniffed or leaking where it was read."""
    return {
        "Content-Security-Policy": policy,
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        # Our own pages name their origin on their own requests (the CSRF checks use it); other
        # sites learn nothing of where a person came from.
        "Referrer-Policy": "same-origin",
    }


def page_headers(form_targets: str = "") -> dict[str, str]:
    """A portal page's headers: the protections, and never kept in a shared cache."""
    return {**protections(content_security_policy(form_targets)), "Cache-Control": "no-store"}


def response_headers(*, hsts: bool) -> dict[str, str]:
    """What every response carries unless it set its own; also for the answer to an unexpected
    error, which Starlette sends from outside every middleware."""
    headers = protections(content_security_policy())
    if hsts:
        headers["Strict-Transport-Security"] = HSTS
    return headers


class SecurityHeaders:
    """Pure ASGI middleware: adds each protection a response lacks (a response's own header wins)
    and, with `hsts`, Strict-Transport-Security on every response."""

    def __init__(self, app: ASGIApp, *, hsts: bool) -> None:
        self.app = app
        self.defaults = response_headers(hsts=hsts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_protected(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in self.defaults.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_protected)
