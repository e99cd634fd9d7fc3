"""The portal's words, in message catalogs: Dutch is the source language, English a translation.

The templates mark every text with `_()` (or `{% trans %}`), Python code with `N_()`. The
catalogs (`translations/<taal>/LC_MESSAGES/portal.po`) are read once at start and compiled in
memory by the loader the register's messages use too (`registry.i18n`); `vloket portal
vertalingen` extracts the marked texts and brings both catalogs up to date (new texts get an
empty English translation, which the completeness test refuses).
"""

from __future__ import annotations

import gettext
from importlib import resources
from pathlib import Path
from typing import Final

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir

from registry import i18n
from registry.i18n import LANGUAGES, SOURCE_LANGUAGE, Domain, Language, untranslated

DOMAIN = "portal"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}
METHODS = [
    ("**.py", "python"),
    ("**/templates/**.html", "jinja2"),
    ("**/templates/**.txt", "jinja2"),
]
_JINJA = {"extensions": "jinja2.ext.i18n", "newstyle_gettext": "true"}
METHOD_OPTIONS = {"**/templates/**.html": _JINJA, "**/templates/**.txt": _JINJA}


def N_(message: str) -> str:
    """Marks a text in Python code for the catalogs; templates translate it when they show it."""
    return message


def package_dir() -> Path:
    return Path(str(resources.files("hub.portal")))


PORTAL: Final = Domain(DOMAIN, package_dir())


def domain(root: Path | None = None) -> Domain:
    """The portal's catalogs, in the package or under another copy of it (`root`)."""
    return PORTAL if root is None else Domain(DOMAIN, root)


def translations(language: Language) -> gettext.GNUTranslations:
    """The compiled catalog for `language`; a text without translation shows its Dutch source."""
    return i18n.translations(PORTAL, language)


def extract(root: Path | None = None) -> Catalog:
    """Every text the portal's code and templates mark for translation, with where it is used;
    the login's messages (`hub/auth`, shown by the portal) and the mails' (`hub/mail`) too."""
    root = root or package_dir()
    catalog = domain(root).new_catalog(SOURCE_LANGUAGE)
    sources = [
        (root, METHODS, ""),
        (root.parent / "auth", [("routes.py", "python")], "../auth/"),
        (root.parent / "mail", METHODS, "../mail/"),
    ]
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
    catalogs = domain(root)
    missing: dict[Language, list[str]] = {}
    for language in LANGUAGES:
        existing = catalogs.read_or_new(language)
        existing.update(extract(root), no_fuzzy_matching=True)
        existing.obsolete.clear()
        existing.fuzzy = False
        for message in existing:
            if not message.id:
                continue
            if language == SOURCE_LANGUAGE:
                message.string = message.id
            message.flags.discard("fuzzy")
        catalogs.write(language, existing)
        missing[language] = list(untranslated(existing))
    return missing
