"""`Vereniging.meldingen` and `verbergMelding`: the association's notices (an offering that newly
fits, a deadline within 14 days, a dossier that waits for the association or was decided, as its
service pushed), each new once, until put away. Private: representatives only."""

from __future__ import annotations

from datetime import date

import strawberry

from hub.auth.principal import ensure_may_change, ensure_represents, require_authenticated
from hub.graphql.aanbod import Dienst
from hub.graphql.profiel import HasModel, ProfielInfo
from registry.meldingen.service import Melding as MeldingModel
from registry.toegangslog.service import Handeling


@strawberry.type(description="Het dossier waarover een melding gaat, zoals de dienst het meldde.")
class DossierVermelding:
    bron: str = strawberry.field(description="De koppeling die het dossier meldde, bv. kiosk.")
    dossier_id: str
    titel: str
    link: str


@strawberry.type(
    description=(
        "Iets wat de vereniging moet weten: nieuw aanbod, een naderende deadline, een dossier dat "
        "op de vereniging wacht of een beslissing."
    )
)
class Melding:
    sleutel: str = strawberry.field(description="Geef dit aan `verbergMelding` om ze weg te zetten.")
    soort: str = strawberry.field(
        description="nieuw_aanbod, deadline, dossier_actie (een dossier wacht op u) of dossier_beslist."
    )
    tekst: str
    dienst: Dienst | None = strawberry.field(description="Het aanbod, bij nieuw_aanbod en deadline.")
    dossier: DossierVermelding | None = strawberry.field(
        description="Het dossier, bij dossier_actie en dossier_beslist."
    )
    deadline: date | None
    nieuw: bool = strawberry.field(description="Wordt nu voor het eerst getoond.")

    @classmethod
    def van(cls, melding: MeldingModel) -> Melding:
        dossier = melding.dossier
        return cls(
            sleutel=melding.sleutel,
            soort=melding.soort.value,
            tekst=melding.tekst,
            dienst=Dienst.van(melding.dienst) if melding.dienst is not None else None,
            dossier=(
                DossierVermelding(
                    bron=dossier.bron, dossier_id=dossier.dossier_id, titel=dossier.titel, link=dossier.link
                )
                if dossier is not None
                else None
            ),
            deadline=melding.deadline,
            nieuw=melding.nieuw,
        )


async def meldingen(root: strawberry.Parent[HasModel], info: ProfielInfo) -> list[Melding] | None:
    """De meldingen van de vereniging: eerst dossiers die op haar wachten en beslissingen, dan
    naderende deadlines, dan nieuw aanbod. Privé."""
    ensure_represents(info.context.principal, root.model)
    info.context.record(root.model.v_code, Handeling.GELEZEN, "meldingen")
    return [Melding.van(m) for m in await info.context.meldingen.voor(root.model)]


async def verberg_melding(info: ProfielInfo, v_code: str, sleutel: str) -> bool:
    person = require_authenticated(info.context.principal)
    vereniging = await info.context.register.get(v_code)
    ensure_may_change(person, vereniging)
    await info.context.meldingen.verberg(vereniging.v_code, sleutel)
    info.context.record(vereniging.v_code, Handeling.GEWIJZIGD, f"melding {sleutel}")
    return True
