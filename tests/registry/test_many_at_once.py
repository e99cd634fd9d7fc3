"""Many associations at once (an import, a generated register for measurements): vCodes drawn
in one round trip, never one given before or after to another, and each association stored
whole: its document, its characteristics, its row for search and its first event."""

from __future__ import annotations

import asyncio
import unicodedata
from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from registry.associations.commands import Actor, RegistratieInvoer
from registry.associations.model import Adres, Gebeurtenis, Locatie, Locatietype, Vereniging
from registry.associations.repository import add_many
from registry.associations.search import Zoekopdracht, zoek
from registry.associations.service import VerenigingenRegister
from registry.associations.vcodes import allocate_vcodes
from registry.db import Database


async def test_vcodes_drawn_at_once_follow_the_last_and_precede_the_next(
    register: VerenigingenRegister, db: Database
) -> None:
    before = await register.registreer_feitelijke_vereniging(
        invoer=RegistratieInvoer(naam="Voor De Reeks"), actor=Actor(door="test")
    )
    async with db.write() as session:
        drawn = await allocate_vcodes(session, 3)
        nothing = await allocate_vcodes(session, 0)
    after = await register.registreer_feitelijke_vereniging(
        invoer=RegistratieInvoer(naam="Na De Reeks"), actor=Actor(door="test")
    )

    numbers = [int(v_code[1:]) for v_code in (before.v_code, *drawn, after.v_code)]
    assert numbers == sorted(set(numbers))  # all different, in order
    assert numbers[1:4] == list(range(numbers[1], numbers[1] + 3))
    assert nothing == []


async def test_associations_added_at_once_are_read_and_found_as_any_other(
    register: VerenigingenRegister, db: Database
) -> None:
    now = datetime.now(UTC)
    async with db.write() as session:
        v_codes = await allocate_vcodes(session, 2)
        entries = [
            (
                Vereniging(
                    v_code=v_code, verenigingstype="FV", naam=naam, hoofdactiviteiten=("SPRT",), versie=1
                ),
                Gebeurtenis(
                    v_code=v_code,
                    versie=1,
                    gebeurtenis="FeitelijkeVerenigingWerdGeregistreerd",
                    data={"naam": naam},
                    tijdstip=now,
                    door="import",
                ),
            )
            for v_code, naam in zip(v_codes, ["Petanqueclub Één", "Petanqueclub Twee"], strict=True)
        ]
        await add_many(session, entries)

    async with db.read() as session:
        found = await zoek(session, Zoekopdracht(tekst="petanqueclub een"), max_page_size=20)
    first = await register.get(v_codes[0])
    history = await register.historiek(v_codes[1])

    assert [v.v_code for _, v in found.verenigingen] == [v_codes[0]]
    assert [(f.waarde, f.aantal) for f in found.facetten["hoofdactiviteit"]] == [("SPRT", 1)]
    assert first.naam == "Petanqueclub Één"
    assert [g.gebeurtenis for g in history] == ["FeitelijkeVerenigingWerdGeregistreerd"]


async def test_a_filter_finds_its_value_whatever_its_case_accents_included(db: Database) -> None:
    now = datetime.now(UTC)
    async with db.write() as session:
        [v_code] = await allocate_vcodes(session, 1)
        vereniging = Vereniging(
            v_code=v_code,
            verenigingstype="FV",
            naam="Harmonie Écaussinnes",
            locaties=(
                Locatie(
                    locatie_id=1,
                    locatietype=Locatietype.ACTIVITEITEN,
                    adres=Adres(
                        straatnaam="Grand-Place", huisnummer="1", postcode="7190", gemeente="Écaussinnes"
                    ),
                ),
            ),
            versie=1,
        )
        event = Gebeurtenis(
            v_code=v_code,
            versie=1,
            gebeurtenis="FeitelijkeVerenigingWerdGeregistreerd",
            data={},
            tijdstip=now,
            door="t",
        )
        await add_many(session, [(vereniging, event)])

    nfd = unicodedata.normalize("NFD", "écaussinnes")
    for asked in ("écaussinnes", "ÉCAUSSINNES", "Écaussinnes", nfd, "Écaussinnes\u200b", " ÉCAUSSINNES "):
        async with db.read() as session:
            found = await zoek(session, Zoekopdracht(gemeenten=[asked], types=["fv"]), max_page_size=20)
        assert [v.v_code for _, v in found.verenigingen] == [v_code], asked
        assert [(f.waarde, f.aantal) for f in found.facetten["gemeente"]] == [("Écaussinnes", 1)]


def _in(v_code: str, gemeente: str) -> tuple[Vereniging, Gebeurtenis]:
    vereniging = Vereniging(
        v_code=v_code,
        verenigingstype="FV",
        naam=f"Buurtfeest {v_code}",
        locaties=(
            Locatie(
                locatie_id=1,
                locatietype=Locatietype.ACTIVITEITEN,
                adres=Adres(straatnaam="Dorp", huisnummer="1", postcode="9999", gemeente=gemeente),
            ),
        ),
        versie=1,
    )
    event = Gebeurtenis(
        v_code=v_code,
        versie=1,
        gebeurtenis="FeitelijkeVerenigingWerdGeregistreerd",
        data={},
        tijdstip=datetime.now(UTC),
        door="t",
    )
    return vereniging, event


async def _waiting_on_a_lock(db: Database) -> bool:
    async with db.read() as session:
        waiting = await session.execute(
            text(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE wait_event_type = 'Lock' AND datname = current_database()"
            )
        )
        return bool(waiting.scalar_one())


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)  # (SQLite: one writer at a time)
async def test_two_registrations_bringing_the_same_new_value_wait_on_each_other(db: Database) -> None:
    """The first holds the new value (`gemeente:Nieuwdorp`) uncommitted when the second adds it
    too: the second waits, then takes the first's number for it."""
    first_added = asyncio.Event()
    async with db.write() as session:
        v_codes = await allocate_vcodes(session, 2)

    async def second() -> None:
        await first_added.wait()
        async with db.write() as session:
            await add_many(session, [_in(v_codes[1], "Nieuwdorp")])

    waiting = asyncio.create_task(second())
    async with db.write() as session:
        await add_many(session, [_in(v_codes[0], "Nieuwdorp")])
        first_added.set()
        for _ in range(3000):  # polled, up to 30 s: the second's insert of the value, waiting on ours
            if await _waiting_on_a_lock(db):
                break
            await asyncio.sleep(0.01)
        else:
            raise AssertionError("the second registration never waited on the first")
    await waiting

    async with db.read() as session:
        found = await zoek(session, Zoekopdracht(gemeenten=["nieuwdorp"]), max_page_size=20)
    assert sorted(v.v_code for _, v in found.verenigingen) == v_codes
    assert [(f.waarde, f.aantal) for f in found.facetten["gemeente"]] == [("Nieuwdorp", 2)]


async def test_a_value_that_grows_when_folded_is_held_and_found(db: Database) -> None:
    """`ß` folds to `ss`, `ΐ` to three characters: the register's longest value still fits."""
    async with db.write() as session:
        [v_code] = await allocate_vcodes(session, 1)
        await add_many(session, [_in(v_code, "ß" * 60 + "ΐ" * 60)])

    async with db.read() as session:
        found = await zoek(session, Zoekopdracht(gemeenten=["ẞ" * 60 + "ΐ" * 60]), max_page_size=20)

    assert [v.v_code for _, v in found.verenigingen] == [v_code]
    assert [f.waarde for f in found.facetten["gemeente"]] == ["ß" * 60 + "ΐ" * 60]
