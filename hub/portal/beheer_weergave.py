"""What the offering's form page shows: the editor's input, the choices in the visitor's language,
and the register's refusals next to the fields they are about."""

from __future__ import annotations

from dataclasses import dataclass

from hub.portal.beheer_formulier import VOLGORDE, Invoer, veldnaam
from hub.portal.web import Bezoek
from hub.portal.woorden import ACTIVITEITEN, THEMAS, TYPES, VERENIGINGSTYPES
from registry.errors import ValidationFailed
from registry.offerings.model import Bestuur


@dataclass(frozen=True)
class Formulier:
    """What the offering's form shows: the input and the choices, in the visitor's language."""

    invoer: Invoer
    besturen: list[tuple[str, str]]
    types: list[tuple[str, str]]
    themas: list[tuple[str, str]]
    verenigingstypes: list[tuple[str, str]]
    activiteiten: list[tuple[str, str]]


def formulier_voor(bezoek: Bezoek, besturen: list[Bestuur], invoer: Invoer) -> Formulier:
    t = bezoek.gettext
    eigen_themas = [(thema, thema) for thema in invoer.keuzes["themas"] if thema not in THEMAS]
    return Formulier(
        invoer=invoer,
        besturen=[(b.code, f"{b.naam} ({b.code})") for b in besturen],
        types=[(code, t(naam)) for code, naam in TYPES.items()],
        themas=[(code, t(naam)) for code, naam in THEMAS.items()] + eigen_themas,
        verenigingstypes=[(code, f"{t(naam)} ({code})") for code, naam in VERENIGINGSTYPES.items()],
        activiteiten=[(code, t(naam)) for code, naam in ACTIVITEITEN.items()],
    )


def fouten_per_veld(
    bezoek: Bezoek, invoer: Invoer, refused: ValidationFailed | None
) -> tuple[dict[str, str], str]:
    """The messages by form field (several on one list field joined), and those the form has
    no field for."""
    per_veld: dict[str, list[str]] = {}
    overige: list[str] = []
    for fout in refused.fouten if refused is not None else []:
        melding = fout.message(bezoek.taal)
        naam = veldnaam(fout.veld)
        if naam is None:
            overige.append(melding)
        elif melding not in per_veld.setdefault(naam, []):
            per_veld[naam].append(melding)
    for naam, melding in invoer.ongeldig.items():
        per_veld.setdefault(naam, []).insert(0, bezoek.gettext(melding))
    volgorde = {naam: plaats for plaats, naam in enumerate(VOLGORDE)}
    velden = sorted(per_veld, key=volgorde.__getitem__)
    return {naam: " ".join(per_veld[naam]) for naam in velden}, " ".join(overige)
