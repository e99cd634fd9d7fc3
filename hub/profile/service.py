"""The profile service: asks the connected systems through the router, on behalf of the person
and the association they act for, with a token exchanged per system. GraphQL and the portal both
go through here."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import structlog
from opentelemetry import trace
from pydantic import TypeAdapter

from connectors.sdk import (
    CallContext,
    Connector,
    ConnectorConfigError,
    ConnectorUnavailable,
    Document,
    DocumentInhoud,
    Dossier,
    DossierChanges,
    DossierDocuments,
    Dossiers,
    DossierWijziging,
    Feit,
    ProfileFacts,
    StartRequest,
    StartResultaat,
)
from hub.auth.oidc import OAuthError
from hub.auth.principal import Principal
from hub.auth.token_exchange import TokenExchanger, call_context
from hub.profile.documenten import Doorgifte, Overdrachten, doorgeefbaar, doorgeven, gecontroleerd
from hub.profile.dossiers import DossierPagina, page, pushed, with_history
from hub.profile.facts import GekendeGegevens, merge, register_facts
from hub.routing import Gathered, LoginRefused, Router, ServiceFailure, ServiceResult
from hub.routing.gebied import Plaatsen, gebied_van, plaatsen_van, raakt
from hub.toegang import toegang_van
from registry.associations.model import Vereniging
from registry.dossiers.service import Dossiers as DossierKopieen
from registry.errors import FieldError, NotFound, Unauthenticated, ValidationFailed
from registry.rapport.service import NIET_BEVESTIGD
from registry.toegangslog.service import Handeling
from registry.uitgaand.service import Uitgaand

log = structlog.get_logger("hub.profile")
FACTS = TypeAdapter(list[Feit])
DOSSIERS = TypeAdapter(list[Dossier])
DOCUMENTEN = TypeAdapter(list[Document])
GevondenDocumenten = tuple[list[tuple[str, Document]], list[ServiceFailure]]
"""Every document found, with the service that holds it, and the services that failed."""
CALL_TIMEOUT = 10.0
MAX_DIENST = 184
DIENST = re.compile(r"[a-z0-9][a-z0-9-]{0,62}(/[\x21-\x7e]{1,120})?")
"""A service to start at: its connector, and the connector's own id of it (printable ASCII)."""
MAX_WAARDE = 2000
"""Longest value a sharing event carries (as `connectors.sdk.events.GedeeldGegeven`)."""


@dataclass(frozen=True)
class Routering:
    """Whom a question about an association went to, and why (for operators: the answer's
    `extensions.routering`, and the debug log)."""

    vraag: str
    """The capability asked, e.g. `ProfileFacts`."""
    v_code: str
    plaatsen: str
    """Where the association is, as the routing read it (`BE23, 44021`; `-`: nowhere known)."""
    gevraagd: tuple[str, ...]
    """The connectors asked: their area touches those places, or they hold dossiers of it."""
    buiten_gebied: tuple[str, ...]
    """The connectors left out: their area lies elsewhere."""
    met_dossiers: tuple[str, ...] = ()
    """Of those asked, the ones outside the area that the hub's copy knows dossiers of."""

    def document(self) -> dict[str, object]:
        return {
            "vraag": self.vraag,
            "vCode": self.v_code,
            "plaatsen": self.plaatsen,
            "gevraagd": list(self.gevraagd),
            "buitenGebied": len(self.buiten_gebied),
            "metDossiers": list(self.met_dossiers),
        }


@dataclass(frozen=True)
class Deling:
    """What would go to a service when the person starts a request there."""

    dienst: str
    ontvanger: str
    gegevens: tuple[tuple[str, str], ...]


