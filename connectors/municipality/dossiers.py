"""A gemeente's dossier as the hub sees it, and the gemeente's facts as the profile shows them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from pydantic import Field

from connectors.municipality.contract import DIENSTEN, DossierDocument, FeitDocument, GemeenteStatus
from connectors.sdk.models import Dossier, DossierGebeurtenis, DossierStatus, Feit

STATUS: dict[GemeenteStatus, DossierStatus] = {
    GemeenteStatus.AANGEVRAAGD: DossierStatus.INGEDIEND,
    GemeenteStatus.IN_BEHANDELING: DossierStatus.IN_BEHANDELING,
    GemeenteStatus.AANVULLING_GEVRAAGD: DossierStatus.ACTIE_NODIG,
    GemeenteStatus.GOEDGEKEURD: DossierStatus.BESLIST,
    GemeenteStatus.GEWEIGERD: DossierStatus.BESLIST,
    GemeenteStatus.AFGESLOTEN: DossierStatus.AFGESLOTEN,
}


class GemeenteDossier(Dossier):
    """A dossier with what a gemeente keeps beyond the SDK's common fields."""

    soort: str = Field(description="The gemeente's dienst: `zaal`, `materiaal`, `evenement`, `subsidie`.")
    wanneer: date | None = Field(default=None, description="The day reserved, or the event's day.")


def bron(gemeente: str) -> str:
    return f"Gemeente {gemeente}"


def as_dossier(document: DossierDocument, *, gemeente: str) -> GemeenteDossier:
    soort = DIENSTEN.get(document.dienst, document.dienst)
    return GemeenteDossier(
        id=document.nummer,
        titel=document.titel,
        status=STATUS[document.status],
        dienst=f"{bron(gemeente)} – {soort}",
        ingediend_op=document.aangevraagd_op,
        verwachte_beslissing=document.beslissing_verwacht,
        actie_nodig=document.actie.omschrijving if document.actie else None,
        uiterlijk=document.actie.uiterlijk if document.actie else None,
        contactpersoon=document.contactpersoon.naam,
        link=document.link,
        historiek=tuple(
            DossierGebeurtenis(tijdstip=stap.tijdstip, omschrijving=stap.omschrijving)
            for stap in document.historiek
        ),
        soort=document.dienst,
        wanneer=document.wanneer,
    )


def as_feiten(documents: Iterable[FeitDocument], *, gemeente: str) -> list[Feit]:
    return [
        Feit(naam=document.naam, waarde=document.waarde, bron=bron(gemeente), datum=document.datum)
        for document in documents
    ]
