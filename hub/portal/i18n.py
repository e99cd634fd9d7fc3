"""The portal's words, in message catalogs: Dutch is the source language, English a translation.

The templates mark every text with `_()` (or `{% trans %}`), Python code with `N_()`. The
catalogs (`translations/<taal>/LC_MESSAGES/portal.po`) are read once at start and compiled in
memory; `vloket portal vertalingen` extracts the marked texts and brings both catalogs up to
date (new texts get an empty English translation, which the completeness test refuses).
"""

from __future__ import annotations

import gettext
import io
from collections.abc import Iterator
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from registry.messages import LANGUAGES, Language

DOMAIN = "portal"
SOURCE_LANGUAGE: Language = "nl"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}
METHODS = [
    ("**.py", "python"),
    ("**/templates/**.html", "jinja2"),
]
METHOD_OPTIONS = {"**/templates/**.html": {"extensions": "jinja2.ext.i18n", "newstyle_gettext": "true"}}


def N_(message: str) -> str:
    """Marks a text in Python code for the catalogs; templates translate it when they show it."""
    return message


def package_dir() -> Path:
    return Path(str(resources.files("hub.portal")))


def catalog_path(language: Language, root: Path | None = None) -> Path:
    return (root or package_dir()) / "translations" / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalog(language: Language, root: Path | None = None) -> Catalog:
    with catalog_path(language, root).open("rb") as handle:
        return read_po(handle, locale=language, domain=DOMAIN)


@cache
def translations(language: Language) -> gettext.NullTranslations:
    """The compiled catalog for `language`; a text without translation shows its Dutch source."""
    catalog = read_catalog(language)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def extract(root: Path | None = None) -> Catalog:
    """Every text the portal's code and templates mark for translation, with where it is used;
    the login's messages (`hub/auth`, shown by the portal) too."""
    root = root or package_dir()
    catalog = _new_catalog(SOURCE_LANGUAGE)
    sources = [(root, METHODS, ""), (root.parent / "auth", [("routes.py", "python")], "../auth/")]
    for folder, methods, prefix in sources:
        for filename, lineno, message, comments, context in extract_from_dir(
            str(folder), methods, options_map=METHOD_OPTIONS, keywords=KEYWORDS, strip_comment_tags=True
        ):
            location = (prefix + filename, lineno)
            catalog.add(message, None, [location], auto_comments=comments, context=context)
    return catalog


def update_catalogs(root: Path | None = None) -> dict[Language, list[str]]:
    """Bring every catalog up to the texts in use: keep translations, add new texts, drop unused
    ones. The Dutch catalog translates each text to itself. Returns the texts still untranslated."""
    missing: dict[Language, list[str]] = {}
    for language in LANGUAGES:
        path = catalog_path(language, root)
        existing = read_catalog(language, root) if path.exists() else _new_catalog(language)
        existing.update(extract(root), no_fuzzy_matching=True)
        existing.obsolete.clear()
        existing.fuzzy = False
        for message in existing:
            if not message.id:
                continue
            if language == SOURCE_LANGUAGE:
                message.string = message.id
            message.flags.discard("fuzzy")
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            write_po(handle, existing, width=100, omit_header=True, sort_output=True)
        missing[language] = list(untranslated(existing))
    return missing


def _new_catalog(language: Language) -> Catalog:
    return Catalog(
        locale=language,
        domain=DOMAIN,
        project="V-loket",
        copyright_holder="Vlaamse overheid",
        msgid_bugs_address="1700@vlaanderen.be",
        fuzzy=False,
    )


def untranslated(catalog: Catalog) -> Iterator[str]:
    for message in catalog:
        if not message.id:
            continue
        strings: Any = message.string
        values = strings if isinstance(strings, tuple) else (strings,)
        if not all(values) or message.fuzzy:
            yield message.id if isinstance(message.id, str) else message.id[0]
