"""Concurrent use of the register: vCodes are never handed out twice, and of two changes made
from the same version exactly one wins while the other is refused without a trace."""

from __future__ import annotations

import asyncio
from functools import partial

import pytest

from hub.auth.principal import Principal, ensure_represents
from registry.associations import onderdelen
from registry.associations.commands import (
    Actor,
    ContactgegevenInvoer,
    RegistratieInvoer,
    VertegenwoordigerInvoer,
)
from registry.associations.kbo_import import import_kbo
from registry.associations.model import Vereniging
from registry.associations.service import Apply, VerenigingenRegister
from registry.db import Database
from registry.errors import PossibleDuplicate, VersionConflict
from tests.utils.services import TEST_SECRET, empty_postgres_register

ACTOR = Actor(door="71032512357")
AN = Principal(sub="an", insz="71032512357")


def invoer(n: int) -> RegistratieInvoer:
    # Distinct names: duplicate suspicion must not be what keeps registrations apart.
    return RegistratieInvoer(naam=f"Parallelle vereniging {n:03d}")


async def test_parallel_registrations_get_distinct_vcodes(register: VerenigingenRegister) -> None:
    registered = await asyncio.gather(
        *(register.registreer_feitelijke_vereniging(invoer=invoer(n), actor=ACTOR) for n in range(50))
    )

    codes = [v.v_code for v in registered]
    assert len(set(codes)) == 50
    assert sorted(codes) == [f"V{number:07d}" for number in range(1001, 1051)]
    stored = await register.get_many(codes)
    assert {v.naam for v in stored.values()} == {f"Parallelle vereniging {n:03d}" for n in range(50)}


@pytest.mark.postgres
async def test_parallel_registrations_on_separate_connections_never_reuse_a_vcode(
    postgres_url: str,
) -> None:
    """Five registers, each with its own engine (like five hub replicas), fifty registrations."""
    empty_postgres_register(postgres_url)
    databases = [Database(postgres_url) for _ in range(5)]
    registers = [VerenigingenRegister(db=db, secret=TEST_SECRET) for db in databases]
    try:
        registered = await asyncio.gather(
            *(
                registers[n % 5].registreer_feitelijke_vereniging(invoer=invoer(n), actor=ACTOR)
                for n in range(50)
            )
        )
    finally:
        for db in databases:
            await db.dispose()
    assert len({v.v_code for v in registered}) == 50


async def test_of_two_changes_from_the_same_version_one_is_refused(register: VerenigingenRegister) -> None:
    base = await register.registreer_feitelijke_vereniging(
        invoer=RegistratieInvoer(naam="Racers", vertegenwoordigers=[]), actor=ACTOR
    )
    base = await _with_representative(register, base)

    def add(waarde: str) -> Apply:
        invoer = ContactgegevenInvoer(contactgegeventype="E-mail", waarde=waarde)
        return lambda v, checks: onderdelen.voeg_contactgegeven_toe(v, invoer, checks=checks)

    outcomes = await asyncio.gather(
        *(
            register.change(
                v_code=base.v_code,
                versie=base.versie,
                actor=ACTOR,
                authorize=partial(_authorize, AN),
                apply=add(f"lid{n}@racers.be"),
            )
            for n in range(5)
        ),
        return_exceptions=True,
    )

    winners = [o for o in outcomes if isinstance(o, Vereniging)]
    losers = [o for o in outcomes if isinstance(o, VersionConflict)]
    assert len(winners) == 1
    assert len(losers) == 4
    stored = await register.get(base.v_code)
    assert stored.versie == base.versie + 1
    assert [c.waarde for c in stored.contactgegevens] == [winners[0].contactgegevens[0].waarde]
    assert [e.versie for e in await register.historiek(base.v_code)] == list(range(1, stored.versie + 1))


def _authorize(principal: Principal, vereniging: Vereniging) -> None:
    ensure_represents(principal, vereniging)


async def _with_representative(register: VerenigingenRegister, vereniging: Vereniging) -> Vereniging:
    rep = VertegenwoordigerInvoer(insz=AN.insz or "", voornaam="An", achternaam="Janssens")
    return await register.change(
        v_code=vereniging.v_code,
        versie=vereniging.versie,
        actor=ACTOR,
        authorize=lambda _: None,
        apply=lambda v, checks: onderdelen.voeg_vertegenwoordiger_toe(v, rep, checks=checks),
    )


async def test_simultaneous_registrations_of_one_name_see_each_other(register: VerenigingenRegister) -> None:
    same = RegistratieInvoer(naam="De Tweelingen")

    outcomes = await asyncio.gather(
        *(register.registreer_feitelijke_vereniging(invoer=same, actor=ACTOR) for _ in range(4)),
        return_exceptions=True,
    )

    assert sum(isinstance(o, Vereniging) for o in outcomes) == 1
    assert sum(isinstance(o, PossibleDuplicate) for o in outcomes) == 3


async def test_simultaneous_imports_of_one_kbo_record_store_it_once(register: VerenigingenRegister) -> None:
    record = {"kboNummer": "0407622011", "rechtsvorm": "017", "naam": "Gelijktijdig vzw"}

    reports = await asyncio.gather(*(import_kbo(register, [record]) for _ in range(5)))

    assert [fout for report in reports for fout in report.fouten] == []
    assert sum(len(report.toegevoegd) for report in reports) == 1
    assert sum(len(report.ongewijzigd) for report in reports) == 4
