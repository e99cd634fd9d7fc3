"""Checking a rekeningnummer the way KIOSK does: an IBAN whose check digits hold (ISO 13616)."""

from __future__ import annotations

import re

_SHAPE = re.compile(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}")
_LENGTHS = {"BE": 16, "NL": 18, "LU": 20, "FR": 27, "DE": 22}
"""Countries whose length is checked too; other countries only by shape and check digits."""


def iban(raw: str) -> str | None:
    """The IBAN in groups of four (`BE68 5390 0754 7034`), or None when it is not a valid one."""
    compact = re.sub(r"[\s.-]", "", raw).upper()
    if not _SHAPE.fullmatch(compact) or len(compact) != _LENGTHS.get(compact[:2], len(compact)):
        return None
    rearranged = compact[4:] + compact[:4]
    if int("".join(str(int(character, 36)) for character in rearranged)) % 97 != 1:
        return None
    return " ".join(compact[start : start + 4] for start in range(0, len(compact), 4))
