"""The register's rules, through the GraphQL API: basisgegevens, stopping, versions, who may change.

A refused change names each offending field (`extensions.fouten`: veld, code, Dutch melding) and
leaves the association exactly as it was; an accepted change is one new version and one event in
the historiek. Contactgegevens, locaties and vertegenwoordigers are in test_register_rules_parts.py,
which reuses the helpers here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from registry.i18n import Language
from registry.kalender import vandaag
from registry.messages import template
from tests.utils.factories import REGISTREER, registratie, registreer
from tests.utils.graphql import READ_VERENIGING, GraphQLClient
from tests.utils.principals import AN, PIETER, PrincipalSwitch

Json = dict[str, Any]


def mutation(name: str, **arguments: str) -> str:
    """A mutation document passing each argument through a variable of the same name."""
    declared = ", ".join(f"${argument}: {kind}" for argument, kind in arguments.items())
    passed = ", ".join(f"{argument}: ${argument}" for argument in arguments)
    return f"mutation({declared}) {{ {name}({passed}) {{ vCode versie }} }}"


CHANGE = {"vCode": "ID!", "versie": "Int!"}
WIJZIG_BASISGEGEVENS = mutation("wijzigBasisgegevens", **CHANGE, input="WijzigBasisgegevensInput!")
VOEG_CONTACTGEGEVEN_TOE = mutation("voegContactgegevenToe", **CHANGE, input="ContactgegevenInput!")
WIJZIG_CONTACTGEGEVEN = mutation(
    "wijzigContactgegeven", **CHANGE, contactgegevenId="Int!", input="WijzigContactgegevenInput!"
)
VERWIJDER_CONTACTGEGEVEN = mutation("verwijderContactgegeven", **CHANGE, contactgegevenId="Int!")
VOEG_LOCATIE_TOE = mutation("voegLocatieToe", **CHANGE, input="LocatieInput!")
WIJZIG_LOCATIE = mutation("wijzigLocatie", **CHANGE, locatieId="Int!", input="WijzigLocatieInput!")
VERWIJDER_LOCATIE = mutation("verwijderLocatie", **CHANGE, locatieId="Int!")
VOEG_VERTEGENWOORDIGER_TOE = mutation("voegVertegenwoordigerToe", **CHANGE, input="VertegenwoordigerInput!")
WIJZIG_VERTEGENWOORDIGER = mutation(
    "wijzigVertegenwoordiger", **CHANGE, vertegenwoordigerId="Int!", input="WijzigVertegenwoordigerInput!"
)
VERWIJDER_VERTEGENWOORDIGER = mutation("verwijderVertegenwoordiger", **CHANGE, vertegenwoordigerId="Int!")
STOP_VERENIGING = mutation("stopVereniging", **CHANGE, einddatum="Date!")
TOTAAL = "{ verenigingen { totaal } }"

STARTDATUM = "2019-03-01"  # of the association `registreer` creates


def in_days(days: int) -> str:
    """An ISO date relative to the register's today (a Belgian day)."""
    return (vandaag() + timedelta(days=days)).isoformat()


def join(prefix: str, veld: str) -> str:
    return f"{prefix}.{veld}" if veld else prefix


def melding_pattern(code: str, language: Language = "nl") -> re.Pattern[str]:
    """The catalog message for `code` in `language`, with any placeholder matching anything."""
    parts = re.split(r"\{\w+\}", template(code, language))
    return re.compile(".+".join(re.escape(part) for part in parts), re.DOTALL)


def assert_fout(error: Json, veld: str, code: str, language: Language = "nl") -> None:
    """`error` is a VALIDATION_FAILED naming `veld` with `code` and that code's message."""
    assert error["extensions"]["code"] == "VALIDATION_FAILED", error
    assert error["message"] == template("VALIDATION_FAILED", language)
    fouten: list[Json] = error["extensions"]["fouten"]
    matching = [f for f in fouten if f["veld"] == veld and f["code"] == code]
    assert matching, fouten
    for fout in matching:
        assert melding_pattern(code, language).fullmatch(fout["melding"]), fout


