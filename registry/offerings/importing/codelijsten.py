"""Codes an imported offering uses, checked against the register's code lists: the competent
administration (bestuur) by its level, and the criteria's werkingsgebieden, hoofdactiviteiten and
verenigingstypes. Liberal in form (a municipality by NIS code or by NUTS+NIS code, any case),
strict in meaning (an unknown code is refused, never guessed)."""

from __future__ import annotations

import re
from collections.abc import Collection
from functools import cache

from registry.associations.codes import HOOFDACTIVITEITEN, NIET_VAN_TOEPASSING, werkingsgebieden
from registry.offerings.model import Bestuursniveau
from registry.validation import Checks

OVO_CODE = re.compile(r"^OVO\d{6}$")
NIS_CODE = re.compile(r"^\d{5}$")
NUTS2_CODE = re.compile(r"^BE\d{2}$")
# The Flemish Region as a whole: an offering for all of Flanders has no werkingsgebied criterion.
VLAANDEREN = frozenset({"BE2", "VLAANDEREN"})
BESTUUR_VERWACHT = "een NIS-code (44021), een provinciecode (BE23) of een organisatiecode (OVO000001)"
GEBIED_VERWACHT = "een provincie (BE23) of gemeente (BE23444021 of NIS-code 44021)"


@cache
def gemeenten_per_nis() -> dict[str, tuple[str, str]]:
    """Known municipalities by NIS code: their werkingsgebied code and name."""
    return {code[-5:]: (code, naam) for code, naam in werkingsgebieden().items() if len(code) == 10}


@cache
def provincies() -> dict[str, str]:
    return {code: naam for code, naam in werkingsgebieden().items() if NUTS2_CODE.match(code)}


def niveau_van(code: str) -> Bestuursniveau | None:
    """The level a bestuur code belongs to, told by its shape."""
    upper = code.upper()
    if OVO_CODE.match(upper):
        return Bestuursniveau.VLAAMS
    if NUTS2_CODE.match(upper):
        return Bestuursniveau.PROVINCIAAL
    if NIS_CODE.match(code) or (len(upper) == 10 and upper[-5:] in gemeenten_per_nis()):
        return Bestuursniveau.GEMEENTELIJK
    return None


def bestuurscode(checks: Checks, veld: str, code: str, niveau: Bestuursniveau) -> tuple[str, str | None]:
    """The code in its register form (NIS for a municipality, NUTS2 for a province, OVO code for
    a Flemish agency) and, where the code lists know it, the administration's name."""
    upper = code.upper()
    match niveau:
        case Bestuursniveau.GEMEENTELIJK:
            nis = upper[-5:] if len(upper) == 10 and upper.startswith("BE") else upper
            if nis in gemeenten_per_nis():
                return nis, gemeenten_per_nis()[nis][1]
            checks.fail(veld, "onbekende_code", waarde=code)
        case Bestuursniveau.PROVINCIAAL:
            if upper in provincies():
                return upper, provincies()[upper]
            checks.fail(veld, "onbekende_code", waarde=code)
        case Bestuursniveau.VLAAMS:
            if OVO_CODE.match(upper):
                return upper, None
            checks.fail(veld, "ongeldig_formaat", verwacht="een organisatiecode zoals OVO000001")
    return code, None


def gebieden(checks: Checks, veld: str, values: list[str]) -> tuple[str, ...]:
    """Werkingsgebied codes (provinces and municipalities), each once; all of Flanders is no
    restriction at all."""
    result: dict[str, None] = {}  # ordered, and a lookup costs the same however long the list
    for index, value in enumerate(values):
        upper = value.strip().upper()
        where = f"{veld}[{index}]"
        code = gemeenten_per_nis()[upper][0] if upper in gemeenten_per_nis() else upper
        if upper in VLAANDEREN:
            continue
        if code == NIET_VAN_TOEPASSING:
            checks.fail(where, "ongeldig_formaat", verwacht=GEBIED_VERWACHT)
        elif code not in werkingsgebieden():
            checks.fail(where, "onbekende_code", waarde=value)
        elif code in result:
            checks.fail(where, "dubbele_code", waarde=code)
        else:
            result[code] = None
    return tuple(result)


def codes(checks: Checks, veld: str, values: list[str], bekend: Collection[str]) -> tuple[str, ...]:
    """Codes from a short list, each once, in the list's own spelling."""
    spelling = {code.casefold(): code for code in bekend}
    result: dict[str, None] = {}
    for index, value in enumerate(values):
        code = spelling.get(value.strip().casefold())
        where = f"{veld}[{index}]"
        if code is None:
            checks.fail(where, "onbekende_keuze", waarde=value, keuzes=", ".join(bekend))
        elif code in result:
            checks.fail(where, "dubbele_code", waarde=code)
        else:
            result[code] = None
    return tuple(result)


def hoofdactiviteiten(checks: Checks, veld: str, values: list[str]) -> tuple[str, ...]:
    return codes(checks, veld, values, HOOFDACTIVITEITEN)
