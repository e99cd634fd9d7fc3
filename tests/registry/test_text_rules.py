"""Text is text, through the GraphQL API: every text field of the register refuses control
characters (newlines and tabs only where a field holds several lines), bidirectional controls and
noncharacters, and counts a text of only invisible characters as missing; dates and Belgian
postcodes lie within their ranges; lists hold at most their maximum. Each refusal names the field
and stores nothing; no message echoes more than a short, safe excerpt of what was sent."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import pytest
from sqlalchemy import event

from registry.associations import changes
from registry.associations.commands import LocatieInvoer, RegistratieInvoer
from registry.associations.rules import MAX_LOCATIES, MAXIMA
from registry.db import Database
from registry.errors import ValidationFailed
from registry.messages import EXCERPT_LIMIT
from registry.validation import Checks
from tests.registry.test_register_rules import (
    STOP_VERENIGING,
    VOEG_LOCATIE_TOE,
    WIJZIG_BASISGEGEVENS,
    aantal_verenigingen,
    assert_fout,
    nieuwe_vereniging,
    refused_change,
    refused_registration,
)
from tests.utils.factories import REGISTREER, registratie
from tests.utils.graphql import GraphQLClient
from tests.utils.principals import AN, PrincipalSwitch

Json = dict[str, Any]


def adres(**overrides: str) -> Json:
    return {"straatnaam": "Kouter", "huisnummer": "1", "postcode": "9000", "gemeente": "Gent", **overrides}


def locatie(index: int = 0, **adres_overrides: str) -> Json:
    return {
        "locatietype": "Activiteiten",
        "isPrimair": False,
        "adres": adres(huisnummer=str(index + 1), **adres_overrides),
    }


def email(index: int) -> Json:
    return {"contactgegeventype": "E-mail", "waarde": f"lid{index}@snuffelaars.be", "isPrimair": False}


def vertegenwoordiger(insz: str) -> Json:
    return {"insz": insz, "voornaam": "Jan", "achternaam": "Peeters", "isPrimair": False}


def geldige_insz(count: int) -> Iterator[str]:
    """`count` valid INSZ numbers of people born in the 1970s."""
    for number in range(count):
        first9 = f"7{number // 1000 % 10}0101{number % 1000:03d}"
        yield f"{first9}{97 - int(first9) % 97:02d}"


TEXT_RULES = [
    pytest.param({"naam": "Snuffel\x00aars"}, "naam", "controleteken", id="naam-nul"),
    pytest.param({"naam": "Snuffel\x1b[31maars"}, "naam", "controleteken", id="naam-escape"),
    pytest.param({"naam": "Snuffel\x07aars"}, "naam", "controleteken", id="naam-bel"),
    pytest.param({"naam": "Snuffel\x9baars"}, "naam", "controleteken", id="naam-c1"),
    pytest.param({"naam": "Eerste\nTweede"}, "naam", "controleteken", id="naam-newline"),
    pytest.param({"naam": "\u202eSnuffelaars"}, "naam", "richtingsteken", id="naam-override"),
    pytest.param({"naam": "Snuffel\u2066aars\u2069"}, "naam", "richtingsteken", id="naam-isolate"),
    pytest.param({"naam": "Snuffel\ufffeaars"}, "naam", "ongeldig_teken", id="naam-noncharacter"),
    pytest.param({"naam": "\u200b\u200b\u200b"}, "naam", "verplicht", id="naam-zero-width"),
    pytest.param({"naam": "\ufeff\u00ad \u2060\u200d\u200c"}, "naam", "verplicht", id="naam-invisible"),
    pytest.param({"korteNaam": "Snuf\x00"}, "korteNaam", "controleteken", id="kortenaam-nul"),
    pytest.param(
        {"korteBeschrijving": "Wandelen\r met honden"},
        "korteBeschrijving",
        "controleteken",
        id="beschrijving-lone-carriage-return",
    ),
    pytest.param(
        {"korteBeschrijving": "Wandelen\x0bmet honden"},
        "korteBeschrijving",
        "controleteken",
        id="beschrijving-vertical-tab",
    ),
    pytest.param(
        {"locaties": [locatie(straatnaam="Kouter\x1b[2J")]},
        "locaties[0].adres.straatnaam",
        "controleteken",
        id="straatnaam-escape",
    ),
    pytest.param(
        {"contactgegevens": [{**email(0), "beschrijving": "Secretariaat \u202dbeheer"}]},
        "contactgegevens[0].beschrijving",
        "richtingsteken",
        id="contactgegeven-override",
    ),
    pytest.param(
        {"vertegenwoordigers": [{**vertegenwoordiger("71032512357"), "voornaam": "\u200b"}]},
        "vertegenwoordigers[0].voornaam",
        "verplicht",
        id="voornaam-zero-width",
    ),
]


@pytest.mark.parametrize(("overrides", "veld", "code"), TEXT_RULES)
async def test_registration_refuses_text_that_is_not_text(
    graphql: GraphQLClient, principal: PrincipalSwitch, overrides: Json, veld: str, code: str
) -> None:
    await refused_registration(graphql, principal, registratie(**overrides), veld=veld, code=code)


async def test_the_refusal_says_which_character_and_where_without_echoing_it(
    graphql: GraphQLClient, principal: PrincipalSwitch
) -> None:
    error = await refused_registration(
        graphql, principal, registratie(naam="Snuf\x00fel"), veld="naam", code="controleteken"
    )
    [fout] = error["extensions"]["fouten"]
    assert fout["melding"] == (
        "Deze tekst bevat een stuurteken (U+0000) op plaats 5. Gebruik alleen gewone tekst."
    )


async def test_text_is_stored_normalised_trimmed_and_with_newlines_only_where_documented(
    graphql: GraphQLClient, principal: PrincipalSwitch
) -> None:
    stored = await nieuwe_vereniging(
        graphql,
        principal,
        naam="\u200b\ufeffCafe\u0301 De Hoek\u00ad ",  # e + combining acute, wrapped in invisibles
        korteBeschrijving="Wandelen.\r\nMet\thonden.\n",
    )
    assert stored["naam"] == "Café De Hoek"
    assert stored["korteBeschrijving"] == "Wandelen.\nMet\thonden."


async def test_a_change_refuses_control_characters_and_changes_nothing(
    graphql: GraphQLClient, principal: PrincipalSwitch
) -> None:
    before = await nieuwe_vereniging(graphql, principal)
    for naam, code in (("Snuffel\x00aars", "controleteken"), ("\u200b", "verplicht")):
        await refused_change(
            graphql,
            principal,
            before,
            WIJZIG_BASISGEGEVENS,
            {"input": {"naam": naam}},
            veld="naam",
            code=code,
        )


# --- dates and postcodes -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "veld", "code"),
    [
        pytest.param({"startdatum": "0001-01-01"}, "startdatum", "datum_buiten_bereik", id="year-1"),
        pytest.param({"startdatum": "0999-12-31"}, "startdatum", "datum_buiten_bereik", id="before-1000"),
        pytest.param(
            {"locaties": [locatie(postcode="ABCDEFG")]},
            "locaties[0].adres.postcode",
            "ongeldige_postcode",
            id="postcode-letters",
        ),
        pytest.param(
            {"locaties": [locatie(postcode="0999")]},
            "locaties[0].adres.postcode",
            "ongeldige_postcode",
            id="postcode-below-1000",
        ),
        pytest.param(
            {"locaties": [locatie(postcode="90000", land="België")]},
            "locaties[0].adres.postcode",
            "ongeldige_postcode",
            id="postcode-five-digits",
        ),
        pytest.param(
            {"locaties": [locatie(postcode="9OOO", land="Belgium")]},
            "locaties[0].adres.postcode",
            "ongeldige_postcode",
            id="postcode-belgium-in-english",
        ),
    ],
)
async def test_dates_and_belgian_postcodes_lie_within_their_range(
    graphql: GraphQLClient, principal: PrincipalSwitch, overrides: Json, veld: str, code: str
) -> None:
    await refused_registration(graphql, principal, registratie(**overrides), veld=veld, code=code)


async def test_the_oldest_date_and_a_foreign_postcode_are_accepted(
    graphql: GraphQLClient, principal: PrincipalSwitch
) -> None:
    stored = await nieuwe_vereniging(
        graphql,
        principal,
        startdatum="1000-01-01",
        locaties=[locatie(postcode="1234 AB", gemeente="Breda", land="Nederland")],
    )
    assert stored["startdatum"] == "1000-01-01"
    assert stored["locaties"][0]["adres"]["postcode"] == "1234 AB"


async def test_stopping_before_the_year_1000_is_refused(
    graphql: GraphQLClient, principal: PrincipalSwitch
) -> None:
    before = await nieuwe_vereniging(graphql, principal, startdatum=None)
    await refused_change(
        graphql,
        principal,
        before,
        STOP_VERENIGING,
        {"einddatum": "0500-01-01"},
        veld="einddatum",
        code="datum_buiten_bereik",
    )


# --- list maxima ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("veld", "items", "aantal"),
    [
        pytest.param("contactgegevens", [email(i) for i in range(51)], 51, id="contactgegevens-51"),
        pytest.param("locaties", [locatie(i) for i in range(51)], 51, id="locaties-51"),
        # the person registering is a vertegenwoordiger too
        pytest.param(
            "vertegenwoordigers",
            [vertegenwoordiger(n) for n in geldige_insz(50)],
            51,
            id="vertegenwoordigers-51",
        ),
        pytest.param("werkingsgebieden", ["BE23444021"] * 51, 51, id="werkingsgebieden-51"),
        pytest.param("hoofdactiviteitenVerenigingsloket", ["HOSP"] * 22, 22, id="hoofdactiviteiten-22"),
    ],
)
async def test_a_list_longer_than_its_maximum_is_refused_as_a_whole(
    graphql: GraphQLClient, principal: PrincipalSwitch, veld: str, items: list[Any], aantal: int
) -> None:
    # The schema declares the same maxima, so GraphQL refuses the list before the register sees
    # it (naming the variable); the registrant making 51 vertegenwoordigers, the register does.
    waar = veld if veld == "vertegenwoordigers" else f"$input.{veld}"
    error = await refused_registration(
        graphql, principal, {**registratie(), veld: items}, veld=waar, code="te_veel"
    )
    # Only the count is reported: the items of a list that is too long are not read one by one.
    [fout] = error["extensions"]["fouten"]
    assert fout["melding"] == f"Deze lijst kan hoogstens {MAXIMA[veld]} items bevatten (hier: {aantal})."


def test_the_register_itself_refuses_a_list_over_its_maximum() -> None:
    invoer = RegistratieInvoer(naam="Hondenclub", locaties=[LocatieInvoer(locatietype="Activiteiten")] * 51)
    checks = Checks()

    assert changes.registreer(invoer, v_code="V0001001", today=date(2026, 1, 1), checks=checks) is None
    with pytest.raises(ValidationFailed) as refused:
        checks.raise_if_any()
    assert [(f.veld, f.code) for f in refused.value.fouten] == [("locaties", "te_veel")]


async def test_the_longest_lists_are_accepted(graphql: GraphQLClient, principal: PrincipalSwitch) -> None:
    stored = await nieuwe_vereniging(
        graphql,
        principal,
        contactgegevens=[email(i) for i in range(50)],
        locaties=[locatie(i) for i in range(MAX_LOCATIES)],
    )
    assert (len(stored["contactgegevens"]), len(stored["locaties"])) == (50, MAX_LOCATIES)


async def test_adding_a_part_beyond_the_maximum_is_refused(
    graphql: GraphQLClient, principal: PrincipalSwitch
) -> None:
    before = await nieuwe_vereniging(graphql, principal, locaties=[locatie(i) for i in range(MAX_LOCATIES)])
    error = await refused_change(
        graphql,
        principal,
        before,
        VOEG_LOCATIE_TOE,
        {"input": locatie(MAX_LOCATIES)},
        veld="locaties",
        code="te_veel",
    )
    assert (
        error["extensions"]["fouten"][0]["melding"]
        == "Deze lijst kan hoogstens 50 items bevatten (hier: 51)."
    )


async def test_duplicate_locaties_among_many_are_each_found(
    graphql: GraphQLClient, principal: PrincipalSwitch
) -> None:
    locaties = [locatie(i % 25) for i in range(50)]
    error = await refused_registration(
        graphql, principal, registratie(locaties=locaties), veld="locaties[25].adres", code="dubbele_locatie"
    )
    dubbel = sorted(f["veld"] for f in error["extensions"]["fouten"] if f["code"] == "dubbele_locatie")
    assert dubbel == sorted(f"locaties[{i}].adres" for i in range(25, 50))


# --- what messages echo --------------------------------------------------------------------


@contextmanager
def statements(db: Database) -> Iterator[list[str]]:
    """The SQL statements the register sends while the block runs."""
    sent: list[str] = []

    def record(*args: Any) -> None:
        sent.append(args[2])

    engines = db.engines
    for engine in engines:
        event.listen(engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        for engine in engines:
            event.remove(engine, "before_cursor_execute", record)


VERENIGING = "query($vCode: ID!) { vereniging(vCode: $vCode) { vCode naam } }"


@pytest.mark.parametrize(
    ("v_code", "code"),
    [
        # Longer than any string argument may be: refused before the register is asked.
        pytest.param("V" + "9" * 150_000, "VALIDATION_FAILED", id="150-kB"),
        pytest.param("V" + "9" * 9_000, "NOT_FOUND", id="9-kB"),
        pytest.param("v0001001", "NOT_FOUND", id="lower-case"),
        pytest.param("V0001001\x00", "VALIDATION_FAILED", id="nul"),
        pytest.param("V000100\u0661", "NOT_FOUND", id="arabic-indic-digit"),
    ],
)
async def test_a_vcode_of_the_wrong_form_is_not_found_briefly_and_without_sql(
    graphql: GraphQLClient, principal: PrincipalSwitch, db: Database, v_code: str, code: str
) -> None:
    principal.person(AN)
    with statements(db) as sent:
        error = await graphql.error(VERENIGING, {"vCode": v_code})
    assert error["extensions"]["code"] == code, error
    assert sent == []
    assert len(error["message"]) < 120
    assert "\x00" not in error["message"]


async def test_a_message_shows_only_a_short_safe_excerpt_of_the_input(
    graphql: GraphQLClient, principal: PrincipalSwitch
) -> None:
    sent = "\u202e" + "x" * 9_000 + "\x1b"
    contact = {"contactgegeventype": sent, "waarde": "info@snuffelaars.be", "isPrimair": True}
    before = await aantal_verenigingen(graphql)
    principal.person(AN)
    error = await graphql.error(REGISTREER, {"input": registratie(contactgegevens=[contact])})
    assert_fout(error, "contactgegevens[0].contactgegeventype", "onbekende_keuze")
    [fout] = error["extensions"]["fouten"]
    shown = "\ufffd" + "x" * (EXCERPT_LIMIT - 1) + "…"
    assert fout["melding"].startswith(f"'{shown}' kennen we niet.")
    assert await aantal_verenigingen(graphql) == before


@pytest.mark.parametrize(
    "naam",
    [
        pytest.param("\u3164\u3164", id="hangul-filler"),
        pytest.param("\u2800\u2800", id="braille-blank"),
        pytest.param("\u0301" * 20, id="combining-only"),
        pytest.param("\ufe0f", id="variation-selector"),
        pytest.param("\U000e0041\U000e0042", id="tag-characters"),
    ],
)
async def test_a_name_that_shows_nothing_is_missing(
    graphql: GraphQLClient, principal: PrincipalSwitch, naam: str
) -> None:
    await refused_registration(graphql, principal, registratie(naam=naam), veld="naam", code="verplicht")


@pytest.mark.parametrize(
    ("naam", "code"),
    [
        pytest.param("Honden\u2028club", "ongeldig_teken", id="line-separator"),
        pytest.param("Honden\u200fclub", "richtingsteken", id="right-to-left-mark"),
        pytest.param("Hondenclub\U000e0041\U000e0042", "ongeldig_teken", id="hidden-tags"),
    ],
)
async def test_characters_that_hide_or_reorder_text_are_refused_within_a_name(
    graphql: GraphQLClient, principal: PrincipalSwitch, naam: str, code: str
) -> None:
    await refused_registration(graphql, principal, registratie(naam=naam), veld="naam", code=code)
