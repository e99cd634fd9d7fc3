"""News from a service as the hub keeps it, pushed or pulled alike: what makes valid data unfit to
keep (`gebrek`), and the event the store takes of it (`binnenkomend`)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from connectors.sdk.events import (
    DOSSIER_BESLIST,
    DocumentBeschikbaar,
    DossierBeslist,
    DossierGewijzigd,
    GegevensGewijzigd,
    InboundData,
    tijdstip,
)
from hub.profile.facts import REGISTER
from registry.dossiers.model import Binnenkomend, DossierStand
from registry.text import forbidden_character

EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
"""No news from a service is older (a year-1 time with an offset is no time PostgreSQL stores)."""
MAX_AHEAD = timedelta(minutes=5)
"""How far ahead of the hub's clock news may be dated (clocks differ a little; a state dated in
the future would hold the copy against every real change until then)."""
_TIME_FIELD: dict[type[InboundData], str] = {
    DossierGewijzigd: "bijgewerktOp",
    DossierBeslist: "beslistOp",
    DocumentBeschikbaar: "beschikbaarOp",
    GegevensGewijzigd: "bijgewerktOp",
}


def gebrek(data: InboundData, *, nu: datetime) -> tuple[str, str] | None:
    """What makes valid data unfit to keep, as (field, reason), or None: a character no text the
    hub keeps may hold (in any field, the facts' included), or a time more than `MAX_AHEAD` ahead
    of `nu`. Pushed and pulled news alike."""
    for name, value in _texts(data.model_dump(by_alias=True)):
        found = forbidden_character(value)
        if found is not None:
            return name, f"character {found.teken} at position {found.positie} is not allowed"
    moment = tijdstip(data)
    if moment > nu + MAX_AHEAD:
        return _TIME_FIELD[type(data)], "more than 5 minutes ahead of the hub's clock"
    if moment < EARLIEST:
        return _TIME_FIELD[type(data)], "before 2000-01-01T00:00:00Z"
    if isinstance(data, GegevensGewijzigd) and data.bron.strip().casefold() == REGISTER.casefold():
        return "bron", f"{REGISTER} is the register's own name; name the service that knows these facts"
    return None


def _texts(fields: dict[str, Any]) -> list[tuple[str, str]]:
    """Each text in the data with where it is (`feiten[2].waarde`); data nests one list deep."""
    found: list[tuple[str, str]] = []
    for name, value in fields.items():
        if isinstance(value, str):
            found.append((name, value))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                found += [(f"{name}[{index}].{key}", text) for key, text in _texts(item)]
    return found


def binnenkomend(id_: str, type_: str, data: InboundData) -> Binnenkomend:
    """An event as the store takes it (also what the reconcile pull makes of a state it read)."""
    if isinstance(data, GegevensGewijzigd):
        return Binnenkomend(
            id=id_,
            type=type_,
            v_code=data.v_code,
            dossier_id=None,
            tijdstip=data.bijgewerkt_op.astimezone(UTC),
            data=data.model_dump(mode="json", by_alias=True),
        )
    stand = None
    if isinstance(data, DossierGewijzigd):
        stand = DossierStand(
            titel=data.titel,
            status=data.status.value,
            actie_nodig=data.actie_nodig,
            deadline=data.deadline,
            verwachte_beslissing=data.verwachte_beslissing,
            link=data.link,
        )
    return Binnenkomend(
        id=id_,
        type=type_,
        v_code=data.v_code,
        dossier_id=data.dossier_id,
        tijdstip=tijdstip(data).astimezone(UTC),
        data=data.model_dump(mode="json", by_alias=True),
        stand=stand,
        status="beslist" if type_ == DOSSIER_BESLIST else None,
        link=getattr(data, "link", None),
    )
