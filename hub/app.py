"""The application factory: `create_app(settings)` wires storage, the register, GraphQL and
health endpoints; nothing is global."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any

import httpx
from fastapi import FastAPI, Request
from starlette.routing import Route

from connectors.sdk import Connector
from connectors.sdk.events import MAX_BODY_BYTES as MAX_EVENTS_BYTES
from connectors.sdk.http import http_client
from hub.api_pages import ApiPages, GraphQLWithIde
from hub.auth.errors import install_auth_error_handlers
from hub.auth.principal import PrincipalResolver
from hub.auth.resolver import origin_of
from hub.auth.routes import CookiePolicy
from hub.auth.wiring import build_identity, identity_router
from hub.body_limit import BodyLimit
from hub.catalog.schedule import CatalogusSync
from hub.connectors import load_connectors
from hub.documenten import documents_router
from hub.events.inbound import events_router
from hub.events.metrics import UitgaandStand
from hub.events.wiring import Bezorging, afleveraar, berichtgever, bijwerking
from hub.exception_handlers import install_exception_handlers
from hub.graphql.context import Context
from hub.graphql.router import OPENAPI_PATH
from hub.graphql.routering import OPERATOR_HEADER, is_operator
from hub.graphql.schema import build_schema
from hub.mail.smtp import Mailer
from hub.observability import CorrelationIdMiddleware
from hub.operations import install_operations
from hub.portal import install_portal
from hub.portal.beleid import Beleid
from hub.portal.web import Portal
from hub.profile.service import ProfileService
from hub.rate_limits import RateLimitMiddleware, RateLimits
from hub.retention import Opruiming
from hub.routing import Router, RoutingSettings
from hub.security_headers import SecurityHeaders
from hub.settings import Settings
from hub.store import open_store
from hub.telemetry import configure_tracing, flush_spans, instrument_app, trace_statements
from registry.associations.service import VerenigingenRegister
from registry.db import Database
from registry.dossiers.service import Dossiers
from registry.feedback import Feedback
from registry.i18n import negotiate
from registry.mandaten import Mandaten
from registry.meldingen.service import Meldingen
from registry.offerings.op_maat import AanbodOpMaat
from registry.offerings.service import DienstenRegister
from registry.rapport import Gebruik
from registry.toegangslog.service import Toegangslog


def create_app(
    settings: Settings | None = None,
    *,
    database: Database | None = None,
    principal_resolver: PrincipalResolver | None = None,
    http_transport: httpx.AsyncBaseTransport | None = None,
    connectors: Sequence[Connector[Any]] | None = None,
    routing_clock: Callable[[], float] = time.monotonic,
    mailer: Mailer | None = None,
) -> FastAPI:
    """The hub. Who is asking comes from `principal_resolver` when given (tests), otherwise from
    the identity layer: bearer tokens and login sessions at `HUB_OIDC_ISSUER`. `routing_clock`
    (monotonic seconds) drives the routing engine's deadlines, breakers and cached answers' age:
    tests move their own instead of waiting for time to pass. `mailer` sends the notices by
    mail instead of the SMTP server of `HUB_SMTP_*`."""
    settings = settings or Settings()
    configure_tracing(settings)  # first: the database engine and Redis clients are traced from here
    db = database or Database(
        settings.database_url,
        echo=settings.database_echo,
        busy_timeout=settings.database_busy_timeout_seconds,
        pool_size=settings.database_pool_size,
    )
    trace_statements(db.engine.sync_engine)
    register = VerenigingenRegister(
        db=db,
        secret=settings.secret_key.get_secret_value().encode("utf-8"),
        duplicate_token_ttl=timedelta(seconds=settings.duplicate_token_ttl_seconds),
    )
    toegangslog = Toegangslog(db=db)
    # The register's clock: a test that moves it moves the mandates' end dates with it.
    mandaten = Mandaten(db, clock=lambda: register.clock())
    feedback = Feedback(db)
    diensten = DienstenRegister(db=db, max_page_size=settings.max_page_size)
    op_maat = AanbodOpMaat(diensten)
    meldingen = Meldingen(db=db, op_maat=op_maat)
    dossiers = Dossiers(db=db)
    store = open_store(settings.redis_url)
    rate_limits = RateLimits.of(
        login=settings.rate_limit_login,
        events=settings.rate_limit_events,
        graphql=settings.rate_limit_graphql,
        redis_url=settings.redis_url,
    )
    http = http_client(transport=http_transport)
    identity = build_identity(settings, register=register, store=store, http=http, mandaten=mandaten)
    running = list(connectors) if connectors is not None else load_connectors(settings).connectors
    routing = RoutingSettings(
        deadline_seconds=settings.routing_deadline_seconds,
        cache_ttl_seconds=settings.routing_cache_seconds,
        breaker_failures=settings.routing_breaker_failures,
        breaker_cooldown_seconds=settings.routing_breaker_cooldown_seconds,
    )
    router = Router(running, store=store, settings=routing, clock=routing_clock)
    catalog_sync = CatalogusSync(running, diensten, every=settings.catalog_sync_seconds)
    mail = berichtgever(settings, db, register=register, meldingen=meldingen, mailer=mailer)
    sqlite_reconcile = (
        bijwerking(settings, running, dossiers, register, identity.oidc) if db.dialect == "sqlite" else None
    )
    # What the legal pages state; the periods in it are the ones the hub applies. On SQLite the
    # hub removes what outlived them; on PostgreSQL its workers do.
    beleid = Beleid.of(settings)
    sqlite_retention = Opruiming(toegangslog, feedback, beleid.termijnen) if db.dialect == "sqlite" else None
    bezorging = Bezorging(
        settings,
        afleveraar(settings, db, running, http, registry=router.registry),
        mail,
        sqlite_reconcile,
        sqlite_retention,
    )
    register.gewijzigd = bezorging.meld
    uitgaand_stand = UitgaandStand(bezorging.afleveraar.uitgaand, registry=router.registry)
    profile = ProfileService(
        router=router,
        exchanger=identity.exchanger,
        kopieen=dossiers,
        pushing=frozenset(c.name for c in running if c.config.pushes_dossiers),
        pushing_facts=frozenset(c.name for c in running if c.config.pushes_facts),
        uitgaand=bezorging.afleveraar.uitgaand,
        gedeeld=bezorging.meld,
    )

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        catalog_sync.start()
        await bezorging.start()
        yield
        await bezorging.stop()
        await catalog_sync.stop()
        await dossiers.close()
        await rate_limits.aclose()
        await toegangslog.close()
        await router.aclose()
        await http.aclose()
        await store.close()
        if database is None:
            await db.dispose()
        flush_spans()

    pages = ApiPages(graphql_ide=settings.serves_graphql_ide, api_docs=settings.serves_api_docs)
    app = FastAPI(
        title="V-loket hub",
        version="0.1.0",
        lifespan=lifespan,
        openapi_url="/openapi.json" if pages.api_docs else None,
        docs_url=None,  # the hub's own page (hub/api_pages), with its files served here
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.database = db
    app.state.register = register
    app.state.identity = identity
    app.state.profile = profile
    app.state.catalog_sync = catalog_sync
    app.state.bezorging = bezorging
    app.add_middleware(CorrelationIdMiddleware)
    app.add_middleware(RateLimitMiddleware, limits=rate_limits)
    # An oversized body is refused before anything else reads it; the protections, added last
    # and so outermost, go on that answer too (they never read the body).
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes, by_path={"/events/": MAX_EVENTS_BYTES})
    app.add_middleware(SecurityHeaders, hsts=settings.https)
    instrument_app(app)  # outermost: the request's span is current in every layer within

    principals: PrincipalResolver = principal_resolver or identity.authenticator  # who is asking

    async def context_for(request: Request) -> Context:
        principal = await principals(request)
        if rate_limits.graphql:
            client = request.client.host if request.client else "-"
            who = f"{principal.sub}|{principal.client_id or '-'}" if principal else f"ip:{client}"
            await rate_limits.check("graphql", rate_limits.graphql, who)
        return Context(
            register=register,
            principal=principal,
            language=negotiate(request.headers.get("accept-language")),
            max_page_size=settings.max_page_size,
            toegangslog=toegangslog,
            profile=profile,
            diensten=diensten,
            op_maat=op_maat,
            meldingen=meldingen,
            authenticator=identity.authenticator,
            mandaten=mandaten,
            operator=is_operator(request.headers.get(OPERATOR_HEADER), settings.metrics_token),
        )

    graphql = GraphQLWithIde(
        build_schema(settings),
        context_for=context_for,
        pages=pages,
        # Operations come as POST with a JSON body only: a cross-site link or image cannot make a
        # logged-in browser run one, and the session cookie's same-origin check sees every call.
        allow_queries_via_get=False,
    )
    # First among the routes: the API is what is asked most, and routes are tried in order.
    app.router.routes.insert(0, Route("/graphql", graphql, methods=["GET", "POST"]))
    described = app.openapi

    def openapi() -> dict[str, Any]:
        document = described()
        document["paths"].setdefault("/graphql", OPENAPI_PATH)
        return document

    app.openapi = openapi  # type: ignore[method-assign]
    pages.install(app)
    gebruik = Gebruik(db)
    app.include_router(
        identity_router(settings, identity, store, aangemeld=lambda: gebruik.tel("aanmelding"))
    )
    app.include_router(
        events_router(running, dossiers, registry=router.registry, taken=bezorging.meld_meldingen)
    )
    app.include_router(
        documents_router(register=register, profile=profile, toegangslog=toegangslog, principals=principals)
    )
    install_auth_error_handlers(app)
    install_exception_handlers(app, hsts=settings.https)
    install_portal(
        app,
        Portal(
            register=register,
            profile=profile,
            diensten=diensten,
            op_maat=op_maat,
            meldingen=meldingen,
            toegangslog=toegangslog,
            feedback=feedback,
            authenticator=identity.authenticator,
            cookies=CookiePolicy(secure=settings.secure_cookies),
            public_origin=origin_of(settings.public_url),
            provider_origin=origin_of(settings.oidc_issuer) if settings.oidc_issuer else "",
            login_available=identity.oidc is not None,
            mail=mail,
            mail_gevraagd=bezorging.meld_voorkeur,
            beleid=beleid,
            mandaten=mandaten,
        ),
    )
    install_operations(
        app,
        database=db,
        registry=router.registry,
        uitgaand_stand=uitgaand_stand,
        metrics_token=settings.metrics_token,
    )

    return app
