"""Mutations named after the register's actions. Each needs a person who represents the
association (registering needs only a logged-in person) and the version it expects."""

from __future__ import annotations

from datetime import date

import strawberry

from hub.auth.principal import ensure_may_change, require_authenticated
from hub.graphql import mandaten_api, meldingen, profiel
from hub.graphql.arguments import Namen
from hub.graphql.inputs import (
    ContactgegevenInput,
    LocatieInput,
    RegistreerFeitelijkeVerenigingInput,
    VertegenwoordigerInput,
    WijzigBasisgegevensInput,
    WijzigContactgegevenInput,
    WijzigLocatieInput,
    WijzigVertegenwoordigerInput,
)
from hub.graphql.mij import Mij, kies_vereniging
from hub.graphql.types import ContextInfo, VCode, Vereniging
from hub.registrant import met_registrant
from hub.wijziging import wijzig_namens
from registry.associations import changes, onderdelen
from registry.associations.service import Apply
from registry.toegangslog.service import Handeling


async def _change(
    info: ContextInfo, v_code: str, versie: int, apply: Apply, *, eigen_recht: bool = False
) -> Vereniging:
    person = require_authenticated(info.context.principal)
    changed = await wijzig_namens(
        info.context.register, person, v_code=v_code, versie=versie, apply=apply, eigen_recht=eigen_recht
    )
    info.context.record(changed.v_code, Handeling.GEWIJZIGD, info.field_name)
    return Vereniging(model=changed)


