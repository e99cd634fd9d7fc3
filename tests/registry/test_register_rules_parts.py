"""The register's rules for the parts of an association: contactgegevens, locaties, vertegenwoordigers.

Each rule is checked on registering (paths like `contactgegevens[1].waarde`) and on the mutation
that adds or changes one part (paths like `waarde`). A refused change leaves the association
exactly as it was; an accepted one is one new version and one event.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.registry.test_register_rules import (
    VERWIJDER_CONTACTGEGEVEN,
    VERWIJDER_LOCATIE,
    VERWIJDER_VERTEGENWOORDIGER,
    VOEG_CONTACTGEGEVEN_TOE,
    VOEG_LOCATIE_TOE,
    VOEG_VERTEGENWOORDIGER_TOE,
    WIJZIG_CONTACTGEGEVEN,
    WIJZIG_LOCATIE,
    WIJZIG_VERTEGENWOORDIGER,
    Json,
    accepted_change,
    join,
    nieuwe_vereniging,
    refused,
    refused_change,
    refused_registration,
)
from tests.utils.factories import registratie
from tests.utils.graphql import GraphQLClient
from tests.utils.principals import AN, LOTTE, PIETER, PrincipalSwitch

# --- contactgegevens --------------------------------------------------------------------------------

INFO = {"contactgegeventype": "E-mail", "waarde": "info@snuffelaars.be", "isPrimair": True}


def contact(soort: str, waarde: str, **extra: Any) -> Json:
    return {"contactgegeventype": soort, "waarde": waarde, **extra}


def contact_rule(invoer: Json, veld: str, code: str) -> Any:
    return pytest.param(invoer, veld, code, id=f"{invoer['contactgegeventype']}:{invoer['waarde']!r}:{code}")


CONTACTGEGEVEN_RULES = [
    *(
        contact_rule(contact("E-mail", bad), "waarde", "ongeldig_email")
        for bad in (
            "geen-adres",
            "an@",
            "@snuffelaars.be",
            "an@snuffelaars",
            "an janssens@snuffelaars.be",
            "an@@snuffelaars.be",
            "an@snuffel_aars.be",
        )
    ),
    *(
        contact_rule(contact("Telefoon", bad), "waarde", "ongeldig_telefoon")
        for bad in ("09 abc 45 67", "+", "0470/12.34.56 ext 3", "٠٩١٢٣٤٥٦٧", "09*123*45*67")
    ),
    *(
        contact_rule(contact(soort, bad), "waarde", "ongeldige_url")
        for soort in ("Website", "SocialMedia")
        for bad in ("www.snuffelaars.be", "ftp://snuffelaars.be", "https://localhost", "https://snuf aars.be")
    ),
    contact_rule(contact("E-mail", " \t "), "waarde", "verplicht"),
    contact_rule(contact("Website", "<a href='x'>https://snuffelaars.be</a>"), "waarde", "geen_html"),
    contact_rule(contact("E-mail", "an@snuffelaars.be", beschrijving="x" * 129), "beschrijving", "te_lang"),
    contact_rule(
        contact("E-mail", "an@snuffelaars.be", beschrijving="<em>Secr.</em>"), "beschrijving", "geen_html"
    ),
    contact_rule(contact("E-mail", "an@snuffelaars.be", isPrimair=True), "isPrimair", "meerdere_primair"),
    contact_rule(contact("E-mail", "info@snuffelaars.be"), "waarde", "dubbel_contactgegeven"),
    contact_rule(contact("E-mail", "  info@snuffelaars.be "), "waarde", "dubbel_contactgegeven"),
    contact_rule(contact("Fax", "09 123 45 67"), "contactgegeventype", "onbekende_keuze"),
    contact_rule(contact(" ", "09 123 45 67"), "contactgegeventype", "verplicht"),
]


@pytest.mark.parametrize(("invoer", "veld", "code"), CONTACTGEGEVEN_RULES)
async def test_registration_refuses_invalid_contactgegevens(
    graphql: GraphQLClient, principal: PrincipalSwitch, invoer: Json, veld: str, code: str
) -> None:
    registration = registratie(contactgegevens=[INFO, invoer])

    await refused_registration(
        graphql, principal, registration, veld=join("contactgegevens[1]", veld), code=code
    )


@pytest.mark.parametrize(("invoer", "veld", "code"), CONTACTGEGEVEN_RULES)
async def test_voeg_contactgegeven_toe_refuses_invalid_input(
    graphql: GraphQLClient, principal: PrincipalSwitch, invoer: Json, veld: str, code: str
) -> None:
    before = await nieuwe_vereniging(graphql, principal, contactgegevens=[INFO])

    await refused_change(
        graphql, principal, before, VOEG_CONTACTGEGEVEN_TOE, {"input": invoer}, veld=veld, code=code
    )


@pytest.mark.parametrize(
    "invoer",
    [
        contact("E-mail", "an.janssens+club@mail.snuffelaars.be"),
        contact("E-mail", "secretariaat@snuffelaars.be", beschrijving="x" * 128),
        contact("Telefoon", "+32 (0)9 / 123.45-67"),
        contact("Telefoon", "0470123456", isPrimair=True),
        contact("Website", "https://www.snuffelaars.be"),
        contact("SocialMedia", "http://facebook.com/snuffelaars"),
    ],
    ids=lambda invoer: f"{invoer['contactgegeventype']}:{invoer['waarde']}",
)
async def test_voeg_contactgegeven_toe_is_one_new_version_and_one_event(
    graphql: GraphQLClient, principal: PrincipalSwitch, invoer: Json
) -> None:
    before = await nieuwe_vereniging(graphql, principal, contactgegevens=[INFO])

    after = await accepted_change(
        graphql,
        principal,
        before,
        VOEG_CONTACTGEGEVEN_TOE,
        {"input": invoer},
        gebeurtenis="ContactgegevenWerdToegevoegd",
    )

    added = {
        "contactgegevenId": 2,
        "beschrijving": None,
        "isPrimair": False,
        "bron": "Initiator",
        **invoer,
    }
    assert after["contactgegevens"] == [*before["contactgegevens"], added]
    assert after["historiek"][-1]["data"] == added


@pytest.mark.parametrize(
    ("wijziging", "veld", "code"),
    [
        pytest.param({"waarde": "info(at)snuffelaars.be"}, "waarde", "ongeldig_email", id="email"),
        pytest.param({"waarde": "  "}, "waarde", "verplicht", id="blank"),
        pytest.param({"waarde": None}, "waarde", "verplicht", id="null"),
        pytest.param({"beschrijving": "x" * 129}, "beschrijving", "te_lang", id="beschrijving-too-long"),
        pytest.param({"beschrijving": "<b>Secr.</b>"}, "beschrijving", "geen_html", id="beschrijving-html"),
    ],
)
async def test_wijzig_contactgegeven_refuses_invalid_input(
    graphql: GraphQLClient, principal: PrincipalSwitch, wijziging: Json, veld: str, code: str
) -> None:
    before = await nieuwe_vereniging(graphql, principal, contactgegevens=[INFO])

    await refused_change(
        graphql,
        principal,
        before,
        WIJZIG_CONTACTGEGEVEN,
        {"contactgegevenId": 1, "input": wijziging},
        veld=veld,
        code=code,
    )


@pytest.mark.parametrize(
    ("contactgegeven_id", "wijziging", "veld", "code"),
    [
        pytest.param(2, {"isPrimair": True}, "isPrimair", "meerdere_primair", id="later-becomes-primair"),
        pytest.param(2, {"waarde": "info@snuffelaars.be"}, "waarde", "dubbel_contactgegeven", id="later-dup"),
        pytest.param(1, {"isPrimair": True}, "isPrimair", "meerdere_primair", id="earlier-becomes-primair"),
        pytest.param(
            1, {"waarde": "bestuur@snuffelaars.be"}, "waarde", "dubbel_contactgegeven", id="earlier-dup"
        ),
    ],
)
async def test_wijzig_contactgegeven_refuses_a_second_primair_or_a_duplicate(
    graphql: GraphQLClient,
    principal: PrincipalSwitch,
    contactgegeven_id: int,
    wijziging: Json,
    veld: str,
    code: str,
) -> None:
    before = await nieuwe_vereniging(
        graphql,
        principal,
        contactgegevens=[
            contact("E-mail", "info@snuffelaars.be", isPrimair=contactgegeven_id == 2),
            contact("E-mail", "bestuur@snuffelaars.be", isPrimair=contactgegeven_id == 1),
        ],
    )

    await refused_change(
        graphql,
        principal,
        before,
        WIJZIG_CONTACTGEGEVEN,
        {"contactgegevenId": contactgegeven_id, "input": wijziging},
        veld=veld,
        code=code,
    )


async def test_wijzig_contactgegeven_is_one_new_version_and_one_event(
    graphql: GraphQLClient, principal: PrincipalSwitch
) -> None:
    before = await nieuwe_vereniging(graphql, principal, contactgegevens=[INFO])

    after = await accepted_change(
        graphql,
        principal,
        before,
        WIJZIG_CONTACTGEGEVEN,
        {"contactgegevenId": 1, "input": {"waarde": " bestuur@snuffelaars.be ", "beschrijving": "Bestuur"}},
        gebeurtenis="ContactgegevenWerdGewijzigd",
    )

    assert after["contactgegevens"] == [
        {**before["contactgegevens"][0], "waarde": "bestuur@snuffelaars.be", "beschrijving": "Bestuur"}
    ]
    assert after["historiek"][-1]["data"] == {
        "contactgegevenId": 1,
        "waarde": {"oud": "info@snuffelaars.be", "nieuw": "bestuur@snuffelaars.be"},
        "beschrijving": {"oud": None, "nieuw": "Bestuur"},
    }


async def test_verwijder_contactgegeven_is_one_new_version_and_one_event(
    graphql: GraphQLClient, principal: PrincipalSwitch
) -> None:
    before = await nieuwe_vereniging(graphql, principal, contactgegevens=[INFO])

    after = await accepted_change(
        graphql,
        principal,
        before,
        VERWIJDER_CONTACTGEGEVEN,
        {"contactgegevenId": 1},
        gebeurtenis="ContactgegevenWerdVerwijderd",
    )

    assert after["contactgegevens"] == []
    assert after["historiek"][-1]["data"]["contactgegevenId"] == 1


async def test_unknown_contactgegeven_is_not_found(
    graphql: GraphQLClient, principal: PrincipalSwitch
) -> None:
    before = await nieuwe_vereniging(graphql, principal, contactgegevens=[INFO])

    principal.person(AN)
    await refused(
        graphql, principal, before, VERWIJDER_CONTACTGEGEVEN, {"contactgegevenId": 99}, code="NOT_FOUND"
    )


# --- locaties ---------------------------------------------------------------------------------------

KOUTER = {
    "locatietype": "Correspondentie",
    "isPrimair": True,
    "adres": {"straatnaam": "Kouter", "huisnummer": "1", "postcode": "9000", "gemeente": "Gent"},
}
PLEIN = {"straatnaam": "Sint-Pietersplein", "huisnummer": "5", "postcode": "9000", "gemeente": "Gent"}
ACTIVITEITEN = {"locatietype": "Activiteiten", "adres": PLEIN}
ADRES_ID = {"broncode": "AR", "bronwaarde": "https://data.vlaanderen.be/id/adres/3706808"}


def locatie(**changes: Any) -> Json:
    return {**ACTIVITEITEN, **changes}


LOCATIE_RULES = [
    pytest.param(locatie(isPrimair=True), "isPrimair", "meerdere_primair", id="second-primair"),
    pytest.param(
        locatie(locatietype="Correspondentie"), "locatietype", "meerdere_correspondentie", id="second-corresp"
    ),
    pytest.param(
        locatie(locatietype="Maatschappelijke zetel volgens KBO"),
        "locatietype",
        "locatietype_voorbehouden",
        id="kbo-zetel",
    ),
    pytest.param(locatie(locatietype="Thuis"), "locatietype", "onbekende_keuze", id="unknown-type"),
    pytest.param({"locatietype": "Activiteiten"}, "adres", "adres_of_adresid", id="no-adres"),
    *(
        pytest.param(locatie(adres={**PLEIN, veld: "  "}), f"adres.{veld}", "verplicht", id=f"blank-{veld}")
        for veld in ("straatnaam", "huisnummer", "postcode", "gemeente")
    ),
    pytest.param(
        locatie(adres={**PLEIN, "straatnaam": "<b>Plein</b>"}),
        "adres.straatnaam",
        "geen_html",
        id="adres-html",
    ),
    pytest.param(locatie(naam="<i>Lokaal</i>"), "naam", "geen_html", id="naam-html"),
    *(
        pytest.param(locatie(adres=None, adresId=adres_id), "adresId", "ongeldig_adresid", id=name)
        for name, adres_id in (
            ("adresid-broncode", {**ADRES_ID, "broncode": "CRAB"}),
            ("adresid-elsewhere", {**ADRES_ID, "bronwaarde": "https://example.com/id/adres/3706808"}),
            ("adresid-not-digits", {**ADRES_ID, "bronwaarde": "https://data.vlaanderen.be/id/adres/abc"}),
            ("adresid-blank", {"broncode": " ", "bronwaarde": " "}),
        )
    ),
]


@pytest.mark.parametrize(("invoer", "veld", "code"), LOCATIE_RULES)
async def test_registration_refuses_invalid_locaties(
    graphql: GraphQLClient, principal: PrincipalSwitch, invoer: Json, veld: str, code: str
) -> None:
    registration = registratie(locaties=[KOUTER, invoer])

    await refused_registration(graphql, principal, registration, veld=join("locaties[1]", veld), code=code)


@pytest.mark.parametrize(("invoer", "veld", "code"), LOCATIE_RULES)
async def test_voeg_locatie_toe_refuses_invalid_input(
    graphql: GraphQLClient, principal: PrincipalSwitch, invoer: Json, veld: str, code: str
) -> None:
    before = await nieuwe_vereniging(graphql, principal, locaties=[KOUTER])

    await refused_change(
        graphql, principal, before, VOEG_LOCATIE_TOE, {"input": invoer}, veld=veld, code=code
    )


@pytest.mark.parametrize(
    "tweede",
    [
        pytest.param(ACTIVITEITEN, id="same"),
        pytest.param(locatie(adres={k: f" {v} " for k, v in PLEIN.items()}), id="same-after-trim"),
    ],
)
async def test_identical_locaties_are_refused(
    graphql: GraphQLClient, principal: PrincipalSwitch, tweede: Json
) -> None:
    await refused_registration(
        graphql,
        principal,
        registratie(locaties=[ACTIVITEITEN, tweede]),
        veld="locaties[1].adres",
        code="dubbele_locatie",
    )
    before = await nieuwe_vereniging(graphql, principal, locaties=[ACTIVITEITEN])
    await refused_change(
        graphql, principal, before, VOEG_LOCATIE_TOE, {"input": tweede}, veld="adres", code="dubbele_locatie"
    )


async def test_voeg_locatie_toe_with_an_adres_id_is_one_new_version_and_one_event(
    graphql: GraphQLClient, principal: PrincipalSwitch
) -> None:
    before = await nieuwe_vereniging(graphql, principal, locaties=[KOUTER])

    after = await accepted_change(
        graphql,
        principal,
        before,
        VOEG_LOCATIE_TOE,
        {"input": {"locatietype": "Activiteiten", "naam": "Clublokaal", "adresId": ADRES_ID}},
        gebeurtenis="LocatieWerdToegevoegd",
    )

    added = after["locaties"][-1]
    assert len(after["locaties"]) == 2
    assert (added["locatieId"], added["locatietype"], added["naam"], added["adresId"], added["adres"]) == (
        2,
        "Activiteiten",
        "Clublokaal",
        ADRES_ID,
        None,
    )
    assert after["historiek"][-1]["data"]["adresId"] == ADRES_ID


@pytest.mark.parametrize(
    ("locatie_id", "wijziging", "veld", "code"),
    [
        pytest.param(
            1,
            {"locatietype": "Maatschappelijke zetel volgens KBO"},
            "locatietype",
            "locatietype_voorbehouden",
            id="kbo-zetel",
        ),
        pytest.param(1, {"adres": None}, "adres", "adres_of_adresid", id="adres-cleared"),
        pytest.param(
            1, {"adres": {**PLEIN, "postcode": ""}}, "adres.postcode", "verplicht", id="blank-postcode"
        ),
        pytest.param(
            1,
            {"adresId": {**ADRES_ID, "broncode": "X"}},
            "adresId",
            "ongeldig_adresid",
            id="bad-adresid",
        ),
        pytest.param(
            2,
            {"locatietype": "Correspondentie"},
            "locatietype",
            "meerdere_correspondentie",
            id="second-corresp",
        ),
        pytest.param(2, {"isPrimair": True}, "isPrimair", "meerdere_primair", id="second-primair"),
    ],
)
async def test_wijzig_locatie_refuses_invalid_input(
    graphql: GraphQLClient,
    principal: PrincipalSwitch,
    locatie_id: int,
    wijziging: Json,
    veld: str,
    code: str,
) -> None:
    before = await nieuwe_vereniging(graphql, principal, locaties=[KOUTER, ACTIVITEITEN])

    await refused_change(
        graphql,
        principal,
        before,
        WIJZIG_LOCATIE,
        {"locatieId": locatie_id, "input": wijziging},
        veld=veld,
        code=code,
    )


async def test_wijzig_locatie_is_one_new_version_and_one_event(
    graphql: GraphQLClient, principal: PrincipalSwitch
) -> None:
    before = await nieuwe_vereniging(graphql, principal, locaties=[KOUTER])

    after = await accepted_change(
        graphql,
        principal,
        before,
        WIJZIG_LOCATIE,
        {"locatieId": 1, "input": {"naam": " Hoofdzetel ", "adres": {**PLEIN, "busnummer": "2"}}},
        gebeurtenis="LocatieWerdGewijzigd",
    )

    (changed,) = after["locaties"]
    assert (changed["locatieId"], changed["locatietype"], changed["naam"]) == (
        1,
        "Correspondentie",
        "Hoofdzetel",
    )
    assert changed["adres"] == {**PLEIN, "busnummer": "2", "land": "België"}
    data = after["historiek"][-1]["data"]
    assert (data["locatieId"], data["naam"]) == (1, {"oud": None, "nieuw": "Hoofdzetel"})
    assert "adres" in data


async def test_verwijder_locatie_is_one_new_version_and_one_event(
    graphql: GraphQLClient, principal: PrincipalSwitch
) -> None:
    before = await nieuwe_vereniging(graphql, principal, locaties=[KOUTER, ACTIVITEITEN])

    after = await accepted_change(
        graphql, principal, before, VERWIJDER_LOCATIE, {"locatieId": 1}, gebeurtenis="LocatieWerdVerwijderd"
    )

    assert after["locaties"] == before["locaties"][1:]
    assert after["historiek"][-1]["data"]["locatieId"] == 1


# --- vertegenwoordigers -----------------------------------------------------------------------------


def persoon(
    insz: str = PIETER.insz, voornaam: str = "Pieter", achternaam: str = "Maes", **extra: Any
) -> Json:
    return {"insz": insz, "voornaam": voornaam, "achternaam": achternaam, **extra}


VERTEGENWOORDIGER_FIELD_RULES: list[tuple[Json, str, str, str]] = [
    (persoon(insz="01234567890"), "insz", "ongeldig_insz", "insz-checksum"),
    (persoon(insz="8507300332"), "insz", "ongeldig_insz", "insz-10-digits"),
    (persoon(insz="  "), "insz", "verplicht", "insz-blank"),
    (persoon(voornaam=" "), "voornaam", "verplicht", "voornaam-blank"),
    (persoon(achternaam="<b>Maes</b>"), "achternaam", "geen_html", "achternaam-html"),
    (persoon(email="pieter@"), "email", "ongeldig_email", "email"),
    (persoon(telefoon="bel me"), "telefoon", "ongeldig_telefoon", "telefoon"),
    (persoon(socialMedia="facebook"), "socialMedia", "ongeldige_url", "socialmedia"),
]


@pytest.mark.parametrize(
    ("vertegenwoordigers", "veld", "code"),
    [
        *(
            pytest.param([invoer], join("vertegenwoordigers[0]", veld), code, id=name)
            for invoer, veld, code, name in VERTEGENWOORDIGER_FIELD_RULES
        ),
        pytest.param(
            [persoon(), persoon(insz="85.07.30-033.28")],
            "vertegenwoordigers[1].insz",
            "dubbele_insz",
            id="dup",
        ),
        pytest.param(
            [persoon(isPrimair=True), persoon(LOTTE.insz, "Lotte", "Claes", isPrimair=True)],
            "vertegenwoordigers[1].isPrimair",
            "meerdere_primair",
            id="second-primair",
        ),
    ],
)
async def test_registration_refuses_invalid_vertegenwoordigers(
    graphql: GraphQLClient, principal: PrincipalSwitch, vertegenwoordigers: list[Json], veld: str, code: str
) -> None:
    registration = registratie(vertegenwoordigers=vertegenwoordigers)

    await refused_registration(graphql, principal, registration, veld=veld, code=code)


@pytest.mark.parametrize(
    ("invoer", "veld", "code"),
    [
        *(pytest.param(*case[:3], id=case[3]) for case in VERTEGENWOORDIGER_FIELD_RULES),
        pytest.param(persoon(AN.insz, "An", "Janssens"), "insz", "dubbele_insz", id="dup"),
        pytest.param(
            persoon("71.03.25-123.57", "An", "Janssens"), "insz", "dubbele_insz", id="dup-formatted"
        ),
        pytest.param(persoon(isPrimair=True), "isPrimair", "meerdere_primair", id="second-primair"),
    ],
)
async def test_voeg_vertegenwoordiger_toe_refuses_invalid_input(
    graphql: GraphQLClient, principal: PrincipalSwitch, invoer: Json, veld: str, code: str
) -> None:
    before = await nieuwe_vereniging(graphql, principal)

    await refused_change(
        graphql, principal, before, VOEG_VERTEGENWOORDIGER_TOE, {"input": invoer}, veld=veld, code=code
    )


async def test_added_vertegenwoordiger_is_one_new_version_and_may_then_change_the_vereniging(
    graphql: GraphQLClient, principal: PrincipalSwitch
) -> None:
    before = await nieuwe_vereniging(graphql, principal)

    after = await accepted_change(
        graphql,
        principal,
        before,
        VOEG_VERTEGENWOORDIGER_TOE,
        {"input": persoon(insz=" 85.07.30-033.28 ", rol="Penningmeester")},
        gebeurtenis="VertegenwoordigerWerdToegevoegd",
    )
    principal.person(PIETER)
    data = await graphql.data(
        WIJZIG_LOCATIE, {"vCode": before["vCode"], "versie": 2, "locatieId": 1, "input": {"naam": "Lokaal"}}
    )

    added = after["vertegenwoordigers"][-1]
    assert (added["vertegenwoordigerId"], added["insz"], added["rol"], added["isPrimair"]) == (
        2,
        PIETER.insz,
        "Penningmeester",
        False,
    )
    assert after["historiek"][-1]["data"]["insz"] == PIETER.insz
    assert data["wijzigLocatie"]["versie"] == 3


@pytest.mark.parametrize(
    ("vertegenwoordiger_id", "wijziging", "veld", "code"),
    [
        pytest.param(1, {"voornaam": "  "}, "voornaam", "verplicht", id="voornaam-blank"),
        pytest.param(1, {"achternaam": None}, "achternaam", "verplicht", id="achternaam-null"),
        pytest.param(1, {"email": "an@"}, "email", "ongeldig_email", id="email"),
        pytest.param(1, {"rol": "<script>x</script>"}, "rol", "geen_html", id="rol-html"),
        pytest.param(2, {"isPrimair": True}, "isPrimair", "meerdere_primair", id="later-becomes-primair"),
        pytest.param(1, {"isPrimair": True}, "isPrimair", "meerdere_primair", id="earlier-becomes-primair"),
    ],
)
async def test_wijzig_vertegenwoordiger_refuses_invalid_input(
    graphql: GraphQLClient,
    principal: PrincipalSwitch,
    vertegenwoordiger_id: int,
    wijziging: Json,
    veld: str,
    code: str,
) -> None:
    # Pieter (id 1) is primair when An (id 2, added as the registrant) is the one changed, and
    # the other way round.
    pieter = persoon(isPrimair=vertegenwoordiger_id == 2)
    before = await nieuwe_vereniging(graphql, principal, vertegenwoordigers=[pieter])

    await refused_change(
        graphql,
        principal,
        before,
        WIJZIG_VERTEGENWOORDIGER,
        {"vertegenwoordigerId": vertegenwoordiger_id, "input": wijziging},
        veld=veld,
        code=code,
    )


async def test_wijzig_vertegenwoordiger_is_one_new_version_and_one_event(
    graphql: GraphQLClient, principal: PrincipalSwitch
) -> None:
    before = await nieuwe_vereniging(graphql, principal)

    after = await accepted_change(
        graphql,
        principal,
        before,
        WIJZIG_VERTEGENWOORDIGER,
        {"vertegenwoordigerId": 1, "input": {"rol": " Voorzitter ", "telefoon": "09 123 45 67"}},
        gebeurtenis="VertegenwoordigerWerdGewijzigd",
    )

    (an,) = after["vertegenwoordigers"]
    assert (an["insz"], an["rol"], an["telefoon"]) == (AN.insz, "Voorzitter", "09 123 45 67")
    assert after["historiek"][-1]["data"] == {
        "vertegenwoordigerId": 1,
        "rol": {"oud": None, "nieuw": "Voorzitter"},
        "telefoon": {"oud": None, "nieuw": "09 123 45 67"},
    }


async def test_last_vertegenwoordiger_cannot_be_removed(
    graphql: GraphQLClient, principal: PrincipalSwitch
) -> None:
    before = await nieuwe_vereniging(graphql, principal)

    await refused_change(
        graphql,
        principal,
        before,
        VERWIJDER_VERTEGENWOORDIGER,
        {"vertegenwoordigerId": 1},
        veld="vertegenwoordigerId",
        code="laatste_vertegenwoordiger",
    )


async def test_verwijder_vertegenwoordiger_is_one_new_version_and_one_event(
    graphql: GraphQLClient, principal: PrincipalSwitch
) -> None:
    before = await nieuwe_vereniging(graphql, principal, vertegenwoordigers=[persoon()])

    after = await accepted_change(
        graphql,
        principal,
        before,
        VERWIJDER_VERTEGENWOORDIGER,
        {"vertegenwoordigerId": 1},
        gebeurtenis="VertegenwoordigerWerdVerwijderd",
    )

    assert [v["insz"] for v in after["vertegenwoordigers"]] == [AN.insz]
    assert after["historiek"][-1]["data"]["insz"] == PIETER.insz
