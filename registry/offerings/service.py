"""The central register of offerings: each action checked, authorized, versioned and recorded.

diensten = DienstenRegister(db=db)
gent = Uitgever(door="78041212319", besturen=frozenset({"44021"}))
dienst = await diensten.maak(inhoud, uitgever=gent)                    # draft, versie 1
dienst = await diensten.publiceer(dienst.id, uitgever=gent)            # the public sees it
dienst = await diensten.wijzig(dienst.id, nieuw, versie=1, uitgever=gent)  # draft 2; 1 stays public
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from registry.db import Database
from registry.errors import Forbidden, NotFound
from registry.kalender import vandaag
from registry.offerings import repository, rules
from registry.offerings.model import Bestuur, Dienst, DienstInhoud, Dienststatus
from registry.offerings.repository import DienstGebeurtenis, DienstVersieConflict, Stand, bestuurcode
from registry.offerings.search import DienstenPagina, DienstFilter, zoek


@dataclass(frozen=True)
class Uitgever:
    """Who acts (`door`: an INSZ, a `sub`, or `catalog:<name>`) and for which administrations
    (`besturen`: bestuur codes); None means any, for the operator's command line only."""

    door: str
    besturen: frozenset[str] | None

    def mag(self, bestuur: Bestuur) -> bool:
        return self.besturen is None or bestuurcode(bestuur.code) in {bestuurcode(b) for b in self.besturen}

    def controleer(self, besturen: Iterable[Bestuur]) -> None:
        """Refuse, naming the administration, unless this publisher may act for all `besturen`."""
        for bestuur in besturen:
            if not self.mag(bestuur):
                raise Forbidden(reden="FORBIDDEN_BESTUUR", bestuur=f"{bestuur.naam} ({bestuur.code})")


class ImportUitkomst(StrEnum):
    NIEUW = "nieuw"
    GEWIJZIGD = "gewijzigd"
    ONGEWIJZIGD = "ongewijzigd"


def _now() -> datetime:
    return datetime.now(UTC)


def _new_id() -> str:
    return f"D{uuid.uuid4().hex}"


