"""Many associations at once (an import, a generated register for measurements): vCodes drawn
in one round trip, never one given before or after to another, and each association stored
whole: its document, its characteristics, its row for search and its first event."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime

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
