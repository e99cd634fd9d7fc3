"""Endpoints for the operator alone (`/metrics`): asked with `Authorization: Bearer <token>`.

No token configured: the endpoint does not exist (404), so a hub nobody set up for scraping
shows nothing. A missing or wrong token: 401 with `WWW-Authenticate: Bearer`. The token is
compared in constant time (`hmac.compare_digest`), so the answer's timing tells nothing of it.
"""

from __future__ import annotations

import hmac
from typing import Any

from fastapi import Depends, HTTPException, Request
from pydantic import SecretStr

SCHEME = "bearer"


def operator_only(token: SecretStr | None) -> Any:
    """A route dependency: `dependencies=[operator_only(settings.metrics_token)]`."""
    expected = token.get_secret_value().encode("utf-8") if token is not None else None

    async def check(request: Request) -> None:
        if expected is None:
            raise HTTPException(404, "Not Found")
        scheme, _, given = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != SCHEME or not hmac.compare_digest(given.strip().encode("utf-8"), expected):
            raise HTTPException(
                401,
                "This endpoint is for the operator: send Authorization: Bearer <HUB_METRICS_TOKEN>.",
                headers={"WWW-Authenticate": 'Bearer realm="metrics"'},
            )

    return Depends(check)
