"""`Query.mij` (who is logged in and for which associations they may act) and
`Mutation.kiesVereniging` (act on behalf of one of them from now on)."""

from __future__ import annotations

import strawberry

from hub.auth.principal import Principal, require_authenticated
from hub.auth.resolver import Authenticator, Representation
from hub.graphql.mandaten_api import Reikwijdte
from hub.graphql.types import ContextInfo, VCode, Vereniging
from registry.errors import Unauthenticated


@strawberry.type(description="Een vereniging waarvoor u mag handelen.")
class VerenigingKeuze:
    v_code: str = strawberry.field(name="vCode")
    naam: str
    via_mandaat: bool = strawberry.field(
        description="Uit een mandaat of rol bij het aanmelden, niet als vertegenwoordiger in het register."
    )
    reikwijdte: Reikwijdte = strawberry.field(
        description="BEKIJKEN: alleen bekijken (een mandaat daarvoor); BEHEREN: ook wijzigen en aanvragen."
    )
    vereniging: Vereniging


@strawberry.type(description="De organisatie die u bij het aanmelden koos.")
class Organisatie:
    code: str
    naam: str | None


@strawberry.type(description="De aangemelde persoon.")
class Mij:
    sub: str
    insz: str | None
    voornaam: str | None
    achternaam: str | None
    aanmeldmiddel: str | None = strawberry.field(description="acr: eID, itsme, ...")
    organisatie: Organisatie | None
    namens: VerenigingKeuze | None = strawberry.field(description="Namens wie u nu handelt.")
    verenigingen: list[VerenigingKeuze] = strawberry.field(description="Namens wie u kunt handelen.")


def _keuze(representation: Representation) -> VerenigingKeuze:
    vereniging = representation.vereniging
    return VerenigingKeuze(
        v_code=vereniging.v_code,
        naam=vereniging.naam,
        via_mandaat=representation.via_mandaat,
        reikwijdte=Reikwijdte(representation.reikwijdte.value),
        vereniging=Vereniging(model=vereniging),
    )


def _authenticator(info: ContextInfo) -> Authenticator:
    if info.context.authenticator is None:
        raise Unauthenticated()
    return info.context.authenticator


async def _mij(authenticator: Authenticator, person: Principal) -> Mij:
    keuzes = [_keuze(r) for r in await authenticator.representations(person)]
    return Mij(
        sub=person.sub,
        insz=person.insz,
        voornaam=person.voornaam,
        achternaam=person.achternaam,
        aanmeldmiddel=person.acr,
        organisatie=Organisatie(code=person.organisatie[0], naam=person.organisatie[1])
        if person.organisatie
        else None,
        namens=next((k for k in keuzes if k.v_code == person.namens), None),
        verenigingen=keuzes,
    )


async def mij(info: ContextInfo) -> Mij | None:
    """Wie u bent en namens welke verenigingen u kunt handelen; leeg als u niet aangemeld bent."""
    person = info.context.principal
    if person is None or info.context.authenticator is None:
        return None
    return await _mij(info.context.authenticator, person)


async def kies_vereniging(info: ContextInfo, v_code: VCode) -> Mij:
    """Handel voortaan namens deze vereniging (u moet ze vertegenwoordigen)."""
    person = require_authenticated(info.context.principal)
    authenticator = _authenticator(info)
    chosen = await authenticator.choose(person, str(v_code).strip().upper())
    info.context.principal = chosen
    return await _mij(authenticator, chosen)
