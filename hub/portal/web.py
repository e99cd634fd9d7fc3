"""What every portal page shares: the services it reads through, who is visiting in which
language, the CSRF token of their forms, and rendering a template in their language (the
environment it renders in: `templating.py`).

A page never implements a business rule itself: it asks the same services the GraphQL API asks
(the register, the profile across connected systems, the offerings, the notices, the access
log) and shows their answers and their refusals.
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData

from hub.auth.oidc import new_secret
from hub.auth.principal import Principal, ensure_represents
from hub.auth.resolver import Authenticator, same_origin
from hub.auth.routes import CookiePolicy
from hub.auth.sessions import Session
from hub.graphql.errors import service_message
from hub.portal.beleid import Beleid
from hub.portal.i18n import translations
from hub.portal.templating import environment
from hub.profile.service import ProfileService
from hub.routing import ServiceFailure
from hub.security_headers import page_headers
from hub.toegang import toegang_van
from registry.associations.model import Vereniging
from registry.associations.service import VerenigingenRegister
from registry.errors import FieldError, RegisterError
from registry.feedback import Feedback
from registry.i18n import LANGUAGES, Language, negotiate
from registry.mandaten import Mandaten
from registry.meldingen.service import Meldingen
from registry.offerings.op_maat import AanbodOpMaat
from registry.offerings.service import DienstenRegister
from registry.toegangslog.service import Handeling, Toegangslog

if TYPE_CHECKING:  # (hub.mail writes in the portal's words: it imports this package)
    from hub.mail.rondes import Berichtgever

LANGUAGE_COOKIE = "vloket_taal"
YEAR = 365 * 24 * 3600
"""How long the language cookie lasts, in seconds."""
CSRF_COOKIE = "vloket_formulier"
ROLE_PUBLISHER = "AanbodBeheerder"
ROLE_OPERATOR = "VloketBeheerder"
"""The login role (`VloketBeheerder:<organisatie>`) of those who run the loket: the usage page."""


@dataclass(frozen=True)
class Portal:
    """The services behind the pages (the same objects the GraphQL API uses)."""

    register: VerenigingenRegister
    profile: ProfileService
    diensten: DienstenRegister
    op_maat: AanbodOpMaat
    meldingen: Meldingen
    toegangslog: Toegangslog
    feedback: Feedback
    authenticator: Authenticator
    cookies: CookiePolicy
    public_origin: str
    beleid: Beleid
    """What the legal pages state (retention periods, the data protection officer)."""
    provider_origin: str = ""
    login_available: bool = True
    mail: Berichtgever | None = None
    """Notices by mail (None: no SMTP server is set, and the pages do not offer it)."""
    mail_gevraagd: Callable[[], Awaitable[None]] | None = None
    """Told when an address waits for its confirmation mail."""
    mandaten: Mandaten | None = None
    """The mandates associations grant (None: the pages do not offer them)."""


class PortalRedirect(Exception):
    """Send the browser elsewhere: to log in first, or to choose on whose behalf."""

    def __init__(self, location: str) -> None:
        self.location = location
        super().__init__(location)


class PortalRefusal(Exception):
    """A page that cannot be shown, with a title and a message (already in the visitor's language)."""

    def __init__(self, titel: str, bericht: str, *, status_code: int) -> None:
        self.titel = titel
        self.bericht = bericht
        self.status_code = status_code
        super().__init__(bericht)


@dataclass
class Bezoek:
    """One request to the portal: who, in which language, with which form token."""

    request: Request
    portal: Portal
    taal: Language
    session: Session | None
    persoon: Principal | None
    csrf: str
    new_csrf_cookie: bool = False
    actief: Vereniging | None = field(default=None, repr=False)
    """The association acted for, once read (the header names it on every page)."""

    # --- who is visiting -------------------------------------------------------------------

    def aangemeld(self) -> Principal:
        """The logged-in person; otherwise off to log in, and back here afterwards."""
        if self.persoon is None:
            raise PortalRedirect(f"/auth/login?next={quote(self.pad(), safe='/')}")
        return self.persoon

    async def vereniging(self) -> Vereniging:
        """The association the person acts for, while they still represent it (a 403 page once
        they no longer do); otherwise off to choose one first."""
        persoon = self.aangemeld()
        if persoon.namens is None:
            raise PortalRedirect(f"/kies?terug={quote(self.pad(), safe='/')}")
        if self.actief is None or self.actief.v_code != persoon.namens:
            self.actief = await self.portal.register.get(persoon.namens)
        ensure_represents(persoon, self.actief)
        return self.actief

    def uitgever_van(self) -> list[str]:
        """The organisation or NIS codes whose offerings this person manages."""
        return self._codes_van(ROLE_PUBLISHER)

    def beheert_loket(self) -> bool:
        """Whether this person runs the loket (the role `VloketBeheerder` at login)."""
        return bool(self._codes_van(ROLE_OPERATOR))

    def _codes_van(self, rol: str) -> list[str]:
        """The organisation codes this person holds `rol` for at login (`rol:<code>`)."""
        if self.persoon is None:
            return []
        prefix = f"{rol}:"
        return sorted(r.removeprefix(prefix) for r in self.persoon.rollen if r.startswith(prefix))

    def pad(self) -> str:
        query = self.request.url.query
        return self.request.url.path + (f"?{query}" if query else "")

    # --- forms -----------------------------------------------------------------------------

    async def formulier(self) -> FormData:
        """The posted form, after checking it comes from our own page (origin and CSRF token)."""
        form = await self.request.form()
        sent = form.get("csrf")
        if (
            not same_origin(self.request, self.portal.public_origin)
            or not isinstance(sent, str)
            or not self.csrf
        ):
            raise self._expired()
        if not hmac.compare_digest(sent.encode(), self.csrf.encode()):
            raise self._expired()
        return form

    def _expired(self) -> PortalRefusal:
        return PortalRefusal(
            self.gettext("Verzoek geweigerd"),
            self.gettext("Dit formulier is verlopen of komt niet van het V-loket. Laad de pagina opnieuw."),
            status_code=403,
        )

    # --- the access log --------------------------------------------------------------------

    async def log(self, v_code: str, handeling: Handeling, onderdeel: str) -> None:
        if self.persoon is not None:
            await self.portal.toegangslog.schrijf([toegang_van(self.persoon, v_code, handeling, onderdeel)])

    # --- rendering -------------------------------------------------------------------------

    def gettext(self, message: str, **values: object) -> str:
        text = translations(self.taal).gettext(message)
        return text % values if values else text

    def storingen(self, failures: Sequence[ServiceFailure]) -> list[str]:
        """What to tell about connected services that did not answer, one line each."""
        return [service_message(f.code, f.service, f.message, self.taal)[0] for f in failures]

    def fout(self, error: RegisterError) -> str:
        return error.message(self.taal)

    def veldfouten(self, error: RegisterError, prefix: str = "") -> dict[str, str]:
        """A refusal's messages by form field (the register's field path, without `prefix`)."""
        fouten: list[FieldError] = getattr(error, "fouten", [])
        return {f.veld.removeprefix(prefix): f.message(self.taal) for f in fouten}

    def render(
        self,
        name: str,
        *,
        status_code: int = 200,
        headers: Mapping[str, str] | None = None,
        form_targets: str = "",
        **values: Any,
    ) -> HTMLResponse:
        """`form_targets`: other origins this page's forms may end up at (after redirects)."""
        html = (
            environment(self.taal)
            .get_template(name)
            .render(
                taal=self.taal,
                talen=LANGUAGES,
                persoon=self.persoon,
                actief=self.actief,
                csrf=self.csrf,
                pad=self.request.url.path,
                terug=self.pad(),
                uitgever=bool(self.uitgever_van()),
                beheerder=self.beheert_loket(),
                login_available=self.portal.login_available,
                **values,
            )
        )
        targets = f"{self.portal.provider_origin} {form_targets}".strip()
        response = HTMLResponse(html, status_code, headers=page_headers(targets))
        response.headers["Content-Language"] = self.taal
        for key, value in (headers or {}).items():
            response.headers[key] = value
        self.finish(response)
        return response

    def redirect(self, location: str) -> RedirectResponse:
        response = RedirectResponse(location, status_code=303, headers={"Cache-Control": "no-store"})
        self.finish(response)
        return response

    def finish(self, response: Response) -> None:
        if self.new_csrf_cookie:
            self.portal.cookies.set(response, CSRF_COOKIE, self.csrf)


async def bezoek(request: Request) -> Bezoek:
    """The FastAPI dependency every portal page starts with."""
    portal: Portal = request.app.state.portal
    taal = language_of(request)
    session = await portal.authenticator.session_of(request)
    persoon = await portal.authenticator.of_session(session, request) if session is not None else None
    if session is not None:
        actief = None
        if persoon is not None and persoon.namens is not None:
            # The header names the association acted for, on every page.
            actief = (await portal.register.get_many([persoon.namens])).get(persoon.namens)
        return Bezoek(request, portal, taal, session, persoon, session.csrf_token, actief=actief)
    # Not logged in: a random token in a cookie that the form must repeat (double submit).
    token = request.cookies.get(CSRF_COOKIE, "")
    fresh = len(token) < 32
    return Bezoek(request, portal, taal, None, None, new_secret() if fresh else token, new_csrf_cookie=fresh)


def language_of(request: Request) -> Language:
    """The language the visitor chose (the cookie), else the browser's as the API negotiates it."""
    return negotiate(request.headers.get("accept-language"), chosen=request.cookies.get(LANGUAGE_COOKIE))
