"""Field checks that collect every problem before refusing, so the caller sees them all at once."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sized
from contextlib import contextmanager
from enum import StrEnum
from typing import TypeVar

from registry.errors import FieldError, ValidationFailed
from registry.text import clean, contains_html, forbidden_character

E = TypeVar("E", bound=StrEnum)

_EMAIL_LOCAL = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$")
_DOMAIN_LABEL = re.compile(r"^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$")
_TLD = re.compile(r"^([a-z]{2,63}|xn--[a-z0-9-]{1,59})$", re.IGNORECASE)
_PHONE_FORMATTING = re.compile(r"[\s.()/\-+]")


def is_email(value: str) -> bool:
    """An address `local@domain.tld` with a dot-atom local part and a DNS host name."""
    local, at, domain = value.rpartition("@")
    if not at or not local or len(local) > 64 or len(domain) > 253:
        return False
    labels = domain.split(".")
    return (
        _EMAIL_LOCAL.match(local) is not None
        and len(labels) >= 2
        and all(_DOMAIN_LABEL.match(label) for label in labels)
        and _TLD.match(labels[-1]) is not None
    )


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

    def fail(self, veld: str, code: str, **params: object) -> None:
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
        cleaned = self.text(veld, value, required=required, max_length=254)
        if cleaned is not None and not is_email(cleaned):
            self.fail(veld, "ongeldig_email")
        return cleaned

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
