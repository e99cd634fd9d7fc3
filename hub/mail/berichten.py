"""The mails the portal sends, in the representative's language: the confirmation of an address,
and the notices (at once or as a daily digest). Each is multipart, plain text and HTML, and names
what needs doing with a link to the portal; it carries nothing private beyond that.

Links in a mail are signed with the hub's secret key: a confirmation link holds the address and
the moment it was given (a later address is not confirmed by an older link, and it expires), an
unsubscribe link holds the choice's id and works without logging in (RFC 8058 one-click: a
`POST` with `List-Unsubscribe=One-Click`).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass
from datetime import date, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr
from functools import cache
from typing import Any
from urllib.parse import urlencode

from babel.dates import format_date
from email_validator import validate_email
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from hub.portal.i18n import translations
from registry.i18n import Language, language_named
from registry.meldingen.bevestiging import BEVESTIGING_GELDIG
from registry.meldingen.service import Melding, Meldingsoort
from registry.meldingen.voorkeur import Voorkeur


def teken(secret: bytes, *delen: str) -> str:
    """A signature over `delen` (HMAC-SHA256, 144 bits, URL-safe)."""
    mac = hmac.new(secret, "\x1f".join(delen).encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac[:18]).decode()


@dataclass(frozen=True)
class Opsteller:
    """Writes the mails; `public_url` is where the links point, `afzender` the `From`."""

    public_url: str
    afzender: str
    secret: bytes

    # --- the signed links ---------------------------------------------------------------------

    def bevestig_link(self, voorkeur: Voorkeur) -> str:
        return self._link("/meldingen/mail/bevestig", voorkeur.id, self._bevestig_mac(voorkeur))

    def afmeld_link(self, voorkeur: Voorkeur) -> str:
        return self._link("/meldingen/mail/afmelden", voorkeur.id, self._afmeld_mac(voorkeur))

    def bevestig_klopt(self, voorkeur: Voorkeur, mac: str) -> bool:
        return hmac.compare_digest(mac.encode(), self._bevestig_mac(voorkeur).encode())

    def afmelden_klopt(self, voorkeur: Voorkeur, mac: str) -> bool:
        return hmac.compare_digest(mac.encode(), self._afmeld_mac(voorkeur).encode())

    def _afmeld_mac(self, voorkeur: Voorkeur) -> str:
        """Over the address and when it was given: a link in a mail to an earlier address no
        longer works once another is given."""
        return teken(
            self.secret, "afmelden", voorkeur.id, voorkeur.email or "", voorkeur.aangevraagd_op.isoformat()
        )

    def _bevestig_mac(self, voorkeur: Voorkeur) -> str:
        return teken(
            self.secret, "bevestig", voorkeur.id, voorkeur.email or "", voorkeur.aangevraagd_op.isoformat()
        )

    def _link(self, path: str, voorkeur_id: str, mac: str) -> str:
        return f"{self.public_url.rstrip('/')}{path}?{urlencode({'v': voorkeur_id, 't': mac})}"

    # --- the mails ----------------------------------------------------------------------------

    def bevestiging(self, voorkeur: Voorkeur, vereniging: str) -> EmailMessage:
        """Asks to confirm the address before any notice goes there."""
        taal = _taal(voorkeur)
        _ = translations(taal).gettext
        # The association's name (which anyone registering one chooses) stays out of the subject.
        onderwerp = _("Bevestig uw e-mailadres voor meldingen van het Verenigingsloket")
        waarden = {
            "vereniging": vereniging,
            "link": self.bevestig_link(voorkeur),
            "uren": int(BEVESTIGING_GELDIG.total_seconds() // 3600),
        }
        return self._bericht(voorkeur, onderwerp, "bevestiging", waarden, afmelden=False)

    def meldingen(
        self, voorkeur: Voorkeur, vereniging: str, meldingen: list[Melding], *, digest: bool
    ) -> EmailMessage:
        """What is new for the association, with a link to the portal's notices."""
        taal = _taal(voorkeur)
        vertaling = translations(taal)
        _ = vertaling.gettext
        if digest:
            onderwerp = _("Uw overzicht van vandaag voor %(vereniging)s") % {"vereniging": vereniging}
        else:
            onderwerp = vertaling.ngettext(
                "%(num)d nieuwe melding voor %(vereniging)s",
                "%(num)d nieuwe meldingen voor %(vereniging)s",
                len(meldingen),
            ) % {"num": len(meldingen), "vereniging": vereniging}
        waarden = {
            "vereniging": vereniging,
            "digest": digest,
            "regels": [regel(m, taal) for m in meldingen],
            "portaal": f"{self.public_url.rstrip('/')}/meldingen",
        }
        return self._bericht(voorkeur, onderwerp, "meldingen", waarden, afmelden=True)

    def _bericht(
        self, voorkeur: Voorkeur, onderwerp: str, sjabloon: str, waarden: dict[str, Any], *, afmelden: bool
    ) -> EmailMessage:
        taal = _taal(voorkeur)
        afmeld_link = self.afmeld_link(voorkeur) if afmelden else None
        waarden = {**waarden, "afmelden": afmeld_link, "taal": taal}
        bericht = EmailMessage()
        bericht["Subject"] = onderwerp
        bericht["From"] = self.afzender
        bericht["To"] = Address(addr_spec=_ascii(voorkeur.email or ""))
        bericht["Date"] = format_datetime(datetime.now().astimezone())
        bericht["Message-ID"] = make_msgid(domain=_domein(self.afzender))
        bericht["Content-Language"] = taal
        # An automatic message: no out-of-office answers to it.
        bericht["Auto-Submitted"] = "auto-generated"
        if afmeld_link is not None:
            bericht["List-Unsubscribe"] = f"<{afmeld_link}>"
            bericht["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        omgeving = _omgeving(taal)
        bericht.set_content(omgeving.get_template(f"{sjabloon}.txt").render(**waarden))
        bericht.add_alternative(omgeving.get_template(f"{sjabloon}.html").render(**waarden), subtype="html")
        return bericht


def regel(melding: Melding, taal: Language) -> str:
    """One notice as a sentence (the portal's own words for it)."""
    _ = translations(taal).gettext
    if melding.soort is Meldingsoort.DOSSIER_ACTIE and melding.dossier is not None:
        d = melding.dossier
        tekst = _("Uw dossier %(titel)s bij %(bron)s wacht op u.") % {"titel": d.titel, "bron": d.bron}
        if d.actie:  # (the service's own words)
            tekst += f" {d.actie.strip().rstrip('.')}."
        if melding.deadline is not None:
            tekst += " " + _("Uiterlijk %(datum)s.") % {"datum": _datum(melding.deadline, taal)}
        return tekst
    if melding.soort is Meldingsoort.DOSSIER_BESLIST and melding.dossier is not None:
        d = melding.dossier
        return _("Er is een beslissing over uw dossier %(titel)s bij %(bron)s.") % {
            "titel": d.titel,
            "bron": d.bron,
        }
    titel = melding.dienst.inhoud.titel if melding.dienst is not None else ""
    if melding.soort is Meldingsoort.DEADLINE and melding.deadline is not None:
        return _("Aanvragen voor %(titel)s kan tot %(datum)s.") % {
            "titel": titel,
            "datum": _datum(melding.deadline, taal),
        }
    return _("Er is nieuw aanbod dat bij uw vereniging past: %(titel)s.") % {"titel": titel}


def _taal(voorkeur: Voorkeur) -> Language:
    return language_named(voorkeur.taal) or "nl"


def _datum(value: date, taal: Language) -> str:
    return format_date(value, format="long", locale=taal)


def _ascii(adres: str) -> str:
    """The address with its domain in ASCII (IDNA), as every mail server takes it (the choice
    refuses a local part that is not ASCII)."""
    return validate_email(adres, check_deliverability=False).ascii_email or adres


def _domein(afzender: str) -> str:
    _naam, adres = parseaddr(afzender)
    return adres.rpartition("@")[2] or "localhost"


@cache
def _omgeving(taal: Language) -> Environment:
    """The mail templates: HTML escaped, plain text as it is."""
    env = Environment(
        loader=PackageLoader("hub.mail"),
        autoescape=select_autoescape(enabled_extensions=("html",), default=False),
        extensions=["jinja2.ext.i18n"],
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.install_gettext_translations(translations(taal), newstyle=True)  # type: ignore[attr-defined]
    return env
