"""The README's configuration table names every setting the hub reads."""

from __future__ import annotations

from pathlib import Path

from hub.settings import Settings

README = Path(__file__).resolve().parents[1] / "README.md"


def test_every_setting_is_in_the_readme_configuration_table() -> None:
    text = README.read_text("utf-8")

    missing = [name for name in Settings.model_fields if f"`HUB_{name.upper()}`" not in text]

    assert missing == []
