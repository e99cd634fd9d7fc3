"""The key of every message the registers and the API can show: the codes clients read.

A field error's key is its `fouten[].code`, a register error's the `extensions.code` it carries
(or a more precise key when one code has several messages, such as `QUERY_TOO_COMPLEX_depth`).
Every place that names a message takes a `MessageKey`, so mypy refuses a key that is not listed
here; `tests/test_messages.py` holds this list, both catalogs and the code to the same keys.
"""

from __future__ import annotations

from typing import Final, Literal, get_args

MessageKey = Literal[
    # what went wrong, for the request as a whole
    "VALIDATION_FAILED",
    "NOT_FOUND",
    "VERSION_CONFLICT",
    "POSSIBLE_DUPLICATE",
    "REGISTER_BUSY",
    "UNAUTHENTICATED",
    "FORBIDDEN",
    "FORBIDDEN_ACTING_FOR_OTHER",
    "FORBIDDEN_CHOOSE_FIRST",
    "FORBIDDEN_NOT_REPRESENTED",
    "FORBIDDEN_VIEW_ONLY",
    "FORBIDDEN_NOT_DELEGABLE",
    "TOKEN_REFUSED",
    "CROSS_SITE",
    "PROVIDER_UNAVAILABLE",
    "VERENIGING_GESTOPT",
    "INTERNAL_SERVER_ERROR",
    "PAYLOAD_TOO_LARGE",
    "RATE_LIMITED",
    "ACCESS_LOG_UNAVAILABLE",
    # events a service pushes
    "EVENT_NOT_SIGNED",
    "EVENT_MALFORMED",
    "EVENT_MEDIA_TYPE",
    "UNKNOWN_VERENIGING",
    # a connected service's failure
    "SERVICE_UNAVAILABLE",
    "TIMEOUT",
    "CIRCUIT_OPEN",
    "REJECTED_BY_SERVICE",
    "SERVICE_NOT_FOUND",
    "CONNECTOR_CONFIG_ERROR",
    "SERVICE_INTERNAL_ERROR",
    # offerings
    "FORBIDDEN_BESTUUR",
    "VERSION_CONFLICT_DIENST",
    # GraphQL documents over a limit
    "QUERY_TOO_COMPLEX_bytes",
    "QUERY_TOO_COMPLEX_tokens",
    "QUERY_TOO_COMPLEX_digits",
    "QUERY_TOO_COMPLEX_fields",
    "QUERY_TOO_COMPLEX_depth",
    "QUERY_TOO_COMPLEX_aliases",
    "QUERY_TOO_COMPLEX_cost",
    "QUERY_TOO_COMPLEX_repeats",
    # what is wrong with one field
    "verplicht",
    "geen_html",
    "te_lang",
    "ongeldig_email",
    "email_niet_ascii",
    "ongeldig_telefoon",
    "ongeldige_url",
    "ongeldig_insz",
    "ongeldig_kbo",
    "onbekende_keuze",
    "onbekende_code",
    "dubbele_code",
    "nvt_exclusief",
    "meerdere_primair",
    "dubbel_contactgegeven",
    "dubbele_locatie",
    "meerdere_correspondentie",
    "locatietype_voorbehouden",
    "adres_of_adresid",
    "ongeldig_adresid",
    "dubbele_insz",
    "eigen_mandaat",
    "te_veel_mandaten",
    "laatste_vertegenwoordiger",
    "leeftijd_bereik",
    "minimum_boven_maximum",
    "datum_in_toekomst",
    "einddatum_voor_startdatum",
    "alleen_in_kbo",
    "roepnaam_alleen_kbo",
    "ongeldig_token",
    "ongeldig_json",
    "ongeldig_formaat",
    "niet_aangeboden",
    "nvt_niet_voor_aanbod",
    "uitleg_niet_digitaal",
    "te_veel",
    "te_veel_woorden",
    "te_diep",
    # text that is not text, and dates and postcodes out of bounds
    "controleteken",
    "richtingsteken",
    "ongeldig_teken",
    "datum_buiten_bereik",
    "ongeldige_postcode",
]
MESSAGE_KEYS: Final[tuple[MessageKey, ...]] = get_args(MessageKey)
