"""`/metrics` is for the operator's scraper alone: with `HUB_METRICS_TOKEN` set it answers a
request carrying that bearer token; without the token set it does not exist."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from hub.settings import Settings
from tests.hub.pages import hub_client, hub_settings

TOKEN = "0123456789abcdef0123456789abcdef-scraper"


async def test_metrics_do_not_exist_without_a_token_configured(migrated_sqlite: Path, tmp_path: Path) -> None:
    async with hub_client(hub_settings(), migrated_sqlite, tmp_path) as hub:
        anonymous = await hub.get("/metrics")
        guessing = await hub.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})

    assert (anonymous.status_code, guessing.status_code) == (404, 404)


async def test_the_operator_with_the_token_reads_the_metrics(migrated_sqlite: Path, tmp_path: Path) -> None:
    async with hub_client(hub_settings(metrics_token=TOKEN), migrated_sqlite, tmp_path) as hub:
        response = await hub.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
        lower_case_scheme = await hub.get("/metrics", headers={"Authorization": f"bearer {TOKEN}"})

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    assert "# HELP" in response.text
    assert lower_case_scheme.status_code == 200


@pytest.mark.parametrize(
    "authorization",
    [None, "", f"Bearer {TOKEN[:-1]}", f"Bearer {TOKEN}x", f"Basic {TOKEN}", TOKEN, "Bearer "],
)
async def test_anyone_else_is_refused(
    authorization: str | None, migrated_sqlite: Path, tmp_path: Path
) -> None:
    headers = {"Authorization": authorization} if authorization is not None else {}
    async with hub_client(hub_settings(metrics_token=TOKEN), migrated_sqlite, tmp_path) as hub:
        response = await hub.get("/metrics", headers=headers)

    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert "HUB_METRICS_TOKEN" in response.json()["detail"]
    assert "# HELP" not in response.text


def test_a_short_token_is_refused_at_start() -> None:
    with pytest.raises(ValidationError, match="HUB_METRICS_TOKEN must be at least 32"):
        Settings(metrics_token="too-short")
