"""Field checks that collect every problem before refusing, so the caller sees them all at once."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sized
from contextlib import contextmanager
from enum import StrEnum
from typing import TypeVar

from email_validator import EmailNotValidError, validate_email

from registry.errors import FieldError, ValidationFailed
from registry.message_keys import MessageKey
from registry.text import clean, contains_html, forbidden_character

E = TypeVar("E", bound=StrEnum)

_PHONE_FORMATTING = re.compile(r"[\s.()/\-+]")


def email_address(value: str) -> str | None:
    """The normalised form of an e-mail address, or None when `value` is not one.

    Checked by `email-validator` without DNS lookups: internationalised domains and local parts are
    accepted, the domain is written in lowercase Unicode (NFC), quoted local parts and IP literals
    are refused, and so are special-use domains such as `.local`.
    """
    try:
        return validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError:
        return None


def is_phone(value: str) -> bool:
    """Digits only once spaces, dots, brackets, slashes, dashes and plus signs are removed."""
    digits = _PHONE_FORMATTING.sub("", value)
    return 0 < len(digits) <= 20 and digits.isascii() and digits.isdigit()


def is_url(value: str) -> bool:
    """Starts with http:// or https://, contains a dot, and has no whitespace."""
    lowered = value.lower()
    for scheme in ("http://", "https://"):
        if lowered.startswith(scheme):
            rest = value[len(scheme) :]
            return "." in rest and not any(ch.isspace() for ch in value)
    return False


class Checks:
    """Collects field errors; `raise_if_any()` turns them into one `ValidationFailed`."""

    def __init__(self, prefix: str = "") -> None:
        self.errors: list[FieldError] = []
        self._prefix = [prefix] if prefix else []

    def path(self, veld: str) -> str:
        return ".".join([*self._prefix, veld]) if veld else ".".join(self._prefix)

    @contextmanager
    def within(self, veld: str) -> Iterator[None]:
        self._prefix.append(veld)
        try:
            yield
        finally:
            self._prefix.pop()

    def fail(self, veld: str, code: MessageKey, **params: object) -> None:
        self.errors.append(FieldError(self.path(veld), code, params))

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationFailed(list(self.errors))

    def text(
        self,
        veld: str,
        value: str | None,
        *,
        required: bool = False,
        max_length: int = 500,
        multiline: bool = False,
    ) -> str | None:
        """Plain text, normalised and trimmed (see `registry.text`); newlines and tabs only in a
        `multiline` field. None when missing, empty once invisible characters are removed, or wrong."""
        cleaned = clean(value, multiline=multiline)
        if cleaned is None:
            if required:
                self.fail(veld, "verplicht")
            return None
        forbidden = forbidden_character(cleaned, multiline=multiline)
        if forbidden is not None:
            self.fail(veld, forbidden.code, teken=forbidden.teken, positie=forbidden.positie)
            return None
        if contains_html(cleaned):
            self.fail(veld, "geen_html")
        elif len(cleaned) > max_length:
            self.fail(veld, "te_lang", max=max_length)
        return cleaned

    def at_most(self, veld: str, values: Sized, maximum: int) -> bool:
        """Whether `values` holds at most `maximum` items; `te_veel` at `veld` when it does not.
        Checked before the items themselves, so an overlong list costs no more than its count."""
        if len(values) <= maximum:
            return True
        self.fail(veld, "te_veel", max=maximum, aantal=len(values))
        return False

    def choice(self, veld: str, value: str | None, enum: type[E]) -> E | None:
        cleaned = clean(value)
        if cleaned is None:
            self.fail(veld, "verplicht")
            return None
        for member in enum:
            if member.value.casefold() == cleaned.casefold():
                return member
        self.fail(veld, "onbekende_keuze", waarde=cleaned, keuzes=", ".join(m.value for m in enum))
        return None

    def email(self, veld: str, value: str | None, *, required: bool = False) -> str | None:
        """A valid e-mail address in its normalised form (see `email_address`)."""
        cleaned = self.text(veld, value, required=required, max_length=254)
        if cleaned is None:
            return None
        normalised = email_address(cleaned)
        if normalised is None:
            self.fail(veld, "ongeldig_email")
        return normalised

    def phone(self, veld: str, value: str | None, *, required: bool = False) -> str | None:
        cleaned = self.text(veld, value, required=required, max_length=40)
        if cleaned is not None and not is_phone(cleaned):
            self.fail(veld, "ongeldig_telefoon")
        return cleaned

    def url(self, veld: str, value: str | None, *, required: bool = False) -> str | None:
        cleaned = self.text(veld, value, required=required, max_length=2000)
        if cleaned is not None and not is_url(cleaned):
            self.fail(veld, "ongeldige_url")
        return cleaned
