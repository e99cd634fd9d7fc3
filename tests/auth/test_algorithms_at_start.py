"""A hub configured to accept symmetric (`HS*`) or unsigned (`none`) tokens does not start: with
either, anyone holding the client secret, or no key at all, could sign a person's token."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from hub.cli import app
from hub.settings import Settings


@pytest.mark.parametrize("algorithms", ['["HS256"]', '["RS256", "hs512"]', '["none"]', '["ES256", "None"]'])
def test_the_hub_refuses_to_start_with_a_symmetric_or_no_signature_algorithm(
    tmp_path: Path, algorithms: str
) -> None:
    environment = {
        "HUB_OIDC_ALGORITHMS": algorithms,
        "HUB_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'hub.db'}",
        "HUB_MIGRATE_ON_START": "false",
    }

    result = CliRunner().invoke(app, ["serve", "--port", "1"], env=environment)

    # Said in a line naming the setting, without a traceback; exit 2, as for any wrong setting.
    assert result.exit_code == 2
    assert "HUB_OIDC_ALGORITHMS" in result.output
    assert "may only name asymmetric algorithms such as RS256 or ES256" in result.output
    assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []  # nothing was opened or made


def test_the_hub_accepts_asymmetric_algorithms() -> None:
    assert Settings(oidc_algorithms=["RS256", "ES256", "PS256", "EdDSA"]).oidc_algorithms == [
        "RS256",
        "ES256",
        "PS256",
        "EdDSA",
    ]
