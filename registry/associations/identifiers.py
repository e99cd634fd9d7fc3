"""Belgian identifiers, checked by `python-stdnum`: INSZ (rijksregister- or BIS-nummer) and KBO-nummer."""

from __future__ import annotations

from stdnum.be import ssn, vat
from stdnum.exceptions import ValidationError


def normalise_insz(value: str) -> str | None:
    """The 11 digits of a valid INSZ, or None when `value` is not one.

    An INSZ is a rijksregisternummer or a BIS-nummer: a birth date that can exist (the month of a
    BIS-nummer raised by 20 or 40), a counter and check digits over both (with `2` prefixed for
    people born in 2000 or later). Spaces, dots and dashes are formatting.
    """
    try:
        return ssn.validate(value)
    except ValidationError:
        return None


def normalise_kbo(value: str) -> str | None:
    """The 10 digits of a valid KBO-nummer (ondernemingsnummer), or None when `value` is not one.

    `BE`, dots, spaces, dashes and slashes are formatting; the old 9-digit notation gets its leading 0.
    """
    try:
        return vat.validate(value)
    except ValidationError:
        return None
