"""The outbox write: called by the register inside the transaction of the change it records, so
an event exists exactly when its change does."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal, get_args

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from registry.associations.model import Vereniging
from registry.tracing import current_traceparent
from registry.uitgaand.tables import uitgaand_table

GEDEELD = "VerenigingWerdGedeeld"
"""The outbox's name for a sharing at `startAanvraag` (not a change of the register)."""
WORDT_GEDEELD = "VerenigingWordtGedeeld"
"""A sharing under way: written before the service is called, never distributed as it stands;
`GEDEELD` once the service accepted, removed when it did not."""

Onderdeel = Literal["basisgegevens", "contactgegevens", "locaties", "vertegenwoordigers"]
ONDERDELEN: tuple[Onderdeel, ...] = get_args(Onderdeel)

BASISGEGEVENS = (
    "verenigingstype",
    "naam",
    "korte_naam",
    "korte_beschrijving",
    "roepnaam",
    "kbo_nummer",
    "rechtsvorm",
    "startdatum",
    "einddatum",
    "status",
    "doelgroep",
    "hoofdactiviteiten",
    "werkingsgebieden",
)
"""The fields of the part `basisgegevens`; every other part is one field of the same name."""


def velden(onderdeel: Onderdeel) -> tuple[str, ...]:
    return BASISGEGEVENS if onderdeel == "basisgegevens" else (onderdeel,)


def gewijzigde_onderdelen(voor: Vereniging | None, na: Vereniging) -> list[Onderdeel]:
    """The parts whose values differ between `voor` and `na` (every part of a new association)."""
    if voor is None:
        return list(ONDERDELEN)
    return [
        onderdeel
        for onderdeel in ONDERDELEN
        if any(getattr(voor, veld) != getattr(na, veld) for veld in velden(onderdeel))
    ]


async def schrijf(
    session: AsyncSession,
    vereniging: Vereniging,
    *,
    gebeurtenis: str,
    onderdelen: list[Onderdeel],
    tijdstip: datetime,
) -> None:
    await session.execute(
        insert(uitgaand_table).values(
            v_code=vereniging.v_code,
            versie=vereniging.versie,
            gebeurtenis=gebeurtenis,
            onderdelen=list(onderdelen),
            document=vereniging.document(),
            tijdstip=tijdstip,
            verdeeld=False,
            traceparent=current_traceparent(),
        )
    )


def waarde(document: dict[str, Any], onderdeel: Onderdeel) -> object:
    """The value of one part in an association's document: `basisgegevens` an object of its
    fields (the register's camelCase names), every other part its list."""
    if onderdeel != "basisgegevens":
        return document.get(onderdeel, [])
    names = [Vereniging.model_fields[veld].alias or veld for veld in BASISGEGEVENS]
    return {_camel(name): document.get(_camel(name)) for name in names}


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)
