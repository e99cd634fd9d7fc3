"""Whom a question about an association goes to: the connectors whose area touches where it is,
and those outside it whose dossiers of it the hub's copy holds. Each decision is logged (debug)
and added to the current span, so an operator sees why a system was or was not asked."""

from __future__ import annotations

import structlog
from opentelemetry import trace

from hub.profile.model import Routering
from hub.routing import Router
from hub.routing.gebied import Plaatsen, plaatsen_van, raakt
from registry.associations.model import Vereniging
from registry.dossiers.service import Dossiers as DossierKopieen

log = structlog.get_logger("hub.profile")


class Gebiedsroutering:
    """The part of `ProfileService` that routes its questions by area."""

    router: Router
    kopieen: DossierKopieen | None
    _gebieden: dict[str, Plaatsen | None]
    """Each connector's area, as its configuration names it (`None`: all of Flanders)."""

    async def route(
        self, capability: type, vereniging: Vereniging, *, skip: frozenset[str] = frozenset()
    ) -> Routering:
        """Which connectors with `capability` (but `skip`) to ask about the association: those
        whose area touches where it is, and those outside it whose dossiers of it the hub's copy
        holds (read only when some connector is outside)."""
        plaatsen = plaatsen_van(vereniging)
        inside: list[str] = []
        outside: list[str] = []
        for connector in self.router.having(capability):
            if connector.name not in skip:
                (inside if raakt(self._gebieden[connector.name], plaatsen) else outside).append(
                    connector.name
                )
        holders: tuple[str, ...] = ()
        if outside and self.kopieen is not None:
            held = await self.kopieen.bronnen_van(vereniging.v_code)
            holders = tuple(name for name in outside if name in held)
        routering = Routering(
            vraag=capability.__name__,
            v_code=vereniging.v_code,
            plaatsen=plaatsen.omschrijving(),
            gevraagd=(*inside, *holders),
            buiten_gebied=tuple(name for name in outside if name not in holders),
            met_dossiers=holders,
        )
        log.debug("routed", **routering.document())
        span = trace.get_current_span()
        if span.is_recording():
            span.add_event(
                "routering",
                {
                    "vloket.vraag": routering.vraag,
                    "vloket.vcode": routering.v_code,
                    "vloket.plaatsen": routering.plaatsen,
                    "vloket.gevraagd": list(routering.gevraagd),
                    "vloket.buiten_gebied": len(routering.buiten_gebied),
                    "vloket.met_dossiers": list(routering.met_dossiers),
                },
            )
        return routering
