"""The operator's endpoints: `/healthz` (the process lives), `/readyz` (its database answers) and
`/metrics` (Prometheus text format, for the scraper holding `HUB_METRICS_TOKEN` alone)."""

from __future__ import annotations

import structlog
from fastapi import FastAPI
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from pydantic import SecretStr

from hub.events.metrics import UitgaandStand
from hub.operator_access import operator_only
from registry.db import Database

# The name these lines were logged under in hub/app.py: a log filter set on it still applies.
log = structlog.get_logger("hub.app")


def install_operations(
    app: FastAPI,
    *,
    database: Database,
    registry: CollectorRegistry,
    uitgaand_stand: UitgaandStand,
    metrics_token: SecretStr | None,
) -> None:
    """On the app itself rather than through an included router: `app.routes` names them."""

    @app.get(
        "/metrics",
        tags=["operations"],
        include_in_schema=False,
        dependencies=[operator_only(metrics_token)],
    )
    async def metrics() -> Response:
        """Per connector: calls, latency, errors, breaker state; events in and out, the delivery
        queue's depth and age (Prometheus text format); for the operator's scraper only
        (`HUB_METRICS_TOKEN`)."""
        await uitgaand_stand.bijwerken()
        return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)

    @app.get("/healthz", tags=["operations"])
    async def healthz() -> dict[str, str]:
        """The process is alive."""
        return {"status": "ok"}

    @app.get("/readyz", tags=["operations"], response_model=None)
    async def readyz() -> dict[str, str] | JSONResponse:
        """The process can serve: its database answers."""
        try:
            await database.ping()
        except Exception as error:
            log.warning("database not reachable", error=str(error))
            return JSONResponse({"status": "unavailable", "database": "unreachable"}, status_code=503)
        return {"status": "ready", "database": "ok"}
