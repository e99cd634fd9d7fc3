"""Contactgegevens: what counts as an e-mail address, a phone number and a web address.

The pure checks are property-tested; one GraphQL test per kind shows the rule reaching the caller as
a field error on `waarde`.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from hypothesis.provisional import urls

from registry.validation import email_address, is_phone, is_url
from tests.registry.test_register_rules import (
    VOEG_CONTACTGEGEVEN_TOE,
    fouten_of,
    nieuwe_vereniging,
    read,
    refused_change,
)
from tests.utils.factories import registreer
from tests.utils.graphql import GraphQLClient
from tests.utils.principals import AN, PIETER, PrincipalSwitch

PHONE_SEPARATORS = " .()/-+"
HTTP_SCHEMES = ("http://", "https://")
letters = st.characters(categories=["L"])


@st.composite
def with_inserted(draw: st.DrawFn, value: str, extra: st.SearchStrategy[str]) -> str:
    """`value` with one draw of `extra` inserted at any position."""
    position = draw(st.integers(min_value=0, max_value=len(value)))
    return value[:position] + draw(extra) + value[position:]


# --- e-mail -----------------------------------------------------------------------------------------


@given(st.emails())
@example("info@snuffelaars.XN--P1AI")  # an IDN top-level domain in capitals, as DNS allows
def test_generated_email_addresses_are_accepted(address: str) -> None:
    assert email_address(address) is not None


@given(st.text().filter(lambda value: "@" not in value))
def test_text_without_at_sign_is_not_an_email_address(value: str) -> None:
    assert email_address(value) is None


@given(st.emails(), st.text(alphabet="abcxyz0123456789", min_size=1))
def test_address_with_two_at_signs_is_not_an_email_address(address: str, prefix: str) -> None:
    assert email_address(f"{prefix}@{address}") is None


@given(st.emails().flatmap(lambda address: with_inserted(address, st.just(" "))))
def test_address_containing_a_space_is_not_an_email_address(address: str) -> None:
    assert email_address(address) is None


@given(st.emails())
def test_address_whose_domain_has_no_dot_is_not_an_email_address(address: str) -> None:
    local, _, domain = address.rpartition("@")

    assert email_address(f"{local}@{domain.replace('.', '')}") is None


# --- telefoon ---------------------------------------------------------------------------------------


@st.composite
def phone_numbers(draw: st.DrawFn) -> str:
    """Up to 15 digits (E.164's longest), with any of the allowed separators around each digit."""
    number = draw(st.text(alphabet="0123456789", min_size=1, max_size=15))
    separators = st.text(alphabet=PHONE_SEPARATORS, max_size=3)
    return draw(separators) + "".join(digit + draw(separators) for digit in number)


@given(phone_numbers())
def test_digits_with_spaces_dots_brackets_slashes_dashes_and_plus_are_a_phone_number(number: str) -> None:
    assert is_phone(number)


@given(st.text().flatmap(lambda value: with_inserted(value, letters)))
def test_text_containing_a_letter_is_not_a_phone_number(value: str) -> None:
    assert not is_phone(value)


@given(st.text(alphabet=PHONE_SEPARATORS))
def test_empty_text_or_separators_alone_are_not_a_phone_number(value: str) -> None:
    assert not is_phone(value)


# --- website and social media -----------------------------------------------------------------------


@given(urls())
def test_generated_http_and_https_urls_are_accepted(url: str) -> None:
    assert is_url(url)


@given(
    st.text().filter(lambda value: not value.lower().startswith(HTTP_SCHEMES))
    | urls().map(lambda url: url.replace("http", "ftp", 1))
    | urls().map(lambda url: "www." + url.partition("://")[2])
)
def test_text_not_starting_with_http_or_https_is_not_a_url(value: str) -> None:
    assert not is_url(value)


@given(
    st.sampled_from(HTTP_SCHEMES),
    st.text().filter(lambda value: "." not in value) | urls().map(lambda url: url.partition("://")[2]),
)
def test_http_url_without_a_dot_is_not_a_url(scheme: str, rest: str) -> None:
    assert not is_url(scheme + rest.replace(".", ""))


# --- through GraphQL --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("contactgegeventype", "waarde", "code"),
    [
        ("E-mail", "info@snuffelaars", "ongeldig_email"),
        ("E-mail", "info@@snuffelaars.be", "ongeldig_email"),
        ("E-mail", '"info"@snuffelaars.be', "ongeldig_email"),
        ("E-mail", "info@[192.0.2.1]", "ongeldig_email"),
        ("E-mail", "info@snuffelaars.local", "ongeldig_email"),
        ("E-mail", "info@-snuffelaars.be", "ongeldig_email"),
        ("Telefoon", "09 123 45 6x", "ongeldig_telefoon"),
        ("Website", "www.snuffelaars.be", "ongeldige_url"),
    ],
)
async def test_adding_an_invalid_contactgegeven_is_refused_naming_the_waarde(
    graphql: GraphQLClient, principal: PrincipalSwitch, contactgegeventype: str, waarde: str, code: str
) -> None:
    before = await nieuwe_vereniging(graphql, principal)

    error = await refused_change(
        graphql,
        principal,
        before,
        VOEG_CONTACTGEGEVEN_TOE,
        {"input": {"contactgegeventype": contactgegeventype, "waarde": waarde}},
        veld="waarde",
        code=code,
    )

    assert fouten_of(error) == {("waarde", code)}


