"""How the copy's rows read back as values: a dossier's state, an event of its history, and the
order a history is read in (the order its news happened)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row

from registry.associations.repository import utc
from registry.dossiers.model import DossierStand, Gebeurtenis
from registry.dossiers.tables import gebeurtenis_table

HISTORY_ORDER = (gebeurtenis_table.c.tijdstip, gebeurtenis_table.c.ontvangen_op, gebeurtenis_table.c.id)


def gebeurtenis_of(row: Any) -> Gebeurtenis:
    """The history's event a row of `dossier_gebeurtenis` holds."""
    return Gebeurtenis(
        id=row.id,
        type=row.type,
        tijdstip=utc(row.tijdstip),
        ontvangen_op=utc(row.ontvangen_op),
        data=row.data,
    )


def stand_of(row: Row[*tuple[Any, ...]]) -> DossierStand:
    """The state a row of the copy holds."""
    return DossierStand(
        titel=row.titel,
        status=row.status,
        actie_nodig=row.actie_nodig,
        deadline=row.deadline,
        verwachte_beslissing=row.verwachte_beslissing,
        link=row.link,
    )
