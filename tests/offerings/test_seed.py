"""The demo catalog: over 500 realistic Flemish offerings, the same on every run, each one valid
as the register of offerings stores it; and the synthetic catalog the benchmark matches against."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta

import pytest

from demo.aanbod.stroom import demo_aanbod, synthetisch_aanbod
from demo.sandboxes.kiosk.seed import REGELINGEN
from registry.associations.codes import HOOFDACTIVITEITEN, NIET_VAN_TOEPASSING, werkingsgebieden
from registry.associations.model import Doelgroep, Vereniging
from registry.db import Database
from registry.errors import ValidationFailed
from registry.offerings.matching import match
from registry.offerings.model import Bestuursniveau, DienstInhoud, Dienststatus
from registry.offerings.rules import gecontroleerd
from tests.offerings.factories import OPERATOR, Klok, leeg_register

VANDAAG = date(2026, 3, 2)
CATALOGUS = demo_aanbod(vandaag=VANDAAG)
GEMEENTEN_OP_NIS = {code[5:]: naam for code, naam in werkingsgebieden().items() if len(code) == 10}


def titels(*woorden: str) -> list[str]:
    return [d.titel for d in CATALOGUS if all(woord in d.titel.lower() for woord in woorden)]


def test_the_demo_catalog_holds_more_than_500_offerings() -> None:
    assert len(CATALOGUS) == 520
    assert len(demo_aanbod(vandaag=VANDAAG, aantal=600)) == 600


def test_the_demo_catalog_is_the_same_on_every_run_and_a_smaller_one_is_its_beginning() -> None:
    assert demo_aanbod(vandaag=VANDAAG) == CATALOGUS
    assert demo_aanbod(vandaag=VANDAAG, aantal=100) == CATALOGUS[:100]


def test_deadlines_move_with_the_day_the_demo_runs() -> None:
    later = demo_aanbod(vandaag=VANDAAG + timedelta(days=10))

    assert [d.titel for d in later] == [d.titel for d in CATALOGUS]
    assert [d.aanvraagperiode.tot for d in later] == [
        d.aanvraagperiode.tot and d.aanvraagperiode.tot + timedelta(days=10) for d in CATALOGUS
    ]


def test_every_offering_passes_the_registers_rules_unchanged() -> None:
    for inhoud in CATALOGUS:
        assert gecontroleerd(inhoud) == inhoud, inhoud.titel
        assert DienstInhoud.model_validate(inhoud.document()) == inhoud


def test_every_code_is_known() -> None:
    for inhoud in CATALOGUS:
        assert set(inhoud.criteria.hoofdactiviteiten) <= set(HOOFDACTIVITEITEN), inhoud.titel
        assert set(inhoud.criteria.werkingsgebieden) <= set(werkingsgebieden()) - {NIET_VAN_TOEPASSING}
        bestuur = inhoud.bestuur
        match bestuur.niveau:
            case Bestuursniveau.GEMEENTELIJK:
                assert GEMEENTEN_OP_NIS[bestuur.code] == bestuur.naam
            case Bestuursniveau.PROVINCIAAL:
                assert werkingsgebieden()[bestuur.code] == bestuur.naam
            case Bestuursniveau.VLAAMS:
                assert re.fullmatch(r"OVO\d{6}", bestuur.code), bestuur.code


def test_local_offerings_hold_in_their_own_area() -> None:
    for inhoud in CATALOGUS:
        bestuur, gebieden = inhoud.bestuur, inhoud.criteria.werkingsgebieden
        if bestuur.niveau is Bestuursniveau.GEMEENTELIJK:
            assert [code[5:] for code in gebieden] == [bestuur.code]
        if bestuur.niveau is Bestuursniveau.PROVINCIAAL:
            assert gebieden == (bestuur.code,)


def test_the_catalog_spans_agencies_all_provinces_and_many_municipalities() -> None:
    per_niveau = Counter(d.bestuur.niveau for d in CATALOGUS)
    besturen = {d.bestuur.naam for d in CATALOGUS}

    assert per_niveau[Bestuursniveau.VLAAMS] >= 40
    assert {d.bestuur.code for d in CATALOGUS if d.bestuur.niveau is Bestuursniveau.PROVINCIAAL} == {
        "BE21",
        "BE22",
        "BE23",
        "BE24",
        "BE25",
    }
    assert per_niveau[Bestuursniveau.GEMEENTELIJK] >= 400
    assert len(besturen & set(GEMEENTEN_OP_NIS.values())) >= 50
    assert {"Sport Vlaanderen", "Departement Cultuur, Jeugd en Media", "Agentschap Opgroeien"} <= besturen
    assert {("44021", "Gent"), ("23044", "Liedekerke")} <= {
        (d.bestuur.code, d.bestuur.naam) for d in CATALOGUS
    }


@pytest.mark.parametrize(
    "woorden",
    [
        ("evenementenvergunning",),
        ("sterke drank",),
        ("tenten", "lenen"),
        ("podium",),
        ("zaal reserveren",),
        ("erkenning",),
        ("verzekering", "vrijwilligers"),
        ("ubo-register",),
        ("jaarrekening", "vzw"),
        ("subsidie",),
        ("premie",),
    ],
    ids=lambda woorden: " ".join(woorden),
)
def test_the_catalog_offers_what_associations_look_for(woorden: tuple[str, ...]) -> None:
    assert titels(*woorden)


def test_obligations_of_a_vzw_are_for_associations_with_legal_personality_only() -> None:
    [ubo] = [d for d in CATALOGUS if "UBO-register" in d.titel]

    assert "FV" not in ubo.criteria.verenigingstypes
    assert "VZW" in ubo.criteria.verenigingstypes


def test_aanvraagperioden_are_open_ended_closing_soon_or_later() -> None:
    deadlines = [d.aanvraagperiode.tot for d in CATALOGUS]

    assert sum(tot is None for tot in deadlines) >= 100
    assert sum(tot is not None and VANDAAG <= tot <= VANDAAG + timedelta(days=14) for tot in deadlines) >= 20
    assert sum(tot is not None and tot > VANDAAG + timedelta(days=14) for tot in deadlines) >= 50
    periodes = [d.aanvraagperiode for d in CATALOGUS]
    assert all(p.van <= p.tot for p in periodes if p.van and p.tot)


def test_channels_are_online_through_kiosk_or_at_the_desk() -> None:
    kiosk = [d.kanaal for d in CATALOGUS if d.kanaal.connector == "kiosk"]
    balie = [d.kanaal for d in CATALOGUS if not d.kanaal.digitaal]

    assert kiosk
    assert {k.connector_dienst for k in kiosk} <= set(REGELINGEN)
    assert balie
    assert all(k.uitleg for k in balie)
    assert all(d.kanaal.link for d in CATALOGUS if d.kanaal.digitaal and d.kanaal.connector is None)


def test_criteria_vary() -> None:
    assert any(d.criteria.doelgroep for d in CATALOGUS)
    assert any(d.criteria.verenigingstypes for d in CATALOGUS)
    assert any(len(d.criteria.werkingsgebieden) > 1 for d in CATALOGUS)
    assert any(not d.criteria.werkingsgebieden and not d.criteria.hoofdactiviteiten for d in CATALOGUS)


def test_the_synthetic_catalog_is_published_unique_and_the_same_on_every_run() -> None:
    diensten = synthetisch_aanbod(10_000, vandaag=VANDAAG)

    assert len(diensten) == 10_000
    assert len({d.id for d in diensten}) == 10_000
    assert {d.status for d in diensten} == {Dienststatus.GEPUBLICEERD}
    assert [d.inhoud for d in diensten[:520]] == CATALOGUS
    assert synthetisch_aanbod(50, vandaag=VANDAAG) == diensten[:50]


@pytest.mark.parametrize(
    "maak",
    [lambda: demo_aanbod(vandaag=VANDAAG, aantal=-1), lambda: synthetisch_aanbod(-1, vandaag=VANDAAG)],
    ids=["demo", "synthetisch"],
)
def test_a_negative_number_of_offerings_is_refused_clearly(maak: Callable[[], object]) -> None:
    with pytest.raises(ValidationFailed) as refused:
        maak()

    assert [(f.veld, f.code) for f in refused.value.fouten] == [("aantal", "ongeldig_formaat")]
    assert refused.value.fouten[0].message("nl") == "Verwacht: een aantal van 0 of meer."


async def test_the_demo_catalog_stored_in_the_register_matches_the_demo_association(db: Database) -> None:
    diensten = await leeg_register(db, Klok())
    for nummer, inhoud in enumerate(CATALOGUS):
        await diensten.importeer(inhoud, bron="demo", bron_id=str(nummer), uitgever=OPERATOR)
    vrolijke_bas = Vereniging(
        v_code="V0001001",
        verenigingstype="FV",
        naam="FWA De vrolijke BA's",
        hoofdactiviteiten=("HOSP", "JGDW"),
        werkingsgebieden=("BE24123044",),
        doelgroep=Doelgroep(minimumleeftijd=16, maximumleeftijd=30),
    )

    gevonden = match(vrolijke_bas, await diensten.gepubliceerd(), vandaag=VANDAAG)

    assert len(gevonden) >= 20
    besturen = {m.dienst.inhoud.bestuur.naam for m in gevonden}
    assert {"Liedekerke", "Provincie Vlaams-Brabant", "Agentschap Digitaal Vlaanderen"} <= besturen
    assert besturen.isdisjoint({"Gent", "Provincie Oost-Vlaanderen"})
    lokaal = next(m for m in gevonden if m.dienst.inhoud.bestuur.naam == "Liedekerke")
    assert lokaal.redenen[0].uitleg == "Uw vereniging is actief in Liedekerke, waar deze dienst geldt."
    assert gevonden[0].score >= gevonden[-1].score