@dataclass
class DienstenRegister:
    db: Database
    clock: Callable[[], datetime] = field(default=_now)
    max_page_size: int = 100

    # --- reading ---------------------------------------------------------------------------

    async def get(self, dienst_id: str) -> Dienst:
        """The published version; NotFound while none is (draft only, or archived)."""
        async with self.db.read() as session:
            found = await repository.stand(session, dienst_id)
        if found is None or found.gepubliceerd is None:
            raise NotFound("dienst", dienst_id)
        return found.gepubliceerd

    async def get_voor_uitgever(self, dienst_id: str, *, uitgever: Uitgever) -> Dienst:
        """The newest version, draft included, for a publisher of its administration."""
        async with self.db.read() as session:
            found = await repository.stand(session, dienst_id)
        if found is None:
            raise NotFound("dienst", dienst_id)
        uitgever.controleer([found.nieuwste.inhoud.bestuur])
        return found.nieuwste

    async def van_uitgever(self, *, uitgever: Uitgever) -> list[Dienst]:
        """The newest version of every offering of the publisher's administrations, by title."""
        async with self.db.read() as session:
            found = await repository.nieuwste_van(session, uitgever.besturen)
        return sorted(found, key=lambda d: (d.inhoud.titel.casefold(), d.id))

    async def catalogusstand(self) -> int:
        """Where the catalog stands: the number of its newest event, which any change writes."""
        async with self.db.read() as session:
            return await repository.catalogusstand(session)

    async def gepubliceerd(self) -> list[Dienst]:
        async with self.db.read() as session:
            rows = (await session.execute(repository.published_query())).all()
        return [repository.to_dienst(row) for row in rows]

    async def historiek(self, dienst_id: str, *, uitgever: Uitgever) -> list[DienstGebeurtenis]:
        """Every action on the offering, oldest first: what, on which version, when, by whom."""
        await self.get_voor_uitgever(dienst_id, uitgever=uitgever)
        async with self.db.read() as session:
            return await repository.historiek(session, dienst_id)

    async def zoek(self, filter: DienstFilter, *, first: int, after: str | None) -> DienstenPagina:
        async with self.db.read() as session:
            return await zoek(
                session,
                filter,
                first=first,
                after=after,
                vandaag=vandaag(self.clock()),
                max_page_size=self.max_page_size,
            )

    # --- editing and publishing ------------------------------------------------------------

    async def maak(self, inhoud: DienstInhoud, *, uitgever: Uitgever) -> Dienst:
        """A new offering, as a draft (versie 1)."""
        checked = rules.gecontroleerd(inhoud)
        uitgever.controleer([checked.bestuur])
        dienst = self._draft(_new_id(), 1, checked)
        async with self.db.write() as session:
            await repository.add(session, dienst)
            await self._record(session, dienst, "DienstWerdAangemaakt", uitgever)
        return dienst

    async def wijzig(
        self, dienst_id: str, inhoud: DienstInhoud, *, versie: int, uitgever: Uitgever
    ) -> Dienst:
        """Change the draft, or start one from the published version, which stays public until
        the draft is published. Refused when `versie` is not the newest; content equal to the
        newest version stores nothing."""
        checked = rules.gecontroleerd(inhoud)
        async with self.db.write() as session:
            stand = await self._stand(session, dienst_id, uitgever)
            uitgever.controleer([checked.bestuur])
            if stand.nieuwste.versie != versie:
                raise DienstVersieConflict(verwacht=versie, actueel=stand.nieuwste.versie)
            return await self._change(session, stand, checked, uitgever)

    async def publiceer(self, dienst_id: str, *, uitgever: Uitgever) -> Dienst:
        """Publish the newest version (the draft, or an archived offering again)."""
        async with self.db.write() as session:
            stand = await self._stand(session, dienst_id, uitgever)
            return await self._publish(session, stand, uitgever)

    async def archiveer(self, dienst_id: str, *, uitgever: Uitgever) -> Dienst:
        """Withdraw the offering from the public; its publisher still reads it."""
        async with self.db.write() as session:
            stand = await self._stand(session, dienst_id, uitgever)
            return await self._archive(session, stand, uitgever)

    # --- imports from catalogs -------------------------------------------------------------

    async def importeer(
        self, inhoud: DienstInhoud, *, bron: str, bron_id: str, uitgever: Uitgever, publiceer: bool = True
    ) -> tuple[Dienst, ImportUitkomst]:
        """Create or update the offering `bron` knows as `bron_id`, and publish it unless told
        not to. Content equal to the newest version stores no new version."""
        checked = rules.gecontroleerd(inhoud)
        uitgever.controleer([checked.bestuur])
        try:
            return await self._importeer(checked, bron, bron_id, uitgever, publiceer)
        except IntegrityError:
            # A concurrent import created it first: this one now finds and updates it.
            return await self._importeer(checked, bron, bron_id, uitgever, publiceer)

    async def archiveer_ontbrekende(self, bron: str, aanwezig: set[str], *, uitgever: Uitgever) -> int:
        """Archive (never delete) every offering of `bron` whose id there is not in `aanwezig`;
        returns how many were archived now."""
        async with self.db.write() as session:
            actief = await repository.niet_gearchiveerd_van_bron(session, bron)
            ontbrekend = sorted(dienst_id for bron_id, dienst_id in actief.items() if bron_id not in aanwezig)
            for dienst_id in ontbrekend:
                await self._archive(session, await self._stand(session, dienst_id, uitgever), uitgever)
        return len(ontbrekend)

    async def _importeer(
        self, inhoud: DienstInhoud, bron: str, bron_id: str, uitgever: Uitgever, publiceer: bool
    ) -> tuple[Dienst, ImportUitkomst]:
        async with self.db.write() as session:
            dienst_id = await repository.id_van_bron(session, bron, bron_id)
            if dienst_id is None:
                dienst = self._draft(_new_id(), 1, inhoud, bron=bron, bron_id=bron_id)
                await repository.add(session, dienst)
                await self._record(session, dienst, "DienstWerdGeimporteerd", uitgever)
                if publiceer:
                    dienst = await self._publish(session, Stand(dienst, None), uitgever)
                return dienst, ImportUitkomst.NIEUW
            stand = await self._stand(session, dienst_id, uitgever)
            dienst = await self._change(session, stand, inhoud, uitgever)
            if publiceer:
                dienst = await self._publish(session, Stand(dienst, stand.gepubliceerd), uitgever)
            unchanged = dienst == stand.nieuwste
        return dienst, ImportUitkomst.ONGEWIJZIGD if unchanged else ImportUitkomst.GEWIJZIGD

    # --- the steps every action shares -----------------------------------------------------

    async def _stand(self, session: AsyncSession, dienst_id: str, uitgever: Uitgever) -> Stand:
        stand = await repository.stand(session, dienst_id, for_update=True)
        if stand is None:
            raise NotFound("dienst", dienst_id)
        uitgever.controleer(stand.besturen)
        return stand

    async def _change(
        self, session: AsyncSession, stand: Stand, inhoud: DienstInhoud, uitgever: Uitgever
    ) -> Dienst:
        if inhoud == stand.nieuwste.inhoud:
            return stand.nieuwste
        current = stand.nieuwste
        dienst = self._draft(
            current.id, current.versie + 1, inhoud, bron=current.bron, bron_id=current.bron_id
        )
        await repository.add_versie(session, stand, dienst)
        await self._record(session, dienst, "DienstWerdGewijzigd", uitgever)
        return dienst

    async def _publish(self, session: AsyncSession, stand: Stand, uitgever: Uitgever) -> Dienst:
        if stand.nieuwste.status is Dienststatus.GEPUBLICEERD:
            return stand.nieuwste
        published = await repository.publish(session, stand, self.clock())
        await self._record(session, published, "DienstWerdGepubliceerd", uitgever)
        return published

    async def _archive(self, session: AsyncSession, stand: Stand, uitgever: Uitgever) -> Dienst:
        if stand.nieuwste.status is Dienststatus.GEARCHIVEERD:
            return stand.nieuwste
        archived = await repository.archive(session, stand)
        await self._record(session, archived, "DienstWerdGearchiveerd", uitgever)
        return archived

    def _draft(
        self,
        dienst_id: str,
        versie: int,
        inhoud: DienstInhoud,
        *,
        bron: str | None = None,
        bron_id: str | None = None,
    ) -> Dienst:
        return Dienst(
            id=dienst_id,
            versie=versie,
            status=Dienststatus.DRAFT,
            inhoud=inhoud,
            bron=bron,
            bron_id=bron_id,
            gewijzigd_op=self.clock(),
        )

    async def _record(
        self, session: AsyncSession, dienst: Dienst, gebeurtenis: str, uitgever: Uitgever
    ) -> None:
        event = DienstGebeurtenis(
            dienst_id=dienst.id,
            versie=dienst.versie,
            gebeurtenis=gebeurtenis,
            tijdstip=self.clock(),
            door=uitgever.door,
        )
        await repository.append(session, [event])


__all__ = ["DienstFilter", "DienstenPagina", "DienstenRegister", "ImportUitkomst", "Uitgever"]