@dataclass
class ProfileService:
    router: Router
    exchanger: TokenExchanger | None
    kopieen: DossierKopieen | None = None
    """The hub's copy of the dossiers services push (`registry.dossiers`)."""
    pushing: frozenset[str] = frozenset()
    """The connectors that push their dossiers' changes: read from the copy, never asked."""
    pushing_facts: frozenset[str] = frozenset()
    """The connectors that push what they know of an association: their last report is read,
    they are never asked (`registry.dossiers.gegevens`)."""
    uitgaand: Uitgaand | None = None
    """The outbox: each sharing at `start_aanvraag` is written there with its access log entry."""
    gedeeld: Callable[[], Awaitable[None]] | None = None
    """Called once a sharing is in the outbox: deliver it now (as the register's `gewijzigd`)."""
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    overdrachten: Overdrachten = field(default_factory=Overdrachten)
    """The documents being passed on now, bounded per service and per person."""
    _gebieden: dict[str, Plaatsen | None] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        self._gebieden = {c.name: gebied_van(c.config.gebied) for c in self.router.connectors}

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

    def _context_for(self, principal: Principal, v_code: str) -> Callable[[Connector[Any]], CallContext]:
        """Per connector: the person, the association, and a token for that connector's audience."""
        exchanger = self.exchanger

        def context(connector: Connector[Any]) -> CallContext:
            async def token() -> str:
                if exchanger is None:
                    raise ConnectorConfigError(connector.name, "the hub has no token exchange configured")
                try:
                    return await exchanger.for_principal(principal, connector.config.audience)
                except Unauthenticated as error:
                    raise ConnectorConfigError(
                        connector.name, "no login to pass on for this person"
                    ) from error
                except OAuthError as refused:
                    # The IdP would not make a token for this system: down (try later), the
                    # person's login no longer valid there (log in again), or not allowed.
                    if refused.error in {"temporarily_unavailable", "server_error"}:
                        raise ConnectorUnavailable(connector.name, f"token exchange: {refused}") from refused
                    if refused.error == "invalid_grant":
                        raise LoginRefused(connector.name, f"token exchange: {refused}") from refused
                    raise ConnectorConfigError(
                        connector.name, f"token exchange refused: {refused}"
                    ) from refused

            return call_context(principal, timeout=CALL_TIMEOUT, token=token, v_code=v_code)

        return context

    async def gekende_gegevens(
        self,
        principal: Principal,
        vereniging: Vereniging,
        *,
        sinds: Callable[[], Awaitable[datetime | None]],
        routeringen: list[Routering] | None = None,
    ) -> tuple[GekendeGegevens, list[ServiceFailure]]:
        """`sinds`: when the register last changed the association, asked once every question
        to the connected systems is out, so that reading it takes none of the time the answer
        waits for: while they answer, not before they are asked. The systems that push what they
        know are not asked: their last reports are read meanwhile. `routeringen`: told whom the
        question went to."""
        routering = await self.route(ProfileFacts, vereniging, skip=self.pushing_facts)
        if routeringen is not None:
            routeringen.append(routering)
        asking = asyncio.ensure_future(
            self.router.gather(
                ProfileFacts,
                lambda connector, context: connector.gekende_gegevens(context),
                context_for=self._context_for(principal, vereniging.v_code),
                cache_key=vereniging.v_code,
                adapter=FACTS,
                only=routering.gevraagd,
            )
        )
        reading: asyncio.Future[datetime | None] | None = None
        reports: asyncio.Future[list[ServiceResult[list[Feit]]]] | None = None
        try:
            await asyncio.sleep(0)  # the router's first step: every question sent
            reading = asyncio.ensure_future(sinds())
            reports = asyncio.ensure_future(self._reported(vereniging.v_code))
            gathered = await asking
            gewijzigd_op = await reading
            gemeld = await reports
        except BaseException:  # cancelled included: nothing is left running on its own
            for running in (asking, reading, reports):
                if running is not None:
                    running.cancel()
            raise
        eigen = register_facts(vereniging, sinds=gewijzigd_op.date() if gewijzigd_op else None)
        return merge(eigen, [*gathered.results, *gemeld]), _all_failures(gathered)

    async def _reported(self, v_code: str) -> list[ServiceResult[list[Feit]]]:
        """The facts the systems that push them last reported about the association."""
        if not self.pushing_facts or self.kopieen is None:
            return []
        now = self.clock()
        return [
            ServiceResult(
                service=gemeld.bron,
                value=[
                    Feit(
                        naam=feit["naam"],
                        waarde=feit["waarde"],
                        bron=gemeld.naam,
                        datum=date.fromisoformat(feit["datum"]) if feit.get("datum") else None,
                    )
                    for feit in gemeld.feiten
                ],
                stale=False,
                fetched_at=now,
            )
            for gemeld in await self.kopieen.gemeld(v_code, bronnen=sorted(self.pushing_facts))
        ]

    async def dossiers(
        self,
        principal: Principal,
        vereniging: Vereniging,
        *,
        statussen: list[str] | None,
        first: int,
        after: str | None,
        max_page_size: int,
        routeringen: list[Routering] | None = None,
        met_historiek: bool = True,
    ) -> tuple[DossierPagina, list[ServiceFailure]]:
        """A page of the association's dossiers. `met_historiek`: with the history of the pushed
        ones on the page from the hub's copy (it grows with every event a service pushes, so
        it is read only when it is shown)."""
        routering = await self.route(Dossiers, vereniging, skip=self.pushing)
        if routeringen is not None:
            routeringen.append(routering)
        gathered = await self.router.gather(
            Dossiers,
            lambda connector, context: connector.dossiers(context),
            context_for=self._context_for(principal, vereniging.v_code),
            cache_key=vereniging.v_code,
            adapter=DOSSIERS,
            only=routering.gevraagd,
        )
        results = list(gathered.results)
        if self.kopieen is not None and self.pushing:
            kopieen = await self.kopieen.van(
                vereniging.v_code, bronnen=sorted(self.pushing), met_historiek=False
            )
            results += pushed(kopieen, sorted(self.pushing), now=self.clock())
        pagina = page(results, statussen=statussen, first=first, after=after, max_page_size=max_page_size)
        if met_historiek and self.kopieen is not None and self.pushing:
            pagina = await with_history(pagina, self.kopieen, self.pushing)
        return pagina, _all_failures(gathered)

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
                context_for=self._context_for(principal, vereniging.v_code),
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

    async def wijzig_dossier(
        self,
        principal: Principal,
        vereniging: Vereniging,
        *,
        bron: str,
        dossier_id: str,
        wijziging: DossierWijziging,
    ) -> Dossier:
        """Change a dossier at the system that holds it, once (never retried), then forget what
        the hub had cached of that system's dossiers and facts, so the change shows at once."""
        if not any(c.name == bron for c in self.router.having(DossierChanges)):
            raise NotFound("dossierbron", bron)
        dossier: Dossier = await self.router.call_one(
            bron,
            lambda connector, context: connector.wijzig_dossier(context, dossier_id, wijziging),
            context_for=self._context_for(principal, vereniging.v_code),
        )
        await self.router.forget(bron, [Dossiers, ProfileFacts], vereniging.v_code)
        return dossier

    async def documenten(self, principal: Principal, vereniging: Vereniging) -> GevondenDocumenten:
        """Every document in the association's dossiers, with the service that holds it: one
        call per service whose area touches the association (cached as its dossiers are)."""
        routering = await self.route(DossierDocuments, vereniging)
        gathered = await self.router.gather(
            DossierDocuments,
            lambda connector, context: connector.documenten(context),
            context_for=self._context_for(principal, vereniging.v_code),
            cache_key=vereniging.v_code,
            adapter=DOCUMENTEN,
            only=routering.gevraagd,
        )
        found = [
            (result.service, document)
            for result in gathered.results
            for document in result.value
            if doorgeefbaar(document)  # (one the hub would refuse to pass on is not offered)
        ]
        return found, _all_failures(gathered)

    async def open_document(
        self, principal: Principal, vereniging: Vereniging, *, bron: str, dossier_id: str, document_id: str
    ) -> Doorgifte:
        """One document at the service that holds it, as the bytes it streams (none read yet),
        if it is of a kind and size the hub passes on and the bounds on transfers under way
        leave room (`hub.profile.documenten`; `RateLimited` when they do not)."""
        if not any(c.name == bron for c in self.router.having(DossierDocuments)):
            raise NotFound("dossierbron", bron)
        einde = self.overdrachten.begin(bron, principal.sub)
        try:
            inhoud: DocumentInhoud = await self.router.call_one(
                bron,
                lambda connector, context: connector.open_document(context, dossier_id, document_id),
                context_for=self._context_for(principal, vereniging.v_code),
            )
        except BaseException:
            einde()
            raise
        try:
            gecontroleerd(bron, inhoud)
        except BaseException:
            einde()
            await inhoud.sluit()
            raise
        stukken = doorgeven(bron, inhoud, einde=einde, klok=self.overdrachten.klok)
        return Doorgifte(mediatype=inhoud.mediatype, grootte=inhoud.grootte, stukken=stukken)

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


def _all_failures(gathered: Gathered[Any]) -> list[ServiceFailure]:
    """Failures with nothing to show, and those answered from the cache (marked stale there)."""
    return [*gathered.failures, *(r.failure for r in gathered.results if r.failure is not None)]