def fouten_of(error: Json) -> set[tuple[str, str]]:
    return {(f["veld"], f["code"]) for f in error["extensions"]["fouten"]}


async def read(graphql: GraphQLClient, principal: PrincipalSwitch, v_code: str) -> Json:
    """The whole association, historiek and vertegenwoordigers included, as AN sees it."""
    principal.person(AN)
    data = await graphql.data(READ_VERENIGING, {"vCode": v_code})
    vereniging: Json = data["vereniging"]
    return vereniging


async def nieuwe_vereniging(graphql: GraphQLClient, principal: PrincipalSwitch, **overrides: Any) -> Json:
    """A newly registered association (by AN, who represents it), read back whole."""
    created = await registreer(graphql, principal, AN, **overrides)
    return await read(graphql, principal, created["vCode"])


async def aantal_verenigingen(graphql: GraphQLClient) -> int:
    data = await graphql.data(TOTAAL)
    totaal: int = data["verenigingen"]["totaal"]
    return totaal


async def refused(
    graphql: GraphQLClient,
    principal: PrincipalSwitch,
    before: Json,
    document: str,
    variables: Json,
    *,
    code: str,
    versie: int | None = None,
) -> Json:
    """Send `document` as the current principal; it fails with `code` and changes nothing."""
    error = await graphql.error(
        document,
        {"vCode": before["vCode"], "versie": before["versie"] if versie is None else versie, **variables},
    )
    assert error["extensions"]["code"] == code, error
    assert error["message"], error
    assert await read(graphql, principal, before["vCode"]) == before
    return error


async def refused_change(
    graphql: GraphQLClient,
    principal: PrincipalSwitch,
    before: Json,
    document: str,
    variables: Json,
    *,
    veld: str,
    code: str,
) -> Json:
    """AN sends `document`; it is refused naming `veld` with `code`, and nothing changes."""
    principal.person(AN)
    error = await refused(graphql, principal, before, document, variables, code="VALIDATION_FAILED")
    assert_fout(error, veld, code)
    return error


async def accepted_change(
    graphql: GraphQLClient,
    principal: PrincipalSwitch,
    before: Json,
    document: str,
    variables: Json,
    *,
    gebeurtenis: str,
) -> Json:
    """AN sends `document`; it makes one new version and one `gebeurtenis` by AN. Returns the result."""
    principal.person(AN)
    data = await graphql.data(document, {"vCode": before["vCode"], "versie": before["versie"], **variables})
    (answer,) = data.values()
    after = await read(graphql, principal, before["vCode"])
    assert answer["versie"] == after["versie"] == before["versie"] + 1
    assert after["historiek"][:-1] == before["historiek"]
    event = after["historiek"][-1]
    assert (event["versie"], event["gebeurtenis"]) == (after["versie"], gebeurtenis)
    assert (event["door"], event["namens"]) == (AN.insz, None)
    return after


async def refused_registration(
    graphql: GraphQLClient, principal: PrincipalSwitch, registration: Json, *, veld: str, code: str
) -> Json:
    """AN registers `registration`; it is refused naming `veld` with `code`, and nothing is stored."""
    before = await aantal_verenigingen(graphql)
    principal.person(AN)
    error = await graphql.error(REGISTREER, {"input": registration})
    assert_fout(error, veld, code)
    assert await aantal_verenigingen(graphql) == before
    return error


# --- basisgegevens: the same rules on registering and on changing ---------------------------------

