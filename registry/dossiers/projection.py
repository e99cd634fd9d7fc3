"""Bringing each dossier's copy up to the events just taken: newer news wins, older news never
rolls a dossier's state back, and a dossier stays with the association it came with."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from registry.dossiers.gegevens import project_reports, report_row
from registry.dossiers.model import Binnenkomend, DossierStand
from registry.dossiers.tables import dossier_table


async def project_events(
    session: AsyncSession, insert: Any, events: Sequence[tuple[str, Binnenkomend]]
) -> None:
    """Bring each dossier's copy up to the events taken, unless the copy already holds newer
    news; a dossier stays with the association it came with (news naming another goes only into
    the history). An event giving the whole state sets it; a decision sets the status and clears
    the action (and, first of all, starts the dossier from what it says). Applied newer-wins row
    by row, so the order among them does not change the outcome. News about the association
    itself replaces the service's report of it, newer-wins as well."""
    await project_reports(
        session,
        insert,
        [report_row(bron, g.v_code, g.tijdstip, g.data) for bron, g in events if g.dossier_id is None],
    )
    whole = [_dossier_row(bron, g, g.stand) for bron, g in events if g.stand is not None]
    decided = [
        _dossier_row(bron, g, _decided(g)) for bron, g in events if g.stand is None and g.status is not None
    ]
    for rows, changes in ((whole, _WHOLE), (decided, _DECISION)):
        if not rows:
            continue
        statement = insert(dossier_table)
        newer = (dossier_table.c.bijgewerkt_op < statement.excluded.bijgewerkt_op) & (
            dossier_table.c.v_code == statement.excluded.v_code
        )
        set_ = {name: getattr(statement.excluded, name) if keep else None for name, keep in changes.items()}
        await session.execute(
            statement.on_conflict_do_update(index_elements=["bron", "dossier_id"], set_=set_, where=newer),
            rows,
        )


_WHOLE = dict.fromkeys(
    ("titel", "status", "actie_nodig", "deadline", "verwachte_beslissing", "link", "bijgewerkt_op"), True
)
_DECISION = {"status": True, "actie_nodig": False, "deadline": False, "bijgewerkt_op": True}
"""What a decision changes of a dossier's copy: its status and when; the action is gone."""


def _decided(gebeurtenis: Binnenkomend) -> DossierStand:
    """A decision before any state: the dossier starts from what the decision says."""
    assert gebeurtenis.status is not None
    assert gebeurtenis.dossier_id is not None
    return DossierStand(
        titel=gebeurtenis.dossier_id,
        status=gebeurtenis.status,
        actie_nodig=None,
        deadline=None,
        verwachte_beslissing=None,
        link=gebeurtenis.link or "",
    )


def _dossier_row(bron: str, gebeurtenis: Binnenkomend, stand: DossierStand) -> dict[str, object]:
    return {
        "bron": bron,
        "dossier_id": gebeurtenis.dossier_id,
        "v_code": gebeurtenis.v_code,
        "bijgewerkt_op": gebeurtenis.tijdstip,
        **stand.__dict__,
    }
