"""The portal's words live in the message catalogs: every text the templates and code mark is in
both catalogs, translated, with the same placeholders; and no template shows text it did not mark."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog

from hub.portal import woorden
from hub.portal.i18n import domain, extract, package_dir
from hub.portal.templating import environment
from registry.associations.codes import HOOFDACTIVITEITEN, Verenigingstype
from registry.i18n import LANGUAGES, Language, untranslated
from registry.offerings.model import Diensttype

PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")
# Text a template may show as it is: the brand, the languages named in their own language,
# separators and punctuation.
AS_IS = re.compile(r"^(?:V-loket|Nederlands|English|[\s·,.:;()/|–—\-])*$")
VISIBLE_ATTRIBUTES = {"alt", "title", "aria-label", "placeholder"}


def _ids(catalog: Catalog) -> set[str]:
    return {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_marked_text_is_in_the_catalog_and_nothing_else(language: Language) -> None:
    in_use = _ids(extract())
    catalog = _ids(domain().read(language))
    assert in_use, "no marked texts found"
    assert in_use - catalog == set(), "not in the catalog: run `vloket portal vertalingen`"
    assert catalog - in_use == set(), "no longer used: run `vloket portal vertalingen`"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_text_is_translated_with_the_same_placeholders(language: Language) -> None:
    catalog = domain().read(language)
    assert list(untranslated(catalog)) == []
    for message in catalog:
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string or ())
        expected = set(PLACEHOLDER.findall(" ".join(ids)))
        for string in strings:
            assert set(PLACEHOLDER.findall(string)) == expected, (message.id, string)


def test_the_dutch_catalog_is_the_source_itself() -> None:
    for message in domain().read("nl"):
        if message.id:
            assert message.string == message.id


class _Visible(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.texts.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.texts += [value for name, value in attrs if name in VISIBLE_ATTRIBUTES and value]


def _templates() -> list[Path]:
    return sorted((package_dir() / "templates").rglob("*.html"))


@pytest.mark.parametrize("template", _templates(), ids=lambda p: str(p.relative_to(package_dir())))
def test_templates_show_no_text_outside_the_catalogs(template: Path) -> None:
    env = environment("nl")
    literal = "".join(
        " " if kind != "data" else value for _, kind, value in env.lex(template.read_text(encoding="utf-8"))
    )
    parser = _Visible()
    parser.feed(literal)
    loose = [t.strip() for t in parser.texts if t.strip() and not AS_IS.match(t.strip())]
    assert loose == [], f"text not marked for translation in {template.name}"


def test_the_portals_code_lists_name_every_code_of_the_registers() -> None:
    assert woorden.ACTIVITEITEN == HOOFDACTIVITEITEN
    assert set(woorden.VERENIGINGSTYPES) == {t.value for t in Verenigingstype}
    assert set(woorden.TYPES) == set(Diensttype)


def test_code_lists_are_shown_in_the_visitors_language() -> None:
    activiteiten: dict[str, str] = environment("en").globals["ACTIVITEITEN"]  # type: ignore[assignment]
    types: dict[str, str] = environment("en").globals["VERENIGINGSTYPES"]  # type: ignore[assignment]
    assert activiteiten["HOSP"] == "Hobby & games"
    assert types["FV"] == "De facto association"
