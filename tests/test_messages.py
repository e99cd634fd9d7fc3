"""Every message exists in Dutch and in English, and language negotiation picks the right one."""

from __future__ import annotations

import re

import pytest

from registry.messages import CATALOG, negotiate

PLACEHOLDER = re.compile(r"\{(\w+)\}")


def test_both_languages_have_the_same_messages_with_the_same_placeholders() -> None:
    assert CATALOG["nl"].keys() == CATALOG["en"].keys()
    for key, dutch in CATALOG["nl"].items():
        assert set(PLACEHOLDER.findall(dutch)) == set(PLACEHOLDER.findall(CATALOG["en"][key])), key


@pytest.mark.parametrize(
    ("header", "language"),
    [
        (None, "nl"),
        ("", "nl"),
        ("en", "en"),
        ("en-GB,en;q=0.9", "en"),
        ("fr-BE,en;q=0.5,nl;q=0.8", "nl"),
        ("nl-BE;q=0.2,en;q=0.7", "en"),
        ("de", "nl"),
        ("en;q=banana", "nl"),
    ],
)
def test_accept_language_is_negotiated(header: str | None, language: str) -> None:
    assert negotiate(header) == language
