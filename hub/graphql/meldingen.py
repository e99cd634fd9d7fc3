"""`Vereniging.meldingen` and `verbergMelding`: the association's notices (an offering that newly
fits, a deadline within 14 days), each new once, until put away. Private: representatives only."""

from __future__ import annotations

from datetime import date

import strawberry

from hub.auth.principal import ensure_represents, require_authenticated
from hub.graphql.aanbod import Dienst
from hub.graphql.profiel import HasModel, ProfielInfo
from registry.meldingen.service import Melding as MeldingModel
from registry.toegangslog.service import Handeling


@strawberry.type(description="Iets wat de vereniging moet weten: nieuw aanbod of een naderende deadline.")
class Melding:
    sleutel: str = strawberry.field(description="Geef dit aan `verbergMelding` om ze weg te zetten.")
    soort: str = strawberry.field(description="nieuw_aanbod of deadline.")
    tekst: str
    dienst: Dienst
    deadline: date | None
    nieuw: bool = strawberry.field(description="Wordt nu voor het eerst getoond.")

    @classmethod
    def van(cls, melding: MeldingModel) -> Melding:
        return cls(
            sleutel=melding.sleutel,
            soort=melding.soort.value,
            tekst=melding.tekst,
            dienst=Dienst.van(melding.dienst),
            deadline=melding.deadline,
            nieuw=melding.nieuw,
        )


async def meldingen(root: strawberry.Parent[HasModel], info: ProfielInfo) -> list[Melding] | None:
    """De meldingen van de vereniging: eerst naderende deadlines, dan nieuw aanbod. Privé."""
    ensure_represents(info.context.principal, root.model)
    info.context.record(root.model.v_code, Handeling.GELEZEN, "meldingen")
    return [Melding.van(m) for m in await info.context.meldingen.voor(root.model)]


async def verberg_melding(info: ProfielInfo, v_code: str, sleutel: str) -> bool:
    person = require_authenticated(info.context.principal)
    vereniging = await info.context.register.get(v_code)
    ensure_represents(person, vereniging)
    await info.context.meldingen.verberg(vereniging.v_code, sleutel)
    info.context.record(vereniging.v_code, Handeling.GEWIJZIGD, f"melding {sleutel}")
    return True
