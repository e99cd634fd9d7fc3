"""The association's data to take along: JSON-LD that expands (pyld, offline) to the
Verenigingsregister's and OSLO's IRIs with no term dropped, and CSV that the standard library
reads back as one row per fact, every fact of the JSON-LD among them."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

import pytest
from pyld import ContextResolver, FrozenDocumentLoader, jsonld

from registry.associations.export import CSV_COLUMNS, csv_text, file_name
from registry.associations.export import jsonld as als_jsonld
from registry.associations.model import (
    Adres,
    Contactgegeven,
    Locatie,
    Vereniging,
    Vertegenwoordiger,
)

FV = "https://data.vlaanderen.be/ns/FeitelijkeVerenigingen#"
VERENIGING = Vereniging(
    v_code="V0001001",
    verenigingstype="FV",
    naam="FWA De vrolijke BA's",
    korte_naam='=HYPERLINK("http://evil.example")',
    startdatum="2015-09-01",
    hoofdactiviteiten=("HOSP", "KECU"),
    werkingsgebieden=("BE24123044",),
    contactgegevens=(
        Contactgegeven(contactgegeven_id=1, contactgegeventype="E-mail", waarde="info@vrolijkebas.be"),
        Contactgegeven(contactgegeven_id=3, contactgegeventype="Telefoon", waarde="+32 53 12 34 56"),
    ),
    locaties=(
        Locatie(
            locatie_id=2,
            locatietype="Activiteiten",
            is_primair=True,
            naam="Zaal Ter Linde",
            adres=Adres(
                straatnaam="Kerkstraat",
                huisnummer="12",
                busnummer="a",
                postcode="1770",
                gemeente="Liedekerke",
            ),
        ),
    ),
    vertegenwoordigers=(
        Vertegenwoordiger(
            vertegenwoordiger_id=1,
            insz="85073003328",
            voornaam="Pieter",
            achternaam="Peeters",
            is_primair=True,
        ),
    ),
    laatste_ids={"contactgegevens": 3},
    versie=7,
)


def expanded(document: dict[str, Any]) -> tuple[list[dict[str, Any]], list[str | None]]:
    loader = FrozenDocumentLoader({})  # the context is in the document: nothing is fetched
    dropped: list[str | None] = []
    result = jsonld.expand(
        document,
        {"documentLoader": loader, "contextResolver": ContextResolver({}, loader)},
        on_property_dropped=dropped.append,
    )
    return result, dropped


def values(node: Any) -> Iterator[str]:
    """Every literal in an expanded document, as text."""
    if isinstance(node, list):
        for item in node:
            yield from values(item)
    elif isinstance(node, dict):
        if "@value" in node:
            value = node["@value"]
            yield ("true" if value else "false") if isinstance(value, bool) else str(value)
        for key, inner in node.items():
            if key != "@value":
                yield from values(inner)


def test_the_json_ld_expands_to_the_register_vocabularies_with_nothing_dropped() -> None:
    [node], dropped = expanded(als_jsonld(VERENIGING))

    assert dropped == []
    assert node["@type"] == [f"{FV}Vereniging"]
    assert node["http://www.w3.org/2004/02/skos/core#prefLabel"] == [{"@value": "FWA De vrolijke BA's"}]
    assert node["https://schema.org/foundingDate"] == [
        {"@type": "http://www.w3.org/2001/XMLSchema#date", "@value": "2015-09-01"}
    ]
    assert {v["@value"] for v in node["http://www.w3.org/ns/regorg#orgActivity"]} == {"HOSP", "KECU"}
    [site] = node["http://www.w3.org/ns/org#hasSite"]
    assert site["@type"] == ["http://www.w3.org/ns/org#Site"]
    [adres] = site["https://data.vlaanderen.be/ns/organisatie#bestaatUit"]
    assert adres["http://www.w3.org/ns/locn#thoroughfare"] == [{"@value": "Kerkstraat"}]
    assert adres["http://www.w3.org/ns/locn#postCode"] == [{"@value": "1770"}]
    [persoon] = node[f"{FV}vertegenwoordiger"]
    assert persoon["@type"] == ["http://www.w3.org/ns/person#Person"]
    assert persoon["http://xmlns.com/foaf/0.1/givenName"] == [{"@value": "Pieter"}]
    assert persoon[f"{FV}insz"] == [{"@value": "85073003328"}]
    points = node["https://schema.org/contactPoint"]
    assert sorted(p["http://www.w3.org/1999/02/22-rdf-syntax-ns#value"][0]["@value"] for p in points) == [
        "+32 53 12 34 56",
        "info@vrolijkebas.be",
    ]


def test_the_csv_has_one_row_per_fact_and_the_same_facts_as_the_json_ld() -> None:
    rows = list(csv.DictReader(io.StringIO(csv_text(VERENIGING), newline="")))
    [node], _ = expanded(als_jsonld(VERENIGING))

    assert list(rows[0]) == list(CSV_COLUMNS)
    facts = {(r["onderdeel"], r["nummer"], r["gegeven"]): r["waarde"] for r in rows}
    assert len(facts) == len(rows) - 1  # (each hoofdactiviteit has a row: the one key it shares)
    assert facts[("basisgegevens", "", "naam")] == "FWA De vrolijke BA's"
    assert [r["waarde"] for r in rows if r["gegeven"] == "hoofdactiviteitenVerenigingsloket"] == [
        "HOSP",
        "KECU",
    ]
    assert facts[("locaties", "2", "adres.straatnaam")] == "Kerkstraat"
    assert facts[("vertegenwoordigers", "1", "insz")] == "85073003328"
    assert facts[("contactgegevens", "3", "waarde")] == "+32 53 12 34 56"  # a number, not a formula
    assert ("basisgegevens", "", "laatsteIds.contactgegevens") not in facts
    in_json_ld = set(values(node))
    for row in rows:
        assert row["waarde"].removeprefix("'") in in_json_ld, row


def test_a_value_a_spreadsheet_would_run_is_written_as_text() -> None:
    rows = list(csv.DictReader(io.StringIO(csv_text(VERENIGING), newline="")))

    [korte_naam] = [r["waarde"] for r in rows if r["gegeven"] == "korteNaam"]
    assert korte_naam == '\'=HYPERLINK("http://evil.example")'


@pytest.mark.parametrize("extension", ["jsonld", "csv"])
def test_the_file_is_named_by_the_vcode_alone(extension: str) -> None:
    assert file_name(VERENIGING, extension) == f"V0001001-gegevens.{extension}"
