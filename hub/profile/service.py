"""The profile service: asks the connected systems through the router, on behalf of the person
and the association they act for, with a token exchanged per system. GraphQL and the portal both
go through here.

`ProfileService` asks about facts, dossiers and documents itself; whom each question goes to is
its routing by area (`routering`), and starting a request with the data the person chose to share
its part in `aanvragen`. The call context per system is made in `calls`; what it gives back
besides the systems' own answers is in `model`."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from pydantic import TypeAdapter

from connectors.sdk import (
    CallContext,
    Document,
    DocumentInhoud,
    Dossier,
    DossierChanges,
    DossierDocuments,
    Dossiers,
    DossierWijziging,
    Feit,
    ProfileFacts,
)
from hub.auth.principal import Principal
from hub.auth.token_exchange import TokenExchanger
from hub.profile.aanvragen import Aanvragen
from hub.profile.calls import all_failures, context_for
from hub.profile.documenten import Doorgifte, Overdrachten, doorgeefbaar, doorgeven, gecontroleerd
from hub.profile.dossiers import DossierPagina, page, pushed, with_history
from hub.profile.facts import GekendeGegevens, merge, register_facts
from hub.profile.model import GevondenDocumenten, Routering
from hub.profile.routering import Gebiedsroutering
from hub.routing import Gathered, Router, ServiceFailure, ServiceResult
from hub.routing.gebied import Plaatsen, gebied_van
from registry.associations.model import Vereniging
from registry.dossiers.service import Dossiers as DossierKopieen
from registry.errors import NotFound
from registry.uitgaand.service import Uitgaand

FACTS = TypeAdapter(list[Feit])
DOSSIERS = TypeAdapter(list[Dossier])
DOCUMENTEN = TypeAdapter(list[Document])


T = TypeVar("T")


@dataclass
class ProfileService(Gebiedsroutering, Aanvragen):
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

    async def gekende_gegevens(
        self,
        principal: Principal,
        vereniging: Vereniging,
        *,
        sinds: Callable[[], Awaitable[datetime | None]],
        routeringen: list[Routering] | None = None,
        onderweg: Callable[[], None] | None = None,
    ) -> tuple[GekendeGegevens, list[ServiceFailure]]:
        """`sinds`: when the register last changed the association, asked once every question
        to the connected systems is out, so that reading it takes none of the time the answer
        waits for: while they answer, not before they are asked. The systems that push what they
        know are not asked: their last reports are read meanwhile. `routeringen`: told whom the
        question went to. `onderweg`: called once the questions are out, when any system is
        asked (what need not wait for their answers, such as writing the access log)."""
        asking = await self._sent(
            ProfileFacts,
            lambda connector, context: connector.gekende_gegevens(context),
            principal,
            vereniging,
            adapter=FACTS,
            skip=self.pushing_facts,
            routeringen=routeringen,
            onderweg=onderweg,
        )
        reading: asyncio.Future[datetime | None] | None = None
        reports: asyncio.Future[list[ServiceResult[list[Feit]]]] | None = None
        try:
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
        return merge(eigen, [*gathered.results, *gemeld]), all_failures(gathered)

    async def _sent(
        self,
        capability: type,
        call: Callable[[Any, CallContext], Awaitable[T]],
        principal: Principal,
        vereniging: Vereniging,
        *,
        adapter: TypeAdapter[T],
        skip: frozenset[str],
        routeringen: list[Routering] | None,
        onderweg: Callable[[], None] | None,
    ) -> asyncio.Future[Gathered[T]]:
        """The question routed by area and sent to those it goes to: its answers, to await. Once
        it is out (the router's first step), `onderweg` is called when any system is asked."""
        routering = await self.route(capability, vereniging, skip=skip)
        if routeringen is not None:
            routeringen.append(routering)
        asking = asyncio.ensure_future(
            self.router.gather(
                capability,
                call,
                context_for=context_for(self.exchanger, principal, vereniging.v_code),
                cache_key=vereniging.v_code,
                adapter=adapter,
                only=routering.gevraagd,
            )
        )
        try:
            await asyncio.sleep(0)  # the router's first step: every question sent
        except BaseException:  # cancelled included: nothing is left running on its own
            asking.cancel()
            raise
        if onderweg is not None and routering.gevraagd:
            onderweg()
        return asking

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
        onderweg: Callable[[], None] | None = None,
    ) -> tuple[DossierPagina, list[ServiceFailure]]:
        """A page of the association's dossiers. `met_historiek`: with the history of the pushed
        ones on the page from the hub's copy (it grows with every event a service pushes, so
        it is read only when it is shown). `onderweg`: as for `gekende_gegevens`."""
        asking = await self._sent(
            Dossiers,
            lambda connector, context: connector.dossiers(context),
            principal,
            vereniging,
            adapter=DOSSIERS,
            skip=self.pushing,
            routeringen=routeringen,
            onderweg=onderweg,
        )
        try:
            gathered = await asking
        except BaseException:  # cancelled included: nothing is left running on its own
            asking.cancel()
            raise
        results = list(gathered.results)
        if self.kopieen is not None and self.pushing:
            kopieen = await self.kopieen.van(
                vereniging.v_code, bronnen=sorted(self.pushing), met_historiek=False
            )
            results += pushed(kopieen, sorted(self.pushing), now=self.clock())
        pagina = page(results, statussen=statussen, first=first, after=after, max_page_size=max_page_size)
        if met_historiek and self.kopieen is not None and self.pushing:
            pagina = await with_history(pagina, self.kopieen, self.pushing)
        return pagina, all_failures(gathered)

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
            context_for=context_for(self.exchanger, principal, vereniging.v_code),
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
            context_for=context_for(self.exchanger, principal, vereniging.v_code),
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
        return found, all_failures(gathered)

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
                context_for=context_for(self.exchanger, principal, vereniging.v_code),
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
