"""Mutations of the register of offerings. Each needs a logged-in person whose role
`AanbodBeheerder:<bestuurcode>` covers the offering's administration."""

from __future__ import annotations

import strawberry

from hub.graphql.aanbod import Dienst
from hub.graphql.aanbod_inputs import DienstInput
from hub.graphql.types import ContextInfo
from registry.offerings.publishers import uitgever


@strawberry.type
class AanbodMutation:
    @strawberry.mutation(description="Maak een nieuw aanbod, als draft (versie 1).")
    async def maak_dienst(self, info: ContextInfo, inhoud: DienstInput) -> Dienst:
        publisher = uitgever(info.context.principal)
        return Dienst.van(await info.context.diensten.maak(inhoud.inhoud(), uitgever=publisher))

    @strawberry.mutation(
        description=(
            "Wijzig een aanbod vanaf de versie die u las. Is het gepubliceerd, dan ontstaat een draft; "
            "de gepubliceerde versie blijft zichtbaar tot u de draft publiceert."
        )
    )
    async def wijzig_dienst(
        self, info: ContextInfo, id: strawberry.ID, versie: int, inhoud: DienstInput
    ) -> Dienst:
        publisher = uitgever(info.context.principal)
        changed = await info.context.diensten.wijzig(
            str(id), inhoud.inhoud(), versie=versie, uitgever=publisher
        )
        return Dienst.van(changed)

    @strawberry.mutation(description="Publiceer de nieuwste versie; ze vervangt de vorige gepubliceerde.")
    async def publiceer_dienst(self, info: ContextInfo, id: strawberry.ID) -> Dienst:
        publisher = uitgever(info.context.principal)
        return Dienst.van(await info.context.diensten.publiceer(str(id), uitgever=publisher))

    @strawberry.mutation(description="Archiveer een aanbod: het publiek vindt het niet meer.")
    async def archiveer_dienst(self, info: ContextInfo, id: strawberry.ID) -> Dienst:
        publisher = uitgever(info.context.principal)
        return Dienst.van(await info.context.diensten.archiveer(str(id), uitgever=publisher))