BASISGEGEVENS_RULES = [
    pytest.param({"naam": ""}, "naam", "verplicht", id="naam-empty"),
    pytest.param({"naam": " \t "}, "naam", "verplicht", id="naam-blank"),
    pytest.param({"naam": "<b>Snuffelaars</b>"}, "naam", "geen_html", id="naam-html"),
    pytest.param({"naam": "Honden &amp; baasjes"}, "naam", "geen_html", id="naam-entity"),
    pytest.param({"naam": "x" * 251}, "naam", "te_lang", id="naam-too-long"),
    pytest.param({"korteNaam": "<i>Snuf</i>"}, "korteNaam", "geen_html", id="kortenaam-html"),
    pytest.param(
        {"korteBeschrijving": "<script>alert(1)</script>"},
        "korteBeschrijving",
        "geen_html",
        id="kortebeschrijving-html",
    ),
    pytest.param({"startdatum": in_days(2)}, "startdatum", "datum_in_toekomst", id="startdatum-future"),
    pytest.param(
        {"doelgroep": {"minimumleeftijd": -1, "maximumleeftijd": 99}},
        "doelgroep.minimumleeftijd",
        "leeftijd_bereik",
        id="doelgroep-below-0",
    ),
    pytest.param(
        {"doelgroep": {"minimumleeftijd": 12, "maximumleeftijd": 151}},
        "doelgroep.maximumleeftijd",
        "leeftijd_bereik",
        id="doelgroep-above-150",
    ),
    pytest.param(
        {"doelgroep": {"minimumleeftijd": 40, "maximumleeftijd": 20}},
        "doelgroep.minimumleeftijd",
        "minimum_boven_maximum",
        id="doelgroep-min-above-max",
    ),
    pytest.param(
        {"werkingsgebieden": ["BE99"]}, "werkingsgebieden[0]", "onbekende_code", id="gebied-unknown"
    ),
    pytest.param(
        {"werkingsgebieden": ["BE23444021", "BE99"]},
        "werkingsgebieden[1]",
        "onbekende_code",
        id="gebied-second-unknown",
    ),
    pytest.param(
        {"werkingsgebieden": ["NVT", "BE23444021"]}, "werkingsgebieden", "nvt_exclusief", id="gebied-nvt-plus"
    ),
    pytest.param(
        {"hoofdactiviteitenVerenigingsloket": ["HOSP", "XXXX"]},
        "hoofdactiviteitenVerenigingsloket[1]",
        "onbekende_code",
        id="activiteit-unknown",
    ),
    pytest.param(
        {"hoofdactiviteitenVerenigingsloket": ["HOSP", "SPRT", "HOSP"]},
        "hoofdactiviteitenVerenigingsloket[2]",
        "dubbele_code",
        id="activiteit-duplicate",
    ),
]


@pytest.mark.parametrize(("overrides", "veld", "code"), BASISGEGEVENS_RULES)
async def test_registration_refuses_invalid_basisgegevens(
    graphql: GraphQLClient, principal: PrincipalSwitch, overrides: Json, veld: str, code: str
) -> None:
    await refused_registration(graphql, principal, registratie(**overrides), veld=veld, code=code)


@pytest.mark.parametrize(
    ("wijziging", "veld", "code"),
    [
        *BASISGEGEVENS_RULES,
        pytest.param({"naam": None}, "naam", "verplicht", id="naam-null"),
        pytest.param({"roepnaam": "Snuffels"}, "roepnaam", "roepnaam_alleen_kbo", id="roepnaam-fv"),
    ],
)
async def test_wijzig_basisgegevens_refuses_invalid_input(
    graphql: GraphQLClient, principal: PrincipalSwitch, wijziging: Json, veld: str, code: str
) -> None:
    before = await nieuwe_vereniging(graphql, principal)

    await refused_change(
        graphql, principal, before, WIJZIG_BASISGEGEVENS, {"input": wijziging}, veld=veld, code=code
    )


