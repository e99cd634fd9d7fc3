"""The languages the hub speaks, its gettext catalogs, and which language a request gets.

Two catalog domains share this one loader: the register's messages (`registry.po`, see
`registry.messages`) and the portal's words (`portal.po`, see `hub.portal.i18n`). Each lives in
`<package>/translations/<taal>/LC_MESSAGES/<domain>.po`, is read with Babel and compiled in
memory, so no compiled `.mo` file can go stale.

A language is chosen by `negotiate`, for the API's messages and the portal's pages alike: Babel
matches the caller's `Accept-Language` against our languages, Dutch when nothing matches.
"""

from __future__ import annotations

import gettext
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Final, Literal

from babel.core import negotiate_locale
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

Language = Literal["nl", "en"]
LANGUAGES: Final[tuple[Language, ...]] = ("nl", "en")
SOURCE_LANGUAGE: Final[Language] = "nl"
"""The language every text is written in first, and the one shown when nothing else fits."""

MAX_HEADER: Final = 1024
"""Characters of an `Accept-Language` header read: a browser sends a few dozen."""
MAX_RANGES: Final = 32
"""Language ranges of that header read; past them nothing is looked at."""
_RANGE: Final = re.compile(r"[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*|\*")
_QVALUE: Final = re.compile(r"0(?:\.[0-9]{0,3})?|1(?:\.0{0,3})?")
"""RFC 9110's weight: from 0 to 1, at most three decimals; anything else is no weight at all."""


@dataclass(frozen=True)
class Domain:
    """One set of catalogs: its gettext domain name and the folder that holds `translations/`
    (a package's own folder, so an installed wheel carries its catalogs as package data)."""

    name: str
    root: Path

    @classmethod
    def of_package(cls, name: str, package: str) -> Domain:
        return cls(name, Path(str(resources.files(package))))

    def path(self, language: Language) -> Path:
        return self.root / "translations" / language / "LC_MESSAGES" / f"{self.name}.po"

    def read(self, language: Language) -> Catalog:
        with self.path(language).open("rb") as handle:
            return read_po(handle, locale=language, domain=self.name)

    def read_or_new(self, language: Language) -> Catalog:
        """The catalog for `language`, or an empty one when it has no file yet (to update)."""
        return self.read(language) if self.path(language).exists() else self.new_catalog(language)

    def write(self, language: Language, catalog: Catalog) -> None:
        """Writes `catalog` sorted by message id, so a change shows as a small diff."""
        path = self.path(language)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            write_po(handle, catalog, width=100, omit_header=True, sort_output=True)

    def new_catalog(self, language: Language) -> Catalog:
        return Catalog(
            locale=language,
            domain=self.name,
            project="V-loket",
            copyright_holder="Vlaamse overheid",
            msgid_bugs_address="1700@vlaanderen.be",
            fuzzy=False,
        )


@cache
def translations(domain: Domain, language: Language) -> gettext.GNUTranslations:
    """The compiled catalog of `domain` for `language`, read once; fuzzy entries are left out."""
    compiled = io.BytesIO()
    write_mo(compiled, domain.read(language), use_fuzzy=False)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def untranslated(catalog: Catalog) -> Iterator[str]:
    """The ids of the entries with an empty or fuzzy translation."""
    for message in catalog:
        if not message.id:
            continue
        strings: Any = message.string
        values = strings if isinstance(strings, tuple) else (strings,)
        if not all(values) or message.fuzzy:
            yield message.id if isinstance(message.id, str) else message.id[0]


def language_named(code: str | None) -> Language | None:
    """One of our languages by its code (`en`, `EN`), or None."""
    folded = (code or "").lower()
    return next((language for language in LANGUAGES if language == folded), None)


def negotiate(accept_language: str | None, chosen: str | None = None) -> Language:
    """The language to answer in: `chosen` (the portal's language cookie) when it is one of
    ours, else Babel's best match for the `Accept-Language` header, else Dutch.

    >>> negotiate("fr-BE, en;q=0.5")
    'en'
    """
    language = language_named(chosen)
    if language is not None:
        return language
    # "*" is any language: the one we write first serves it best.
    ranges = [SOURCE_LANGUAGE if name == "*" else name for name in preferred_ranges(accept_language)]
    return language_named(negotiate_locale(ranges, LANGUAGES, sep="-", aliases={})) or SOURCE_LANGUAGE


def preferred_ranges(accept_language: str | None) -> list[str]:
    """The language ranges of an `Accept-Language` header, most wanted first (ties in the order
    sent). Only the first `MAX_HEADER` characters and `MAX_RANGES` ranges are read; a range
    with a malformed name or weight, or weight 0 ("not this one"), is left out."""
    header = accept_language or ""
    if len(header) > MAX_HEADER:
        # The range cut in two by the limit is not read either.
        header = header[:MAX_HEADER].rpartition(",")[0]
    weighted: list[tuple[float, str]] = []
    for entry in header.split(",", MAX_RANGES)[:MAX_RANGES]:
        name, *params = (part.strip() for part in entry.split(";"))
        weight = _weight(params)
        if weight and _RANGE.fullmatch(name):
            weighted.append((weight, name))
    weighted.sort(key=lambda pair: -pair[0])
    return [name for _, name in weighted]


def _weight(params: list[str]) -> float | None:
    """The `q` parameter's weight (1 without one); None when it is not a valid weight."""
    for param in params:
        key, _, value = param.partition("=")
        if key.strip().lower() == "q":
            value = value.strip()
            return float(value) if _QVALUE.fullmatch(value) else None
    return 1.0
