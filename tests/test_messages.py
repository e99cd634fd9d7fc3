"""The register's messages come from its gettext catalogs: every key the code can use has a Dutch
and an English text with the same placeholders, no catalog holds a key nobody uses, and a text
that is missing anyway shows in Dutch, logged, never silently."""

from __future__ import annotations

import ast
import shutil
import string
from pathlib import Path

import pytest
from structlog.testing import capture_logs

import hub.routing.errors
from connectors.sdk import errors as connector_errors
from hub.graphql.errors import SERVICE_MESSAGES
from registry.i18n import LANGUAGES, Domain, Language, untranslated
from registry.message_keys import MESSAGE_KEYS
from registry.messages import EXCERPT_LIMIT, MESSAGES, MissingMessage, template, translate, update_catalogs

ROOT = Path(__file__).resolve().parent.parent
PRODUCT = ("hub", "registry")
KEYS_MODULE = ROOT / "registry" / "message_keys.py"


def _ids(language: Language) -> set[str]:
    return {m.id for m in MESSAGES.read(language) if isinstance(m.id, str) and m.id}


def _placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_catalog_holds_exactly_the_message_keys(language: Language) -> None:
    assert _ids(language) == set(MESSAGE_KEYS), "run `vloket portal vertalingen`"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_has_a_text(language: Language) -> None:
    assert list(untranslated(MESSAGES.read(language))) == []


def test_english_and_dutch_have_the_same_placeholders() -> None:
    for key in MESSAGE_KEYS:
        assert _placeholders(template(key, "en")) == _placeholders(template(key, "nl")), key


def test_every_message_key_is_used_by_the_code() -> None:
    """mypy holds every key the code names to `MessageKey`; this holds `MessageKey` to the code."""
    named: set[str] = set()
    for package in PRODUCT:
        for path in (ROOT / package).rglob("*.py"):
            if path == KEYS_MODULE:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    named.add(node.value)
    assert set(MESSAGE_KEYS) - named == set()


def test_every_code_a_connected_service_can_fail_with_has_its_message() -> None:
    def codes(error: type[connector_errors.ConnectorError]) -> set[str]:
        return {error.code}.union(*(codes(sub) for sub in error.__subclasses__()))

    assert hub.routing.errors.ConnectorCrashed.code == "INTERNAL_ERROR"
    generic = {connector_errors.ConnectorError.code, hub.routing.errors.ConnectorCrashed.code}
    assert codes(connector_errors.ConnectorError) - generic == set(SERVICE_MESSAGES)


def test_the_catalogs_are_as_the_update_writes_them(tmp_path: Path) -> None:
    """Sorted by key, each English text with the Dutch one beside it: what `vloket portal
    vertalingen` leaves; running it again changes nothing."""
    shutil.copytree(MESSAGES.root / "translations", tmp_path / "translations")
    copy = Domain(MESSAGES.name, tmp_path)

    assert update_catalogs(copy) == {"nl": [], "en": []}
    for language in LANGUAGES:
        assert copy.path(language).read_bytes() == MESSAGES.path(language).read_bytes()
    assert "#. nl: Vul dit veld in." in MESSAGES.path("en").read_text(encoding="utf-8")


def test_a_new_key_gets_an_empty_text_in_both_catalogs(tmp_path: Path) -> None:
    shutil.copytree(MESSAGES.root / "translations", tmp_path / "translations")
    copy = Domain(MESSAGES.name, tmp_path)
    for language in LANGUAGES:
        catalog = copy.read(language)
        catalog.delete("te_lang")
        catalog.add("NIET_MEER_GEBRUIKT", "weg")
        copy.write(language, catalog)

    assert update_catalogs(copy) == {"nl": ["te_lang"], "en": ["te_lang"]}
    assert "NIET_MEER_GEBRUIKT" not in copy.path("nl").read_text(encoding="utf-8")


def test_a_message_fills_in_its_placeholders_in_the_callers_language() -> None:
    assert translate("te_lang", "en", max=10) == "Use at most 10 characters."
    assert translate("te_lang", "nl", max=10) == "Gebruik hoogstens 10 tekens."
    long = translate("onbekende_code", "nl", waarde="x" * 500)
    assert long == f"De code '{'x' * EXCERPT_LIMIT}…' kennen we niet."


def test_a_text_missing_from_english_shows_the_dutch_one_and_is_logged(tmp_path: Path) -> None:
    shutil.copytree(MESSAGES.root / "translations", tmp_path / "translations")
    gapped = Domain(MESSAGES.name, tmp_path)
    english = gapped.read("en")
    english.delete("verplicht")
    gapped.write("en", english)

    with capture_logs() as logs, pytest.warns(MissingMessage, match="'verplicht'"):
        shown = template("verplicht", "en", gapped)

    assert shown == "Vul dit veld in."
    assert logs == [
        {
            "event": "message missing from the catalog",
            "key": "verplicht",
            "language": "en",
            "domain": "registry",
            "log_level": "error",
        }
    ]


def test_a_key_in_no_catalog_is_an_error_in_tests_and_shows_itself_elsewhere() -> None:
    with pytest.raises(MissingMessage, match="'GEEN_SLEUTEL'"):
        translate("GEEN_SLEUTEL", "en")  # type: ignore[arg-type]

    with pytest.warns(MissingMessage):
        assert template("GEEN_SLEUTEL", "en") == "GEEN_SLEUTEL"
