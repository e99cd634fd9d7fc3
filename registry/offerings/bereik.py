"""Who would see an offering: what a publisher previews before publishing. The criteria in plain
words, and the registered associations the offering would fit now, judged exactly as
`Vereniging.aanbod` judges them (the aanvraagperiode aside: the preview is about who, not when).

Example::

    preview = await bereik(dienst, register.alle())
    print(preview.omschrijving, preview.aantal)
"""

from __future__ import annotations

from collections.abc import AsyncIterable
from dataclasses import dataclass

from registry import kalender
from registry.associations.codes import HOOFDACTIVITEITEN, VERENIGINGSTYPE_NAMEN
from registry.associations.model import Vereniging
from registry.offerings.gebieden import OVERAL, toepassingsgebieden
from registry.offerings.matching import Aanbodindex
from registry.offerings.model import Aanvraagperiode, Dienst, DienstInhoud, Dienststatus
from registry.offerings.redenen import opsomming, plaatsnaam

VOORBEELDEN = 5


@dataclass(frozen=True)
class Bereik:
    omschrijving: str
    """For whom, in one plain sentence."""
    aantal: int
    """How many registered associations it fits now."""
    voorbeelden: tuple[str, ...]
    """The names of a few of them."""


async def bereik(dienst: Dienst, verenigingen: AsyncIterable[Vereniging]) -> Bereik:
    """Run the offering, as if published and open, against every association given."""
    als_gepubliceerd = dienst.model_copy(
        update={
            "status": Dienststatus.GEPUBLICEERD,
            "inhoud": dienst.inhoud.model_copy(update={"aanvraagperiode": Aanvraagperiode()}),
        }
    )
    index = Aanbodindex([als_gepubliceerd])
    vandaag = kalender.vandaag()
    aantal = 0
    voorbeelden: list[str] = []
    async for vereniging in verenigingen:
        if index.match(vereniging, vandaag=vandaag):
            aantal += 1
            if len(voorbeelden) < VOORBEELDEN:
                voorbeelden.append(vereniging.naam)
    return Bereik(omschrijving=omschrijving(dienst.inhoud), aantal=aantal, voorbeelden=tuple(voorbeelden))


def omschrijving(inhoud: DienstInhoud) -> str:
    """`Voor verenigingen van het type feitelijke vereniging, met hoofdactiviteit Sport, actief in
    Gent, voor 6 tot 18 jaar.`"""
    criteria = inhoud.criteria
    soorten = [VERENIGINGSTYPE_NAMEN[t].lower() for t in criteria.verenigingstypes]
    delen = [
        f"Voor verenigingen van het type {opsomming(soorten, 'of')}" if soorten else "Voor alle verenigingen"
    ]
    if criteria.hoofdactiviteiten:
        namen = [HOOFDACTIVITEITEN.get(code, code) for code in criteria.hoofdactiviteiten]
        delen.append(f"met hoofdactiviteit {opsomming(namen, 'of')}")
    gebieden = [code for code in toepassingsgebieden(inhoud) if code != OVERAL]
    waar = opsomming([plaatsnaam(c) for c in gebieden], "of") if gebieden else "heel Vlaanderen"
    delen.append(f"actief in {waar}")
    doelgroep = criteria.doelgroep
    if doelgroep is not None and (doelgroep.minimumleeftijd, doelgroep.maximumleeftijd) != (0, 150):
        delen.append(f"voor {doelgroep.minimumleeftijd} tot {doelgroep.maximumleeftijd} jaar")
    return ", ".join(delen) + "."
