"""The register's code lists in words, once for the whole portal: the Dutch names are catalog
texts (`N_`), translated where they are shown. A test holds them equal to the registers' own
lists, so a code added there shows up here."""

from __future__ import annotations

from collections.abc import Callable

from hub.portal.i18n import N_
from registry.offerings.model import Diensttype

TYPES: dict[str, str] = {
    Diensttype.FINANCIEEL_VOORDEEL: N_("Financieel voordeel (subsidie, premie)"),
    Diensttype.TOELATING: N_("Toelating (vergunning, erkenning)"),
    Diensttype.INFRASTRUCTUUR_MATERIAAL: N_("Infrastructuur of materiaal (zaal, uitleendienst)"),
    Diensttype.ADVIES_BEGELEIDING: N_("Advies of begeleiding"),
    Diensttype.VOORWERP: N_("Voorwerp"),
    Diensttype.BEWIJS: N_("Bewijs (attest, uittreksel)"),
    Diensttype.FINANCIELE_VERPLICHTING: N_("Financiële verplichting (belasting, retributie)"),
}

# The IPDC themes; an offering may carry others (from a catalog), which the form keeps.
THEMAS: dict[str, str] = {
    "BouwenWonen": N_("Bouwen en wonen"),
    "BurgerOverheid": N_("Burger en overheid"),
    "CultuurSportVrijeTijd": N_("Cultuur, sport en vrije tijd"),
    "EconomieWerk": N_("Economie en werk"),
    "MilieuEnergie": N_("Milieu en energie"),
    "MobiliteitOpenbareWerken": N_("Mobiliteit en openbare werken"),
    "OnderwijsWetenschap": N_("Onderwijs en wetenschap"),
    "WelzijnGezondheid": N_("Welzijn en gezondheid"),
}


def themanaam(thema: str, gettext: Callable[[str], str]) -> str:
    """An IPDC theme in the visitor's words; a theme of another list as it is written."""
    return gettext(THEMAS[thema]) if thema in THEMAS else thema


VERENIGINGSTYPES: dict[str, str] = {
    "FV": N_("Feitelijke vereniging"),
    "VZER": N_("Vereniging zonder eigen rechtspersoonlijkheid"),
    "VZW": N_("Vereniging zonder winstoogmerk (vzw)"),
    "IVZW": N_("Internationale vereniging zonder winstoogmerk (ivzw)"),
    "PS": N_("Private stichting"),
    "SVON": N_("Stichting van openbaar nut"),
}

ACTIVITEITEN: dict[str, str] = {
    "BIAG": N_("Burgerinitiatief & Actiegroep"),
    "BWWC": N_("Buurtwerking & Wijkcomité"),
    "DINT": N_("Diversiteit & Integratie"),
    "GEWE": N_("Gezondheid & Welzijn"),
    "HOSP": N_("Hobby & Spel"),
    "INOS": N_("Internationaal & Ontwikkelingssamenwerking"),
    "JGDW": N_("Jeugdwerk"),
    "KLDU": N_("Klimaat & Duurzaamheid"),
    "KECU": N_("Kunsten, Erfgoed & Cultuur"),
    "LAVI": N_("Landbouw & Visserij"),
    "LEBE": N_("Levensbeschouwelijk"),
    "MADP": N_("Maatschappelijke dienstverlening & Politiek"),
    "MEDG": N_("Mediawijsheid & Digitale geletterdheid"),
    "MROW": N_("Mobiliteit, Ruimtelijke ordening & Wonen"),
    "NMDW": N_("Natuur, Milieu & Dierenwelzijn"),
    "VORM": N_("Onderwijs & Vorming"),
    "SOVO": N_("Sociaal-cultureel volwassenenwerk"),
    "SPRT": N_("Sport"),
    "ONWE": N_("Technologie & Wetenschap"),
    "TOER": N_("Toerisme"),
    "WESE": N_("Werk & Sociale economie"),
}
