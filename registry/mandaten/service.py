"""Granting, withdrawing and reading mandates.

A mandate lets a person (by INSZ) act for an association without being its representative in
the register: to view its private data (`bekijken`) or also to change it and start requests
(`beheren`), through its end date, until withdrawn. Who may grant one is decided by the caller
(`hub.auth.principal.ensure_may_grant`); this module checks the input and keeps the record.

Every mandate stays stored once withdrawn or ended: the list is the association's history of
who could act for it, by whom granted and withdrawn, and when. A mandate is not part of the
register's data on the association (what the Verenigingsregister holds and services are sent),
so granting one makes no new version of the association.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import Any, Final

from sqlalchemy import ColumnElement, RowMapping, func, insert, select, update

from registry.associations import repository, rules
from registry.associations.model import Status
from registry.associations.repository import utc
from registry.db import Database
from registry.errors import NotFound, VerenigingGestopt
from registry.kalender import vandaag
from registry.mandaten.tables import mandaat_table
from registry.validation import Checks

MAX_ACTIEF: Final = 50
"""Mandates that hold at once for one association."""
MAX_DUUR: Final = timedelta(days=5 * 366)
"""How far ahead an end date may lie (about five years)."""
MAX_GETOOND: Final = 200
"""Mandates one list shows, newest first (the ones that still hold are always among them)."""
MAX_NAAM: Final = 120


class Reikwijdte(StrEnum):
    BEKIJKEN = "bekijken"
    """See the association's private data, change nothing."""
    BEHEREN = "beheren"
    """Also change its data, start requests and change dossiers (not grant mandates)."""


@dataclass(frozen=True)
class MandaatInvoer:
    """What a representative sends, unchecked."""

    insz: str | None
    reikwijdte: str | None
    einddatum: date | None
    naam: str | None = None


@dataclass(frozen=True)
class Mandaat:
    id: int
    v_code: str
    insz: str
    naam: str | None
    reikwijdte: Reikwijdte
    einddatum: date
    verleend_op: datetime
    verleend_door: str
    verleend_door_naam: str | None
    ingetrokken_op: datetime | None = None
    ingetrokken_door: str | None = None
    ingetrokken_door_naam: str | None = None

    def geldig(self, dag: date) -> bool:
        """Whether the mandate holds on `dag`."""
        return self.ingetrokken_op is None and self.einddatum >= dag


def _mandaat(row: Mapping[str, Any] | RowMapping) -> Mandaat:
    ingetrokken = row["ingetrokken_op"]
    return Mandaat(
        id=row["id"],
        v_code=row["v_code"],
        insz=row["insz"],
        naam=row["naam"],
        reikwijdte=Reikwijdte(row["reikwijdte"]),
        einddatum=row["einddatum"],
        verleend_op=utc(row["verleend_op"]),
        verleend_door=row["verleend_door"],
        verleend_door_naam=row["verleend_door_naam"],
        ingetrokken_op=utc(ingetrokken) if ingetrokken is not None else None,
        ingetrokken_door=row["ingetrokken_door"],
        ingetrokken_door_naam=row["ingetrokken_door_naam"],
    )


