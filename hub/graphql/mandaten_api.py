"""Mandates the association grants: `Vereniging.mandaten`, `Mutation.verleenMandaat` and
`Mutation.trekMandaatIn`. Only a representative in their own right (the register names them,
or their login's claims do) sees and manages them; the mandatee sees the association in
`mij.verenigingen` (`viaMandaat`, `reikwijdte`) from their next request on."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum

import strawberry

from hub.auth.principal import ensure_may_grant, require_authenticated
from hub.graphql.profiel import HasModel, ProfielInfo
from registry import mandaten as model
from registry.errors import Unauthenticated
from registry.toegangslog.service import Handeling


@strawberry.enum(description="Wat een gemandateerde mag.")
class Reikwijdte(Enum):
    BEKIJKEN = model.Reikwijdte.BEKIJKEN.value
    BEHEREN = model.Reikwijdte.BEHEREN.value


@strawberry.type(description="Een mandaat dat de vereniging gaf: wie, wat, tot wanneer, door wie.")
class Mandaat:
    id: int
    insz: str = strawberry.field(description="Van de gemandateerde.")
    naam: str | None = strawberry.field(description="Hoe de vereniging de gemandateerde noemt.")
    reikwijdte: Reikwijdte
    einddatum: date = strawberry.field(description="De laatste dag dat het mandaat geldt.")
    geldig: bool = strawberry.field(description="Geldt het vandaag (niet ingetrokken, niet verlopen)?")
    verleend_op: datetime
    verleend_door: str
    ingetrokken_op: datetime | None
    ingetrokken_door: str | None

    @classmethod
    def van(cls, mandaat: model.Mandaat, vandaag: date) -> Mandaat:
        return cls(
            id=mandaat.id,
            insz=mandaat.insz,
            naam=mandaat.naam,
            reikwijdte=Reikwijdte(mandaat.reikwijdte.value),
            einddatum=mandaat.einddatum,
            geldig=mandaat.geldig(vandaag),
            verleend_op=mandaat.verleend_op,
            verleend_door=mandaat.verleend_door_naam or mandaat.verleend_door,
            ingetrokken_op=mandaat.ingetrokken_op,
            ingetrokken_door=mandaat.ingetrokken_door_naam or mandaat.ingetrokken_door,
        )


@strawberry.input(description="Een mandaat geven.")
class MandaatInput:
    insz: str = strawberry.field(description="Het rijksregister- of bisnummer van wie het krijgt.")
    reikwijdte: Reikwijdte
    einddatum: date = strawberry.field(description="De laatste dag; vandaag tot vijf jaar verder.")
    naam: str | None = strawberry.field(default=None, description="Hoe u die persoon noemt (optioneel).")


def _mandaten(info: ProfielInfo) -> model.Mandaten:
    if info.context.mandaten is None:
        raise Unauthenticated()
    return info.context.mandaten


async def mandaten(root: strawberry.Parent[HasModel], info: ProfielInfo) -> list[Mandaat] | None:
    """De mandaten van de vereniging, nieuwste eerst: geldige, ingetrokken en verlopen. Privé:
    alleen voor wie de vereniging zelf vertegenwoordigt."""
    ensure_may_grant(info.context.principal, root.model)
    service = _mandaten(info)
    info.context.record(root.model.v_code, Handeling.GELEZEN, "mandaten")
    vandaag = service.today()
    return [Mandaat.van(m, vandaag) for m in await service.van(root.model.v_code)]


async def verleen_mandaat(info: ProfielInfo, v_code: str, mandaat: MandaatInput) -> Mandaat:
    person = require_authenticated(info.context.principal)
    vereniging = await info.context.register.get(v_code)
    ensure_may_grant(person, vereniging)
    service = _mandaten(info)
    verleend = await service.verleen(
        vereniging.v_code,
        model.MandaatInvoer(
            insz=mandaat.insz,
            reikwijdte=mandaat.reikwijdte.value,
            einddatum=mandaat.einddatum,
            naam=mandaat.naam,
        ),
        door=person.actor().door,
        door_naam=person.volledige_naam,
        eigen_insz=person.insz,
    )
    info.context.record(vereniging.v_code, Handeling.GEWIJZIGD, beschrijving(verleend, "verleend"))
    return Mandaat.van(verleend, service.today())


async def trek_mandaat_in(info: ProfielInfo, v_code: str, mandaat_id: int) -> Mandaat:
    person = require_authenticated(info.context.principal)
    vereniging = await info.context.register.get(v_code)
    ensure_may_grant(person, vereniging)
    service = _mandaten(info)
    ingetrokken, nu = await service.trek_in(
        vereniging.v_code, mandaat_id, door=person.actor().door, door_naam=person.volledige_naam
    )
    if nu:
        info.context.record(vereniging.v_code, Handeling.GEWIJZIGD, beschrijving(ingetrokken, "ingetrokken"))
    return Mandaat.van(ingetrokken, service.today())


def beschrijving(mandaat: model.Mandaat, wat: str) -> str:
    """What the access log says of a grant or withdrawal (the same from the API and the portal)."""
    wie = f" ({mandaat.naam})" if mandaat.naam else ""
    return f"mandaat {mandaat.id}{wie} {wat}: {mandaat.reikwijdte.value} tot {mandaat.einddatum.isoformat()}"
