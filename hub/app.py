"""The application factory: `create_app(settings)` wires storage, the register, GraphQL and
health endpoints; nothing is global."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Annotated

import structlog
from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse
from strawberry.fastapi import GraphQLRouter

from hub.auth.principal import Principal, PrincipalResolver, anonymous
from hub.graphql.context import Context
from hub.graphql.schema import build_schema
from hub.observability import CorrelationIdMiddleware, correlation_id
from hub.settings import Settings
from registry.associations.service import VerenigingenRegister
from registry.db import Database
from registry.messages import negotiate, translate

log = structlog.get_logger("hub.app")


async def current_principal(request: Request) -> Principal | None:
    """The one seam through which every request learns who is asking."""
    resolver: PrincipalResolver = request.app.state.principal_resolver
    return await resolver(request)


PrincipalDep = Annotated[Principal | None, Depends(current_principal)]


def create_app(
    settings: Settings | None = None,
    *,
    database: Database | None = None,
    principal_resolver: PrincipalResolver = anonymous,
) -> FastAPI:
    settings = settings or Settings()
    db = database or Database(settings.database_url, echo=settings.database_echo)
    register = VerenigingenRegister(
        db=db,
        secret=settings.secret_key.get_secret_value().encode("utf-8"),
        duplicate_token_ttl=timedelta(seconds=settings.duplicate_token_ttl_seconds),
    )

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        if database is None:
            await db.dispose()

    app = FastAPI(title="V-loket hub", version="0.1.0", lifespan=lifespan)
    app.state.settings = settings
    app.state.database = db
    app.state.register = register
    app.state.principal_resolver = principal_resolver
    app.add_middleware(CorrelationIdMiddleware)

    async def get_context(request: Request, principal: PrincipalDep) -> Context:
        return Context(
            register=register,
            principal=principal,
            language=negotiate(request.headers.get("accept-language")),
            max_page_size=settings.max_page_size,
        )

    graphql = GraphQLRouter(
        build_schema(),
        context_getter=get_context,
        graphql_ide="graphiql" if settings.graphql_ide else None,
    )
    app.include_router(graphql, prefix="/graphql")

    @app.get("/healthz", tags=["operations"])
    async def healthz() -> dict[str, str]:
        """The process is alive."""
        return {"status": "ok"}

    @app.get("/readyz", tags=["operations"], response_model=None)
    async def readyz() -> dict[str, str] | JSONResponse:
        """The process can serve: its database answers."""
        try:
            await db.ping()
        except Exception as error:
            log.warning("database not reachable", error=str(error))
            return JSONResponse({"status": "unavailable", "database": "unreachable"}, status_code=503)
        return {"status": "ready", "database": "ok"}

    @app.exception_handler(Exception)
    async def unexpected(request: Request, error: Exception) -> JSONResponse:
        current = correlation_id.get() or "-"
        log.error("unexpected error", path=request.url.path, exc_info=error)
        language = negotiate(request.headers.get("accept-language"))
        return JSONResponse(
            {
                "code": "INTERNAL_SERVER_ERROR",
                "message": translate("INTERNAL_SERVER_ERROR", language, correlatie_id=current),
            },
            status_code=500,
        )

    return app
