"""Which language a caller gets: the portal's chosen language, else Babel's best match for the
`Accept-Language` header, read only so far, else Dutch."""

from __future__ import annotations

import pytest

from registry.i18n import MAX_HEADER, MAX_RANGES, negotiate


@pytest.mark.parametrize(
    ("header", "language"),
    [
        (None, "nl"),
        ("", "nl"),
        ("en", "en"),
        ("EN-gb", "en"),
        ("en-GB,en;q=0.9", "en"),
        ("fr, en;q=0.1", "en"),
        ("de", "nl"),
        ("de-DE, fr;q=0.9", "nl"),
        ("fr-BE,en;q=0.5,nl;q=0.8", "nl"),
        ("nl-BE;q=0.2,en;q=0.7", "en"),
        ("nl, en", "nl"),
        ("en, nl", "en"),
        ("*", "nl"),
        ("*, en;q=0.5", "nl"),
        ("en, *;q=0.5", "en"),
        ("fr, *;q=0.5, en;q=0.1", "nl"),
        ("en;q=0", "nl"),
        ("en;q=abc", "nl"),
        ("en;q=", "nl"),
        ("en;q=0.5.5", "nl"),
        ("en;q=1.0001", "nl"),
        ("en;q=2", "nl"),
        ("nl;q=0.1, en;q=2", "nl"),
        ("nl;q=0.1, en;q=1.000", "en"),
        ("nl;q=0.1, en;Q=0.2", "en"),
        ("nl;q=0.1, en ; q=0.2", "en"),
        ("e n, nl;q=0.1", "nl"),
        ("en_GB, nl;q=0.1", "nl"),
        ("<script>, en;q=0.1", "en"),
        (",,,;;;=,en", "en"),
    ],
)
def test_accept_language_is_negotiated(header: str | None, language: str) -> None:
    assert negotiate(header) == language


def test_a_header_of_ten_kilobytes_is_read_only_to_its_first_kilobyte() -> None:
    def header(spaces: int) -> str:
        return "fr;q=0.9" + " " * spaces + ", en"

    assert negotiate(header(MAX_HEADER - 20)) == "en"
    assert len(header(10_000)) > 10_000
    assert negotiate(header(10_000)) == "nl"
    assert negotiate("en, " + "x" * 10_000) == "en"


def test_a_range_cut_by_the_limit_is_not_read() -> None:
    head = "fr," * ((MAX_HEADER - 1) // 3)
    cut = head + "en-GB"
    assert len(cut) > MAX_HEADER
    assert cut[:MAX_HEADER].endswith(",e")

    assert negotiate(cut) == "nl"


def test_only_the_first_ranges_are_read() -> None:
    assert negotiate("fr," * (MAX_RANGES - 1) + "en") == "en"
    assert negotiate("fr," * MAX_RANGES + "en") == "nl"
    assert negotiate("x;q=0.5," * 100_000 + "en") == "nl"


@pytest.mark.parametrize(
    ("header", "chosen", "language"),
    [
        ("en", "nl", "nl"),
        ("nl", "en", "en"),
        (None, "en", "en"),
        ("en", "de", "en"),
        ("en", "", "en"),
        ("en", None, "en"),
    ],
)
def test_the_chosen_language_wins(header: str | None, chosen: str | None, language: str) -> None:
    assert negotiate(header, chosen=chosen) == language
