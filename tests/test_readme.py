"""The README names every setting the hub reads, and the demo services' webhook secrets."""

from __future__ import annotations

from pathlib import Path

from demo.services import WEBHOOK_SECRETS
from hub.settings import Settings

README = Path(__file__).resolve().parents[1] / "README.md"


def test_every_setting_is_in_the_readme_configuration_table() -> None:
    text = README.read_text("utf-8")

    missing = [name for name in Settings.model_fields if f"`HUB_{name.upper()}`" not in text]

    assert missing == []


def test_the_readme_lists_each_demo_services_webhook_secret() -> None:
    rows = [
        line for line in README.read_text("utf-8").splitlines() if "whsec_" in line and line.startswith("|")
    ]

    listed = {row.split("|")[1].strip(" `"): row.split("|")[3].strip(" `") for row in rows}

    assert listed == WEBHOOK_SECRETS
