"""One offering written three ways in JSON-LD: with the catalog context by its URL, with an
inline context of its own term names (and aliases for `@id` and `@type`), and in full IRIs under
other prefixes. Read by their contexts, the three say the same thing."""

from __future__ import annotations

from typing import Final

from registry.offerings.importing.vocabulary import CONTEXT_URL

DIENST_ID: Final = "https://catalogus.example/dienst/jeugdkamp"
GENT_ID: Final = "https://catalogus.example/org/gent"
FINANCIEEL_VOORDEEL: Final = (
    "https://productencatalogus.data.vlaanderen.be/id/concept/Type/FinancieelVoordeel"
)

DIENST: Final[dict[str, object]] = {
    "@id": DIENST_ID,
    "@type": "cpsv:PublicService",
    "dct:title": {"nl": "Subsidie jeugdkamp", "en": "Youth camp grant"},
    "dct:description": {"nl": "Steun voor een kamp van een jeugdvereniging."},
    "dct:type": {"@id": FINANCIEEL_VOORDEEL},
    "cv:hasCompetentAuthority": {"@id": GENT_ID},
    "cv:hasCriterion": {
        "vloket:hoofdactiviteiten": {"@list": ["JGDW", "SPRT"]},
        "vloket:minimumleeftijd": 6,
    },
    "dct:temporal": {"dcat:startDate": {"@value": "2025-01-01", "@type": "xsd:date"}},
    "cpsv:hasChannel": [{"dct:type": "Online", "schema:url": "https://gent.be/kamp"}],
}
"""The offering in the catalog context's terms."""
GENT: Final[dict[str, object]] = {
    "@id": GENT_ID,
    "@type": "cv:PublicOrganisation",
    "dct:identifier": "44021",
    "skos:prefLabel": {"nl": "Stad Gent"},
}
MET_DE_CATALOGUSCONTEXT: Final[dict[str, object]] = {"@context": CONTEXT_URL, "@graph": [DIENST, GENT]}

EIGEN_CONTEXT: Final[dict[str, object]] = {
    "id": "@id",
    "soort": "@type",
    "Dienst": "http://purl.org/vocab/cpsv#PublicService",
    "Organisatie": "http://data.europa.eu/m8g/PublicOrganisation",
    "titel": {"@id": "http://purl.org/dc/terms/title", "@container": "@language"},
    "beschrijving": {"@id": "http://purl.org/dc/terms/description", "@language": "nl"},
    "dienstType": {"@id": "http://purl.org/dc/terms/type", "@type": "@id"},
    "bevoegdBestuur": "http://data.europa.eu/m8g/hasCompetentAuthority",
    "code": "http://purl.org/dc/terms/identifier",
    "naam": {"@id": "http://www.w3.org/2004/02/skos/core#prefLabel", "@language": "nl"},
    "criterium": "http://data.europa.eu/m8g/hasCriterion",
    "hoofdactiviteiten": {
        "@id": "https://data.vlaanderen.be/ns/vloket#hoofdactiviteiten",
        "@container": "@list",
    },
    "minimumleeftijd": "https://data.vlaanderen.be/ns/vloket#minimumleeftijd",
    "periode": "http://purl.org/dc/terms/temporal",
    "vanaf": {
        "@id": "http://www.w3.org/ns/dcat#startDate",
        "@type": "http://www.w3.org/2001/XMLSchema#date",
    },
    "kanalen": "http://purl.org/vocab/cpsv#hasChannel",
    "kanaalsoort": "http://purl.org/dc/terms/type",
    "adres": "https://schema.org/url",
}
DIENST_IN_EIGEN_TERMEN: Final[dict[str, object]] = {
    "id": DIENST_ID,
    "soort": "Dienst",
    "titel": {"nl": "Subsidie jeugdkamp", "en": "Youth camp grant"},
    "beschrijving": "Steun voor een kamp van een jeugdvereniging.",
    "dienstType": FINANCIEEL_VOORDEEL,
    "bevoegdBestuur": {"id": GENT_ID, "soort": "Organisatie", "code": "44021", "naam": "Stad Gent"},
    "criterium": {"hoofdactiviteiten": ["JGDW", "SPRT"], "minimumleeftijd": 6},
    "periode": {"vanaf": "2025-01-01"},
    "kanalen": {"kanaalsoort": "Online", "adres": "https://gent.be/kamp"},
}
MET_EIGEN_TERMEN: Final[dict[str, object]] = {"@context": EIGEN_CONTEXT, "@graph": [DIENST_IN_EIGEN_TERMEN]}

MET_VOLLEDIGE_IRIS: Final[dict[str, object]] = {
    "@context": {"terms": "http://purl.org/dc/terms/", "eu": "http://data.europa.eu/m8g/"},
    "@graph": [
        {
            "@id": DIENST_ID,
            "@type": "http://purl.org/vocab/cpsv#PublicService",
            "terms:title": [
                {"@value": "Subsidie jeugdkamp", "@language": "nl"},
                {"@value": "Youth camp grant", "@language": "en"},
            ],
            "terms:description": {
                "@value": "Steun voor een kamp van een jeugdvereniging.",
                "@language": "nl",
            },
            "terms:type": {"@id": FINANCIEEL_VOORDEEL},
            "eu:hasCompetentAuthority": {"@id": GENT_ID},
            "eu:hasCriterion": {
                "https://data.vlaanderen.be/ns/vloket#hoofdactiviteiten": {"@list": ["JGDW", "SPRT"]},
                "https://data.vlaanderen.be/ns/vloket#minimumleeftijd": {"@value": 6},
            },
            "terms:temporal": {
                "http://www.w3.org/ns/dcat#startDate": {
                    "@value": "2025-01-01",
                    "@type": "http://www.w3.org/2001/XMLSchema#date",
                }
            },
            "http://purl.org/vocab/cpsv#hasChannel": {
                "terms:type": "Online",
                "http://schema.org/url": {"@id": "https://gent.be/kamp"},
            },
        },
        {
            "@id": GENT_ID,
            "@type": "eu:PublicOrganisation",
            "terms:identifier": "44021",
            "http://www.w3.org/2004/02/skos/core#prefLabel": {"@value": "Stad Gent", "@language": "nl"},
        },
    ],
}

DRIE_SCHRIJFWIJZEN: Final = (MET_DE_CATALOGUSCONTEXT, MET_EIGEN_TERMEN, MET_VOLLEDIGE_IRIS)