@pytest.mark.parametrize(
    ("waarde", "opgeslagen"),
    [
        pytest.param("secretariaat@Snuffelaars.XN--P1AI", "secretariaat@snuffelaars.рф", id="idn-tld"),
        pytest.param("secretariaat@xn--bcher-kva.be", "secretariaat@bücher.be", id="punycode-domain"),
        pytest.param("secretariaat@BÜCHER.be", "secretariaat@bücher.be", id="unicode-domain"),
        pytest.param("jürgen@bücher.be", "jürgen@bücher.be", id="unicode-local-part"),
        pytest.param("jürgen@bu\u0308cher.be", "jürgen@bücher.be", id="decomposed-umlaut"),
    ],
)
async def test_an_internationalised_email_address_is_stored_in_its_normalised_form(
    graphql: GraphQLClient, principal: PrincipalSwitch, waarde: str, opgeslagen: str
) -> None:
    before = await nieuwe_vereniging(graphql, principal)
    principal.person(AN)

    await graphql.data(
        VOEG_CONTACTGEGEVEN_TOE,
        {
            "vCode": before["vCode"],
            "versie": before["versie"],
            "input": {"contactgegeventype": "E-mail", "waarde": waarde},
        },
    )

    after = await read(graphql, principal, before["vCode"])
    assert [c["waarde"] for c in after["contactgegevens"]] == [
        *(c["waarde"] for c in before["contactgegevens"]),
        opgeslagen,
    ]


async def test_an_email_address_differing_only_in_how_its_domain_is_written_is_a_duplicate(
    graphql: GraphQLClient, principal: PrincipalSwitch
) -> None:
    before = await nieuwe_vereniging(graphql, principal)
    [bestaand] = before["contactgegevens"]
    local, _, domain = bestaand["waarde"].partition("@")

    await refused_change(
        graphql,
        principal,
        before,
        VOEG_CONTACTGEGEVEN_TOE,
        {"input": {"contactgegeventype": "E-mail", "waarde": f"{local}@{domain.upper()}"}},
        veld="waarde",
        code="dubbel_contactgegeven",
    )


async def test_a_vertegenwoordigers_email_address_is_stored_in_its_normalised_form(
    graphql: GraphQLClient, principal: PrincipalSwitch
) -> None:
    pieter = {"insz": PIETER.insz, "voornaam": "Pieter", "achternaam": "Maes", "email": "pieter@BÜCHER.be"}

    created = await registreer(graphql, principal, AN, vertegenwoordigers=[pieter])

    stored = await read(graphql, principal, created["vCode"])
    assert {v["insz"]: v["email"] for v in stored["vertegenwoordigers"]}[PIETER.insz] == "pieter@bücher.be"
