"""The GraphQL types of the register, in the register's own camelCase vocabulary."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Self, cast

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from hub.auth.principal import ensure_may_grant, ensure_represents
from hub.graphql import aanbod_op_maat, export, mandaten_api, meldingen, profiel
from hub.graphql.aanbod_op_maat import AanbodLijst
from hub.graphql.codes import Doelgroep, HoofdactiviteitVerenigingsloket, Verenigingstype, Werkingsgebied
from hub.graphql.context import Context
from hub.graphql.export import GegevensExport
from hub.graphql.mandaten_api import Mandaat
from hub.graphql.meldingen import Melding
from registry.associations import model
from registry.associations.codes import (
    HOOFDACTIVITEITEN,
    VERENIGINGSTYPE_NAMEN,
    naam_van_werkingsgebied,
)
from registry.errors import NotFound
from registry.paging import check_page_size
from registry.toegangslog.service import Handeling

ContextInfo = Info[Context, None]


@strawberry.type(description="E-mail, telefoon, website of sociale media van de vereniging.")
class Contactgegeven:
    contactgegeven_id: int
    contactgegeventype: str = strawberry.field(description="E-mail, Telefoon, Website of SocialMedia.")
    waarde: str
    beschrijving: str | None
    is_primair: bool
    bron: str


@strawberry.type
class Adres:
    straatnaam: str
    huisnummer: str
    busnummer: str | None
    postcode: str
    gemeente: str
    land: str


@strawberry.type(description="Verwijzing naar een adres in het adressenregister.")
class AdresId:
    broncode: str
    bronwaarde: str


@strawberry.type
class Locatie:
    locatie_id: int
    locatietype: str = strawberry.field(
        description="Correspondentie, Activiteiten of Maatschappelijke zetel volgens KBO."
    )
    is_primair: bool
    naam: str | None
    adres: Adres | None
    adres_id: AdresId | None
    adresvoorstelling: str | None
    bron: str


@strawberry.type(description="Een persoon die de vereniging vertegenwoordigt (privégegevens).")
class Vertegenwoordiger:
    vertegenwoordiger_id: int
    insz: str
    voornaam: str
    achternaam: str
    roepnaam: str | None
    rol: str | None
    is_primair: bool
    email: str | None
    telefoon: str | None
    mobiel: str | None
    social_media: str | None
    bron: str


@strawberry.type(description="Eén wijziging in de historiek: wat, wanneer, door wie, namens wie.")
class Gebeurtenis:
    versie: int
    gebeurtenis: str
    tijdstip: datetime
    door: str
    namens: str | None
    data: JSON


@strawberry.type(description="Een keer dat iemand privégegevens van de vereniging las of ze wijzigde.")
class Toegang:
    tijdstip: datetime
    handeling: str = strawberry.field(description="gelezen, gewijzigd, gedeeld (met een dienst), gedownload")
    onderdeel: str = strawberry.field(description="Welke gegevens, of welke wijziging.")
    door: str = strawberry.field(description="INSZ (of sub) van wie het deed.")
    door_naam: str | None
    namens: str | None = strawberry.field(description="Namens welke vereniging die persoon handelde.")
    client_id: str | None = strawberry.field(description="Via welke toepassing.")


@strawberry.type
class Toegangslog:
    items: list[Toegang]
    volgende: str | None = strawberry.field(description="Cursor voor de volgende (oudere) pagina.")


def _locatie(item: model.Locatie) -> Locatie:
    return Locatie(
        locatie_id=item.locatie_id,
        locatietype=item.locatietype.value,
        is_primair=item.is_primair,
        naam=item.naam,
        adres=Adres(**item.adres.model_dump()) if item.adres else None,
        adres_id=AdresId(**item.adres_id.model_dump()) if item.adres_id else None,
        adresvoorstelling=item.adres.voorstelling() if item.adres else None,
        bron=item.bron.value,
    )


@strawberry.federation.type(
    keys=["vCode"],
    description=(
        "Een vereniging zoals het register ze kent. Publieke velden zijn voor iedereen "
        "leesbaar; vertegenwoordigers en historiek alleen voor wie de vereniging vertegenwoordigt."
    ),
)
class Vereniging:
    model: strawberry.Private[model.Vereniging]

    gekende_gegevens: profiel.GekendeGegevens | None = strawberry.field(resolver=profiel.gekende_gegevens)
    aanbod: AanbodLijst = strawberry.field(resolver=aanbod_op_maat.aanbod)
    meldingen: list[Melding] | None = strawberry.field(resolver=meldingen.meldingen)
    dossiers: profiel.DossierLijst | None = strawberry.field(resolver=profiel.dossiers)
    deling_voor_aanvraag: profiel.Deling | None = strawberry.field(resolver=profiel.deling_voor_aanvraag)
    gegevens_export: GegevensExport | None = strawberry.field(resolver=export.gegevens_export)
    mandaten: list[Mandaat] | None = strawberry.field(resolver=mandaten_api.mandaten)

    @classmethod
    async def resolve_reference(cls, info: ContextInfo, **representation: Any) -> Self | None:
        found = await info.context.verenigingen.load(str(representation["vCode"]))
        return None if found is None else cls(model=found)

    @strawberry.field(description="Het identificatienummer in het register: V en 7 cijfers.")
    def v_code(self) -> strawberry.ID:
        return strawberry.ID(self.model.v_code)

    @strawberry.field
    def verenigingstype(self) -> Verenigingstype:
        soort = self.model.verenigingstype
        return Verenigingstype(code=soort.value, naam=VERENIGINGSTYPE_NAMEN[soort])

    @strawberry.field
    def naam(self) -> str:
        return self.model.naam

    @strawberry.field
    def korte_naam(self) -> str | None:
        return self.model.korte_naam

    @strawberry.field
    def korte_beschrijving(self) -> str | None:
        return self.model.korte_beschrijving

    @strawberry.field(description="Roepnaam; alleen voor verenigingen uit de KBO.")
    def roepnaam(self) -> str | None:
        return self.model.roepnaam

    @strawberry.field(description="Ondernemingsnummer (10 cijfers); alleen uit de KBO.")
    def kbo_nummer(self) -> str | None:
        return self.model.kbo_nummer

    @strawberry.field(description="KBO-rechtsvorm (017 vzw, 125 ivzw, 026 ps, 029 svon).")
    def rechtsvorm(self) -> str | None:
        return self.model.rechtsvorm

    @strawberry.field
    def startdatum(self) -> date | None:
        return self.model.startdatum

    @strawberry.field
    def einddatum(self) -> date | None:
        return self.model.einddatum

    @strawberry.field(description="Actief of Gestopt.")
    def status(self) -> str:
        return self.model.status.value

    @strawberry.field(description="Initiator (in het register ingeschreven) of KBO.")
    def bron(self) -> str:
        return model.Bron.KBO.value if self.model.uit_kbo else model.Bron.INITIATOR.value

    @strawberry.field
    def doelgroep(self) -> Doelgroep:
        return Doelgroep(**self.model.doelgroep.model_dump())

    @strawberry.field
    def hoofdactiviteiten_verenigingsloket(self) -> list[HoofdactiviteitVerenigingsloket]:
        return [
            HoofdactiviteitVerenigingsloket(code=c, naam=HOOFDACTIVITEITEN[c])
            for c in self.model.hoofdactiviteiten
        ]

    @strawberry.field
    def werkingsgebieden(self) -> list[Werkingsgebied]:
        return [Werkingsgebied(code=c, naam=naam_van_werkingsgebied(c)) for c in self.model.werkingsgebieden]

    @strawberry.field
    def contactgegevens(self) -> list[Contactgegeven]:
        return [
            Contactgegeven(
                **{
                    **c.model_dump(),
                    "contactgegeventype": c.contactgegeventype.value,
                    "bron": c.bron.value,
                }
            )
            for c in self.model.contactgegevens
        ]

    @strawberry.field
    def locaties(self) -> list[Locatie]:
        return [_locatie(item) for item in self.model.locaties]

    @strawberry.field(description="Privé: alleen voor wie de vereniging vertegenwoordigt.")
    def vertegenwoordigers(self, info: ContextInfo) -> list[Vertegenwoordiger] | None:
        ensure_represents(info.context.principal, self.model)
        info.context.record(self.model.v_code, Handeling.GELEZEN, "vertegenwoordigers")
        return [
            Vertegenwoordiger(**{**v.model_dump(), "bron": v.bron.value})
            for v in self.model.vertegenwoordigers
        ]

    @strawberry.field(description="Elke wijziging, oudste eerst. Privé: alleen voor vertegenwoordigers.")
    async def historiek(self, info: ContextInfo) -> list[Gebeurtenis] | None:
        ensure_represents(info.context.principal, self.model)
        info.context.record(self.model.v_code, Handeling.GELEZEN, "historiek")
        events = await info.context.historiek.load(self.model.v_code)
        return [
            Gebeurtenis(
                versie=e.versie,
                gebeurtenis=e.gebeurtenis,
                tijdstip=e.tijdstip,
                door=e.door,
                namens=e.namens,
                data=cast(JSON, e.data),
            )
            for e in events
        ]

    @strawberry.field(
        description="Wie privégegevens las of wijzigde, nieuwste eerst. Privé; kan niet gewijzigd worden."
    )
    async def toegangslog(
        self, info: ContextInfo, first: int = 20, after: str | None = None
    ) -> Toegangslog | None:
        # Who looked names people (their INSZ): for the association's own representatives only.
        ensure_may_grant(info.context.principal, self.model)
        check_page_size(first, info.context.max_page_size)
        info.context.record(self.model.v_code, Handeling.GELEZEN, "toegangslog")
        pagina = await info.context.toegangslog.lees(self.model.v_code, first=first, after=after)
        return Toegangslog(
            items=[
                Toegang(
                    tijdstip=t.tijdstip or datetime.min,
                    handeling=t.handeling.value,
                    onderdeel=t.onderdeel,
                    door=t.door,
                    door_naam=t.door_naam,
                    namens=t.namens,
                    client_id=t.client_id,
                )
                for t in pagina.items
            ],
            volgende=pagina.volgende,
        )

    @strawberry.field(description="Versie van de gegevens; stuur ze mee bij elke wijziging.")
    def versie(self) -> int:
        return self.model.versie


async def load_vereniging(info: ContextInfo, v_code: str) -> Vereniging:
    found = await info.context.verenigingen.load(v_code)
    if found is None:
        raise NotFound("vereniging", v_code)
    return Vereniging(model=found)


VCode = Annotated[strawberry.ID, strawberry.argument(name="vCode", description="V en 7 cijfers.")]
