"""Plain-language messages for every error the registers raise, in Dutch and English.

The texts live in gettext catalogs, `translations/{nl,en}/LC_MESSAGES/registry.po`, read by the
same loader as the portal's (`registry.i18n`). A message's id is its key (`VERSION_CONFLICT`,
`te_lang`; see `registry.message_keys`), not its Dutch text: the key is the code clients read in
`extensions.code` and `fouten[].code`, so it stays put while the wording changes, and the Dutch
catalog holds the source text like any other language. The English entries carry the Dutch
text as a comment for the translator. Placeholders are `str.format` fields (`{service}`).

`vloket portal vertalingen` brings both catalogs to the keys in `MessageKey`: a new key gets an
empty text in both, which the completeness test (`tests/test_messages.py`) refuses until it is
written.
"""

from __future__ import annotations

import warnings
from typing import Final

import structlog
from babel.messages.catalog import Catalog

from registry.i18n import LANGUAGES, SOURCE_LANGUAGE, Domain, Language, translations, untranslated
from registry.message_keys import MESSAGE_KEYS, MessageKey
from registry.text import excerpt

log = structlog.get_logger("registry.messages")

MESSAGES: Final = Domain.of_package("registry", "registry")
EXCERPT_LIMIT: Final = 60
"""The most characters of an input a message shows."""

# Parameters holding the register's own words (the choices, what was expected) or a service's
# reason may be longer; any other may echo what was sent and shows only its start.
_LONGER_PARAMS: Final[dict[str, int]] = {
    "keuzes": 400,
    "aangeboden": 400,
    "verwacht": 200,
    "reden": 300,
    "fout": 200,
}


class MissingMessage(UserWarning):
    """A catalog has no text for a key: the caller sees the Dutch text (or, failing that, the
    key). Tests run with warnings as errors, so there it fails the test that met it."""


def template(key: str, language: Language, domain: Domain = MESSAGES) -> str:
    """The text of `key` in `language`, placeholders still open; the Dutch text, logged and
    warned about, when `language`'s catalog has none."""
    for candidate in dict.fromkeys((language, SOURCE_LANGUAGE)):
        text = translations(domain, candidate).gettext(key)
        # gettext answers the id itself for an id it does not hold (or holds without text).
        if text != key:
            return text
        log.error("message missing from the catalog", key=key, language=candidate, domain=domain.name)
        warnings.warn(f"no {candidate!r} text for {key!r} in {domain.path(candidate)}", MissingMessage, 2)
    return key


def _shown(name: str, value: object) -> object:
    if value is None or isinstance(value, bool | int | float):
        return value
    return excerpt(str(value), _LONGER_PARAMS.get(name, EXCERPT_LIMIT))


def translate(key: MessageKey, language: Language = "nl", /, **params: object) -> str:
    """The message for `key` in `language`, with `params` filled in: each text cut to a short,
    safe excerpt, so no message can echo a long or unprintable input whole."""
    return template(key, language).format(**{name: _shown(name, value) for name, value in params.items()})


def update_catalogs(domain: Domain = MESSAGES) -> dict[Language, list[str]]:
    """Bring both catalogs to the keys in `MessageKey`: keep every text, add a new key with an
    empty one, drop keys no longer listed. Returns the keys still without text, per language."""
    existing = {language: domain.read_or_new(language) for language in LANGUAGES}
    missing: dict[Language, list[str]] = {}
    for language in LANGUAGES:
        catalog = domain.new_catalog(language)
        for key in MESSAGE_KEYS:
            text, dutch = _text(existing[language], key), _text(existing[SOURCE_LANGUAGE], key)
            catalog.add(
                key,
                text,
                auto_comments=[f"nl: {dutch}"] if language != SOURCE_LANGUAGE and dutch else [],
            )
        domain.write(language, catalog)
        missing[language] = list(untranslated(catalog))
    return missing


def _text(catalog: Catalog, key: str) -> str:
    message = catalog.get(key)
    return message.string if message is not None and isinstance(message.string, str) else ""
