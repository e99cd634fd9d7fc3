"""Text is text for offerings too, through GraphQL: control characters (newlines and tabs only in
the long texts), bidirectional controls and invisible-only texts are refused, dates lie in
2000..2099, and each list holds at most its maximum. Each refusal names the field and stores
nothing."""

from __future__ import annotations

from typing import Any

import pytest

from demo.personas import GRIET
from registry.offerings.rules import MAXIMA
from tests.offerings.test_publishers_graphql import MAAK, MIJN, als, diensten, invoer, maak
from tests.utils.graphql import GraphQLClient
from tests.utils.principals import PrincipalSwitch

__all__ = ["diensten"]  # the fixture, shared with the publishing tests

Json = dict[str, Any]


def met(pad: str, waarde: object) -> Json:
    """A valid offering's input with the field at `pad` (dotted) set to `waarde`."""
    inhoud = invoer()
    *ouders, laatste = pad.split(".")
    plek = inhoud
    for ouder in ouders:
        plek = plek[ouder]
    plek[laatste] = waarde
    return inhoud


@pytest.mark.parametrize(
    ("pad", "waarde", "veld", "code"),
    [
        pytest.param("titel", "Premie\x00", "titel", "controleteken", id="titel-nul"),
        pytest.param("titel", "Premie\nvoor clubs", "titel", "controleteken", id="titel-newline"),
        pytest.param("titel", "\u200b\u2060", "titel", "verplicht", id="titel-invisible"),
        pytest.param(
            "beschrijving", "Steun \u202evoor clubs", "beschrijving", "richtingsteken", id="override"
        ),
        pytest.param("procedure", "Stap 1\x1b[2J", "procedure", "controleteken", id="procedure-escape"),
        pytest.param("bewijsstukken", ["Ledenlijst\x07"], "bewijsstukken[0]", "controleteken", id="item-bel"),
        pytest.param(
            "contact.naam", "Dienst\u2067 Sport", "contact.naam", "richtingsteken", id="contact-isolate"
        ),
        pytest.param(
            "aanvraagperiode.van", "1999-12-31", "aanvraagperiode.van", "datum_buiten_bereik", id="van-1999"
        ),
        pytest.param(
            "aanvraagperiode.tot", "2100-01-01", "aanvraagperiode.tot", "datum_buiten_bereik", id="tot-2100"
        ),
    ],
)
@pytest.mark.usefixtures("diensten")
async def test_an_offering_refuses_text_that_is_not_text_and_dates_out_of_range(
    graphql: GraphQLClient, principal: PrincipalSwitch, pad: str, waarde: object, veld: str, code: str
) -> None:
    als(principal, GRIET)
    error = await graphql.error(MAAK, {"inhoud": met(pad, waarde)})
    assert error["extensions"]["code"] == "VALIDATION_FAILED", error
    assert (veld, code) in {(f["veld"], f["code"]) for f in error["extensions"]["fouten"]}
    assert (await graphql.data(MIJN))["mijnDiensten"] == []


@pytest.mark.parametrize(
    ("pad", "veld", "waarden"),
    [
        pytest.param("themas", "themas", [f"Thema {i}" for i in range(31)], id="themas"),
        pytest.param("bewijsstukken", "bewijsstukken", [f"Stuk {i}" for i in range(31)], id="bewijsstukken"),
        pytest.param(
            "benodigdeGegevens",
            "benodigdeGegevens",
            [f"gegeven{i}" for i in range(31)],
            id="benodigde-gegevens",
        ),
        pytest.param(
            "criteria.werkingsgebieden",
            "criteria.werkingsgebieden",
            ["BE23444021"] * 301,
            id="werkingsgebieden",
        ),
        pytest.param(
            "criteria.hoofdactiviteiten", "criteria.hoofdactiviteiten", ["SPRT"] * 22, id="hoofdactiviteiten"
        ),
    ],
)
@pytest.mark.usefixtures("diensten")
async def test_an_offerings_list_longer_than_its_maximum_is_refused(
    graphql: GraphQLClient, principal: PrincipalSwitch, pad: str, veld: str, waarden: list[str]
) -> None:
    als(principal, GRIET)
    error = await graphql.error(MAAK, {"inhoud": met(pad, waarden)})
    assert error["extensions"]["code"] == "VALIDATION_FAILED", error
    [fout] = error["extensions"]["fouten"]
    # The schema declares the register's maxima: refused before the register sees the list.
    assert (fout["veld"], fout["code"]) == (f"$inhoud.{veld}", "te_veel")
    assert (
        fout["melding"] == f"Deze lijst kan hoogstens {MAXIMA[veld]} items bevatten (hier: {len(waarden)})."
    )
    assert (await graphql.data(MIJN))["mijnDiensten"] == []


@pytest.mark.usefixtures("diensten")
async def test_long_texts_keep_their_lines_and_every_text_is_normalised(
    graphql: GraphQLClient, principal: PrincipalSwitch
) -> None:
    als(principal, GRIET)
    created = await maak(
        graphql,
        titel="\ufeffPremie voor cafe\u0301s\u200b",
        beschrijving="Eerste alinea.\r\n\r\nTweede\talinea.",
        aanvraagperiode={"van": "2000-01-01", "tot": "2099-12-31"},
    )
    assert created["titel"] == "Premie voor cafés"
    assert created["beschrijving"] == "Eerste alinea.\n\nTweede\talinea."
    assert created["aanvraagperiode"] == {"van": "2000-01-01", "tot": "2099-12-31"}
