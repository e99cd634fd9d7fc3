"""`Vereniging.aanbod`: the offerings that fit the association, best first, each with why it
fits, its deadline, and what to ask `startAanvraag` for when a connected service can start it.
What fits follows from public facts (type, activities, where, ages): anyone may ask."""

from __future__ import annotations

from datetime import date

import strawberry

from hub.graphql.aanbod import Dienst
from hub.graphql.profiel import HasModel, ProfielInfo
from registry.kalender import vandaag
from registry.offerings import model as offerings
from registry.paging import check_page_size, offset_cursor, offset_of


@strawberry.type(description="Waarom een aanbod bij de vereniging past.")
class Reden:
    criterium: str
    uitleg: str


@strawberry.type(description="Een aanbod dat bij de vereniging past.")
class AanbodOpMaat:
    dienst: Dienst
    redenen: list[Reden]
    deadline: date | None = strawberry.field(description="Tot wanneer men het kan aanvragen.")
    start_dienst: str | None = strawberry.field(
        description="Geef dit als `dienst` aan `startAanvraag` om het hier te starten; leeg als het "
        "elders of niet digitaal aangevraagd wordt (zie `dienst.kanaal`)."
    )


@strawberry.type
class AanbodLijst:
    items: list[AanbodOpMaat]
    totaal: int
    volgende: str | None = strawberry.field(description="Cursor voor `after` naar de volgende pagina.")


def _op_maat(match: offerings.Match) -> AanbodOpMaat:
    return AanbodOpMaat(
        dienst=Dienst.van(match.dienst),
        redenen=[Reden(criterium=r.criterium, uitleg=r.uitleg) for r in match.redenen],
        deadline=match.deadline,
        start_dienst=match.dienst.inhoud.kanaal.start_dienst,
    )


async def aanbod(
    root: strawberry.Parent[HasModel], info: ProfielInfo, first: int = 20, after: str | None = None
) -> AanbodLijst:
    """Het aanbod op maat van de vereniging: eerst wat het best past, dan de dichtste deadline."""
    check_page_size(first, info.context.max_page_size)
    vanaf = offset_of(after, soort="aanbod")
    matches = await info.context.op_maat.voor(root.model, vandaag=vandaag())
    pagina = matches[vanaf : vanaf + first]
    volgende = offset_cursor(vanaf + first, soort="aanbod") if vanaf + first < len(matches) else None
    return AanbodLijst(items=[_op_maat(m) for m in pagina], totaal=len(matches), volgende=volgende)
