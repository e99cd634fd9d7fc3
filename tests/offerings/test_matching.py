"""Aanbod op maat: which published offerings fit an association, why, and in which order.

Every criterion an offering restricts must fit; an empty one restricts nothing. Offerings are
built in memory: matching is pure and never touches a store.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from registry.associations.codes import Verenigingstype
from registry.associations.model import Adres, Doelgroep, Locatie, Locatietype, Vereniging
from registry.errors import ValidationFailed
from registry.offerings.matching import Aanbodindex, match
from registry.offerings.model import (
    Aanvraagperiode,
    Bestuur,
    Bestuursniveau,
    Criteria,
    Dienst,
    Dienststatus,
    Match,
)
from tests.offerings.factories import dienst_inhoud

VANDAAG = date(2026, 3, 2)
GENT, DESTELBERGEN, AALST = "BE23444021", "BE23444084", "BE23141002"
LIEDEKERKE, LEUVEN = "BE24123044", "BE24224062"
OOST_VLAANDEREN, VLAAMS_BRABANT = "BE23", "BE24"


def dienst(
    id: str = "d-1",
    *,
    criteria: Criteria | None = None,
    status: Dienststatus = Dienststatus.GEPUBLICEERD,
    versie: int = 1,
    tot: date | None = None,
    van: date | None = None,
    **inhoud: Any,
) -> Dienst:
    """A published offering with these criteria (none by default) and aanvraagperiode."""
    return Dienst(
        id=id,
        versie=versie,
        status=status,
        inhoud=dienst_inhoud(
            criteria=criteria or Criteria(), aanvraagperiode=Aanvraagperiode(van=van, tot=tot), **inhoud
        ),
        gewijzigd_op=datetime(2026, 1, 5, 9, tzinfo=UTC),
    )


def vereniging(**overrides: Any) -> Vereniging:
    """A feitelijke vereniging in Gent for young people, doing sport."""
    velden: dict[str, Any] = {
        "v_code": "V0001001",
        "verenigingstype": Verenigingstype.FV,
        "naam": "Jeugdvoetbal Gent",
        "hoofdactiviteiten": ("SPRT",),
        "werkingsgebieden": (GENT,),
        "doelgroep": Doelgroep(minimumleeftijd=6, maximumleeftijd=18),
    }
    velden.update(overrides)
    return Vereniging(**velden)


def fits(criteria: Criteria, wie: Vereniging) -> bool:
    return bool(match(wie, [dienst(criteria=criteria)], vandaag=VANDAAG))


def only_match(criteria: Criteria, wie: Vereniging) -> Match:
    [found] = match(wie, [dienst(criteria=criteria)], vandaag=VANDAAG)
    return found


def uitleg(found: Match) -> dict[str, str]:
    return {reden.criterium: reden.uitleg for reden in found.redenen}


# --- offerings for every association ----------------------------------------------------------


@pytest.mark.parametrize(
    "wie",
    [
        vereniging(),
        vereniging(verenigingstype=Verenigingstype.SVON, hoofdactiviteiten=(), werkingsgebieden=()),
        vereniging(werkingsgebieden=("NVT",), doelgroep=Doelgroep(minimumleeftijd=80)),
    ],
    ids=["sportclub in Gent", "foundation without activities or area", "NVT, elderly"],
)
def test_an_offering_without_criteria_fits_every_association_for_everyone(wie: Vereniging) -> None:
    found = only_match(Criteria(), wie)

    assert [(r.criterium, r.uitleg) for r in found.redenen] == [("algemeen", "Voor alle verenigingen.")]
    assert found.score == 0


def test_a_doelgroep_of_all_ages_restricts_nothing() -> None:
    found = only_match(Criteria(doelgroep=Doelgroep(minimumleeftijd=0, maximumleeftijd=150)), vereniging())

    assert uitleg(found) == {"algemeen": "Voor alle verenigingen."}


# --- verenigingstypes ---------------------------------------------------------------------------


def test_a_type_restriction_fits_only_the_listed_types() -> None:
    criteria = Criteria(verenigingstypes=(Verenigingstype.FV, Verenigingstype.VZW))

    assert fits(criteria, vereniging(verenigingstype=Verenigingstype.FV))
    assert fits(criteria, vereniging(verenigingstype=Verenigingstype.VZW))
    assert not fits(criteria, vereniging(verenigingstype=Verenigingstype.PS))


def test_the_type_reden_names_the_associations_own_type() -> None:
    found = only_match(
        Criteria(verenigingstypes=(Verenigingstype.VZW, Verenigingstype.FV)),
        vereniging(verenigingstype=Verenigingstype.VZW),
    )

    assert uitleg(found) == {
        "verenigingstypes": "Voor verenigingen van het type vereniging zonder winstoogmerk, zoals de uwe."
    }


# --- hoofdactiviteiten --------------------------------------------------------------------------


def test_one_hoofdactiviteit_in_common_is_enough() -> None:
    criteria = Criteria(hoofdactiviteiten=("JGDW", "KECU"))

    assert fits(criteria, vereniging(hoofdactiviteiten=("SPRT", "JGDW")))
    assert not fits(criteria, vereniging(hoofdactiviteiten=("SPRT", "HOSP")))
    assert not fits(criteria, vereniging(hoofdactiviteiten=()))


def test_the_activity_reden_names_the_activities_in_common_by_name() -> None:
    found = only_match(
        Criteria(hoofdactiviteiten=("SPRT", "JGDW", "KECU")),
        vereniging(hoofdactiviteiten=("SPRT", "JGDW", "HOSP")),
    )

    assert uitleg(found) == {"hoofdactiviteiten": "Voor verenigingen met hoofdactiviteit Jeugdwerk of Sport."}


# --- werkingsgebieden ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("aanbod", "eigen", "verwacht"),
    [
        ((GENT,), (GENT,), "Uw vereniging is actief in Gent, waar deze dienst geldt."),
        (
            (OOST_VLAANDEREN,),
            (GENT,),
            "Uw vereniging is actief in Gent, in de provincie Oost-Vlaanderen waar deze dienst geldt.",
        ),
        (
            (GENT,),
            (OOST_VLAANDEREN,),
            "Deze dienst geldt in Gent, binnen uw werkingsgebied de provincie Oost-Vlaanderen.",
        ),
        (
            (OOST_VLAANDEREN,),
            (OOST_VLAANDEREN,),
            "Uw vereniging is actief in de provincie Oost-Vlaanderen, waar deze dienst geldt.",
        ),
        (
            (LEUVEN, GENT, AALST),
            (AALST, LIEDEKERKE, GENT),
            "Uw vereniging is actief in Gent en Aalst, waar deze dienst geldt.",
        ),
    ],
    ids=[
        "same municipality",
        "municipality in province",
        "province holds municipality",
        "same province",
        "two",
    ],
)
def test_areas_overlap_when_equal_or_one_holds_the_other(
    aanbod: tuple[str, ...], eigen: tuple[str, ...], verwacht: str
) -> None:
    found = only_match(Criteria(werkingsgebieden=aanbod), vereniging(werkingsgebieden=eigen))

    assert uitleg(found) == {"werkingsgebieden": verwacht}


@pytest.mark.parametrize(
    ("aanbod", "eigen"),
    [
        ((LIEDEKERKE,), (GENT,)),
        ((VLAAMS_BRABANT,), (GENT,)),
        ((GENT,), (VLAAMS_BRABANT,)),
        ((GENT,), (DESTELBERGEN,)),
        ((OOST_VLAANDEREN,), (VLAAMS_BRABANT,)),
    ],
    ids=[
        "other municipality",
        "other province",
        "municipality outside the province",
        "neighbour with the same arrondissement",
        "other province, both provinces",
    ],
)
def test_areas_that_do_not_overlap_do_not_fit(aanbod: tuple[str, ...], eigen: tuple[str, ...]) -> None:
    assert not fits(Criteria(werkingsgebieden=aanbod), vereniging(werkingsgebieden=eigen))


@pytest.mark.parametrize("eigen", [("NVT",), ()], ids=["NVT", "none"])
def test_an_association_without_an_area_fits_only_offerings_without_one(eigen: tuple[str, ...]) -> None:
    wie = vereniging(werkingsgebieden=eigen)

    assert not fits(Criteria(werkingsgebieden=(GENT,)), wie)
    assert not fits(Criteria(werkingsgebieden=(OOST_VLAANDEREN,)), wie)
    assert fits(Criteria(hoofdactiviteiten=("SPRT",)), wie)


def test_the_locaties_do_not_count_as_werkingsgebied() -> None:
    in_gent = vereniging(
        werkingsgebieden=("NVT",),
        locaties=(
            Locatie(
                locatie_id=1,
                locatietype=Locatietype.ACTIVITEITEN,
                adres=Adres(straatnaam="Kouter", huisnummer="1", postcode="9000", gemeente="Gent"),
            ),
        ),
    )

    assert in_gent.gemeenten == ("Gent",)
    assert not fits(Criteria(werkingsgebieden=(GENT,)), in_gent)


# --- doelgroep ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("minimum", "maximum", "past"),
    [
        (18, 25, True),
        (0, 6, True),
        (10, 12, True),
        (0, 150, True),
        (19, 30, False),
        (0, 5, False),
    ],
    ids=["touches the top", "touches the bottom", "inside", "all ages", "above", "below"],
)
def test_age_ranges_fit_when_they_overlap_bounds_included(minimum: int, maximum: int, past: bool) -> None:
    criteria = Criteria(doelgroep=Doelgroep(minimumleeftijd=6, maximumleeftijd=18))
    wie = vereniging(doelgroep=Doelgroep(minimumleeftijd=minimum, maximumleeftijd=maximum))

    assert fits(criteria, wie) is past


def test_the_doelgroep_reden_names_both_age_ranges() -> None:
    found = only_match(
        Criteria(doelgroep=Doelgroep(minimumleeftijd=55, maximumleeftijd=150)),
        vereniging(doelgroep=Doelgroep(minimumleeftijd=0, maximumleeftijd=60)),
    )

    assert uitleg(found) == {
        "doelgroep": (
            "Voor een doelgroep van 55 jaar en ouder; uw vereniging richt zich op tot en met 60 jaar."
        )
    }


# --- all criteria together ----------------------------------------------------------------------


ALLES = Criteria(
    verenigingstypes=(Verenigingstype.FV,),
    hoofdactiviteiten=("SPRT",),
    werkingsgebieden=(GENT,),
    doelgroep=Doelgroep(minimumleeftijd=12, maximumleeftijd=21),
)


@pytest.mark.parametrize(
    "anders",
    [
        {"verenigingstype": Verenigingstype.VZW},
        {"hoofdactiviteiten": ("KECU",)},
        {"werkingsgebieden": (LIEDEKERKE,)},
        {"doelgroep": Doelgroep(minimumleeftijd=30)},
    ],
    ids=["type", "activity", "area", "ages"],
)
def test_every_restricted_criterion_must_fit(anders: dict[str, Any]) -> None:
    assert fits(ALLES, vereniging())
    assert not fits(ALLES, vereniging(**anders))


def test_a_full_fit_gives_one_reden_per_criterion_in_a_fixed_order() -> None:
    found = only_match(ALLES, vereniging())

    assert [r.criterium for r in found.redenen] == [
        "werkingsgebieden",
        "hoofdactiviteiten",
        "verenigingstypes",
        "doelgroep",
    ]


# --- what is offered at all ---------------------------------------------------------------------


def test_only_published_offerings_are_matched() -> None:
    diensten = [
        dienst("draft", status=Dienststatus.DRAFT),
        dienst("archived", status=Dienststatus.GEARCHIVEERD),
        dienst("published"),
    ]

    assert [m.dienst.id for m in match(vereniging(), diensten, vandaag=VANDAAG)] == ["published"]


def test_of_several_published_versions_only_the_newest_counts() -> None:
    diensten = [
        dienst("d-1", versie=2, titel="Nieuwe titel"),
        dienst("d-1", versie=1, titel="Oude titel"),
    ]

    [found] = match(vereniging(), diensten, vandaag=VANDAAG)
    assert (found.dienst.versie, found.dienst.inhoud.titel) == (2, "Nieuwe titel")


def test_an_offering_whose_deadline_has_passed_is_not_matched() -> None:
    diensten = [
        dienst("gisteren", tot=VANDAAG - timedelta(days=1)),
        dienst("vandaag", tot=VANDAAG),
        dienst("doorlopend", tot=None),
    ]

    found = match(vereniging(), diensten, vandaag=VANDAAG)

    assert {m.dienst.id: m.deadline for m in found} == {"vandaag": VANDAAG, "doorlopend": None}


def test_an_offering_not_open_yet_is_matched_so_the_association_can_prepare() -> None:
    later = dienst(van=VANDAAG + timedelta(days=30))

    assert [m.dienst.id for m in match(vereniging(), [later], vandaag=VANDAAG)] == ["d-1"]


# --- ranking ------------------------------------------------------------------------------------


def test_more_specific_offerings_rank_higher() -> None:
    diensten = [
        dienst("vlaanderen"),
        dienst("provincie", criteria=Criteria(werkingsgebieden=(OOST_VLAANDEREN,))),
        dienst("gemeente", criteria=Criteria(werkingsgebieden=(GENT,))),
        dienst("gemeente-sport", criteria=Criteria(werkingsgebieden=(GENT,), hoofdactiviteiten=("SPRT",))),
        dienst("sport", criteria=Criteria(hoofdactiviteiten=("SPRT",))),
        dienst("alles", criteria=ALLES),
    ]

    found = match(vereniging(), diensten, vandaag=VANDAAG)

    assert [(m.dienst.id, m.score) for m in found] == [
        ("alles", 5.0),
        ("gemeente-sport", 3.0),
        ("gemeente", 2.0),
        ("provincie", 1.0),
        ("sport", 1.0),
        ("vlaanderen", 0.0),
    ]


def test_equal_scores_keep_the_nearest_deadline_first_then_the_titel() -> None:
    diensten = [
        dienst("geen", titel="Aanvraag zonder deadline"),
        dienst("later", titel="Aanvraag", tot=VANDAAG + timedelta(days=30)),
        dienst("b", titel="Bekers lenen", tot=VANDAAG + timedelta(days=3)),
        dienst("a", titel="Affiches plaatsen", tot=VANDAAG + timedelta(days=3)),
        dienst("eerst", titel="Zaal huren", tot=VANDAAG),
    ]

    found = match(vereniging(), diensten, vandaag=VANDAAG)

    assert [m.dienst.id for m in found] == ["eerst", "a", "b", "later", "geen"]


def test_an_index_built_once_serves_many_associations_and_days() -> None:
    diensten = [
        dienst("gent", criteria=Criteria(werkingsgebieden=(GENT,)), tot=VANDAAG + timedelta(days=5)),
        dienst("liedekerke", criteria=Criteria(werkingsgebieden=(LIEDEKERKE,))),
    ]
    index = Aanbodindex(diensten)

    assert [m.dienst.id for m in index.match(vereniging(), vandaag=VANDAAG)] == ["gent"]
    assert [
        m.dienst.id for m in index.match(vereniging(werkingsgebieden=(LIEDEKERKE,)), vandaag=VANDAAG)
    ] == ["liedekerke"]
    assert index.match(vereniging(), vandaag=VANDAAG + timedelta(days=6)) == []
    assert len(index) == 2


# --- bad input ----------------------------------------------------------------------------------


def veld_en_code(error: ValidationFailed) -> list[tuple[str, str]]:
    return [(fout.veld, fout.code) for fout in error.fouten]


def test_a_moment_instead_of_a_day_is_refused_clearly() -> None:
    with pytest.raises(ValidationFailed) as refused:
        match(vereniging(), [dienst()], vandaag=datetime(2026, 3, 2, 9, tzinfo=UTC))

    assert veld_en_code(refused.value) == [("vandaag", "ongeldig_formaat")]
    assert refused.value.fouten[0].message("nl") == "Verwacht: een datum zonder uur."


def test_an_association_with_an_impossible_age_range_is_refused_clearly() -> None:
    wie = vereniging(doelgroep=Doelgroep(minimumleeftijd=30, maximumleeftijd=12))

    with pytest.raises(ValidationFailed) as refused:
        match(wie, [dienst()], vandaag=VANDAAG)

    assert veld_en_code(refused.value) == [("doelgroep.minimumleeftijd", "minimum_boven_maximum")]


def test_an_offering_with_an_impossible_age_range_is_named_in_the_error() -> None:
    kapot = dienst("d-7", criteria=Criteria(doelgroep=Doelgroep(minimumleeftijd=6, maximumleeftijd=200)))

    with pytest.raises(ValidationFailed) as refused:
        Aanbodindex([dienst("d-1"), kapot])

    assert veld_en_code(refused.value) == [
        ("diensten[d-7].inhoud.criteria.doelgroep.maximumleeftijd", "leeftijd_bereik")
    ]


# --- the index agrees with the rules, whatever the criteria ------------------------------------

GEBIEDEN = [GENT, DESTELBERGEN, AALST, LIEDEKERKE, LEUVEN, OOST_VLAANDEREN, VLAAMS_BRABANT]
ACTIVITEITEN = ["SPRT", "JGDW", "KECU", "HOSP"]
leeftijden = st.tuples(st.integers(0, 150), st.integers(0, 150)).map(sorted)
criteria_strategie = st.builds(
    Criteria,
    verenigingstypes=st.lists(st.sampled_from(list(Verenigingstype)), max_size=2, unique=True).map(tuple),
    hoofdactiviteiten=st.lists(st.sampled_from(ACTIVITEITEN), max_size=2, unique=True).map(tuple),
    werkingsgebieden=st.lists(st.sampled_from(GEBIEDEN), max_size=2, unique=True).map(tuple),
    doelgroep=st.none() | leeftijden.map(lambda r: Doelgroep(minimumleeftijd=r[0], maximumleeftijd=r[1])),
)


def holds(groot: str, klein: str) -> bool:
    return groot == klein or (len(groot) == 4 and klein.startswith(groot))


def rule_fits(criteria: Criteria, wie: Vereniging) -> bool:
    """The matching rules, written out plainly, one offering at a time."""
    doelgroep = criteria.doelgroep
    plaatsen = [code for code in wie.werkingsgebieden if code != "NVT"]
    return (
        (not criteria.verenigingstypes or wie.verenigingstype in criteria.verenigingstypes)
        and (
            not criteria.hoofdactiviteiten
            or bool(set(criteria.hoofdactiviteiten) & set(wie.hoofdactiviteiten))
        )
        and (
            not criteria.werkingsgebieden
            or any(holds(a, o) or holds(o, a) for a in plaatsen for o in criteria.werkingsgebieden)
        )
        and (
            doelgroep is None
            or (
                doelgroep.minimumleeftijd <= wie.doelgroep.maximumleeftijd
                and wie.doelgroep.minimumleeftijd <= doelgroep.maximumleeftijd
            )
        )
    )


@settings(max_examples=150, deadline=None)
@given(
    alle_criteria=st.lists(criteria_strategie, min_size=1, max_size=12),
    soort=st.sampled_from(list(Verenigingstype)),
    activiteiten=st.lists(st.sampled_from(ACTIVITEITEN), max_size=3, unique=True),
    gebieden=st.lists(st.sampled_from([*GEBIEDEN, "NVT"]), max_size=2, unique=True),
    eigen_leeftijden=leeftijden,
)
def test_the_index_finds_exactly_the_offerings_the_rules_allow(
    alle_criteria: list[Criteria],
    soort: Verenigingstype,
    activiteiten: list[str],
    gebieden: list[str],
    eigen_leeftijden: list[int],
) -> None:
    wie = vereniging(
        verenigingstype=soort,
        hoofdactiviteiten=tuple(activiteiten),
        werkingsgebieden=tuple(gebieden),
        doelgroep=Doelgroep(minimumleeftijd=eigen_leeftijden[0], maximumleeftijd=eigen_leeftijden[1]),
    )
    diensten = [dienst(f"d-{n}", criteria=criteria) for n, criteria in enumerate(alle_criteria)]

    found = {m.dienst.id for m in match(wie, diensten, vandaag=VANDAAG)}

    assert found == {d.id for d in diensten if rule_fits(d.inhoud.criteria, wie)}


def test_an_offering_naming_no_place_holds_where_its_administration_governs() -> None:
    gent = Bestuur(niveau=Bestuursniveau.GEMEENTELIJK, code="44021", naam="Stad Gent")
    provincie = Bestuur(niveau=Bestuursniveau.PROVINCIAAL, code=OOST_VLAANDEREN, naam="Oost-Vlaanderen")
    van_gent = dienst("van-gent", bestuur=gent)
    van_provincie = dienst("van-provincie", bestuur=provincie)

    in_gent = {m.dienst.id for m in match(vereniging(), [van_gent, van_provincie], vandaag=VANDAAG)}
    in_liedekerke = match(
        vereniging(werkingsgebieden=(LIEDEKERKE,)), [van_gent, van_provincie], vandaag=VANDAAG
    )
    in_aalst = {
        m.dienst.id
        for m in match(vereniging(werkingsgebieden=(AALST,)), [van_gent, van_provincie], vandaag=VANDAAG)
    }

    assert in_gent == {"van-gent", "van-provincie"}
    assert in_liedekerke == []
    assert in_aalst == {"van-provincie"}