async def test_registration_trims_whitespace_and_treats_blank_as_missing(
    graphql: GraphQLClient, principal: PrincipalSwitch
) -> None:
    stored = await nieuwe_vereniging(
        graphql,
        principal,
        naam="  Hondenclub De Snuffelaars \n",
        korteNaam="   ",
        korteBeschrijving="\tWandelen met honden.  ",
        contactgegevens=[
            {"contactgegeventype": " E-mail ", "waarde": "  info@snuffelaars.be ", "beschrijving": "  "}
        ],
    )

    assert (stored["naam"], stored["korteNaam"], stored["korteBeschrijving"]) == (
        "Hondenclub De Snuffelaars",
        None,
        "Wandelen met honden.",
    )
    assert [(c["contactgegeventype"], c["waarde"], c["beschrijving"]) for c in stored["contactgegevens"]] == [
        ("E-mail", "info@snuffelaars.be", None)
    ]


async def test_registration_is_version_1_with_one_event_by_the_registrant(
    graphql: GraphQLClient, principal: PrincipalSwitch
) -> None:
    stored = await nieuwe_vereniging(graphql, principal, werkingsgebieden=["NVT"])

    assert stored["versie"] == 1
    assert stored["werkingsgebieden"] == [{"code": "NVT", "naam": "Niet van toepassing"}]
    assert [(v["insz"], v["isPrimair"]) for v in stored["vertegenwoordigers"]] == [(AN.insz, True)]
    assert [(e["versie"], e["gebeurtenis"], e["door"]) for e in stored["historiek"]] == [
        (1, "FeitelijkeVerenigingWerdGeregistreerd", AN.insz)
    ]


async def test_anonymous_registration_is_refused_and_stores_nothing(
    graphql: GraphQLClient, principal: PrincipalSwitch
) -> None:
    principal.anonymous()

    error = await graphql.error(REGISTREER, {"input": registratie()})

    assert error["extensions"]["code"] == "UNAUTHENTICATED"
    assert await aantal_verenigingen(graphql) == 0


async def test_wijzig_basisgegevens_is_one_new_version_and_one_event(
    graphql: GraphQLClient, principal: PrincipalSwitch
) -> None:
    before = await nieuwe_vereniging(graphql, principal)

    after = await accepted_change(
        graphql,
        principal,
        before,
        WIJZIG_BASISGEGEVENS,
        {
            "input": {
                "naam": "  Hondenclub De Snuffelneuzen ",
                "doelgroep": {"minimumleeftijd": 0, "maximumleeftijd": 150},
                "werkingsgebieden": ["NVT"],
                "hoofdactiviteitenVerenigingsloket": ["hosp", "SPRT"],
            }
        },
        gebeurtenis="BasisgegevensWerdenGewijzigd",
    )

    assert after["naam"] == "Hondenclub De Snuffelneuzen"
    assert after["doelgroep"] == {"minimumleeftijd": 0, "maximumleeftijd": 150}
    assert [w["code"] for w in after["werkingsgebieden"]] == ["NVT"]
    assert [h["code"] for h in after["hoofdactiviteitenVerenigingsloket"]] == ["HOSP", "SPRT"]
    assert after["korteNaam"] == before["korteNaam"]
    assert after["historiek"][-1]["data"]["naam"] == {
        "oud": "Hondenclub De Snuffelaars",
        "nieuw": "Hondenclub De Snuffelneuzen",
    }


@pytest.mark.parametrize(
    ("document", "variables"),
    [
        pytest.param(
            WIJZIG_BASISGEGEVENS,
            {"input": {"naam": " Hondenclub De Snuffelaars ", "werkingsgebieden": ["BE23444021"]}},
            id="basisgegevens",
        ),
        pytest.param(
            WIJZIG_CONTACTGEGEVEN,
            {"contactgegevenId": 1, "input": {"waarde": "info@snuffelaars.be", "isPrimair": True}},
            id="contactgegeven",
        ),
        pytest.param(WIJZIG_LOCATIE, {"locatieId": 1, "input": {"naam": None}}, id="locatie"),
        pytest.param(
            WIJZIG_VERTEGENWOORDIGER,
            {"vertegenwoordigerId": 1, "input": {"voornaam": AN.voornaam}},
            id="vertegenwoordiger",
        ),
    ],
)
async def test_a_change_that_changes_nothing_keeps_the_version(
    graphql: GraphQLClient, principal: PrincipalSwitch, document: str, variables: Json
) -> None:
    before = await nieuwe_vereniging(graphql, principal)

    data = await graphql.data(document, {"vCode": before["vCode"], "versie": before["versie"], **variables})

    (answer,) = data.values()
    assert answer["versie"] == before["versie"]
    assert await read(graphql, principal, before["vCode"]) == before


