"""The GraphQL types of the register of offerings: `Dienst` and its parts.

Build one from the register's model with `Dienst.van(dienst)`; any field that shows offerings
(search, a publisher's list, an association's matches) uses this one type.
"""

from __future__ import annotations

from datetime import date, datetime

import strawberry

from hub.graphql.codes import Doelgroep, HoofdactiviteitVerenigingsloket, Verenigingstype, Werkingsgebied
from registry.associations.codes import HOOFDACTIVITEITEN, VERENIGINGSTYPE_NAMEN, naam_van_werkingsgebied
from registry.offerings import model as offerings
from registry.offerings.redenen import opsomming

DIENSTTYPES = opsomming([t.value for t in offerings.Diensttype], "of") + "."
"""The IPDC product types, as the schema describes the field `type`."""


@strawberry.type(description="Het bevoegde bestuur dat het aanbod geeft.")
class Bestuur:
    niveau: str = strawberry.field(description="Vlaams, Provinciaal of Gemeentelijk.")
    code: str = strawberry.field(
        description=(
            "Organisatiecode (OVO…) van een Vlaamse dienst, NIS-code van een gemeente, NUTS2-code van "
            "een provincie."
        )
    )
    naam: str


@strawberry.type(description="Voor welke verenigingen het aanbod is; een lege lijst beperkt niets.")
class Criteria:
    verenigingstypes: list[Verenigingstype]
    hoofdactiviteiten: list[HoofdactiviteitVerenigingsloket]
    werkingsgebieden: list[Werkingsgebied]
    doelgroep: Doelgroep | None


@strawberry.type(description="Wanneer aanvragen kunnen; een lege grens is open.")
class Aanvraagperiode:
    van: date | None
    tot: date | None = strawberry.field(description="De uiterste datum (deadline).")


@strawberry.type(description="Hoe men het aanvraagt: online, gestart vanuit het loket, of niet digitaal.")
class Kanaal:
    digitaal: bool
    link: str | None
    connector: str | None = strawberry.field(description="De koppeling die de aanvraag kan starten.")
    connector_dienst: str | None = strawberry.field(description="De dienst bij die koppeling.")
    uitleg: str | None = strawberry.field(description="Hoe aanvragen als het niet digitaal kan.")


@strawberry.type(description="Wie men kan bellen of mailen over het aanbod.")
class Contact:
    naam: str | None
    email: str | None
    telefoon: str | None
    website: str | None


def _criteria(criteria: offerings.Criteria) -> Criteria:
    doelgroep = criteria.doelgroep
    return Criteria(
        verenigingstypes=[
            Verenigingstype(code=t.value, naam=VERENIGINGSTYPE_NAMEN[t]) for t in criteria.verenigingstypes
        ],
        hoofdactiviteiten=[
            HoofdactiviteitVerenigingsloket(code=c, naam=HOOFDACTIVITEITEN[c])
            for c in criteria.hoofdactiviteiten
        ],
        werkingsgebieden=[
            Werkingsgebied(code=c, naam=naam_van_werkingsgebied(c)) for c in criteria.werkingsgebieden
        ],
        doelgroep=Doelgroep(**doelgroep.model_dump()) if doelgroep else None,
    )


@strawberry.type(
    description="Een aanbod (subsidie, premie, vergunning, …) uit het centrale register van aanbod."
)
class Dienst:
    model: strawberry.Private[offerings.Dienst]

    id: strawberry.ID
    versie: int = strawberry.field(description="Versie van de inhoud; stuur ze mee bij elke wijziging.")
    status: str = strawberry.field(description="draft, gepubliceerd of gearchiveerd.")
    titel: str
    beschrijving: str
    type: str = strawberry.field(description=DIENSTTYPES)
    bestuur: Bestuur
    themas: list[str]
    criteria: Criteria
    voorwaarden: str | None
    procedure: str | None
    kosten: str | None
    aanvraagperiode: Aanvraagperiode
    kanaal: Kanaal
    contact: Contact
    bewijsstukken: list[str]
    benodigde_gegevens: list[str] = strawberry.field(
        description="Welke gegevens van de vereniging de dienst nodig heeft (hergebruikt bij het aanvragen)."
    )
    bron: str | None = strawberry.field(
        description="De catalogus waaruit het aanbod komt, als het ingelezen is."
    )
    bron_id: str | None = strawberry.field(description="Het id van het aanbod in die catalogus.")
    gewijzigd_op: datetime
    gepubliceerd_op: datetime | None

    @classmethod
    def van(cls, dienst: offerings.Dienst) -> Dienst:
        inhoud = dienst.inhoud
        return cls(
            model=dienst,
            id=strawberry.ID(dienst.id),
            versie=dienst.versie,
            status=dienst.status.value,
            titel=inhoud.titel,
            beschrijving=inhoud.beschrijving,
            type=inhoud.type.value,
            bestuur=Bestuur(
                niveau=inhoud.bestuur.niveau.value, code=inhoud.bestuur.code, naam=inhoud.bestuur.naam
            ),
            themas=list(inhoud.themas),
            criteria=_criteria(inhoud.criteria),
            voorwaarden=inhoud.voorwaarden,
            procedure=inhoud.procedure,
            kosten=inhoud.kosten,
            aanvraagperiode=Aanvraagperiode(van=inhoud.aanvraagperiode.van, tot=inhoud.aanvraagperiode.tot),
            kanaal=Kanaal(**inhoud.kanaal.model_dump()),
            contact=Contact(**inhoud.contact.model_dump()),
            bewijsstukken=list(inhoud.bewijsstukken),
            benodigde_gegevens=list(inhoud.benodigde_gegevens),
            bron=dienst.bron,
            bron_id=dienst.bron_id,
            gewijzigd_op=dienst.gewijzigd_op,
            gepubliceerd_op=dienst.gepubliceerd_op,
        )