class Mandaten:
    def __init__(self, db: Database, *, clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.db = db
        self.clock = clock

    def today(self) -> date:
        return vandaag(self.clock())

    def check(
        self, invoer: MandaatInvoer, *, eigen_insz: str | None
    ) -> tuple[str, Reikwijdte, date, str | None]:
        """The input as it is stored, or `ValidationFailed` naming every field that is wrong."""
        checks = Checks()
        insz = rules.insz(checks, invoer.insz, veld="insz")
        if insz is not None and insz == eigen_insz:
            checks.fail("insz", "eigen_mandaat")
        reikwijdte = checks.choice("reikwijdte", invoer.reikwijdte, Reikwijdte)
        today = self.today()
        laatste = today + MAX_DUUR
        if invoer.einddatum is None:
            checks.fail("einddatum", "verplicht")
        elif not today <= invoer.einddatum <= laatste:
            checks.fail("einddatum", "datum_buiten_bereik", van=today.isoformat(), tot=laatste.isoformat())
        naam = checks.text("naam", invoer.naam, max_length=MAX_NAAM)
        checks.raise_if_any()
        assert insz is not None
        assert reikwijdte is not None
        assert invoer.einddatum is not None
        return insz, reikwijdte, invoer.einddatum, naam

    async def verleen(
        self,
        v_code: str,
        invoer: MandaatInvoer,
        *,
        door: str,
        door_naam: str | None,
        eigen_insz: str | None,
    ) -> Mandaat:
        """Grant a mandate. One that still holds for the same person is withdrawn in the same
        transaction (a new scope or end date replaces the old); at most `MAX_ACTIEF` hold at once."""
        insz, reikwijdte, einddatum, naam = self.check(invoer, eigen_insz=eigen_insz)
        now = self.clock()
        async with self.db.write() as session:
            # The association's row, locked: two grants for it are made one after the other.
            vereniging = await repository.get(session, v_code, for_update=True)
            if vereniging is None:
                raise NotFound("vereniging", v_code)
            if vereniging.status is Status.GESTOPT:
                raise VerenigingGestopt()
            holding = _holding_where(v_code, vandaag(now))
            others = select(func.count()).where(*holding, mandaat_table.c.insz != insz)
            count = (await session.execute(others)).scalar_one()
            if count >= MAX_ACTIEF:
                checks = Checks()
                checks.fail("insz", "te_veel_mandaten", max=MAX_ACTIEF)
                checks.raise_if_any()
            replaced = update(mandaat_table).where(*holding, mandaat_table.c.insz == insz)
            await session.execute(replaced.values(_ingetrokken(now, door, door_naam)))
            row = {
                "v_code": v_code,
                "insz": insz,
                "naam": naam,
                "reikwijdte": reikwijdte.value,
                "einddatum": einddatum,
                "verleend_op": now,
                "verleend_door": door[:255],
                "verleend_door_naam": _kort(door_naam),
            }
            added = insert(mandaat_table).values(row).returning(mandaat_table.c.id)
            new_id = (await session.execute(added)).scalar_one()
        return _mandaat({**row, "id": new_id, **dict.fromkeys(_ingetrokken(now, door, None), None)})

    async def trek_in(
        self, v_code: str, mandaat_id: int, *, door: str, door_naam: str | None
    ) -> tuple[Mandaat, bool]:
        """Withdraw a mandate of `v_code`: it no longer holds from the mandatee's next request.
        Withdrawing one already withdrawn changes nothing (a form sent twice): then the second
        value is False, and there is nothing new to log."""
        async with self.db.write() as session:
            query = (
                select(mandaat_table)
                .where(mandaat_table.c.id == mandaat_id, mandaat_table.c.v_code == v_code)
                .with_for_update()
            )
            row = (await session.execute(query)).mappings().one_or_none()
            if row is None:
                raise NotFound("mandaat", str(mandaat_id))
            if row["ingetrokken_op"] is not None:
                return _mandaat(row), False
            changes = _ingetrokken(self.clock(), door, door_naam)
            await session.execute(
                update(mandaat_table).where(mandaat_table.c.id == mandaat_id).values(changes)
            )
        return _mandaat({**row, **changes}), True

    async def van(self, v_code: str) -> list[Mandaat]:
        """The association's mandates, newest first: those that hold, withdrawn and ended ones."""
        query = (
            select(mandaat_table)
            .where(mandaat_table.c.v_code == v_code)
            .order_by(mandaat_table.c.id.desc())
            .limit(MAX_GETOOND)
        )
        async with self.db.read() as session:
            return [_mandaat(row) for row in (await session.execute(query)).mappings()]

    async def geldig_voor(self, insz: str) -> dict[str, Reikwijdte]:
        """The associations whose mandates hold today for this person, each with the widest scope.
        Asked on every request of a logged-in person: the register's read by key (one hand-over
        to a reader thread on SQLite), its few rows filtered here."""
        vandaag_iso = self.today().isoformat()
        rows = await self.db.lookup(
            mandaat_table.c.insz,
            [insz],
            mandaat_table.c.v_code,
            mandaat_table.c.reikwijdte,
            mandaat_table.c.einddatum,
            mandaat_table.c.ingetrokken_op,
        )
        found: dict[str, Reikwijdte] = {}
        for v_code, reikwijdte, einddatum, ingetrokken_op in rows:
            # (a date, or its ISO text where a store hands it back unconverted)
            holds = ingetrokken_op is None and str(einddatum)[:10] >= vandaag_iso
            if holds and found.get(v_code) is not Reikwijdte.BEHEREN:
                found[v_code] = Reikwijdte(reikwijdte)
        return found


def _holding_where(v_code: str, dag: date) -> list[ColumnElement[bool]]:
    """The conditions of the association's mandates that hold on `dag`."""
    return [
        mandaat_table.c.v_code == v_code,
        mandaat_table.c.ingetrokken_op.is_(None),
        mandaat_table.c.einddatum >= dag,
    ]


def _ingetrokken(moment: datetime, door: str, door_naam: str | None) -> dict[str, object]:
    return {
        "ingetrokken_op": moment,
        "ingetrokken_door": door[:255],
        "ingetrokken_door_naam": _kort(door_naam),
    }


def _kort(naam: str | None) -> str | None:
    return naam[:250] if naam else None