@strawberry.type
class Mutation:
    kies_vereniging: Mij = strawberry.mutation(resolver=kies_vereniging)

    @strawberry.mutation(
        description=(
            "Geef een persoon (rijksregister- of bisnummer) een mandaat voor de vereniging: alleen "
            "bekijken, of ook beheren, tot en met de einddatum. Het geldt vanaf de volgende vraag "
            "van die persoon; heeft die al een geldig mandaat, dan vervangt dit het. Alleen voor "
            "wie de vereniging zelf vertegenwoordigt."
        )
    )
    async def verleen_mandaat(
        self, info: ContextInfo, v_code: VCode, mandaat: mandaten_api.MandaatInput
    ) -> mandaten_api.Mandaat:
        return await mandaten_api.verleen_mandaat(info, str(v_code), mandaat)

    @strawberry.mutation(
        description="Trek een mandaat in: het geldt niet meer vanaf de volgende vraag van die persoon."
    )
    async def trek_mandaat_in(self, info: ContextInfo, v_code: VCode, id: int) -> mandaten_api.Mandaat:
        return await mandaten_api.trek_mandaat_in(info, str(v_code), id)

    @strawberry.mutation(
        description=(
            "Start een aanvraag bij de dienst, met alleen de gegevens die u koos uit "
            "`delingVoorAanvraag`. Geeft de link waar u verder gaat, al aangemeld."
        )
    )
    async def start_aanvraag(
        self, info: ContextInfo, v_code: VCode, dienst: str, gedeelde_gegevens: Namen
    ) -> profiel.AanvraagGestart:
        person = require_authenticated(info.context.principal)
        vereniging = await info.context.register.get(str(v_code))
        ensure_may_change(person, vereniging)
        gedeeld, resultaat = await info.context.profile.start_aanvraag(
            person, vereniging, dienst, gedeelde_gegevens
        )
        return profiel.AanvraagGestart(link=resultaat.link, deling=profiel.deling(gedeeld))

    @strawberry.mutation(
        description=(
            "Wijzig een dossier bij de dienst die het behandelt (`bron`, zoals in `dossiers`): "
            "contactpersoon, e-mail, rekeningnummer. De dienst past alles toe of niets; weigert "
            "ze, dan komt er een REJECTED_BY_SERVICE-fout met haar reden."
        )
    )
    async def wijzig_dossier(
        self,
        info: ContextInfo,
        v_code: VCode,
        bron: str,
        dossier_id: str,
        wijziging: profiel.DossierWijzigingInput,
    ) -> profiel.Dossier:
        person = require_authenticated(info.context.principal)
        vereniging = await info.context.register.get(str(v_code))
        ensure_may_change(person, vereniging)
        dossier = await info.context.profile.wijzig_dossier(
            person, vereniging, bron=bron, dossier_id=dossier_id, wijziging=wijziging.model()
        )
        info.context.record(vereniging.v_code, Handeling.GEWIJZIGD, f"dossier {bron}/{dossier_id}")
        return profiel.dossier_van(dossier, bron=bron, verouderd=False, vereniging=vereniging)

    @strawberry.mutation(description="Zet een melding van de vereniging weg; ze komt niet meer terug.")
    async def verberg_melding(self, info: ContextInfo, v_code: VCode, sleutel: str) -> bool:
        return await meldingen.verberg_melding(info, str(v_code), sleutel)

    @strawberry.mutation(
        description=(
            "Registreer een feitelijke vereniging. Bestaat er al een met dezelfde naam in dezelfde "
            "gemeente, dan komt er een POSSIBLE_DUPLICATE-fout met de kandidaten en een "
            "bevestigingstoken; stuur dat mee om toch te registreren."
        )
    )
    async def registreer_feitelijke_vereniging(
        self,
        info: ContextInfo,
        input: RegistreerFeitelijkeVerenigingInput,
        bevestigingstoken: str | None = None,
    ) -> Vereniging:
        person = require_authenticated(info.context.principal)
        registered = await info.context.register.registreer_feitelijke_vereniging(
            invoer=met_registrant(input.command(), person),
            actor=person.actor(),
            bevestigingstoken=bevestigingstoken,
        )
        info.context.record(registered.v_code, Handeling.GEWIJZIGD, info.field_name)
        return Vereniging(model=registered)

    @strawberry.mutation
    async def wijzig_basisgegevens(
        self, info: ContextInfo, v_code: VCode, versie: int, input: WijzigBasisgegevensInput
    ) -> Vereniging:
        today = info.context.register.today()
        wijziging = input.command()
        return await _change(
            info,
            v_code,
            versie,
            lambda v, checks: changes.wijzig_basisgegevens(v, wijziging, today=today, checks=checks),
        )

    @strawberry.mutation
    async def voeg_contactgegeven_toe(
        self, info: ContextInfo, v_code: VCode, versie: int, input: ContactgegevenInput
    ) -> Vereniging:
        invoer = input.command()
        return await _change(
            info, v_code, versie, lambda v, c: onderdelen.voeg_contactgegeven_toe(v, invoer, checks=c)
        )

    @strawberry.mutation
    async def wijzig_contactgegeven(
        self,
        info: ContextInfo,
        v_code: VCode,
        versie: int,
        contactgegeven_id: int,
        input: WijzigContactgegevenInput,
    ) -> Vereniging:
        wijziging = input.command()
        return await _change(
            info,
            v_code,
            versie,
            lambda v, c: onderdelen.wijzig_contactgegeven(v, contactgegeven_id, wijziging, checks=c),
        )

    @strawberry.mutation
    async def verwijder_contactgegeven(
        self, info: ContextInfo, v_code: VCode, versie: int, contactgegeven_id: int
    ) -> Vereniging:
        return await _change(
            info,
            v_code,
            versie,
            lambda v, c: onderdelen.verwijder_contactgegeven(v, contactgegeven_id, checks=c),
        )

    @strawberry.mutation
    async def voeg_locatie_toe(
        self, info: ContextInfo, v_code: VCode, versie: int, input: LocatieInput
    ) -> Vereniging:
        invoer = input.command()
        return await _change(
            info, v_code, versie, lambda v, c: onderdelen.voeg_locatie_toe(v, invoer, checks=c)
        )

    @strawberry.mutation
    async def wijzig_locatie(
        self,
        info: ContextInfo,
        v_code: VCode,
        versie: int,
        locatie_id: int,
        input: WijzigLocatieInput,
    ) -> Vereniging:
        wijziging = input.command()
        return await _change(
            info,
            v_code,
            versie,
            lambda v, c: onderdelen.wijzig_locatie(v, locatie_id, wijziging, checks=c),
        )

    @strawberry.mutation
    async def verwijder_locatie(
        self, info: ContextInfo, v_code: VCode, versie: int, locatie_id: int
    ) -> Vereniging:
        return await _change(
            info, v_code, versie, lambda v, c: onderdelen.verwijder_locatie(v, locatie_id, checks=c)
        )

    @strawberry.mutation
    async def voeg_vertegenwoordiger_toe(
        self, info: ContextInfo, v_code: VCode, versie: int, input: VertegenwoordigerInput
    ) -> Vereniging:
        invoer = input.command()
        return await _change(
            info,
            v_code,
            versie,
            lambda v, c: onderdelen.voeg_vertegenwoordiger_toe(v, invoer, checks=c),
            eigen_recht=True,
        )

    @strawberry.mutation
    async def wijzig_vertegenwoordiger(
        self,
        info: ContextInfo,
        v_code: VCode,
        versie: int,
        vertegenwoordiger_id: int,
        input: WijzigVertegenwoordigerInput,
    ) -> Vereniging:
        wijziging = input.command()
        return await _change(
            info,
            v_code,
            versie,
            lambda v, c: onderdelen.wijzig_vertegenwoordiger(v, vertegenwoordiger_id, wijziging, checks=c),
            eigen_recht=True,
        )

    @strawberry.mutation
    async def verwijder_vertegenwoordiger(
        self, info: ContextInfo, v_code: VCode, versie: int, vertegenwoordiger_id: int
    ) -> Vereniging:
        return await _change(
            info,
            v_code,
            versie,
            lambda v, c: onderdelen.verwijder_vertegenwoordiger(v, vertegenwoordiger_id, checks=c),
            eigen_recht=True,
        )

    @strawberry.mutation(description="Stop de vereniging op de einddatum (niet in de toekomst).")
    async def stop_vereniging(
        self, info: ContextInfo, v_code: VCode, versie: int, einddatum: date
    ) -> Vereniging:
        today = info.context.register.today()
        return await _change(
            info,
            v_code,
            versie,
            lambda v, c: changes.stop(v, einddatum, today=today, checks=c),
            eigen_recht=True,
        )
