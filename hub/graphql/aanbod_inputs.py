"""The GraphQL input of an offering's content, and its translation into the register's model.

Choices (type, bestuur niveau, verenigingstypes) arrive as text and are checked here, so a wrong
one is reported at its path along with every other problem the register's rules find.
"""

from __future__ import annotations

from datetime import date

import strawberry

from hub.graphql.aanbod import DIENSTTYPES
from hub.graphql.bound import bounded
from hub.graphql.inputs import DoelgroepInput
from registry.associations.codes import Verenigingstype
from registry.associations.model import Doelgroep
from registry.errors import ValidationFailed
from registry.offerings import model, rules
from registry.validation import Checks


@strawberry.input
class BestuurInput:
    niveau: str = strawberry.field(description="Vlaams, Provinciaal of Gemeentelijk.")
    code: str
    naam: str


@strawberry.input(description="Lege lijsten beperken niets.")
class CriteriaInput:
    verenigingstypes: list[str] = strawberry.field(
        default_factory=list,
        description="FV, VZW, …",
        metadata=bounded(items=rules.MAX_VERENIGINGSTYPES, length=rules.MAX_CODE),
    )
    hoofdactiviteiten: list[str] = strawberry.field(
        default_factory=list, metadata=bounded(items=rules.MAX_HOOFDACTIVITEITEN, length=rules.MAX_CODE)
    )
    werkingsgebieden: list[str] = strawberry.field(
        default_factory=list,
        description="Provincie- of gemeentecodes; leeg: waar het bestuur bevoegd is.",
        metadata=bounded(items=rules.MAX_WERKINGSGEBIEDEN, length=rules.MAX_CODE),
    )
    doelgroep: DoelgroepInput | None = None


@strawberry.input
class AanvraagperiodeInput:
    van: date | None = None
    tot: date | None = None


@strawberry.input
class KanaalInput:
    digitaal: bool = True
    link: str | None = None
    connector: str | None = None
    connector_dienst: str | None = None
    uitleg: str | None = strawberry.field(default=None, description="Verplicht als het niet digitaal kan.")


@strawberry.input
class ContactInput:
    naam: str | None = None
    email: str | None = None
    telefoon: str | None = None
    website: str | None = None


@strawberry.input(description="De inhoud van een aanbod, zoals een redacteur ze schrijft.")
class DienstInput:
    titel: str
    beschrijving: str
    type: str = strawberry.field(description=DIENSTTYPES)
    bestuur: BestuurInput
    themas: list[str] = strawberry.field(
        default_factory=list, metadata=bounded(items=rules.MAX_THEMAS, length=rules.MAX_ITEM)
    )
    criteria: CriteriaInput | None = None
    voorwaarden: str | None = None
    procedure: str | None = None
    kosten: str | None = None
    aanvraagperiode: AanvraagperiodeInput | None = None
    kanaal: KanaalInput | None = None
    contact: ContactInput | None = None
    bewijsstukken: list[str] = strawberry.field(
        default_factory=list, metadata=bounded(items=rules.MAX_BEWIJSSTUKKEN, length=rules.MAX_ITEM)
    )
    benodigde_gegevens: list[str] = strawberry.field(
        default_factory=list, metadata=bounded(items=rules.MAX_BENODIGDE_GEGEVENS, length=rules.MAX_ITEM)
    )

    def inhoud(self) -> model.DienstInhoud:
        """The content; refused with every problem at its path when a choice is unknown."""
        checks = Checks()
        soort = checks.choice("type", self.type, model.Diensttype)
        niveau = checks.choice("bestuur.niveau", self.bestuur.niveau, model.Bestuursniveau)
        criteria = self.criteria or CriteriaInput()
        types = [
            checks.choice(f"criteria.verenigingstypes[{index}]", value, Verenigingstype)
            for index, value in enumerate(criteria.verenigingstypes)
        ]
        inhoud = self._build(
            soort or model.Diensttype.FINANCIEEL_VOORDEEL,
            niveau or model.Bestuursniveau.VLAAMS,
            tuple(t for t in types if t is not None),
            criteria,
        )
        if checks.errors:
            try:
                rules.gecontroleerd(inhoud)
            except ValidationFailed as invalid:
                checks.errors += invalid.fouten
        checks.raise_if_any()
        return inhoud

    def _build(
        self,
        soort: model.Diensttype,
        niveau: model.Bestuursniveau,
        types: tuple[Verenigingstype, ...],
        criteria: CriteriaInput,
    ) -> model.DienstInhoud:
        doelgroep = criteria.doelgroep
        periode = self.aanvraagperiode or AanvraagperiodeInput()
        kanaal = self.kanaal or KanaalInput()
        contact = self.contact or ContactInput()
        return model.DienstInhoud(
            titel=self.titel,
            beschrijving=self.beschrijving,
            type=soort,
            bestuur=model.Bestuur(niveau=niveau, code=self.bestuur.code, naam=self.bestuur.naam),
            themas=tuple(self.themas),
            criteria=model.Criteria(
                verenigingstypes=types,
                hoofdactiviteiten=tuple(criteria.hoofdactiviteiten),
                werkingsgebieden=tuple(criteria.werkingsgebieden),
                doelgroep=None
                if doelgroep is None
                else Doelgroep(
                    minimumleeftijd=0 if doelgroep.minimumleeftijd is None else doelgroep.minimumleeftijd,
                    maximumleeftijd=150 if doelgroep.maximumleeftijd is None else doelgroep.maximumleeftijd,
                ),
            ),
            voorwaarden=self.voorwaarden,
            procedure=self.procedure,
            kosten=self.kosten,
            aanvraagperiode=model.Aanvraagperiode(van=periode.van, tot=periode.tot),
            kanaal=model.Kanaal(
                digitaal=kanaal.digitaal,
                link=kanaal.link,
                connector=kanaal.connector,
                connector_dienst=kanaal.connector_dienst,
                uitleg=kanaal.uitleg,
            ),
            contact=model.Contact(
                naam=contact.naam, email=contact.email, telefoon=contact.telefoon, website=contact.website
            ),
            bewijsstukken=tuple(self.bewijsstukken),
            benodigde_gegevens=tuple(self.benodigde_gegevens),
        )
