"""The profile across connected systems in GraphQL: `gekendeGegevens`, `dossiers`,
`delingVoorAanvraag` on `Vereniging`, and `startAanvraag`. A system that fails adds an error with
`extensions: {code, service}` beside the data that did arrive; it never fails the query."""

from __future__ import annotations

from datetime import date, datetime
from typing import Protocol

import strawberry
from strawberry.types import Info

from connectors.sdk import Dossier as DossierModel
from connectors.sdk import DossierWijziging
from hub.auth.principal import ensure_represents
from hub.graphql.arguments import Filter
from hub.graphql.context import Context
from hub.profile.dossiers import BronDossier
from hub.profile.facts import BronFeit
from hub.profile.service import Deling as DelingModel
from registry.associations.model import Vereniging as VerenigingModel
from registry.toegangslog.service import Handeling

ProfielInfo = Info[Context, None]


class HasModel(Protocol):
    model: VerenigingModel


@strawberry.type(description="Iets wat een overheidssysteem over de vereniging weet.")
class Feit:
    naam: str
    waarde: str
    bron: str = strawberry.field(description="Welk systeem het zegt, bv. Verenigingsregister of KIOSK.")
    datum: date | None = strawberry.field(description="Sinds wanneer de bron dit zegt.")
    verouderd: bool = strawberry.field(
        description="De bron antwoordde nu niet; dit is haar laatste antwoord."
    )


@strawberry.type(description="Bronnen die over hetzelfde gegeven iets anders zeggen.")
class Conflict:
    naam: str
    feiten: list[Feit]


@strawberry.type
class GekendeGegevens:
    feiten: list[Feit]
    conflicten: list[Conflict]


@strawberry.type
class DossierGebeurtenis:
    tijdstip: datetime
    omschrijving: str


@strawberry.type(description="Een dossier bij een aangesloten dienst.")
class Dossier:
    id: str
    titel: str
    status: str
    dienst: str
    bron: str
    ingediend_op: date | None
    verwachte_beslissing: date | None
    actie_nodig: str | None
    uiterlijk: date | None
    contactpersoon: str | None
    link: str | None
    verouderd: bool
    historiek: list[DossierGebeurtenis]


@strawberry.type
class DossierLijst:
    items: list[Dossier]
    totaal: int
    volgende: str | None


@strawberry.type
class GedeeldGegeven:
    naam: str
    waarde: str


@strawberry.type(description="Welke gegevens naar welke dienst gaan als u een aanvraag start.")
class Deling:
    dienst: str
    ontvanger: str
    gegevens: list[GedeeldGegeven]


@strawberry.type
class AanvraagGestart:
    link: str = strawberry.field(description="Ga hier verder, al aangemeld en met de gegevens ingevuld.")
    deling: Deling


def _feit(bron_feit: BronFeit) -> Feit:
    f = bron_feit.feit
    return Feit(naam=f.naam, waarde=f.waarde, bron=f.bron, datum=f.datum, verouderd=bron_feit.verouderd)


@strawberry.input(description="Wat verandert aan een dossier; wat u weglaat, blijft zoals het is.")
class DossierWijzigingInput:
    contactpersoon: str | None = None
    email: str | None = None
    rekeningnummer: str | None = strawberry.field(
        default=None, description="IBAN; bij KIOSK te wijzigen tot de adviesfase."
    )

    def model(self) -> DossierWijziging:
        return DossierWijziging(
            contactpersoon=self.contactpersoon, email=self.email, rekeningnummer=self.rekeningnummer
        )


def _dossier(item: BronDossier) -> Dossier:
    return dossier_van(item.dossier, bron=item.bron, verouderd=item.verouderd)


def dossier_van(d: DossierModel, *, bron: str, verouderd: bool) -> Dossier:
    return Dossier(
        id=d.id,
        titel=d.titel,
        status=d.status.value,
        dienst=d.dienst,
        bron=bron,
        ingediend_op=d.ingediend_op,
        verwachte_beslissing=d.verwachte_beslissing,
        actie_nodig=d.actie_nodig,
        uiterlijk=d.uiterlijk,
        contactpersoon=d.contactpersoon,
        link=d.link,
        verouderd=verouderd,
        historiek=[DossierGebeurtenis(tijdstip=h.tijdstip, omschrijving=h.omschrijving) for h in d.historiek],
    )


def deling(model: DelingModel) -> Deling:
    return Deling(
        dienst=model.dienst,
        ontvanger=model.ontvanger,
        gegevens=[GedeeldGegeven(naam=n, waarde=w) for n, w in model.gegevens],
    )


async def gekende_gegevens(root: strawberry.Parent[HasModel], info: ProfielInfo) -> GekendeGegevens | None:
    """Wat de overheid over de vereniging weet, per bron; tegenstrijdige gegevens apart. Privé."""
    person = ensure_represents(info.context.principal, root.model)
    info.context.record(root.model.v_code, Handeling.GELEZEN, "gekendeGegevens")
    v_code = root.model.v_code
    gegevens, failures = await info.context.profile.gekende_gegevens(
        person,
        root.model,
        sinds=lambda: info.context.gewijzigd_op.load(v_code),
        routeringen=info.context.routeringen,
    )
    info.context.report(info.path, failures)
    return GekendeGegevens(
        feiten=[_feit(f) for f in gegevens.feiten],
        conflicten=[Conflict(naam=c.naam, feiten=[_feit(f) for f in c.feiten]) for c in gegevens.conflicten],
    )


async def dossiers(
    root: strawberry.Parent[HasModel],
    info: ProfielInfo,
    statussen: Filter = None,
    first: int = 20,
    after: str | None = None,
) -> DossierLijst | None:
    """Elk dossier bij elke aangesloten dienst: eerst wat actie vraagt. Privé."""
    person = ensure_represents(info.context.principal, root.model)
    info.context.record(root.model.v_code, Handeling.GELEZEN, "dossiers")
    pagina, failures = await info.context.profile.dossiers(
        person,
        root.model,
        statussen=statussen,
        first=first,
        after=after,
        max_page_size=info.context.max_page_size,
        routeringen=info.context.routeringen,
    )
    info.context.report(info.path, failures)
    return DossierLijst(
        items=[_dossier(d) for d in pagina.items], totaal=pagina.totaal, volgende=pagina.volgende
    )


def deling_voor_aanvraag(root: strawberry.Parent[HasModel], info: ProfielInfo, dienst: str) -> Deling | None:
    """Welke gegevens naar de dienst zouden gaan; toon ze vóór u startAanvraag vraagt. Privé."""
    person = ensure_represents(info.context.principal, root.model)
    return deling(info.context.profile.deling(person, root.model, dienst))
