"""Mandates as the register keeps them: checked input, one that holds per person, end dates on
the Belgian calendar, a bound per association, and every mandate kept once withdrawn."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from demo.personas import AN, MOHAMED, PIETER
from registry.associations import changes
from registry.associations.commands import Actor
from registry.associations.service import VerenigingenRegister
from registry.errors import NotFound, ValidationFailed, VerenigingGestopt
from registry.mandaten import MandaatInvoer, Mandaten, Reikwijdte
from registry.mandaten.service import MAX_ACTIEF, MAX_DUUR

NOW = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)
TODAY = date(2026, 12, 7)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock(NOW)


@pytest.fixture
def mandaten(seeded: VerenigingenRegister, clock: Clock) -> Mandaten:
    return Mandaten(seeded.db, clock=clock)


def invoer(insz: str, reikwijdte: str, einddatum: date | None) -> MandaatInvoer:
    return MandaatInvoer(insz=insz, reikwijdte=reikwijdte, einddatum=einddatum or date(2027, 6, 30))


async def grant(
    mandaten: Mandaten,
    v_code: str = "V0001001",
    *,
    insz: str = MOHAMED.insz,
    reikwijdte: str = "bekijken",
    einddatum: date | None = None,
) -> int:
    granted = await mandaten.verleen(
        v_code,
        invoer(insz, reikwijdte, einddatum),
        door=AN.insz,
        door_naam="An Janssens",
        eigen_insz=AN.insz,
    )
    return granted.id


def fields(error: ValidationFailed) -> dict[str, str]:
    return {f.veld: f.code for f in error.fouten}


async def test_a_granted_mandate_holds_through_its_end_date_and_not_after(
    mandaten: Mandaten, clock: Clock
) -> None:
    await grant(mandaten, einddatum=date(2026, 12, 31))

    clock.now = datetime(2026, 12, 31, 22, 59, tzinfo=UTC)  # 23:59 on the last day, in Brussels
    holding = await mandaten.geldig_voor(MOHAMED.insz)
    clock.now = datetime(2026, 12, 31, 23, 1, tzinfo=UTC)  # 1 January, in Brussels
    ended = await mandaten.geldig_voor(MOHAMED.insz)

    assert holding == {"V0001001": Reikwijdte.BEKIJKEN}
    assert ended == {}
    assert [m.geldig(date(2027, 1, 1)) for m in await mandaten.van("V0001001")] == [False]


async def test_a_new_mandate_for_the_same_person_replaces_the_one_that_holds(mandaten: Mandaten) -> None:
    first = await grant(mandaten, reikwijdte="bekijken")
    second = await grant(mandaten, reikwijdte="beheren", einddatum=date(2027, 3, 1))

    listed = await mandaten.van("V0001001")

    assert [m.id for m in listed] == [second, first]
    assert [m.geldig(TODAY) for m in listed] == [True, False]
    assert listed[1].ingetrokken_door == AN.insz
    assert await mandaten.geldig_voor(MOHAMED.insz) == {"V0001001": Reikwijdte.BEHEREN}


async def test_the_widest_scope_wins_across_associations_and_mandates(mandaten: Mandaten) -> None:
    await grant(mandaten, "V0001001", reikwijdte="beheren")
    await grant(mandaten, "V0001002", reikwijdte="bekijken")

    assert await mandaten.geldig_voor(MOHAMED.insz) == {
        "V0001001": Reikwijdte.BEHEREN,
        "V0001002": Reikwijdte.BEKIJKEN,
    }
    assert await mandaten.geldig_voor(PIETER.insz) == {}


async def test_a_withdrawn_mandate_holds_no_longer_and_stays_in_the_history(mandaten: Mandaten) -> None:
    granted = await grant(mandaten)

    withdrawn, first = await mandaten.trek_in("V0001001", granted, door=AN.insz, door_naam="An Janssens")
    again, second = await mandaten.trek_in("V0001001", granted, door=PIETER.insz, door_naam="Pieter Maes")

    assert withdrawn.ingetrokken_op == NOW
    assert (first, second) == (True, False)
    assert again.ingetrokken_door == AN.insz  # the second withdrawal changed nothing
    assert await mandaten.geldig_voor(MOHAMED.insz) == {}
    assert [(m.id, m.ingetrokken_door_naam) for m in await mandaten.van("V0001001")] == [
        (granted, "An Janssens")
    ]


async def test_a_mandate_is_withdrawn_only_through_its_own_association(mandaten: Mandaten) -> None:
    granted = await grant(mandaten, "V0001001")

    with pytest.raises(NotFound):
        await mandaten.trek_in("V0001002", granted, door=PIETER.insz, door_naam=None)

    assert await mandaten.geldig_voor(MOHAMED.insz) == {"V0001001": Reikwijdte.BEKIJKEN}


WRONG: list[tuple[dict[str, object], str, str]] = [
    ({"insz": "85073003329"}, "insz", "ongeldig_insz"),
    ({"insz": "x" * 10_000}, "insz", "te_lang"),
    ({"insz": AN.insz}, "insz", "eigen_mandaat"),
    ({"reikwijdte": "alles"}, "reikwijdte", "onbekende_keuze"),
    ({"einddatum": TODAY - timedelta(days=1)}, "einddatum", "datum_buiten_bereik"),
    ({"einddatum": TODAY + MAX_DUUR + timedelta(days=1)}, "einddatum", "datum_buiten_bereik"),
    ({"einddatum": None}, "einddatum", "verplicht"),
    ({"naam": "<b>Jan</b>"}, "naam", "geen_html"),
    ({"naam": "Jan\u202e"}, "naam", "richtingsteken"),
    ({"naam": "J" * 121}, "naam", "te_lang"),
]


async def test_wrong_input_is_refused_per_field_and_nothing_is_stored(mandaten: Mandaten) -> None:
    for wrong, veld, code in WRONG:
        values: dict[str, object] = {
            "insz": MOHAMED.insz,
            "reikwijdte": "bekijken",
            "einddatum": date(2027, 1, 1),
            "naam": None,
            **wrong,
        }

        with pytest.raises(ValidationFailed) as refused:
            await mandaten.verleen(
                "V0001001",
                MandaatInvoer(**values),  # type: ignore[arg-type]
                door=AN.insz,
                door_naam=None,
                eigen_insz=AN.insz,
            )

        found = {(f.veld, f.code) for f in refused.value.fouten}
        assert (veld, code) in found, (wrong, found)
        assert {v for v, _ in found} == {veld}, (wrong, found)  # nothing else is said to be wrong
    assert await mandaten.van("V0001001") == []


async def test_an_insz_is_stored_as_its_eleven_digits(mandaten: Mandaten) -> None:
    await grant(mandaten, insz="90.02.27-421.91")

    assert [m.insz for m in await mandaten.van("V0001001")] == [MOHAMED.insz]


async def test_at_most_so_many_mandates_hold_for_one_association(mandaten: Mandaten) -> None:
    valid = [insz_of(n) for n in range(1, MAX_ACTIEF + 2)]
    for insz in valid[:MAX_ACTIEF]:
        await grant(mandaten, insz=insz)

    with pytest.raises(ValidationFailed) as refused:
        await grant(mandaten, insz=valid[MAX_ACTIEF])
    renewed = await grant(mandaten, insz=valid[0], reikwijdte="beheren")  # a replacement still fits

    assert fields(refused.value) == {"insz": "te_veel_mandaten"}
    assert len([m for m in await mandaten.van("V0001001") if m.geldig(TODAY)]) == MAX_ACTIEF
    assert renewed > 0


async def test_a_stopped_or_unknown_association_grants_nothing(
    mandaten: Mandaten, seeded: VerenigingenRegister
) -> None:
    current = await seeded.get("V0001001")
    await seeded.change(
        v_code="V0001001",
        versie=current.versie,
        actor=Actor(door=AN.insz),
        authorize=lambda _: None,
        apply=lambda v, checks: changes.stop(v, TODAY, today=TODAY, checks=checks),
    )

    with pytest.raises(VerenigingGestopt):
        await grant(mandaten, "V0001001")
    with pytest.raises(NotFound):
        await grant(mandaten, "V9999999")
    assert await mandaten.van("V0001001") == []


def insz_of(counter: int) -> str:
    """A valid INSZ of someone born on 1 January 1980 (counter 1 to 997)."""
    base = f"800101{counter:03d}"
    return f"{base}{97 - int(base) % 97:02d}"
