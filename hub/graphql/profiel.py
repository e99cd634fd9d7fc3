"""The profile across connected systems in GraphQL: `gekendeGegevens`, `dossiers`,
`delingVoorAanvraag` on `Vereniging`, and `startAanvraag`. A system that fails adds an error with
`extensions: {code, service}` beside the data that did arrive; it never fails the query."""

from __future__ import annotations

import asyncio
from datetime import date, datetime
from typing import Protocol

import strawberry
from strawberry.types import Info
from strawberry.types.nodes import SelectedField, Selection

from connectors.sdk import Dossier as DossierModel
from connectors.sdk import DossierWijziging
from hub.auth.principal import ensure_represents
from hub.documenten import document_pad
from hub.graphql.arguments import Filter
from hub.graphql.context import Context
from hub.profile.dossiers import BronDossier
from hub.profile.facts import BronFeit
from hub.profile.model import Deling as DelingModel
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


@strawberry.type(description="Een document in een dossier: een beslissingsbrief, een attest.")
class DossierDocument:
    id: str
    titel: str
    soort: str | None
    mediatype: str = strawberry.field(description="application/pdf, image/png of image/jpeg.")
    grootte: int | None = strawberry.field(description="In bytes, als de dienst het zegt.")
    datum: date | None
    download_pad: str = strawberry.field(
        description=(
            "Waar u het downloadt bij de hub (GET, met dezelfde aanmelding): de hub haalt het bij "
            "de dienst en geeft het door. Staat in het toegangslog."
        )
    )


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
    vereniging: strawberry.Private[VerenigingModel | None] = None

    @strawberry.field(description="De documenten van het dossier bij de dienst. Privé, zoals het dossier.")
    async def documenten(self, info: ProfielInfo) -> list[DossierDocument]:
        if self.vereniging is None:
            return []
        person = ensure_represents(info.context.principal, self.vereniging)
        v_code = self.vereniging.v_code
        asked = info.context.documenten.get(v_code)
        first = asked is None
        if asked is None:  # one question per association and request, whatever the dossiers
            asked = asyncio.ensure_future(info.context.profile.documenten(person, self.vereniging))
            info.context.documenten[v_code] = asked
        gevonden, failures = await asked
        if first:
            info.context.report(info.path, failures)
        return [
            DossierDocument(
                id=d.id,
                titel=d.titel,
                soort=d.soort,
                mediatype=d.mediatype,
                grootte=d.grootte,
                datum=d.datum,
                download_pad=document_pad(v_code, bron, d.dossier_id, d.id),
            )
            for bron, d in gevonden
            if bron == self.bron and d.dossier_id == self.id
        ]


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


def _dossier(item: BronDossier, vereniging: VerenigingModel) -> Dossier:
    return dossier_van(item.dossier, bron=item.bron, verouderd=item.verouderd, vereniging=vereniging)


def dossier_van(
    d: DossierModel, *, bron: str, verouderd: bool, vereniging: VerenigingModel | None = None
) -> Dossier:
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
        vereniging=vereniging,
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
        onderweg=info.context.schrijf_toegang,
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
        onderweg=info.context.schrijf_toegang,
        met_historiek=any(_asks(field.selections, "items", "historiek") for field in info.selected_fields),
    )
    info.context.report(info.path, failures)
    return DossierLijst(
        items=[_dossier(d, root.model) for d in pagina.items], totaal=pagina.totaal, volgende=pagina.volgende
    )


def _asks(selections: list[Selection], name: str, *deeper: str) -> bool:
    """Whether `selections` ask for the field `name` (and below it for `deeper`), in a fragment
    or not."""
    for selection in selections:
        if isinstance(selection, SelectedField):
            if selection.name == name and (not deeper or _asks(selection.selections, *deeper)):
                return True
        elif _asks(selection.selections, name, *deeper):  # a fragment's fields are this level's
            return True
    return False


def deling_voor_aanvraag(root: strawberry.Parent[HasModel], info: ProfielInfo, dienst: str) -> Deling | None:
    """Welke gegevens naar de dienst zouden gaan; toon ze vóór u startAanvraag vraagt. Privé."""
    person = ensure_represents(info.context.principal, root.model)
    return deling(info.context.profile.deling(person, root.model, dienst))
