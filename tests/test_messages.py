"""Every message exists in Dutch and in English."""

from __future__ import annotations

import re

from registry.messages import CATALOG

PLACEHOLDER = re.compile(r"\{(\w+)\}")


def test_both_languages_have_the_same_messages_with_the_same_placeholders() -> None:
    assert CATALOG["nl"].keys() == CATALOG["en"].keys()
    for key, dutch in CATALOG["nl"].items():
        assert set(PLACEHOLDER.findall(dutch)) == set(PLACEHOLDER.findall(CATALOG["en"][key])), key