# --- several errors, languages --------------------------------------------------------------------


async def test_registration_reports_every_invalid_field_at_once(
    graphql: GraphQLClient, principal: PrincipalSwitch
) -> None:
    registration = registratie(
        naam=" ",
        startdatum=in_days(3),
        doelgroep={"minimumleeftijd": 50, "maximumleeftijd": 10},
        werkingsgebieden=["BE99"],
        contactgegevens=[
            {"contactgegeventype": "E-mail", "waarde": "info@snuffelaars.be"},
            {"contactgegeventype": "E-mail", "waarde": "geen-adres"},
        ],
        locaties=[{"locatietype": "Activiteiten"}],
        vertegenwoordigers=[{"insz": "01234567890", "voornaam": "Piet", "achternaam": "Fout"}],
    )

    error = await refused_registration(graphql, principal, registration, veld="naam", code="verplicht")

    assert fouten_of(error) == {
        ("naam", "verplicht"),
        ("startdatum", "datum_in_toekomst"),
        ("doelgroep.minimumleeftijd", "minimum_boven_maximum"),
        ("werkingsgebieden[0]", "onbekende_code"),
        ("contactgegevens[1].waarde", "ongeldig_email"),
        ("locaties[0].adres", "adres_of_adresid"),
        ("vertegenwoordigers[0].insz", "ongeldig_insz"),
    }


async def test_registration_reports_field_and_collection_errors_together(
    graphql: GraphQLClient, principal: PrincipalSwitch
) -> None:
    registration = registratie(
        naam="",
        contactgegevens=[
            {"contactgegeventype": "E-mail", "waarde": "info@snuffelaars.be"},
            {"contactgegeventype": "E-mail", "waarde": "info@snuffelaars.be"},
        ],
    )

    error = await refused_registration(graphql, principal, registration, veld="naam", code="verplicht")

    assert fouten_of(error) == {("naam", "verplicht"), ("contactgegevens[1].waarde", "dubbel_contactgegeven")}


async def test_wijzig_basisgegevens_reports_every_invalid_field_at_once(
    graphql: GraphQLClient, principal: PrincipalSwitch
) -> None:
    before = await nieuwe_vereniging(graphql, principal)
    wijziging = {
        "naam": "",
        "startdatum": in_days(1),
        "werkingsgebieden": ["NVT", "BE99"],
        "hoofdactiviteitenVerenigingsloket": ["HOSP", "HOSP"],
    }

    error = await refused_change(
        graphql, principal, before, WIJZIG_BASISGEGEVENS, {"input": wijziging}, veld="naam", code="verplicht"
    )

    assert fouten_of(error) == {
        ("naam", "verplicht"),
        ("startdatum", "datum_in_toekomst"),
        ("werkingsgebieden[1]", "onbekende_code"),
        ("hoofdactiviteitenVerenigingsloket[1]", "dubbele_code"),
    }


async def test_error_messages_follow_accept_language(
    graphql: GraphQLClient, principal: PrincipalSwitch
) -> None:
    principal.person(AN)
    variables = {"input": registratie(naam="  ")}

    english = await graphql.error(REGISTREER, variables, headers={"Accept-Language": "en-GB,en;q=0.9"})
    dutch = await graphql.error(REGISTREER, variables)

    assert english["message"] == "Some of the data is not right. Correct the fields in the list."
    assert english["extensions"]["fouten"] == [
        {"veld": "naam", "code": "verplicht", "melding": "Fill in this field."}
    ]
    assert dutch["extensions"]["fouten"] == [
        {"veld": "naam", "code": "verplicht", "melding": "Vul dit veld in."}
    ]
    assert await aantal_verenigingen(graphql) == 0


