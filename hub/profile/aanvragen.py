"""Starting a request at a service with only the data the person saw and chose to share: what
would be shared (`Deling`), the sharing in the access log before its data leaves and in the
outbox once the service accepted, and where the service answers."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from typing import Any

import structlog

from connectors.sdk import Connector, Dossiers, StartRequest, StartResultaat
from hub.auth.principal import Principal
from hub.auth.token_exchange import TokenExchanger
from hub.profile.calls import context_for
from hub.profile.facts import register_facts
from hub.profile.model import Deling
from hub.routing import Router
from hub.toegang import toegang_van
from registry.associations.model import Vereniging
from registry.errors import FieldError, NotFound, ValidationFailed
from registry.rapport.service import NIET_BEVESTIGD
from registry.toegangslog.service import Handeling
from registry.uitgaand.service import Uitgaand

log = structlog.get_logger("hub.profile")
MAX_DIENST = 184
DIENST = re.compile(r"[a-z0-9][a-z0-9-]{0,62}(/[\x21-\x7e]{1,120})?")
"""A service to start at: its connector, and the connector's own id of it (printable ASCII)."""
MAX_WAARDE = 2000
"""Longest value a sharing event carries (as `connectors.sdk.events.GedeeldGegeven`)."""


class Aanvragen:
    """The part of `ProfileService` that starts requests."""

    router: Router
    exchanger: TokenExchanger | None
    uitgaand: Uitgaand | None
    gedeeld: Callable[[], Awaitable[None]] | None

    def deling(self, principal: Principal, vereniging: Vereniging, dienst: str) -> Deling:
        connector = self._starter(dienst)
        gegevens = [(f.naam, f.waarde) for f in register_facts(vereniging, sinds=None)]
        naam = " ".join(filter(None, [principal.voornaam, principal.achternaam]))
        if naam:
            gegevens.append(("contactpersoon", naam))
        return Deling(dienst=dienst, ontvanger=connector.name, gegevens=tuple(gegevens))

    async def start_aanvraag(
        self, principal: Principal, vereniging: Vereniging, dienst: str, gekozen: list[str]
    ) -> tuple[Deling, StartResultaat]:
        """Start at the service only with the data the person saw and chose to share."""
        aangeboden = dict(self.deling(principal, vereniging, dienst).gegevens)
        niet = [naam for naam in gekozen if naam not in aangeboden]
        if niet:
            raise ValidationFailed(
                [
                    FieldError(
                        "gedeeldeGegevens",
                        "niet_aangeboden",
                        {"naam": naam, "aangeboden": ", ".join(aangeboden)},
                    )
                    for naam in niet
                ]
            )
        if self.uitgaand is None:
            raise RuntimeError("starting a request needs the outbox, to record what is shared")
        gedeeld = {naam: aangeboden[naam] for naam in gekozen}
        connector_name, _, service = dienst.partition("/")
        # The access log holds the sharing before its data leaves (and the event that will tell
        # the service what it was sent waits beside it, held back until the service accepted).
        namen = ", ".join(gedeeld) or "niets"
        deling = await self.uitgaand.deel(
            vereniging,
            met=connector_name,
            toegang=toegang_van(principal, vereniging.v_code, Handeling.GEDEELD, f"{dienst}: {namen}"),
        )
        try:
            resultaat: StartResultaat = await self.router.call_one(
                connector_name,
                lambda connector, context: connector.start_aanvraag(
                    context, service or connector_name, gedeeld
                ),
                context_for=context_for(self.exchanger, principal, vereniging.v_code),
            )
        except BaseException:
            # The data went with the attempt: the entry stays, saying the service did not confirm
            # the request (refused, or no answer), and the held-back event goes.
            try:
                await asyncio.shield(
                    self.uitgaand.niet_gedeeld(deling, onderdeel=f"{dienst}: {namen} {NIET_BEVESTIGD}")
                )
            except Exception:
                log.exception("a sharing the service did not confirm could not be marked so", dienst=dienst)
            raise
        # What the connector sent: those of the chosen data the service's form takes.
        verstuurd = {naam: gedeeld[naam] for naam in resultaat.gedeelde_gegevens if naam in gedeeld}
        try:
            await self.uitgaand.gedeeld(
                deling,
                document={
                    "dienst": dienst,
                    "gedeeld": [
                        {"naam": naam, "waarde": waarde[:MAX_WAARDE]} for naam, waarde in verstuurd.items()
                    ],
                },
                onderdeel=f"{dienst}: {', '.join(verstuurd) or 'niets'}",
            )
        except Exception:
            # The request stands at the service and the access log already holds the sharing
            # (naming all that was chosen): the person gets the link; only the event is lost.
            log.exception("sharing accepted by the service but not confirmed in the outbox", dienst=dienst)
        if self.gedeeld is not None:
            await self.gedeeld()
        # The service may list the new request among the association's dossiers at once.
        await self.router.forget(connector_name, [Dossiers], vereniging.v_code)
        return Deling(dienst, connector_name, tuple(verstuurd.items())), resultaat

    def adres(self, dienst: str) -> str | None:
        """Where the service that starts `dienst` answers (its configured base URL), if known:
        a started request sends the browser there."""
        base_url = getattr(self._starter(dienst).config, "base_url", None)
        return str(base_url) if base_url else None

    def _starter(self, dienst: str) -> Connector[Any]:
        if len(dienst) > MAX_DIENST:
            raise ValidationFailed([FieldError("dienst", "te_lang", {"max": MAX_DIENST})])
        if not DIENST.fullmatch(dienst):
            raise ValidationFailed(
                [FieldError("dienst", "ongeldig_formaat", {"verwacht": "een dienst zoals kiosk/sportkampen"})]
            )
        name = dienst.partition("/")[0]
        found = next((c for c in self.router.having(StartRequest) if c.name == name), None)
        if found is None:
            raise NotFound("dienst", dienst)
        return found
