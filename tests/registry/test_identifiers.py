"""INSZ and KBO-nummer: valid exactly when the check digits match, whatever the formatting.

The expected check digits are computed here from the rule book (DOMAIN.md), independently of the
product's own helpers: INSZ `97 - (first 9 mod 97)`, or with `2` prefixed to the first 9 for people
born in 2000 or later; KBO `97 - (first 8 mod 97)`.
"""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from registry.associations.identifiers import normalise_insz, normalise_kbo

digits = st.text(alphabet="0123456789", min_size=0, max_size=20)
not_a_digit = st.characters(categories=("L", "P", "S"), exclude_characters=".-/")


def check_of(number: int) -> str:
    return f"{97 - number % 97:02d}"


def insz_checks(body: str) -> set[str]:
    """Both acceptable check digits for a 9-digit INSZ body: born before 2000, or 2000 and later."""
    return {check_of(int(body)), check_of(int("2" + body))}


insz_bodies = st.text(alphabet="0123456789", min_size=9, max_size=9)
kbo_bodies = st.text(alphabet="0123456789", min_size=8, max_size=8)
separators = st.sampled_from(["", ".", "-", " "])


@st.composite
def valid_insz(draw: st.DrawFn) -> str:
    body = draw(insz_bodies)
    return body + draw(st.sampled_from(sorted(insz_checks(body))))


@st.composite
def formatted_insz(draw: st.DrawFn, insz: str) -> str:
    """`insz` written like 71.03.25-123.57, with any of dots, dashes, spaces or nothing between groups."""
    groups = [insz[0:2], insz[2:4], insz[4:6], insz[6:9], insz[9:11]]
    text = groups[0]
    for group in groups[1:]:
        text += draw(separators) + group
    return text


@st.composite
def formatted_kbo(draw: st.DrawFn, kbo: str) -> str:
    """`kbo` written like BE 0407.622.011, with or without the BE prefix, dots and spaces."""
    prefix = draw(st.sampled_from(["", "BE", "BE "]))
    separator = st.sampled_from(["", ".", " "])
    return prefix + kbo[0:4] + draw(separator) + kbo[4:7] + draw(separator) + kbo[7:10]


def kbo_of(body: str) -> str:
    return body + check_of(int(body))


@st.composite
def with_inserted(draw: st.DrawFn, value: str, extra: st.SearchStrategy[str]) -> str:
    """`value` with one draw of `extra` inserted at any position."""
    position = draw(st.integers(min_value=0, max_value=len(value)))
    return value[:position] + draw(extra) + value[position:]


# --- INSZ -------------------------------------------------------------------------------------------


@given(insz_bodies)
def test_insz_with_the_check_for_people_born_before_2000_is_accepted(body: str) -> None:
    insz = body + check_of(int(body))

    assert normalise_insz(insz) == insz


@given(insz_bodies)
def test_insz_with_the_check_for_people_born_in_2000_or_later_is_accepted(body: str) -> None:
    insz = body + check_of(int("2" + body))

    assert normalise_insz(insz) == insz


@given(valid_insz().flatmap(lambda insz: st.tuples(st.just(insz), formatted_insz(insz))))
def test_insz_formatted_with_dots_dashes_and_spaces_is_accepted_as_its_digits(
    example: tuple[str, str],
) -> None:
    insz, formatted = example

    assert normalise_insz(formatted) == insz


def test_insz_in_the_usual_notation_is_accepted() -> None:
    assert normalise_insz("71.03.25-123.57") == "71032512357"


@given(insz_bodies, st.integers(min_value=0, max_value=99))
def test_insz_with_a_check_matching_neither_variant_is_refused(body: str, check: int) -> None:
    assume(f"{check:02d}" not in insz_checks(body))

    assert normalise_insz(f"{body}{check:02d}") is None


@given(digits.filter(lambda value: len(value) != 11))
def test_insz_of_another_length_than_11_digits_is_refused(value: str) -> None:
    assert normalise_insz(value) is None


@given(valid_insz().flatmap(lambda insz: with_inserted(insz, not_a_digit)))
def test_insz_containing_anything_but_digits_and_formatting_is_refused(value: str) -> None:
    assert normalise_insz(value) is None


@pytest.mark.parametrize("insz", ["71032512357", "01131500149", "85073003328", "90022742191"])
def test_fixture_insz_numbers_are_valid(insz: str) -> None:
    assert normalise_insz(insz) == insz


def test_fixture_invalid_insz_is_refused() -> None:
    assert normalise_insz("01234567890") is None


# --- KBO-nummer -------------------------------------------------------------------------------------


@given(kbo_bodies)
def test_kbo_nummer_with_the_matching_check_is_accepted(body: str) -> None:
    assert normalise_kbo(kbo_of(body)) == kbo_of(body)


@given(kbo_bodies.map(kbo_of).flatmap(lambda kbo: st.tuples(st.just(kbo), formatted_kbo(kbo))))
def test_kbo_nummer_with_be_prefix_dots_and_spaces_is_accepted_as_its_digits(
    example: tuple[str, str],
) -> None:
    kbo, formatted = example

    assert normalise_kbo(formatted) == kbo


def test_kbo_nummer_in_the_usual_notation_is_accepted() -> None:
    assert normalise_kbo("BE 0407.622.011") == "0407622011"


@given(kbo_bodies, st.integers(min_value=0, max_value=99))
def test_kbo_nummer_with_any_other_check_is_refused(body: str, check: int) -> None:
    assume(f"{check:02d}" != check_of(int(body)))

    assert normalise_kbo(f"{body}{check:02d}") is None


@given(digits.filter(lambda value: len(value) != 10))
def test_kbo_nummer_of_another_length_than_10_digits_is_refused(value: str) -> None:
    assert normalise_kbo(value) is None


@given(kbo_bodies.map(kbo_of).flatmap(lambda kbo: with_inserted(kbo, not_a_digit)))
def test_kbo_nummer_containing_anything_but_digits_and_formatting_is_refused(value: str) -> None:
    assert normalise_kbo(value) is None


@pytest.mark.parametrize("kbo", ["0407622011", "0123456749", "0554790609"])
def test_fixture_kbo_nummers_are_valid(kbo: str) -> None:
    assert normalise_kbo(kbo) == kbo


def test_fixture_invalid_kbo_nummer_is_refused() -> None:
    assert normalise_kbo("0123456789") is None