# --- stopping -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("einddatum", "code"),
    [
        pytest.param(in_days(2), "datum_in_toekomst", id="future"),
        pytest.param("2019-02-28", "einddatum_voor_startdatum", id="before-startdatum"),
    ],
)
async def test_stop_vereniging_refuses_an_invalid_einddatum(
    graphql: GraphQLClient, principal: PrincipalSwitch, einddatum: str, code: str
) -> None:
    before = await nieuwe_vereniging(graphql, principal, startdatum=STARTDATUM)

    await refused_change(
        graphql, principal, before, STOP_VERENIGING, {"einddatum": einddatum}, veld="einddatum", code=code
    )


async def test_stop_vereniging_is_one_new_version_and_one_event(
    graphql: GraphQLClient, principal: PrincipalSwitch
) -> None:
    before = await nieuwe_vereniging(graphql, principal, startdatum=STARTDATUM)

    after = await accepted_change(
        graphql,
        principal,
        before,
        STOP_VERENIGING,
        {"einddatum": STARTDATUM},
        gebeurtenis="VerenigingWerdGestopt",
    )

    assert (after["status"], after["einddatum"]) == ("Gestopt", STARTDATUM)
    assert after["historiek"][-1]["data"] == {"einddatum": STARTDATUM}


AFTER_STOP = [
    pytest.param(WIJZIG_BASISGEGEVENS, {"input": {"naam": "Nieuwe naam"}}, id="wijzigBasisgegevens"),
    pytest.param(
        VOEG_CONTACTGEGEVEN_TOE,
        {"input": {"contactgegeventype": "Telefoon", "waarde": "09 123 45 67"}},
        id="voegContactgegevenToe",
    ),
    pytest.param(VERWIJDER_LOCATIE, {"locatieId": 1}, id="verwijderLocatie"),
    pytest.param(
        WIJZIG_VERTEGENWOORDIGER,
        {"vertegenwoordigerId": 1, "input": {"rol": "Voorzitter"}},
        id="vertegenwoordiger",
    ),
    pytest.param(STOP_VERENIGING, {"einddatum": in_days(0)}, id="stopVereniging"),
]


@pytest.mark.parametrize(("document", "variables"), AFTER_STOP)
async def test_stopped_vereniging_refuses_further_changes(
    graphql: GraphQLClient, principal: PrincipalSwitch, document: str, variables: Json
) -> None:
    created = await nieuwe_vereniging(graphql, principal)
    principal.person(AN)
    await graphql.data(STOP_VERENIGING, {"vCode": created["vCode"], "versie": 1, "einddatum": "2024-06-30"})
    before = await read(graphql, principal, created["vCode"])

    principal.person(AN)
    error = await refused(graphql, principal, before, document, variables, code="VERENIGING_GESTOPT")

    assert error["message"] == "Deze vereniging is gestopt en kan niet meer gewijzigd worden."


# --- versions -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("document", "variables"), AFTER_STOP)
async def test_stale_versie_is_refused_as_a_conflict(
    graphql: GraphQLClient, principal: PrincipalSwitch, document: str, variables: Json
) -> None:
    created = await nieuwe_vereniging(graphql, principal)
    before = await accepted_change(
        graphql,
        principal,
        created,
        WIJZIG_BASISGEGEVENS,
        {"input": {"korteNaam": "Snuf"}},
        gebeurtenis="BasisgegevensWerdenGewijzigd",
    )

    principal.person(AN)
    error = await refused(graphql, principal, before, document, variables, code="VERSION_CONFLICT", versie=1)

    assert (error["extensions"]["verwachteVersie"], error["extensions"]["actueleVersie"]) == (1, 2)


