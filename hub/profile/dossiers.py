"""Every dossier of an association at every connected service, in one list: what needs the
association's action first (soonest deadline first), then the newest."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime

from connectors.sdk import Dossier, DossierGebeurtenis, DossierStatus
from connectors.sdk.events import DOCUMENT_BESCHIKBAAR, DOSSIER_BESLIST
from hub.routing import ServiceResult
from registry.dossiers.model import DossierKopie, Gebeurtenis
from registry.dossiers.service import Dossiers
from registry.errors import FieldError, ValidationFailed
from registry.paging import check_page_size, offset_cursor, offset_of


@dataclass(frozen=True)
class BronDossier:
    dossier: Dossier
    bron: str
    verouderd: bool = False


@dataclass(frozen=True)
class DossierPagina:
    items: list[BronDossier]
    totaal: int
    volgende: str | None


def _order(item: BronDossier) -> tuple[bool, date, int]:
    dossier = item.dossier
    needs_action = dossier.status == DossierStatus.ACTIE_NODIG or dossier.actie_nodig is not None
    deadline = dossier.uiterlijk or date.max
    newest = -(dossier.ingediend_op or date.min).toordinal()
    return (not needs_action, deadline, newest)


def page(
    reported: list[ServiceResult[list[Dossier]]],
    *,
    statussen: list[str] | None,
    first: int,
    after: str | None,
    max_page_size: int,
) -> DossierPagina:
    check_page_size(first, max_page_size)
    wanted = _statuses(statussen)
    everything = sorted(
        (
            BronDossier(dossier=d, bron=result.service, verouderd=result.stale)
            for result in reported
            for d in result.value
            if wanted is None or d.status in wanted
        ),
        key=_order,
    )
    start = offset_of(after, soort="d")
    chunk = everything[start : start + first]
    more = start + first < len(everything)
    cursor = offset_cursor(start + first, soort="d") if more else None
    return DossierPagina(items=chunk, totaal=len(everything), volgende=cursor)


def _statuses(statussen: list[str] | None) -> set[DossierStatus] | None:
    if not statussen:
        return None
    known = {s.value: s for s in DossierStatus}
    unknown = [s for s in statussen if s not in known]
    if unknown:
        raise ValidationFailed(
            [FieldError("status", "ongeldig_formaat", {"verwacht": "een van " + ", ".join(known)})]
        )
    return {known[s] for s in statussen}


def pushed(
    kopieen: list[DossierKopie], bronnen: Iterable[str], *, now: datetime
) -> list[ServiceResult[list[Dossier]]]:
    """The dossiers of the services that push, from the hub's own copy: one answer per service,
    as if it had been asked now (its events keep the copy current)."""
    per_bron: dict[str, list[Dossier]] = {bron: [] for bron in bronnen}
    for kopie in kopieen:
        per_bron.setdefault(kopie.bron, []).append(as_dossier(kopie))
    return [
        ServiceResult(service=bron, value=value, stale=False, fetched_at=now)
        for bron, value in per_bron.items()
    ]


async def with_history(pagina: DossierPagina, kopieen: Dossiers, pushing: Collection[str]) -> DossierPagina:
    """The page with the history of each dossier from the hub's copy, read for the dossiers on
    the page only (an association's copy may hold thousands of events)."""
    keys = [(item.bron, item.dossier.id) for item in pagina.items if item.bron in pushing]
    histories = await kopieen.historieken(keys)
    items = [
        replace(item, dossier=item.dossier.model_copy(update={"historiek": _history(histories[key])}))
        if (key := (item.bron, item.dossier.id)) in histories
        else item
        for item in pagina.items
    ]
    return replace(pagina, items=items)


def _history(events: Iterable[Gebeurtenis]) -> tuple[DossierGebeurtenis, ...]:
    return tuple(DossierGebeurtenis(tijdstip=g.tijdstip, omschrijving=omschrijving(g)) for g in events)


def as_dossier(kopie: DossierKopie) -> Dossier:
    stand = kopie.stand
    return Dossier(
        id=kopie.dossier_id,
        titel=stand.titel,
        status=DossierStatus(stand.status),
        dienst=kopie.bron,
        verwachte_beslissing=stand.verwachte_beslissing,
        actie_nodig=stand.actie_nodig,
        uiterlijk=stand.deadline,
        link=stand.link,
        historiek=_history(kopie.historiek),
    )


def omschrijving(gebeurtenis: Gebeurtenis) -> str:
    """An event in a sentence, as the dossier's history shows it (the service's own words)."""
    data = gebeurtenis.data
    if gebeurtenis.type == DOSSIER_BESLIST:
        toelichting = f": {data['toelichting']}" if data.get("toelichting") else ""
        return f"Beslist: {str(data['beslissing']).replace('_', ' ')}{toelichting}"
    if gebeurtenis.type == DOCUMENT_BESCHIKBAAR:
        return f"Document beschikbaar: {data['titel']}"
    actie = f" ({data['actieNodig']})" if data.get("actieNodig") else ""
    return f"Status: {str(data['status']).replace('_', ' ')}{actie}"
