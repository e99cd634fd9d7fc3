"""The register of offerings: versions, publishing, archiving, history, validation, who may
publish for which administration, and imports from catalogs."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any

import pytest

from registry.associations.model import Doelgroep
from registry.db import Database
from registry.errors import Forbidden, NotFound, Unauthenticated, ValidationFailed, VersionConflict
from registry.offerings.model import Aanvraagperiode, Contact, Criteria, Dienst, Dienststatus, Kanaal
from registry.offerings.publishers import besturen, uitgever
from registry.offerings.search import DienstFilter
from registry.offerings.service import DienstenRegister, ImportUitkomst, Uitgever
from tests.offerings.factories import GENT, LIEDEKERKE, OPERATOR, Klok, dienst_inhoud, leeg_register

SPORT = Uitgever(door="75013098783", besturen=frozenset({"OVO002949"}))
GENT_REDACTIE = Uitgever(door="78041212319", besturen=frozenset({"44021"}))


@pytest.fixture
def klok() -> Klok:
    return Klok()


@pytest.fixture
async def diensten(db: Database, klok: Klok) -> DienstenRegister:
    return await leeg_register(db, klok)


async def titels_gevonden(diensten: DienstenRegister, zoekterm: str | None = None) -> list[str]:
    pagina = await diensten.zoek(DienstFilter(zoekterm=zoekterm), first=50, after=None)
    return [d.inhoud.titel for _, d in pagina.diensten]


# --- versions ---------------------------------------------------------------------------------


async def test_a_new_offering_is_a_draft_at_version_1_that_the_public_does_not_see(
    diensten: DienstenRegister,
) -> None:
    dienst = await diensten.maak(dienst_inhoud(), uitgever=SPORT)

    assert (dienst.versie, dienst.status) == (1, Dienststatus.DRAFT)
    assert dienst.id.startswith("D")
    with pytest.raises(NotFound):
        await diensten.get(dienst.id)
    assert await diensten.gepubliceerd() == []
    assert await titels_gevonden(diensten) == []
    assert await diensten.get_voor_uitgever(dienst.id, uitgever=SPORT) == dienst


async def test_publishing_makes_the_draft_public(diensten: DienstenRegister, klok: Klok) -> None:
    dienst = await diensten.maak(dienst_inhoud(), uitgever=SPORT)
    klok.verzet(hours=1)

    published = await diensten.publiceer(dienst.id, uitgever=SPORT)

    assert (published.versie, published.status) == (1, Dienststatus.GEPUBLICEERD)
    assert published.gepubliceerd_op == klok.nu
    assert await diensten.get(dienst.id) == published
    assert await diensten.gepubliceerd() == [published]


async def test_the_published_version_stays_public_until_the_new_draft_is_published(
    diensten: DienstenRegister,
) -> None:
    dienst = await diensten.maak(dienst_inhoud(titel="Oude titel"), uitgever=SPORT)
    v1 = await diensten.publiceer(dienst.id, uitgever=SPORT)

    draft = await diensten.wijzig(dienst.id, dienst_inhoud(titel="Nieuwe titel"), versie=1, uitgever=SPORT)

    assert (draft.versie, draft.status) == (2, Dienststatus.DRAFT)
    assert await diensten.get(dienst.id) == v1
    assert await diensten.gepubliceerd() == [v1]
    assert await titels_gevonden(diensten) == ["Oude titel"]
    assert await diensten.get_voor_uitgever(dienst.id, uitgever=SPORT) == draft

    v2 = await diensten.publiceer(dienst.id, uitgever=SPORT)

    assert (v2.versie, v2.status, v2.inhoud.titel) == (2, Dienststatus.GEPUBLICEERD, "Nieuwe titel")
    assert await diensten.get(dienst.id) == v2
    assert await titels_gevonden(diensten) == ["Nieuwe titel"]
    assert await titels_gevonden(diensten, "oude") == []


async def test_each_change_of_a_draft_is_a_new_version(diensten: DienstenRegister) -> None:
    dienst = await diensten.maak(dienst_inhoud(titel="Eerste"), uitgever=SPORT)

    tweede = await diensten.wijzig(dienst.id, dienst_inhoud(titel="Tweede"), versie=1, uitgever=SPORT)
    derde = await diensten.wijzig(dienst.id, dienst_inhoud(titel="Derde"), versie=2, uitgever=SPORT)

    assert (tweede.versie, derde.versie) == (2, 3)
    assert derde.status is Dienststatus.DRAFT
    assert (await diensten.get_voor_uitgever(dienst.id, uitgever=SPORT)).inhoud.titel == "Derde"


async def test_a_change_from_an_older_version_is_refused_and_stores_nothing(
    diensten: DienstenRegister,
) -> None:
    dienst = await diensten.maak(dienst_inhoud(), uitgever=SPORT)
    current = await diensten.wijzig(dienst.id, dienst_inhoud(titel="Eerst"), versie=1, uitgever=SPORT)

    with pytest.raises(VersionConflict) as refused:
        await diensten.wijzig(dienst.id, dienst_inhoud(titel="Te laat"), versie=1, uitgever=SPORT)

    assert refused.value.extensions("nl") == {
        "code": "VERSION_CONFLICT",
        "verwachteVersie": 1,
        "actueleVersie": 2,
    }
    assert "aanbod" in refused.value.message("nl")
    assert await diensten.get_voor_uitgever(dienst.id, uitgever=SPORT) == current


async def test_content_equal_to_the_newest_version_stores_no_new_version(diensten: DienstenRegister) -> None:
    dienst = await diensten.maak(dienst_inhoud(), uitgever=SPORT)

    same = await diensten.wijzig(dienst.id, dienst_inhoud(), versie=1, uitgever=SPORT)

    assert same == dienst
    assert [e.gebeurtenis for e in await diensten.historiek(dienst.id, uitgever=SPORT)] == [
        "DienstWerdAangemaakt"
    ]


async def test_archiving_hides_the_offering_from_the_public_but_not_from_its_publisher(
    diensten: DienstenRegister,
) -> None:
    dienst = await diensten.maak(dienst_inhoud(), uitgever=SPORT)
    await diensten.publiceer(dienst.id, uitgever=SPORT)

    archived = await diensten.archiveer(dienst.id, uitgever=SPORT)

    assert archived.status is Dienststatus.GEARCHIVEERD
    with pytest.raises(NotFound):
        await diensten.get(dienst.id)
    assert await diensten.gepubliceerd() == []
    assert await titels_gevonden(diensten) == []
    assert await diensten.get_voor_uitgever(dienst.id, uitgever=SPORT) == archived


async def test_an_archived_offering_can_be_changed_and_published_again(diensten: DienstenRegister) -> None:
    dienst = await diensten.maak(dienst_inhoud(), uitgever=SPORT)
    await diensten.publiceer(dienst.id, uitgever=SPORT)
    await diensten.archiveer(dienst.id, uitgever=SPORT)

    draft = await diensten.wijzig(dienst.id, dienst_inhoud(titel="Terug"), versie=1, uitgever=SPORT)
    with pytest.raises(NotFound):
        await diensten.get(dienst.id)
    published = await diensten.publiceer(dienst.id, uitgever=SPORT)

    assert draft.status is Dienststatus.DRAFT
    assert (published.versie, published.inhoud.titel) == (2, "Terug")
    assert await diensten.get(dienst.id) == published


async def test_every_action_records_when_and_by_whom(diensten: DienstenRegister, klok: Klok) -> None:
    momenten = []
    dienst = await diensten.maak(dienst_inhoud(), uitgever=SPORT)
    momenten.append(klok.nu)
    acties: list[Callable[[], Awaitable[Dienst]]] = [
        lambda: diensten.publiceer(dienst.id, uitgever=OPERATOR),
        lambda: diensten.wijzig(dienst.id, dienst_inhoud(titel="Anders"), versie=1, uitgever=SPORT),
        lambda: diensten.archiveer(dienst.id, uitgever=SPORT),
    ]
    for actie in acties:
        klok.verzet(minutes=5)
        await actie()
        momenten.append(klok.nu)

    events = await diensten.historiek(dienst.id, uitgever=SPORT)

    assert [(e.gebeurtenis, e.versie, e.door, e.tijdstip) for e in events] == [
        ("DienstWerdAangemaakt", 1, SPORT.door, momenten[0]),
        ("DienstWerdGepubliceerd", 1, "operator", momenten[1]),
        ("DienstWerdGewijzigd", 2, SPORT.door, momenten[2]),
        ("DienstWerdGearchiveerd", 2, SPORT.door, momenten[3]),
    ]


async def test_an_unknown_offering_is_not_found(diensten: DienstenRegister) -> None:
    with pytest.raises(NotFound):
        await diensten.publiceer("Donbekend", uitgever=SPORT)
    with pytest.raises(NotFound):
        await diensten.get_voor_uitgever("Donbekend", uitgever=SPORT)


# --- who may publish --------------------------------------------------------------------------


def test_publisher_roles_name_administrations_whatever_their_case_and_spacing() -> None:
    rollen = frozenset({"AanbodBeheerder: ovo002949 ", "AanbodBeheerder:44021", "Vertegenwoordiger:V0001001"})

    assert besturen(rollen) == frozenset({"OVO002949", "44021"})


def test_an_anonymous_caller_is_no_publisher() -> None:
    with pytest.raises(Unauthenticated):
        uitgever(None)


async def test_a_publisher_cannot_create_an_offering_for_another_administration(
    diensten: DienstenRegister,
) -> None:
    with pytest.raises(Forbidden) as refused:
        await diensten.maak(dienst_inhoud(bestuur=LIEDEKERKE), uitgever=GENT_REDACTIE)

    assert "Liedekerke (23044)" in refused.value.message("nl")
    assert await diensten.van_uitgever(uitgever=OPERATOR) == []


async def test_a_publisher_cannot_move_an_offering_to_another_administration(
    diensten: DienstenRegister,
) -> None:
    dienst = await diensten.maak(dienst_inhoud(bestuur=GENT), uitgever=GENT_REDACTIE)

    with pytest.raises(Forbidden):
        await diensten.wijzig(dienst.id, dienst_inhoud(bestuur=LIEDEKERKE), versie=1, uitgever=GENT_REDACTIE)

    assert await diensten.get_voor_uitgever(dienst.id, uitgever=GENT_REDACTIE) == dienst


@pytest.mark.parametrize("actie", ["wijzig", "publiceer", "archiveer", "lees"])
async def test_a_publisher_cannot_touch_another_administrations_offering(
    diensten: DienstenRegister, actie: str
) -> None:
    dienst = await diensten.maak(dienst_inhoud(), uitgever=SPORT)
    pogingen: dict[str, Any] = {
        "wijzig": lambda: diensten.wijzig(
            dienst.id, dienst_inhoud(bestuur=GENT), versie=1, uitgever=GENT_REDACTIE
        ),
        "publiceer": lambda: diensten.publiceer(dienst.id, uitgever=GENT_REDACTIE),
        "archiveer": lambda: diensten.archiveer(dienst.id, uitgever=GENT_REDACTIE),
        "lees": lambda: diensten.get_voor_uitgever(dienst.id, uitgever=GENT_REDACTIE),
    }

    with pytest.raises(Forbidden) as refused:
        await pogingen[actie]()

    assert "Sport Vlaanderen (OVO002949)" in refused.value.message("nl")
    assert await diensten.get_voor_uitgever(dienst.id, uitgever=SPORT) == dienst


async def test_a_publisher_lists_the_offerings_of_its_administrations_drafts_included(
    diensten: DienstenRegister,
) -> None:
    gent = await diensten.maak(dienst_inhoud(titel="Gentse premie", bestuur=GENT), uitgever=GENT_REDACTIE)
    await diensten.maak(dienst_inhoud(titel="Vlaamse subsidie"), uitgever=SPORT)

    assert await diensten.van_uitgever(uitgever=GENT_REDACTIE) == [gent]


# --- validation -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "veld", "code"),
    [
        ({"titel": "   "}, "titel", "verplicht"),
        ({"beschrijving": "Een <b>vette</b> premie"}, "beschrijving", "geen_html"),
        (
            {"criteria": Criteria(hoofdactiviteiten=("SPRT", "XXXX"))},
            "criteria.hoofdactiviteiten[1]",
            "onbekende_code",
        ),
        (
            {"criteria": Criteria(werkingsgebieden=("NVT",))},
            "criteria.werkingsgebieden[0]",
            "nvt_niet_voor_aanbod",
        ),
        (
            {"criteria": Criteria(werkingsgebieden=("BE99",))},
            "criteria.werkingsgebieden[0]",
            "onbekende_code",
        ),
        (
            {"criteria": Criteria(doelgroep=Doelgroep(minimumleeftijd=20, maximumleeftijd=10))},
            "criteria.doelgroep.minimumleeftijd",
            "minimum_boven_maximum",
        ),
        (
            {"criteria": Criteria(doelgroep=Doelgroep(minimumleeftijd=0, maximumleeftijd=151))},
            "criteria.doelgroep.maximumleeftijd",
            "leeftijd_bereik",
        ),
        (
            {"aanvraagperiode": Aanvraagperiode(van=date(2026, 5, 1), tot=date(2026, 4, 30))},
            "aanvraagperiode.tot",
            "einddatum_voor_startdatum",
        ),
        ({"kanaal": Kanaal(link="ftp://bestanden.gent.be")}, "kanaal.link", "ongeldige_url"),
        ({"kanaal": Kanaal(digitaal=False, uitleg="  ")}, "kanaal.uitleg", "uitleg_niet_digitaal"),
        ({"contact": Contact(email="geen-adres")}, "contact.email", "ongeldig_email"),
        ({"bestuur": GENT.model_copy(update={"code": " "})}, "bestuur.code", "verplicht"),
        ({"themas": ("Sport", "")}, "themas[1]", "verplicht"),
    ],
)
async def test_invalid_content_is_refused_at_its_path(
    diensten: DienstenRegister, overrides: dict[str, Any], veld: str, code: str
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        await diensten.maak(dienst_inhoud(**overrides), uitgever=OPERATOR)

    assert [(f.veld, f.code) for f in refused.value.fouten] == [(veld, code)]
    assert await diensten.van_uitgever(uitgever=OPERATOR) == []


async def test_every_problem_is_reported_at_once_and_a_bad_change_stores_nothing(
    diensten: DienstenRegister,
) -> None:
    dienst = await diensten.maak(dienst_inhoud(), uitgever=SPORT)
    bad = dienst_inhoud(titel="", kanaal=Kanaal(link="kiosk"), contact=Contact(telefoon="bel ons"))

    with pytest.raises(ValidationFailed) as refused:
        await diensten.wijzig(dienst.id, bad, versie=1, uitgever=SPORT)

    assert {f.veld for f in refused.value.fouten} == {"titel", "kanaal.link", "contact.telefoon"}
    assert all(f.message("en") for f in refused.value.fouten)
    assert await diensten.get_voor_uitgever(dienst.id, uitgever=SPORT) == dienst


async def test_content_is_stored_trimmed_and_with_codes_in_capitals(diensten: DienstenRegister) -> None:
    inhoud = dienst_inhoud(
        titel="  Premie  ",
        criteria=Criteria(hoofdactiviteiten=(" sprt",), werkingsgebieden=("be23444021",)),
    )

    dienst = await diensten.maak(inhoud, uitgever=SPORT)

    assert dienst.inhoud.titel == "Premie"
    assert dienst.inhoud.criteria.hoofdactiviteiten == ("SPRT",)
    assert dienst.inhoud.criteria.werkingsgebieden == ("BE23444021",)


# --- imports ----------------------------------------------------------------------------------


async def test_importing_one_catalog_item_again_updates_the_same_offering(diensten: DienstenRegister) -> None:
    eerst, nieuw = await diensten.importeer(dienst_inhoud(), bron="ipdc", bron_id="1", uitgever=SPORT)
    dan, gewijzigd = await diensten.importeer(
        dienst_inhoud(titel="Bijgewerkt"), bron="ipdc", bron_id="1", uitgever=SPORT
    )
    opnieuw, ongewijzigd = await diensten.importeer(
        dienst_inhoud(titel="Bijgewerkt"), bron="ipdc", bron_id="1", uitgever=SPORT
    )

    assert (nieuw, gewijzigd, ongewijzigd) == (
        ImportUitkomst.NIEUW,
        ImportUitkomst.GEWIJZIGD,
        ImportUitkomst.ONGEWIJZIGD,
    )
    assert eerst.id == dan.id == opnieuw.id
    assert (eerst.bron, eerst.bron_id) == ("ipdc", "1")
    assert (dan.versie, dan.status) == (2, Dienststatus.GEPUBLICEERD)
    assert opnieuw == dan
    assert await diensten.gepubliceerd() == [dan]


async def test_an_import_without_publishing_leaves_a_draft(diensten: DienstenRegister) -> None:
    dienst, _ = await diensten.importeer(
        dienst_inhoud(), bron="ipdc", bron_id="1", uitgever=SPORT, publiceer=False
    )

    assert dienst.status is Dienststatus.DRAFT
    assert await diensten.gepubliceerd() == []


async def test_an_import_for_another_administration_is_refused(diensten: DienstenRegister) -> None:
    with pytest.raises(Forbidden):
        await diensten.importeer(dienst_inhoud(), bron="ipdc", bron_id="1", uitgever=GENT_REDACTIE)

    assert await diensten.van_uitgever(uitgever=OPERATOR) == []


async def test_concurrent_imports_of_one_item_create_one_offering(diensten: DienstenRegister) -> None:
    outcomes = await asyncio.gather(
        *(diensten.importeer(dienst_inhoud(), bron="ipdc", bron_id="42", uitgever=SPORT) for _ in range(8))
    )

    assert len({dienst.id for dienst, _ in outcomes}) == 1
    assert sorted(uitkomst for _, uitkomst in outcomes) == sorted(
        [ImportUitkomst.NIEUW] + [ImportUitkomst.ONGEWIJZIGD] * 7
    )
    assert len(await diensten.van_uitgever(uitgever=OPERATOR)) == 1


async def test_items_missing_from_a_catalog_are_archived_not_deleted(diensten: DienstenRegister) -> None:
    blijft, _ = await diensten.importeer(
        dienst_inhoud(titel="Blijft"), bron="ipdc", bron_id="1", uitgever=SPORT
    )
    weg, _ = await diensten.importeer(dienst_inhoud(titel="Weg"), bron="ipdc", bron_id="2", uitgever=SPORT)
    draft, _ = await diensten.importeer(
        dienst_inhoud(titel="Ontwerp"), bron="ipdc", bron_id="3", uitgever=SPORT, publiceer=False
    )
    ander, _ = await diensten.importeer(
        dienst_inhoud(titel="Ander"), bron="kiosk", bron_id="2", uitgever=SPORT
    )

    archived = await diensten.archiveer_ontbrekende("ipdc", {"1"}, uitgever=SPORT)
    again = await diensten.archiveer_ontbrekende("ipdc", {"1"}, uitgever=SPORT)

    assert (archived, again) == (2, 0)
    assert sorted(d.id for d in await diensten.gepubliceerd()) == sorted([blijft.id, ander.id])
    for dienst in (weg, draft):
        assert (
            await diensten.get_voor_uitgever(dienst.id, uitgever=SPORT)
        ).status is Dienststatus.GEARCHIVEERD


async def test_an_archived_catalog_item_that_returns_is_published_again(diensten: DienstenRegister) -> None:
    dienst, _ = await diensten.importeer(dienst_inhoud(), bron="ipdc", bron_id="1", uitgever=SPORT)
    await diensten.archiveer_ontbrekende("ipdc", set(), uitgever=SPORT)

    terug, uitkomst = await diensten.importeer(dienst_inhoud(), bron="ipdc", bron_id="1", uitgever=SPORT)

    assert uitkomst is ImportUitkomst.GEWIJZIGD
    assert terug.status is Dienststatus.GEPUBLICEERD
    assert await diensten.get(dienst.id) == terug
