"""Reading catalog files: CSV and JSON-LD (IPDC / CPSV-AP) become offerings; every problem is
reported with its place and field, and the good records still come through."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from registry.associations.codes import Verenigingstype
from registry.offerings.importing import (
    BestandOnleesbaar,
    Formaat,
    Fout,
    Ingelezen,
    csv_records,
    formaat_van,
    jsonld_records,
    lees,
    lees_csv,
    lees_jsonld,
)
from registry.offerings.importing.expansion import MAX_DEPTH, MAX_OBJECTS
from registry.offerings.importing.jsonld import MAX_RECORDS
from registry.offerings.importing.vocabulary import CONTEXT_URL
from registry.offerings.model import Bestuursniveau, Diensttype
from tests.offerings.jsonld_documents import DRIE_SCHRIJFWIJZEN

HEADER = "id,titel,beschrijving,type,bestuur_code"
GOED = "kamp,Subsidie jeugdkamp,Steun voor een kamp.,FinancieelVoordeel,44021"


def csv_file(tmp_path: Path, *lines: str, name: str = "aanbod.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def jsonld_file(tmp_path: Path, document: object, name: str = "aanbod.jsonld") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(document), "utf-8")
    return path


def dienst(id: str = "https://catalogus.example/dienst/1", /, **extra: object) -> dict[str, object]:
    return {
        "@id": id,
        "@type": "cpsv:PublicService",
        "dct:title": {"nl": "Subsidie jeugdkamp"},
        "dct:description": {"nl": "Steun voor een kamp."},
        "dct:type": "FinancieelVoordeel",
        "cv:hasCompetentAuthority": {"dct:identifier": "44021"},
        **extra,
    }


def problems(ingelezen: Ingelezen) -> set[tuple[str, str]]:
    return {(fout.plaats, fout.veld) for fout in ingelezen.fouten}


def message(ingelezen: Ingelezen, plaats: str, veld: str) -> str:
    return next(f.melding for f in ingelezen.fouten if (f.plaats, f.veld) == (plaats, veld))


# --- CSV ----------------------------------------------------------------------------------------


def test_a_csv_row_becomes_an_offering_with_every_column_read(tmp_path: Path) -> None:
    path = csv_file(
        tmp_path,
        "id,titel,beschrijving,type,bestuur_code,themas,verenigingstypes,hoofdactiviteiten,werkingsgebieden,"
        "min_leeftijd,max_leeftijd,van,tot,digitaal,link,contact_email,benodigde_gegevens",
        "kamp,Subsidie jeugdkamp,Steun voor een kamp.,financieelvoordeel,44021,Jeugd;Sport,FV;vzw,JGDW;SPRT,"
        "BE23;23044,6,25,2025-01-01,2025-06-30,ja,https://gent.be/kamp,jeugd@gent.be,naam;vCode",
    )

    ingelezen = lees_csv(path)

    assert ingelezen.fouten == []
    [record] = ingelezen.records
    inhoud = record.inhoud
    assert (record.bron_id, record.plaats) == ("kamp", "regel 2")
    assert inhoud.type is Diensttype.FINANCIEEL_VOORDEEL
    assert (inhoud.bestuur.niveau, inhoud.bestuur.code, inhoud.bestuur.naam) == (
        Bestuursniveau.GEMEENTELIJK,
        "44021",
        "Gent",
    )
    assert inhoud.themas == ("Jeugd", "Sport")
    assert inhoud.criteria.verenigingstypes == (Verenigingstype.FV, Verenigingstype.VZW)
    assert inhoud.criteria.hoofdactiviteiten == ("JGDW", "SPRT")
    assert inhoud.criteria.werkingsgebieden == ("BE23", "BE24123044")
    assert inhoud.criteria.doelgroep is not None
    assert (inhoud.criteria.doelgroep.minimumleeftijd, inhoud.criteria.doelgroep.maximumleeftijd) == (6, 25)
    assert (inhoud.aanvraagperiode.van, inhoud.aanvraagperiode.tot) == (date(2025, 1, 1), date(2025, 6, 30))
    assert (inhoud.kanaal.digitaal, inhoud.kanaal.link) == (True, "https://gent.be/kamp")
    assert inhoud.contact.email == "jeugd@gent.be"
    assert inhoud.benodigde_gegevens == ("naam", "vCode")


def test_a_bad_row_is_reported_by_line_and_column_and_the_good_rows_still_come_through(
    tmp_path: Path,
) -> None:
    path = csv_file(
        tmp_path,
        HEADER + ",min_leeftijd,contact_email",
        GOED + ",6,jeugd@gent.be",
        "fout,<b>Vet</b>,Steun.,FinancieelVoordeel,44021,zes,geen-adres",
        GOED.replace("kamp,", "kamp2,", 1) + ",,",
    )

    ingelezen = lees_csv(path)

    assert [r.bron_id for r in ingelezen.records] == ["kamp", "kamp2"]
    assert problems(ingelezen) == {
        ("regel 3", "titel"),
        ("regel 3", "min_leeftijd"),
        ("regel 3", "contact_email"),
    }
    assert "HTML" in message(ingelezen, "regel 3", "titel")
    assert "geheel getal" in message(ingelezen, "regel 3", "min_leeftijd")


def test_missing_required_fields_are_named(tmp_path: Path) -> None:
    path = csv_file(tmp_path, HEADER, "kamp,  ,,FinancieelVoordeel,")

    ingelezen = lees_csv(path)

    assert ingelezen.records == []
    assert problems(ingelezen) == {
        ("regel 2", "titel"),
        ("regel 2", "beschrijving"),
        ("regel 2", "bestuur_code"),
    }
    assert message(ingelezen, "regel 2", "titel") == "Vul dit veld in."


def test_unknown_codes_are_refused_never_guessed(tmp_path: Path) -> None:
    path = csv_file(
        tmp_path,
        HEADER + ",verenigingstypes,hoofdactiviteiten,werkingsgebieden",
        "a,Titel,Tekst,Geldprijs,44021,,,",
        "b,Titel,Tekst,Toelating,99999,,,",
        "c,Titel,Tekst,Toelating,44021,CLUB,SPRT;XXXX,BE99",
        "d,Titel,Tekst,Toelating,44021,,,NVT",
    )

    ingelezen = lees_csv(path)

    assert ingelezen.records == []
    assert problems(ingelezen) == {
        ("regel 2", "type"),
        ("regel 3", "bestuur_code"),
        ("regel 4", "verenigingstypes[0]"),
        ("regel 4", "hoofdactiviteiten[1]"),
        ("regel 4", "werkingsgebieden[0]"),
        ("regel 5", "werkingsgebieden[0]"),
    }
    assert "Geldprijs" in message(ingelezen, "regel 2", "type")
    assert "FinancieelVoordeel" in message(ingelezen, "regel 2", "type")
    assert "99999" in message(ingelezen, "regel 3", "bestuur_code")


def test_wrong_types_say_what_was_expected(tmp_path: Path) -> None:
    path = csv_file(
        tmp_path,
        HEADER + ",max_leeftijd,van,tot,digitaal",
        GOED + ",200,31/12/2025,2025-01-01,misschien",
        GOED.replace("kamp,", "kamp2,", 1) + ",,2025-06-01,2025-01-01,",
    )

    ingelezen = lees_csv(path)

    assert ingelezen.records == []
    assert problems(ingelezen) == {
        ("regel 2", "max_leeftijd"),
        ("regel 2", "van"),
        ("regel 2", "digitaal"),
        ("regel 3", "tot"),
    }
    assert "2025-03-31" in message(ingelezen, "regel 2", "van")
    assert "ja of nee" in message(ingelezen, "regel 2", "digitaal")
    assert "2025-06-01" in message(ingelezen, "regel 3", "tot")


def test_an_offering_that_cannot_be_asked_for_digitally_must_say_how(tmp_path: Path) -> None:
    path = csv_file(
        tmp_path, HEADER + ",digitaal,uitleg", GOED + ",nee,", "b,T,B,Toelating,44021,nee,Aan het loket."
    )

    ingelezen = lees_csv(path)

    assert problems(ingelezen) == {("regel 2", "uitleg")}
    [record] = ingelezen.records
    assert (record.inhoud.kanaal.digitaal, record.inhoud.kanaal.uitleg) == (False, "Aan het loket.")


def test_a_repeated_id_refuses_the_second_row_and_keeps_the_first(tmp_path: Path) -> None:
    path = csv_file(tmp_path, HEADER, GOED, "kamp,Ander kamp,Iets anders.,Toelating,44021")

    ingelezen = lees_csv(path)

    [record] = ingelezen.records
    assert (record.plaats, record.inhoud.titel) == ("regel 2", "Subsidie jeugdkamp")
    assert problems(ingelezen) == {("regel 3", "id")}
    assert "regel 2" in message(ingelezen, "regel 3", "id")


def test_an_id_with_spaces_or_longer_than_the_register_keeps_is_refused(tmp_path: Path) -> None:
    path = csv_file(
        tmp_path, HEADER, GOED.replace("kamp,", "een kamp,", 1), GOED.replace("kamp,", "k" * 251 + ",", 1)
    )

    ingelezen = lees_csv(path)

    assert ingelezen.records == []
    assert problems(ingelezen) == {("regel 2", "id"), ("regel 3", "id")}
    assert message(ingelezen, "regel 3", "id") == "Gebruik hoogstens 250 tekens."


def test_a_row_with_more_values_than_columns_is_refused(tmp_path: Path) -> None:
    path = csv_file(tmp_path, HEADER, GOED + ",extra", GOED.replace("kamp,", "kamp2,", 1))

    ingelezen = lees_csv(path)

    assert [r.bron_id for r in ingelezen.records] == ["kamp2"]
    assert ingelezen.fouten == [Fout("regel 2", "", "6 waarden, maar de kop heeft 5 kolommen")]


def test_a_row_spanning_lines_is_placed_at_its_first_line(tmp_path: Path) -> None:
    path = csv_file(
        tmp_path,
        HEADER,
        'a,Titel,"Een tekst\nover twee regels",Toelating,44021',
        "b,<i>x</i>,T,Toelating,44021",
    )

    ingelezen = lees_csv(path)

    assert ingelezen.records[0].inhoud.beschrijving == "Een tekst\nover twee regels"
    assert problems(ingelezen) == {("regel 4", "titel")}


def test_rows_are_read_one_by_one_as_they_come(tmp_path: Path) -> None:
    def endless() -> Iterator[bytes]:
        yield (HEADER + "\n").encode()
        for number in itertools.count(1):
            yield f"id{number},Titel {number},Tekst,Toelating,44021\n".encode()

    first_three = list(itertools.islice(csv_records(endless()), 3))

    assert [getattr(r, "bron_id", None) for r in first_three] == ["id1", "id2", "id3"]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["id,titel,tittel,beschrijving,type,bestuur_code"], "onbekende kolommen tittel"),
        (["id,beschrijving,type"], "verplichte kolommen ontbreken: titel, bestuur_code"),
        ([HEADER + ",titel"], "kolommen staan er twee keer: titel"),
        ([], "het bestand is leeg"),
    ],
)
def test_a_header_that_does_not_fit_makes_the_file_unreadable(
    tmp_path: Path, lines: list[str], expected: str
) -> None:
    path = tmp_path / "aanbod.csv"
    path.write_text("\n".join([*lines, GOED]) if lines else "", "utf-8")

    with pytest.raises(BestandOnleesbaar) as refused:
        lees_csv(path)

    assert refused.value.fout.plaats == "regel 1"
    assert expected in refused.value.fout.melding


def test_a_file_that_is_not_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "aanbod.csv"
    path.write_bytes(f"{HEADER}\n{GOED}\n".encode() + "b,Café,T,Toelating,44021\n".encode("latin-1"))

    with pytest.raises(BestandOnleesbaar) as refused:
        lees_csv(path)

    assert refused.value.fout.plaats == "regel 3"
    assert "UTF-8" in refused.value.fout.melding


def test_a_byte_order_mark_is_no_part_of_the_first_column(tmp_path: Path) -> None:
    path = tmp_path / "aanbod.csv"
    path.write_bytes(f"{HEADER}\n{GOED}\n".encode("utf-8-sig"))

    assert [r.bron_id for r in lees_csv(path).records] == ["kamp"]


# --- JSON-LD ------------------------------------------------------------------------------------


def test_a_cpsv_document_becomes_offerings(tmp_path: Path) -> None:
    document = {
        "@context": CONTEXT_URL,
        "@graph": [
            dienst(
                **{
                    "dct:title": {"nl": "Subsidie jeugdkamp", "en": "Youth camp grant"},
                    "dct:description": [
                        {"@value": "For camps.", "@language": "en"},
                        {"@value": "Voor kampen.", "@language": "nl"},
                    ],
                    "dct:type": {
                        "@id": "https://productencatalogus.data.vlaanderen.be/id/concept/Type/Toelating"
                    },
                    "dcat:theme": ["CultuurSportVrijeTijd"],
                    "cv:hasCompetentAuthority": {"@id": "https://catalogus.example/org/gent"},
                    "dct:spatial": [{"@id": "http://data.europa.eu/nuts/code/BE23"}, "44021"],
                    "cv:hasCriterion": {
                        "vloket:verenigingstypes": ["FV"],
                        "vloket:minimumleeftijd": 6,
                        "dct:description": {"nl": "Minstens tien deelnemers."},
                    },
                    "cv:holdsRequirement": [{"dct:description": {"nl": "Erkend door de stad."}}],
                    "cpsv:hasChannel": [{"dct:type": "Online", "schema:url": "https://gent.be/kamp"}],
                    "cv:hasContactPoint": {
                        "schema:email": "mailto:jeugd@gent.be",
                        "schema:telephone": "tel:09 210 10 10",
                    },
                    "dct:temporal": {"dcat:endDate": {"@value": "2025-06-30", "@type": "xsd:date"}},
                }
            ),
            {
                "@id": "https://catalogus.example/org/gent",
                "@type": "cv:PublicOrganisation",
                "dct:identifier": "44021",
                "skos:prefLabel": {"nl": "Stad Gent"},
            },
        ],
    }

    ingelezen = lees_jsonld(jsonld_file(tmp_path, document))

    assert ingelezen.fouten == []
    [record] = ingelezen.records
    inhoud = record.inhoud
    assert (record.bron_id, record.plaats) == (
        "https://catalogus.example/dienst/1",
        "record 1 (https://catalogus.example/dienst/1)",
    )
    assert (inhoud.titel, inhoud.beschrijving, inhoud.type) == (
        "Subsidie jeugdkamp",
        "Voor kampen.",
        Diensttype.TOELATING,
    )
    assert (inhoud.bestuur.code, inhoud.bestuur.naam) == ("44021", "Stad Gent")
    assert inhoud.criteria.werkingsgebieden == ("BE23", "BE23444021")
    assert inhoud.criteria.verenigingstypes == (Verenigingstype.FV,)
    assert inhoud.voorwaarden == "Erkend door de stad.\n\nMinstens tien deelnemers."
    assert (inhoud.kanaal.digitaal, inhoud.kanaal.link) == (True, "https://gent.be/kamp")
    assert (inhoud.contact.email, inhoud.contact.telefoon) == ("jeugd@gent.be", "09 210 10 10")
    assert inhoud.aanvraagperiode.tot == date(2025, 6, 30)


def test_one_offering_in_three_contexts_reads_the_same(tmp_path: Path) -> None:
    paths = [jsonld_file(tmp_path, document, f"{n}.jsonld") for n, document in enumerate(DRIE_SCHRIJFWIJZEN)]

    ingelezen = [lees_jsonld(path) for path in paths]

    assert [i.fouten for i in ingelezen] == [[], [], []]
    records = [(r.bron_id, r.inhoud) for i in ingelezen for r in i.records]
    assert len(records) == 3
    assert records[0] == records[1] == records[2]
    inhoud = records[0][1]
    assert (inhoud.titel, inhoud.beschrijving, inhoud.type) == (
        "Subsidie jeugdkamp",
        "Steun voor een kamp van een jeugdvereniging.",
        Diensttype.FINANCIEEL_VOORDEEL,
    )
    assert (inhoud.bestuur.code, inhoud.bestuur.naam) == ("44021", "Stad Gent")
    assert inhoud.criteria.hoofdactiviteiten == ("JGDW", "SPRT")
    assert inhoud.criteria.doelgroep is not None
    assert inhoud.criteria.doelgroep.minimumleeftijd == 6
    assert (inhoud.aanvraagperiode.van, inhoud.kanaal.link) == (date(2025, 1, 1), "https://gent.be/kamp")


def test_a_document_without_context_is_read_with_the_catalog_context(tmp_path: Path) -> None:
    met = lees_jsonld(jsonld_file(tmp_path, {"@context": CONTEXT_URL, "@graph": [dienst()]}, "a.jsonld"))
    zonder = lees_jsonld(jsonld_file(tmp_path, [dienst()], "b.json"))

    assert zonder.fouten == []
    assert [r.inhoud for r in zonder.records] == [r.inhoud for r in met.records]


def test_a_record_with_an_unknown_remote_context_is_refused_and_the_others_read(tmp_path: Path) -> None:
    elders = "https://elders.example/context.jsonld"
    document = {
        "@context": CONTEXT_URL,
        "@graph": [
            {**dienst("https://catalogus.example/dienst/1"), "@context": elders},
            dienst("https://catalogus.example/dienst/2"),
        ],
    }

    ingelezen = lees_jsonld(jsonld_file(tmp_path, document))

    assert [r.bron_id for r in ingelezen.records] == ["https://catalogus.example/dienst/2"]
    plaats = "record 1 (https://catalogus.example/dienst/1)"
    assert problems(ingelezen) == {(plaats, "@context")}
    assert f"de context {elders} is niet gekend en wordt niet opgehaald" in message(
        ingelezen, plaats, "@context"
    )


def test_a_document_whose_own_context_is_unknown_is_unreadable(tmp_path: Path) -> None:
    document = {"@context": "https://elders.example/context.jsonld", "@graph": [dienst()]}

    with pytest.raises(BestandOnleesbaar) as refused:
        lees_jsonld(jsonld_file(tmp_path, document))

    assert refused.value.fout.veld == "@context"
    assert "https://elders.example/context.jsonld is niet gekend" in refused.value.fout.melding


def test_a_property_the_context_does_not_define_is_refused_not_dropped(tmp_path: Path) -> None:
    alleen_dct = {"dct": "http://purl.org/dc/terms/", "cv": "http://data.europa.eu/m8g/"}
    eigen = {"@context": alleen_dct, "@type": "http://purl.org/vocab/cpsv#PublicService"}
    document = [
        dienst("https://catalogus.example/dienst/1", titel="Een titel zonder betekenis"),
        {**dienst("https://catalogus.example/dienst/2"), **eigen},
        {
            **dienst("https://catalogus.example/dienst/3"),
            **eigen,
            "dct:title": "Subsidie jeugdkamp",
            "dct:description": "Steun voor een kamp.",
            "cpsv:hasChannel": {"dct:type": "Online"},
        },
    ]

    ingelezen = lees_jsonld(jsonld_file(tmp_path, document))

    assert ingelezen.records == []
    eerste, tweede, derde = (f"record {n} (https://catalogus.example/dienst/{n})" for n in (1, 2, 3))
    assert problems(ingelezen) == {(eerste, "titel"), (tweede, "nl"), (derde, "cpsv:hasChannel")}
    assert "de context kent deze eigenschap niet" in message(ingelezen, eerste, "titel")
    assert '"@container": "@language"' in message(ingelezen, tweede, "nl")
    assert (
        message(ingelezen, derde, "cpsv:hasChannel") == "het voorvoegsel cpsv: is niet bepaald in de context"
    )


def test_records_nested_too_deep_or_too_large_are_refused_before_they_are_expanded(tmp_path: Path) -> None:
    diep: object = "x"
    for _ in range(MAX_DEPTH):
        diep = {"vloket:procedure": diep}
    document = [
        dienst("https://catalogus.example/dienst/1", **{"cv:hasCost": diep}),
        dienst("https://catalogus.example/dienst/2", **{"cv:hasCost": [{} for _ in range(MAX_OBJECTS)]}),
        dienst("https://catalogus.example/dienst/3"),
    ]

    ingelezen = lees_jsonld(jsonld_file(tmp_path, document))

    assert [r.bron_id for r in ingelezen.records] == ["https://catalogus.example/dienst/3"]
    eerste, tweede = (
        "record 1 (https://catalogus.example/dienst/1)",
        "record 2 (https://catalogus.example/dienst/2)",
    )
    assert problems(ingelezen) == {(eerste, ""), (tweede, "")}
    assert message(ingelezen, eerste, "") == f"het record is dieper genest dan {MAX_DEPTH} niveaus"
    assert message(ingelezen, tweede, "") == f"het record telt meer dan {MAX_OBJECTS} objecten"


def test_a_document_with_more_records_than_the_limit_is_unreadable() -> None:
    with pytest.raises(BestandOnleesbaar) as refused:
        list(jsonld_records([{}] * (MAX_RECORDS + 1)))

    assert (
        refused.value.fout.melding
        == f"het document telt {MAX_RECORDS + 1} records; de grens is {MAX_RECORDS}"
    )


def test_an_organisation_named_by_its_iri_alone_gives_its_code(tmp_path: Path) -> None:
    document = [
        dienst(
            **{
                "cv:hasCompetentAuthority": {
                    "@id": "https://data.vlaanderen.be/id/organisatie/OVO000001",
                    "skos:prefLabel": "Vlaamse overheid",
                }
            }
        )
    ]

    [record] = lees_jsonld(jsonld_file(tmp_path, document)).records

    assert (record.inhoud.bestuur.niveau, record.inhoud.bestuur.code) == (Bestuursniveau.VLAAMS, "OVO000001")


def test_bad_json_is_reported_with_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "aanbod.jsonld"
    path.write_text('{\n  "@graph": [\n    {"@id": "x",}\n  ]\n}\n', "utf-8")

    with pytest.raises(BestandOnleesbaar) as refused:
        lees_jsonld(path)

    assert "regel 3, kolom 16" in refused.value.fout.melding


def test_a_document_over_the_size_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = jsonld_file(tmp_path, [dienst(f"https://catalogus.example/dienst/{n}") for n in range(200)])

    with pytest.raises(BestandOnleesbaar) as refused:
        lees_jsonld(path, max_bytes=10 * 1024)

    assert (
        refused.value.fout.melding
        == f"het bestand is {path.stat().st_size / 1024:.0f} KB groot; de grens is 10 KB"
    )
    assert len(lees_jsonld(path, max_bytes=path.stat().st_size).records) == 200


def test_a_text_in_another_language_only_is_refused(tmp_path: Path) -> None:
    document = [dienst(**{"dct:title": {"en": "Youth camp grant", "fr": "Subvention"}})]

    ingelezen = lees_jsonld(jsonld_file(tmp_path, document))

    assert ingelezen.records == []
    plaats = "record 1 (https://catalogus.example/dienst/1)"
    assert problems(ingelezen) == {(plaats, "dct:title")}
    assert "Nederlands (gevonden: en, fr)" in message(ingelezen, plaats, "dct:title")


def test_wrong_types_and_missing_fields_name_the_property(tmp_path: Path) -> None:
    document = [
        dienst(**{"dct:description": 42, "cv:hasCriterion": {"vloket:minimumleeftijd": "zes"}}),
        {
            "@id": "https://catalogus.example/dienst/2",
            "@type": "cpsv:PublicService",
            "dct:title": "Zonder meer",
        },
    ]

    ingelezen = lees_jsonld(jsonld_file(tmp_path, document))

    assert ingelezen.records == []
    eerste, tweede = (
        "record 1 (https://catalogus.example/dienst/1)",
        "record 2 (https://catalogus.example/dienst/2)",
    )
    assert problems(ingelezen) == {
        (eerste, "dct:description"),
        (eerste, "cv:hasCriterion.vloket:minimumleeftijd"),
        (tweede, "beschrijving"),
        (tweede, "type"),
        (tweede, "bestuur_code"),
    }
    assert message(ingelezen, eerste, "dct:description") == "Verwacht: tekst."


def test_two_dutch_titles_however_spelled_are_refused(tmp_path: Path) -> None:
    document = [
        dienst(**{"http://purl.org/dc/terms/title": {"@value": "Een andere titel", "@language": "nl"}})
    ]

    ingelezen = lees_jsonld(jsonld_file(tmp_path, document))

    assert ingelezen.records == []
    plaats = "record 1 (https://catalogus.example/dienst/1)"
    assert problems(ingelezen) == {(plaats, "dct:title")}
    assert "één tekst, niet meerdere" in message(ingelezen, plaats, "dct:title")


def test_a_repeated_id_refuses_the_second_record_and_keeps_the_first(tmp_path: Path) -> None:
    document = [dienst(), dienst(**{"dct:title": "Tweede"}), dienst("https://catalogus.example/dienst/2")]

    ingelezen = lees_jsonld(jsonld_file(tmp_path, document))

    assert [(r.bron_id, r.inhoud.titel) for r in ingelezen.records] == [
        ("https://catalogus.example/dienst/1", "Subsidie jeugdkamp"),
        ("https://catalogus.example/dienst/2", "Subsidie jeugdkamp"),
    ]
    assert problems(ingelezen) == {("record 2 (https://catalogus.example/dienst/1)", "@id")}


def test_html_in_a_text_is_refused(tmp_path: Path) -> None:
    document = [dienst(**{"dct:description": {"nl": "Zie <a href='x'>hier</a>."}})]

    ingelezen = lees_jsonld(jsonld_file(tmp_path, document))

    assert problems(ingelezen) == {("record 1 (https://catalogus.example/dienst/1)", "dct:description")}


def test_nodes_that_are_no_offering_are_reported_or_left_to_references(tmp_path: Path) -> None:
    document = [
        dienst(),
        {"@id": "https://catalogus.example/org/gent", "@type": "cv:PublicOrganisation"},
        {"@id": "https://catalogus.example/persoon/1", "@type": "foaf:Person"},
        "geen object",
    ]

    ingelezen = lees_jsonld(jsonld_file(tmp_path, document))

    assert len(ingelezen.records) == 1
    assert problems(ingelezen) == {
        ("record 3 (https://catalogus.example/persoon/1)", "@type"),
        ("record 4", ""),
    }


@pytest.mark.parametrize("document", [42, "tekst", {"geen": "graph"}])
def test_a_document_of_another_shape_is_unreadable(document: object) -> None:
    with pytest.raises(BestandOnleesbaar) as refused:
        list(jsonld_records(document))

    assert "@graph" in refused.value.fout.melding


# --- which kind of file -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("naam", "content_type", "expected"),
    [
        ("aanbod.CSV", None, Formaat.CSV),
        ("aanbod.jsonld", None, Formaat.JSONLD),
        ("https://x.example/feed.json?page=2", None, Formaat.JSONLD),
        ("https://x.example/export", "text/csv; charset=utf-8", Formaat.CSV),
        ("https://x.example/export.csv", "application/ld+json", Formaat.JSONLD),
    ],
)
def test_the_kind_of_file_comes_from_its_content_type_or_its_name(
    naam: str, content_type: str | None, expected: Formaat
) -> None:
    assert formaat_van(naam, content_type) is expected


def test_a_file_of_an_unknown_kind_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "aanbod.xlsx"
    path.write_bytes(b"PK")

    with pytest.raises(BestandOnleesbaar) as refused:
        lees(path)

    assert ".csv" in refused.value.fout.melding
