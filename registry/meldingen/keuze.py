"""A choice as a representative gives it on the form, checked: how often, at which address, in
which language. Every problem is refused at once, naming its field (`frequentie`, `email`,
`taal`)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from registry.meldingen.voorkeur import Frequentie
from registry.validation import Checks


class _Taal(StrEnum):
    """The languages a mail can be written in (those of `registry.i18n.LANGUAGES`)."""

    NL = "nl"
    EN = "en"


@dataclass(frozen=True)
class Keuze:
    frequentie: Frequentie
    email: str | None
    """The address in its normalised form; None when none was given."""
    taal: str


def gecontroleerd(*, frequentie: str | None, email: str | None, taal: str | None) -> Keuze:
    """The choice checked, or `ValidationFailed` listing every problem. An address is needed
    unless the choice is 'never'; the language is Dutch unless another is given."""
    checks = Checks()
    gekozen = checks.choice("frequentie", frequentie, Frequentie)
    adres = checks.email("email", email, required=gekozen not in (None, Frequentie.NOOIT))
    if adres is not None and not adres.rpartition("@")[0].isascii():
        # Such an address needs SMTPUTF8 all the way; many mail servers do not offer it.
        checks.fail("email", "email_niet_ascii")
    gekozen_taal = checks.choice("taal", taal or "nl", _Taal)
    checks.raise_if_any()
    if gekozen is None or gekozen_taal is None:  # (refused above)
        raise AssertionError("checks passed without a choice")
    return Keuze(frequentie=gekozen, email=adres, taal=gekozen_taal.value)
