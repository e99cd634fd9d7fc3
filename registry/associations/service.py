"""The register of associations: each action in one transaction, checked, versioned, logged.

register = VerenigingenRegister(db=db, secret=b"...")
vereniging = await register.registreer_feitelijke_vereniging(
    invoer=RegistratieInvoer(naam="FWA De vrolijke BA's"), actor=Actor(door="71032512357")
)
await register.change(
    v_code=vereniging.v_code, versie=vereniging.versie, actor=actor, authorize=authorize,
    apply=lambda current, checks: onderdelen.voeg_contactgegeven_toe(current, invoer, checks=checks),
)
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from registry.associations import changes, duplicates, repository
from registry.associations.change import Change
from registry.associations.commands import Actor, RegistratieInvoer
from registry.associations.model import Gebeurtenis, Status, Vereniging
from registry.associations.vcodes import allocate_vcode
from registry.db import Database
from registry.errors import NotFound, PossibleDuplicate, VerenigingGestopt, VersionConflict
from registry.kalender import vandaag
from registry.uitgaand import outbox
from registry.validation import Checks

Authorize = Callable[[Vereniging], None]
"""Raises `Unauthenticated` or `Forbidden` when the caller may not change this association."""

Apply = Callable[[Vereniging, Checks], Change | None]

Gewijzigd = Callable[[], Awaitable[None]]
"""Called after each change is committed (its outbox event with it): tells whoever delivers
events that there is one. It must not raise: the change is stored whatever it does."""


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass
class VerenigingenRegister:
    db: Database
    secret: bytes
    duplicate_token_ttl: timedelta = timedelta(hours=1)
    clock: Callable[[], datetime] = field(default=_now)
    gewijzigd: Gewijzigd | None = None

    def today(self) -> date:
        return vandaag(self.clock())

    # --- reading ---------------------------------------------------------------------------

    async def get(self, v_code: str) -> Vereniging:
        found = (await repository.lookup(self.db, [v_code])).get(v_code)
        if found is None:
            raise NotFound("vereniging", v_code)
        return found

    async def get_many(self, v_codes: list[str]) -> dict[str, Vereniging]:
        return await repository.lookup(self.db, v_codes)

    async def vertegenwoordigd_door(
        self, insz: str | None, *, v_codes: Sequence[str] = (), kbo_nummers: Sequence[str] = ()
    ) -> list[Vereniging]:
        """The associations a person may act for: those naming their INSZ as vertegenwoordiger,
        and those their mandates name by vCode or KBO-nummer (that exist)."""
        async with self.db.read() as session:
            found = await repository.represented_by(session, insz, kbo_nummers)
        found += (await repository.lookup(self.db, v_codes)).values()
        return sorted({v.v_code: v for v in found}.values(), key=lambda v: v.v_code)

    async def historiek(self, v_code: str) -> list[Gebeurtenis]:
        return (await self.historiek_of([v_code]))[v_code]

    async def alle(self, *, per: int = 500) -> AsyncIterator[Vereniging]:
        """Every association, by vCode, read `per` at a time (each batch its own short read)."""
        laatste: str | None = None
        while True:
            async with self.db.read() as session:
                batch = await repository.na(session, laatste, limit=per)
            for vereniging in batch:
                yield vereniging
            if len(batch) < per:
                return
            laatste = batch[-1].v_code

    async def gewijzigd_op(self, v_codes: list[str]) -> dict[str, datetime]:
        """When each association last changed (absent: unknown vCode)."""
        return await repository.lookup_gewijzigd_op(self.db, v_codes)

    async def historiek_of(self, v_codes: list[str]) -> dict[str, list[Gebeurtenis]]:
        async with self.db.read() as session:
            return await repository.historiek(session, v_codes)

    # --- registering -----------------------------------------------------------------------

    async def registreer_feitelijke_vereniging(
        self, *, invoer: RegistratieInvoer, actor: Actor, bevestigingstoken: str | None = None
    ) -> Vereniging:
        """Register a feitelijke vereniging; refuses with `PossibleDuplicate` (and a token to
        confirm) when one with the same name exists in the same gemeente."""
        checks = Checks()
        # Validate before allocating a vCode so bad input never consumes a number.
        draft = changes.registreer(invoer, v_code="V0000000", today=self.today(), checks=checks)
        if (
            draft is not None
            and bevestigingstoken is not None
            and not duplicates.token_confirms(
                bevestigingstoken,
                secret=self.secret,
                naam=draft.naam,
                gemeenten=draft.gemeenten,
                now=self.clock(),
            )
        ):
            checks.fail("bevestigingstoken", "ongeldig_token")
        checks.raise_if_any()
        assert draft is not None
        async with self.db.write() as session:
            # Two people registering the same name at once must not both miss each other.
            await duplicates.serialise_same_name(session, draft.naam)
            if bevestigingstoken is None:
                kandidaten = await duplicates.candidates(session, naam=draft.naam, gemeenten=draft.gemeenten)
                if kandidaten:
                    token = duplicates.issue_token(
                        secret=self.secret,
                        naam=draft.naam,
                        gemeenten=draft.gemeenten,
                        now=self.clock(),
                        ttl=self.duplicate_token_ttl,
                    )
                    raise PossibleDuplicate(kandidaten, token)
            vereniging = draft.model_copy(update={"v_code": await allocate_vcode(session)})
            event = self._event(
                vereniging, "FeitelijkeVerenigingWerdGeregistreerd", vereniging.document(), actor
            )
            await repository.add(session, vereniging, event)
            await self._outbox(session, None, vereniging, event)
        await self._tell()
        return vereniging

    async def add_imported(self, *, vereniging: Vereniging, gebeurtenis: str, actor: Actor) -> Vereniging:
        """Store an association built elsewhere (KBO import) under a newly allocated vCode."""
        async with self.db.write() as session:
            stored = vereniging.model_copy(update={"v_code": await allocate_vcode(session), "versie": 1})
            event = self._event(stored, gebeurtenis, stored.document(), actor)
            await repository.add(session, stored, event)
            await self._outbox(session, None, stored, event)
        await self._tell()
        return stored

    # --- changing --------------------------------------------------------------------------

    async def change(
        self, *, v_code: str, versie: int, actor: Actor, authorize: Authorize, apply: Apply
    ) -> Vereniging:
        """Apply one action: refused whole (nothing stored) on any error, or stored with the
        next version and one history event. An action that changes nothing stores nothing."""
        async with self.db.write() as session:
            current = await repository.get(session, v_code, for_update=True)
            if current is None:
                raise NotFound("vereniging", v_code)
            authorize(current)
            if current.versie != versie:
                raise VersionConflict(verwacht=versie, actueel=current.versie)
            if current.status is Status.GESTOPT:
                raise VerenigingGestopt()
            checks = Checks()
            outcome = apply(current, checks)
            checks.raise_if_any()
            if outcome is None:
                return current
            new = outcome.vereniging.model_copy(update={"versie": versie + 1})
            event = self._event(new, outcome.gebeurtenis, outcome.data, actor)
            await repository.replace(session, new, expected_versie=versie, event=event)
            await self._outbox(session, current, new, event)
        await self._tell()
        return new

    async def _outbox(
        self, session: AsyncSession, voor: Vereniging | None, na: Vereniging, event: Gebeurtenis
    ) -> None:
        """The change's event for subscribers, in the change's own transaction."""
        await outbox.schrijf(
            session,
            na,
            gebeurtenis=event.gebeurtenis,
            onderdelen=outbox.gewijzigde_onderdelen(voor, na),
            tijdstip=event.tijdstip,
        )

    async def _tell(self) -> None:
        if self.gewijzigd is not None:
            await self.gewijzigd()

    def _event(
        self, vereniging: Vereniging, gebeurtenis: str, data: dict[str, object], actor: Actor
    ) -> Gebeurtenis:
        return Gebeurtenis(
            v_code=vereniging.v_code,
            versie=vereniging.versie,
            gebeurtenis=gebeurtenis,
            data=data,
            tijdstip=self.clock(),
            door=actor.door,
            namens=actor.namens,
        )