async def test_versie_from_the_future_is_refused_as_a_conflict(
    graphql: GraphQLClient, principal: PrincipalSwitch
) -> None:
    before = await nieuwe_vereniging(graphql, principal)

    principal.person(AN)
    error = await refused(
        graphql,
        principal,
        before,
        WIJZIG_BASISGEGEVENS,
        {"input": {"naam": "Nieuwe naam"}},
        code="VERSION_CONFLICT",
        versie=5,
    )

    assert (error["extensions"]["verwachteVersie"], error["extensions"]["actueleVersie"]) == (5, 1)


async def test_consecutive_changes_each_add_one_version_and_one_event(
    graphql: GraphQLClient, principal: PrincipalSwitch
) -> None:
    first = await nieuwe_vereniging(graphql, principal)
    second = await accepted_change(
        graphql,
        principal,
        first,
        WIJZIG_BASISGEGEVENS,
        {"input": {"korteNaam": "Snuf"}},
        gebeurtenis="BasisgegevensWerdenGewijzigd",
    )
    third = await accepted_change(
        graphql,
        principal,
        second,
        VOEG_CONTACTGEGEVEN_TOE,
        {"input": {"contactgegeventype": "Telefoon", "waarde": "09 123 45 67"}},
        gebeurtenis="ContactgegevenWerdToegevoegd",
    )

    assert [e["versie"] for e in third["historiek"]] == [1, 2, 3]


# --- who may change -------------------------------------------------------------------------------


def as_anonymous(principal: PrincipalSwitch) -> None:
    principal.anonymous()


def as_stranger(principal: PrincipalSwitch) -> None:
    principal.person(PIETER)


def as_representative_acting_for_another(principal: PrincipalSwitch) -> None:
    principal.person(AN, namens="V0009999")


@pytest.mark.parametrize(
    ("become", "code"),
    [
        pytest.param(as_anonymous, "UNAUTHENTICATED", id="anonymous"),
        pytest.param(as_stranger, "FORBIDDEN", id="not-a-representative"),
        pytest.param(as_representative_acting_for_another, "FORBIDDEN", id="namens-other-vcode"),
    ],
)
@pytest.mark.parametrize(
    ("document", "variables"),
    [
        pytest.param(WIJZIG_BASISGEGEVENS, {"input": {"naam": "Overgenomen"}}, id="wijzigBasisgegevens"),
        pytest.param(
            VOEG_VERTEGENWOORDIGER_TOE,
            {"input": {"insz": PIETER.insz, "voornaam": "Pieter", "achternaam": "Maes"}},
            id="voegVertegenwoordigerToe",
        ),
        pytest.param(VERWIJDER_CONTACTGEGEVEN, {"contactgegevenId": 1}, id="verwijderContactgegeven"),
        pytest.param(STOP_VERENIGING, {"einddatum": "2024-06-30"}, id="stopVereniging"),
    ],
)
async def test_only_a_representative_acting_for_the_vereniging_may_change_it(
    graphql: GraphQLClient,
    principal: PrincipalSwitch,
    become: Callable[[PrincipalSwitch], None],
    code: str,
    document: str,
    variables: Json,
) -> None:
    before = await nieuwe_vereniging(graphql, principal)

    become(principal)
    await refused(graphql, principal, before, document, variables, code=code)


async def test_representative_acting_for_the_vereniging_is_recorded_in_historiek(
    graphql: GraphQLClient, principal: PrincipalSwitch
) -> None:
    before = await nieuwe_vereniging(graphql, principal)

    principal.person(AN, namens=before["vCode"])
    await graphql.data(
        WIJZIG_BASISGEGEVENS,
        {"vCode": before["vCode"], "versie": 1, "input": {"korteNaam": "Snuf"}},
    )

    after = await read(graphql, principal, before["vCode"])
    event = after["historiek"][-1]
    assert (after["versie"], after["korteNaam"]) == (2, "Snuf")
    assert (event["gebeurtenis"], event["door"], event["namens"]) == (
        "BasisgegevensWerdenGewijzigd",
        AN.insz,
        before["vCode"],
    )
