"""How each representative wants to hear of an association's notices by e-mail: at once, in a
daily digest, or never; at which address (used only once confirmed) and in which language.

What each has had by mail is kept per notice (`sleutel`), so a notice is mailed once; when an
address is confirmed, what is already noticeable counts as had (mail tells what is new).

Example::

    voorkeuren = Voorkeuren(db)
    voorkeur = await voorkeuren.zet("85010100123", "V0001001", frequentie="direct",
                                    email="an@example.org", taal="nl", via_register=True)
    await voorkeuren.bevestig(voorkeur.id, voorkeur.aangevraagd_op, al_bekend=["deadline:…"])
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any, cast

from sqlalchemy import CursorResult, case, delete, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import RowMapping
from sqlalchemy.ext.asyncio import AsyncSession

from registry.associations.repository import utc
from registry.db import Database
from registry.errors import NotFound
from registry.meldingen.tables import verzonden_table, voorkeur_table
from registry.validation import Checks

BEVESTIGING_GELDIG = timedelta(hours=48)
"""How long a confirmation link works."""
BEVESTIGING_WACHT = timedelta(minutes=10)
"""At most one confirmation mail per choice this often."""
BEVESTIGINGEN_PER_DAG = 5
"""At most this many confirmation mails per choice a day."""
BEVESTIGINGEN_PER_PERSOON = 10
"""At most this many confirmation mails a day for one person's choices together."""


class Frequentie(StrEnum):
    DIRECT = "direct"
    """A mail as soon as there is something new."""
    DAGELIJKS = "dagelijks"
    """One mail a day with what is new, if anything is."""
    NOOIT = "nooit"


@dataclass(frozen=True)
class Voorkeur:
    id: str
    persoon: str
    v_code: str
    via_register: bool
    frequentie: Frequentie
    email: str | None
    taal: str
    aangevraagd_op: datetime
    bevestigd_op: datetime | None
    bevestiging_nodig: bool
    bevestiging_verstuurd_op: datetime | None
    bevestigingen: int
    bevestigingen_sinds: datetime | None
    gecontroleerd_op: datetime | None
    digest_op: datetime | None

    @property
    def bevestigd(self) -> bool:
        return self.email is not None and self.bevestigd_op is not None

    @property
    def mailt(self) -> bool:
        """Whether notices go out by mail (a confirmed address, not 'never')."""
        return self.bevestigd and self.frequentie is not Frequentie.NOOIT


def _now() -> datetime:
    return datetime.now(UTC)


def _voorkeur(row: RowMapping) -> Voorkeur:
    values: dict[str, Any] = dict(row)
    for moment in (
        "aangevraagd_op",
        "bevestigd_op",
        "bevestiging_verstuurd_op",
        "bevestigingen_sinds",
        "gecontroleerd_op",
        "digest_op",
    ):
        if values[moment] is not None:
            values[moment] = utc(values[moment])
    values["frequentie"] = Frequentie(values["frequentie"])
    return Voorkeur(**values)


