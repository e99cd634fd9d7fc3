"""The overview an association lands on: what needs its action first (dossiers waiting for it,
deadlines within 14 days), then open dossiers, new offerings that fit, and notices."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date, timedelta

from fastapi.responses import Response

from connectors.sdk.models import DossierStatus
from hub.portal.web import Bezoek
from hub.profile.dossiers import BronDossier
from registry.meldingen.service import DEADLINE_DAGEN, Melding, Meldingsoort
from registry.toegangslog.service import Handeling

OPEN = {DossierStatus.INGEDIEND, DossierStatus.IN_BEHANDELING, DossierStatus.ACTIE_NODIG}
SHOWN = 5


@dataclass(frozen=True)
class Actie:
    """Something the association must do, and by when."""

    wat: str
    waar: str
    uiterlijk: date | None
    link: str | None
    dossier: BronDossier | None = None
    melding: Melding | None = None


async def toon(bezoek: Bezoek) -> Response:
    vereniging = await bezoek.vereniging()
    persoon = bezoek.aangemeld()
    portal = bezoek.portal
    (pagina, failures), meldingen = await asyncio.gather(
        portal.profile.dossiers(
            persoon,
            vereniging,
            statussen=None,
            first=100,
            after=None,
            max_page_size=100,
            met_historiek=False,  # the overview shows what needs doing, not how it came about
        ),
        portal.meldingen.voor(vereniging),
    )
    await bezoek.log(vereniging.v_code, Handeling.GELEZEN, "portaal: overzicht")
    vandaag = portal.register.today()
    acties = _acties(pagina.items, meldingen, vandaag)
    open_dossiers = [d for d in pagina.items if d.dossier.status in OPEN]
    nieuw_aanbod = [m for m in meldingen if m.soort is Meldingsoort.NIEUW_AANBOD]
    return bezoek.render(
        "pagina/overzicht.html",
        vereniging=vereniging,
        acties=acties,
        open_dossiers=open_dossiers[:SHOWN],
        meer_dossiers=len(open_dossiers) > SHOWN,
        nieuw_aanbod=nieuw_aanbod[:SHOWN],
        meer_aanbod=len(nieuw_aanbod) > SHOWN,
        aantal_meldingen=len(meldingen),
        storingen=bezoek.storingen(failures),
        vandaag=vandaag,
    )


def _acties(dossiers: list[BronDossier], meldingen: list[Melding], vandaag: date) -> list[Actie]:
    """Dossiers waiting for the association or due within the notice window, and offerings whose
    deadline is that close; the soonest first, those without a date last."""
    binnenkort = vandaag + timedelta(days=DEADLINE_DAGEN)
    acties = [
        Actie(
            wat=d.dossier.actie_nodig or d.dossier.titel,
            waar=d.dossier.dienst,
            uiterlijk=d.dossier.uiterlijk,
            link=d.dossier.link,
            dossier=d,
        )
        for d in dossiers
        if d.dossier.status is DossierStatus.ACTIE_NODIG
        or (d.dossier.actie_nodig and d.dossier.uiterlijk is not None and d.dossier.uiterlijk <= binnenkort)
    ]
    acties += [
        Actie(
            wat=dienst.inhoud.titel,
            waar=dienst.inhoud.bestuur.naam,
            uiterlijk=m.deadline,
            link=f"/aanbod/{dienst.id}",
            melding=m,
        )
        for m in meldingen
        if m.soort is Meldingsoort.DEADLINE and (dienst := m.dienst) is not None
    ]
    return sorted(acties, key=lambda a: (a.uiterlijk is None, a.uiterlijk or vandaag))
