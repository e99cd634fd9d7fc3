"""Whether a connector's area touches where an association is: municipalities by NIS code,
provinces by code, whole provinces on either side, and all of Flanders for a connector that
names no area."""

from __future__ import annotations

import pytest

from hub.routing.gebied import Plaatsen, gebied_van, plaatsen_van, provincie_van, raakt
from registry.associations.codes import Verenigingstype
from registry.associations.model import Adres, Locatie, Locatietype, Vereniging

LIEDEKERKE = Plaatsen(gemeenten=frozenset({"23044"}))


@pytest.mark.parametrize(
    ("codes", "expected"),
    [
        ([], None),
        (["44021"], Plaatsen(gemeenten=frozenset({"44021"}))),
        (["BE23444021"], Plaatsen(gemeenten=frozenset({"44021"}))),
        (["40000", "BE24"], Plaatsen(provincies=frozenset({"BE23", "BE24"}))),
    ],
    ids=["flanders", "nis", "werkingsgebied", "provinces"],
)
def test_a_connectors_codes_make_its_area(codes: list[str], expected: Plaatsen | None) -> None:
    assert gebied_van(codes) == expected


@pytest.mark.parametrize(
    ("gebied", "plaatsen", "expected"),
    [
        (None, LIEDEKERKE, True),
        (None, Plaatsen(), True),
        (["23044"], LIEDEKERKE, True),
        (["44021"], LIEDEKERKE, False),
        (["BE24"], LIEDEKERKE, True),
        (["20001"], LIEDEKERKE, True),
        (["BE23"], LIEDEKERKE, False),
        (["44021"], Plaatsen(provincies=frozenset({"BE23"})), True),
        (["23044"], Plaatsen(provincies=frozenset({"BE23"})), False),
        (["44021"], Plaatsen(), False),
        (["44021"], Plaatsen(gemeenten=frozenset({"23044"}), onbekend=True), True),
    ],
    ids=[
        "flanders-touches-all",
        "flanders-touches-nowhere-known",
        "same-municipality",
        "other-municipality",
        "its-province",
        "its-province-by-nis",
        "other-province",
        "association-in-whole-province",
        "association-in-other-province",
        "no-places-given",
        "a-place-not-known",
    ],
)
def test_areas_touch_by_municipality_or_by_a_whole_province(
    gebied: list[str] | None, plaatsen: Plaatsen, expected: bool
) -> None:
    assert raakt(None if gebied is None else gebied_van(gebied), plaatsen) is expected


def test_an_association_is_where_its_werkingsgebieden_and_its_known_locaties_are() -> None:
    vereniging = Vereniging(
        v_code="V0001001",
        verenigingstype=Verenigingstype.FV,
        naam="Sportclub",
        werkingsgebieden=("BE25", "BE24123044", "NVT"),
        locaties=(
            Locatie(
                locatie_id=1,
                locatietype=Locatietype.ACTIVITEITEN,
                adres=Adres(straatnaam="Kouter", huisnummer="1", postcode="9000", gemeente="gent"),
            ),
            Locatie(
                locatie_id=2,
                locatietype=Locatietype.ACTIVITEITEN,
                adres=Adres(straatnaam="Dorp", huisnummer="2", postcode="9999", gemeente="Nergensdorp"),
            ),
        ),
    )

    # Nergensdorp is no municipality the register can name: everyone is asked about it.
    assert plaatsen_van(vereniging) == Plaatsen(
        gemeenten=frozenset({"23044", "44021"}), provincies=frozenset({"BE25"}), onbekend=True
    )
    placed = vereniging.model_copy(update={"locaties": vereniging.locaties[:1]})
    assert plaatsen_van(placed) == Plaatsen(
        gemeenten=frozenset({"23044", "44021"}), provincies=frozenset({"BE25"})
    )


@pytest.mark.parametrize(
    "werkingsgebieden",
    [(), ("NVT",), ("BE",), ("BE2",), ("Gent",)],
    ids=["none", "nvt", "be", "be2", "a-name"],
)
def test_an_association_without_a_place_the_register_can_read_is_asked_about_everywhere(
    werkingsgebieden: tuple[str, ...],
) -> None:
    vereniging = Vereniging(
        v_code="V0001001", verenigingstype=Verenigingstype.FV, naam="Club", werkingsgebieden=werkingsgebieden
    )

    plaatsen = plaatsen_van(vereniging)

    assert plaatsen.onbekend
    assert raakt(gebied_van(["44021"]), plaatsen)


@pytest.mark.parametrize(
    ("nis", "provincie"),
    [
        ("11002", "BE21"),
        ("23044", "BE24"),
        ("24062", "BE24"),
        ("31005", "BE25"),
        ("44021", "BE23"),
        ("71016", "BE22"),
        ("21004", "BE10"),
        ("62063", None),
    ],
)
def test_a_municipality_lies_in_the_province_its_nis_code_starts_with(
    nis: str, provincie: str | None
) -> None:
    assert provincie_van(nis) == provincie