@dataclass
class Voorkeuren:
    db: Database
    clock: Callable[[], datetime] = field(default=_now)

    async def van(self, persoon: str, v_code: str) -> Voorkeur | None:
        async with self.db.read() as session:
            row = (
                (
                    await session.execute(
                        select(voorkeur_table).where(
                            voorkeur_table.c.persoon == persoon, voorkeur_table.c.v_code == v_code
                        )
                    )
                )
                .mappings()
                .first()
            )
        return _voorkeur(row) if row is not None else None

    async def get(self, voorkeur_id: str) -> Voorkeur:
        async with self.db.read() as session:
            row = (
                (await session.execute(select(voorkeur_table).where(voorkeur_table.c.id == voorkeur_id[:32])))
                .mappings()
                .first()
            )
        if row is None:
            raise NotFound("meldingsvoorkeur", voorkeur_id[:32])
        return _voorkeur(row)

    async def zet(
        self,
        persoon: str,
        v_code: str,
        *,
        frequentie: str | None,
        email: str | None,
        taal: str | None,
        via_register: bool,
    ) -> Voorkeur:
        """Store a representative's choice; every problem is refused at once, naming its field
        (`frequentie`, `email`, `taal`), with nothing changed. An address not confirmed yet
        (new, or given again) needs confirming: its confirmation mail is sent by the worker,
        unless the choice is 'never'; a confirmed address stays confirmed."""
        checks = Checks()
        gekozen = checks.choice("frequentie", frequentie, Frequentie)
        adres = checks.email("email", email, required=gekozen not in (None, Frequentie.NOOIT))
        if adres is not None and not adres.rpartition("@")[0].isascii():
            # Such an address needs SMTPUTF8 all the way; many mail servers do not offer it.
            checks.fail("email", "email_niet_ascii")
        gekozen_taal = checks.choice("taal", taal or "nl", _Taal)
        checks.raise_if_any()
        if gekozen is None or gekozen_taal is None:  # (refused above)
            raise AssertionError("checks passed without a choice")
        nu = self.clock()
        eerder = await self.van(persoon, v_code)
        values: dict[str, Any] = {
            "frequentie": gekozen.value,
            "taal": gekozen_taal.value,
            "via_register": via_register,
        }
        if adres is not None and (eerder is None or eerder.email != adres or eerder.bevestigd_op is None):
            # (given again unconfirmed: a new link, the old one no longer works)
            values |= {"email": adres, "aangevraagd_op": nu, "bevestigd_op": None}
        onbevestigd = "bevestigd_op" in values or (
            eerder is not None and eerder.email and not eerder.bevestigd
        )
        values["bevestiging_nodig"] = bool(onbevestigd) and gekozen is not Frequentie.NOOIT
        async with self.db.write() as session:
            if eerder is None:
                insert = postgresql.insert if self.db.dialect == "postgresql" else sqlite.insert
                statement = insert(voorkeur_table).values(
                    {
                        "id": secrets.token_hex(16),
                        "persoon": persoon,
                        "v_code": v_code,
                        "email": None,
                        "aangevraagd_op": nu,
                        "bevestigingen": 0,
                        **values,
                    }
                )
                # Two forms sent at once: the later one's choice stands.
                await session.execute(
                    statement.on_conflict_do_update(
                        index_elements=["persoon", "v_code"],
                        set_={k: statement.excluded[k] for k in values},
                    )
                )
            else:
                await session.execute(
                    update(voorkeur_table).where(voorkeur_table.c.id == eerder.id).values(values)
                )
        stored = await self.van(persoon, v_code)
        assert stored is not None
        return stored

    async def bevestig(self, voorkeur_id: str, aangevraagd_op: datetime, *, al_bekend: Iterable[str]) -> bool:
        """Confirm the address given at `aangevraagd_op` (a later address is not confirmed by an
        older link); `al_bekend`: the notices there are now, which count as had. Whether this
        confirmed it now (False: it was already)."""
        nu = self.clock()
        async with self.db.write() as session:
            result = await session.execute(
                update(voorkeur_table)
                .where(
                    voorkeur_table.c.id == voorkeur_id,
                    voorkeur_table.c.aangevraagd_op == aangevraagd_op,
                    voorkeur_table.c.bevestigd_op.is_(None),
                )
                .values(bevestigd_op=nu, bevestiging_nodig=False, gecontroleerd_op=nu, digest_op=nu)
            )
            if cast(CursorResult[Any], result).rowcount == 0:
                return False
            await self._noteer(session, voorkeur_id, al_bekend, nu)
        return True

    async def afmelden(self, voorkeur_id: str) -> None:
        """No more notices by mail (one-click unsubscribe)."""
        async with self.db.write() as session:
            await session.execute(
                update(voorkeur_table)
                .where(voorkeur_table.c.id == voorkeur_id)
                .values(frequentie=Frequentie.NOOIT.value)
            )

    async def te_bevestigen(self, *, nu: datetime) -> list[Voorkeur]:
        """Addresses whose confirmation mail is still to be sent: one per choice at most every
        `BEVESTIGING_WACHT` and `BEVESTIGINGEN_PER_DAG` a day (someone typing address after
        address cannot make the hub send a stream of mail)."""
        dag = nu - timedelta(days=1)
        async with self.db.read() as session:
            rows = (
                (
                    await session.execute(
                        select(voorkeur_table)
                        .where(
                            voorkeur_table.c.bevestiging_nodig,
                            voorkeur_table.c.email.is_not(None),
                            or_(
                                voorkeur_table.c.bevestiging_verstuurd_op.is_(None),
                                voorkeur_table.c.bevestiging_verstuurd_op < nu - BEVESTIGING_WACHT,
                            ),
                            or_(
                                voorkeur_table.c.bevestigingen_sinds.is_(None),
                                voorkeur_table.c.bevestigingen_sinds < dag,
                                voorkeur_table.c.bevestigingen < BEVESTIGINGEN_PER_DAG,
                            ),
                        )
                        .order_by(voorkeur_table.c.aangevraagd_op)
                        .limit(500)
                    )
                )
                .mappings()
                .all()
            )
        return [_voorkeur(row) for row in rows]

    async def bevestigingen_van(self, persoon: str, *, nu: datetime) -> int:
        """Confirmation mails sent for this person's choices in the last day."""
        async with self.db.read() as session:
            total = await session.scalar(
                select(func.coalesce(func.sum(voorkeur_table.c.bevestigingen), 0)).where(
                    voorkeur_table.c.persoon == persoon,
                    voorkeur_table.c.bevestigingen_sinds >= nu - timedelta(days=1),
                )
            )
        return int(total or 0)

    async def neem_bevestiging(self, voorkeur: Voorkeur, *, nu: datetime) -> bool:
        """Claim the sending of its confirmation mail (counted): only one round sends it, whatever
        runs at once. False: another took it, or the address changed meanwhile."""
        nieuwe_dag = or_(
            voorkeur_table.c.bevestigingen_sinds.is_(None),
            voorkeur_table.c.bevestigingen_sinds < nu - timedelta(days=1),
        )
        async with self.db.write() as session:
            result = await session.execute(
                update(voorkeur_table)
                .where(
                    voorkeur_table.c.id == voorkeur.id,
                    voorkeur_table.c.aangevraagd_op == voorkeur.aangevraagd_op,
                    voorkeur_table.c.bevestiging_nodig,
                )
                .values(
                    bevestiging_nodig=False,
                    bevestiging_verstuurd_op=nu,
                    bevestigingen=case((nieuwe_dag, 1), else_=voorkeur_table.c.bevestigingen + 1),
                    bevestigingen_sinds=case((nieuwe_dag, nu), else_=voorkeur_table.c.bevestigingen_sinds),
                )
            )
        return cast(CursorResult[Any], result).rowcount == 1

    async def bevestiging_terug(self, voorkeur: Voorkeur) -> None:
        """Its confirmation mail could not be sent for now: it is tried again later."""
        async with self.db.write() as session:
            await session.execute(
                update(voorkeur_table)
                .where(
                    voorkeur_table.c.id == voorkeur.id,
                    voorkeur_table.c.aangevraagd_op == voorkeur.aangevraagd_op,
                )
                .values(bevestiging_nodig=True)
            )

    async def van_vereniging(self, v_code: str) -> list[Voorkeur]:
        """The choices that mail this association's notices."""
        async with self.db.read() as session:
            rows = (
                (
                    await session.execute(
                        select(voorkeur_table).where(
                            voorkeur_table.c.v_code == v_code,
                            voorkeur_table.c.bevestigd_op.is_not(None),
                            voorkeur_table.c.frequentie != Frequentie.NOOIT.value,
                        )
                    )
                )
                .mappings()
                .all()
            )
        return [_voorkeur(row) for row in rows]

    async def met_direct(self, v_codes: Iterable[str]) -> set[str]:
        """Which of these associations have someone who wants their notices at once."""
        wanted = sorted(set(v_codes))
        if not wanted:
            return set()
        async with self.db.read() as session:
            rows = await session.execute(
                select(voorkeur_table.c.v_code)
                .where(
                    voorkeur_table.c.v_code.in_(wanted),
                    voorkeur_table.c.frequentie == Frequentie.DIRECT.value,
                    voorkeur_table.c.bevestigd_op.is_not(None),
                )
                .distinct()
            )
            return {row.v_code for row in rows}

    async def te_doen(self, *, gecontroleerd_voor: datetime, digest_voor: datetime) -> set[str]:
        """Associations with a choice due: 'at once' not looked at since `gecontroleerd_voor`
        (news that comes with time: a nearing deadline, a new offering) or whose mail failed, or
        a digest not sent since `digest_voor`."""
        async with self.db.read() as session:
            rows = await session.execute(
                select(voorkeur_table.c.v_code)
                .where(
                    voorkeur_table.c.bevestigd_op.is_not(None),
                    or_(
                        (voorkeur_table.c.frequentie == Frequentie.DIRECT.value)
                        & or_(
                            voorkeur_table.c.gecontroleerd_op.is_(None),
                            voorkeur_table.c.gecontroleerd_op < gecontroleerd_voor,
                        ),
                        (voorkeur_table.c.frequentie == Frequentie.DAGELIJKS.value)
                        & (voorkeur_table.c.digest_op < digest_voor),
                    ),
                )
                .distinct()
                .limit(10_000)
            )
            return {row.v_code for row in rows}

    async def opnieuw(self, voorkeur: Voorkeur) -> None:
        """Its mail could not be sent: due again at the next round."""
        async with self.db.write() as session:
            await session.execute(
                update(voorkeur_table).where(voorkeur_table.c.id == voorkeur.id).values(gecontroleerd_op=None)
            )

    async def verzonden(self, voorkeur_id: str) -> set[str]:
        async with self.db.read() as session:
            rows = await session.execute(
                select(verzonden_table.c.sleutel).where(verzonden_table.c.voorkeur_id == voorkeur_id)
            )
            return {row.sleutel for row in rows}

    async def gemaild(
        self, voorkeur: Voorkeur, sleutels: Iterable[str], *, huidig: Iterable[str], digest: bool
    ) -> None:
        """`sleutels` were mailed (or nothing was new); `huidig`: the notices there are now (what
        is no longer there is forgotten, so the table holds no more than what is current)."""
        nu = self.clock()
        values: dict[str, Any] = {"gecontroleerd_op": nu}
        if digest:
            values["digest_op"] = nu
        async with self.db.write() as session:
            await self._noteer(session, voorkeur.id, sleutels, nu)
            await session.execute(
                delete(verzonden_table).where(
                    verzonden_table.c.voorkeur_id == voorkeur.id,
                    verzonden_table.c.sleutel.not_in(sorted({*huidig, *sleutels})),
                )
            )
            await session.execute(
                update(voorkeur_table).where(voorkeur_table.c.id == voorkeur.id).values(values)
            )

    async def _noteer(
        self, session: AsyncSession, voorkeur_id: str, sleutels: Iterable[str], nu: datetime
    ) -> None:
        rows = [{"voorkeur_id": voorkeur_id, "sleutel": s, "verzonden_op": nu} for s in sorted(set(sleutels))]
        if not rows:
            return
        insert = postgresql.insert if self.db.dialect == "postgresql" else sqlite.insert
        await session.execute(
            insert(verzonden_table)
            .values(rows)
            .on_conflict_do_nothing(index_elements=["voorkeur_id", "sleutel"])
        )


class _Taal(StrEnum):
    """The languages a mail can be written in (those of `registry.i18n.LANGUAGES`)."""

    NL = "nl"
    EN = "en"
