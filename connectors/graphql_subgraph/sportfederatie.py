"""The sandbox's subgraph: a fictional Flemish sport federation that knows which associations are
affiliated with it, and adds what it knows to `Vereniging` by its key, as any federation v2
subgraph would. Its data is passed in per app (`SandboxConfig.aansluitingen`), never global."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Self

import strawberry
from strawberry.fastapi import BaseContext
from strawberry.types import Info


@dataclass(frozen=True)
class Aansluiting:
    """An association's affiliation as the federation records it."""

    sportfederatie: str
    aansluitingsnummer: str
    aantal_leden: int
    verzekerd_tot: date
    bijgewerkt_op: date


VOORBEELDEN: Mapping[str, Aansluiting] = {
    "V0001001": Aansluiting(
        sportfederatie="Sportfederatie Scheldeland",
        aansluitingsnummer="SFS-20417",
        aantal_leden=48,
        verzekerd_tot=date(2026, 12, 31),
        bijgewerkt_op=date(2025, 9, 1),
    ),
    "V0001002": Aansluiting(
        sportfederatie="Hengelsportfederatie Noordzee",
        aansluitingsnummer="HFN-00931",
        aantal_leden=112,
        verzekerd_tot=date(2025, 12, 31),
        bijgewerkt_op=date(2025, 3, 15),
    ),
}
"""The demo's affiliations, for the register's two fixture associations."""


class Sportcontext(BaseContext):
    def __init__(self, aansluitingen: Mapping[str, Aansluiting]) -> None:
        super().__init__()
        self.aansluitingen = aansluitingen


SportInfo = Info[Sportcontext, None]


# No description: the hub owns `Vereniging` and describes it; this subgraph only adds fields.
@strawberry.federation.type(keys=["vCode"])
class Vereniging:
    v_code: strawberry.ID
    sportfederatie: str | None = strawberry.field(description="Bij welke federatie ze is aangesloten.")
    aansluitingsnummer: str | None
    aantal_leden: int | None = strawberry.field(description="Aangesloten leden, volgens de federatie.")
    verzekerd_tot: date | None = strawberry.field(description="Tot wanneer de leden verzekerd zijn.")
    bijgewerkt_op: date | None = strawberry.field(description="Wanneer de federatie dit laatst bevestigde.")

    @classmethod
    def of(cls, v_code: str, aansluiting: Aansluiting) -> Self:
        return cls(
            v_code=strawberry.ID(v_code),
            sportfederatie=aansluiting.sportfederatie,
            aansluitingsnummer=aansluiting.aansluitingsnummer,
            aantal_leden=aansluiting.aantal_leden,
            verzekerd_tot=aansluiting.verzekerd_tot,
            bijgewerkt_op=aansluiting.bijgewerkt_op,
        )

    @classmethod
    def resolve_reference(cls, info: SportInfo, **representation: object) -> Self | None:
        """None for an association the federation does not know: the entity comes back null."""
        v_code = str(representation.get("vCode"))
        aansluiting = info.context.aansluitingen.get(v_code)
        return None if aansluiting is None else cls.of(v_code, aansluiting)


def aansluiting(info: SportInfo, aansluitingsnummer: str) -> Vereniging | None:
    found = (
        (v_code, a)
        for v_code, a in info.context.aansluitingen.items()
        if a.aansluitingsnummer == aansluitingsnummer
    )
    return next((Vereniging.of(v_code, a) for v_code, a in found), None)


@strawberry.type
class Query:
    aansluiting: Vereniging | None = strawberry.field(
        resolver=aansluiting, description="De aangesloten vereniging met dit aansluitingsnummer."
    )


def build_schema() -> strawberry.federation.Schema:
    return strawberry.federation.Schema(query=Query)
