"""The register's code lists: verenigingstypes, hoofdactiviteiten and werkingsgebieden."""

from __future__ import annotations

import json
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Final


class Verenigingstype(StrEnum):
    FV = "FV"
    VZER = "VZER"
    VZW = "VZW"
    IVZW = "IVZW"
    PS = "PS"
    SVON = "SVON"


VERENIGINGSTYPE_NAMEN: Final[dict[Verenigingstype, str]] = {
    Verenigingstype.FV: "Feitelijke vereniging",
    Verenigingstype.VZER: "Vereniging zonder eigen rechtspersoonlijkheid",
    Verenigingstype.VZW: "Vereniging zonder winstoogmerk",
    Verenigingstype.IVZW: "Internationale vereniging zonder winstoogmerk",
    Verenigingstype.PS: "Private stichting",
    Verenigingstype.SVON: "Stichting van openbaar nut",
}

# KBO legal forms (rechtsvormen) of the types that come from KBO.
RECHTSVORM_TYPES: Final[dict[str, Verenigingstype]] = {
    "017": Verenigingstype.VZW,
    "125": Verenigingstype.IVZW,
    "026": Verenigingstype.PS,
    "029": Verenigingstype.SVON,
}

KBO_TYPES: Final[frozenset[Verenigingstype]] = frozenset(RECHTSVORM_TYPES.values())

HOOFDACTIVITEITEN: Final[dict[str, str]] = {
    "BIAG": "Burgerinitiatief & Actiegroep",
    "BWWC": "Buurtwerking & Wijkcomité",
    "DINT": "Diversiteit & Integratie",
    "GEWE": "Gezondheid & Welzijn",
    "HOSP": "Hobby & Spel",
    "INOS": "Internationaal & Ontwikkelingssamenwerking",
    "JGDW": "Jeugdwerk",
    "KLDU": "Klimaat & Duurzaamheid",
    "KECU": "Kunsten, Erfgoed & Cultuur",
    "LAVI": "Landbouw & Visserij",
    "LEBE": "Levensbeschouwelijk",
    "MADP": "Maatschappelijke dienstverlening & Politiek",
    "MEDG": "Mediawijsheid & Digitale geletterdheid",
    "MROW": "Mobiliteit, Ruimtelijke ordening & Wonen",
    "NMDW": "Natuur, Milieu & Dierenwelzijn",
    "VORM": "Onderwijs & Vorming",
    "SOVO": "Sociaal-cultureel volwassenenwerk",
    "SPRT": "Sport",
    "ONWE": "Technologie & Wetenschap",
    "TOER": "Toerisme",
    "WESE": "Werk & Sociale economie",
}

NIET_VAN_TOEPASSING: Final = "NVT"


@cache
def werkingsgebieden() -> dict[str, str]:
    """Known werkingsgebied codes and their names: provinces (NUTS2) and municipalities
    (NUTS3 + NIS code), plus `NVT`. Loaded once from the data file beside this module."""
    data = json.loads((Path(__file__).parent / "werkingsgebieden.json").read_text("utf-8"))
    codes: dict[str, str] = {NIET_VAN_TOEPASSING: "Niet van toepassing"}
    codes |= data["provincies"]
    codes |= {entry["code"]: entry["naam"] for entry in data["gemeenten"]}
    return codes


def naam_van_werkingsgebied(code: str) -> str:
    return werkingsgebieden().get(code, code)
