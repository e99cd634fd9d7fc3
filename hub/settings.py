"""The hub's settings: one class, read from `HUB_`-prefixed environment variables."""

from __future__ import annotations

from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from hub.rate_limits import parse_limits
from registry.validation import email_address

DEFAULT_DATA_DIR = Path(".vloket")
DEV_SECRET_KEY = "dev-only-secret-change-me"  # noqa: S105 - refused in production below


def default_database_url() -> str:
    return f"sqlite+aiosqlite:///{DEFAULT_DATA_DIR / 'hub.sqlite3'}"


class Settings(BaseSettings):
    """Every setting of the hub; each field is `HUB_<NAME>` in the environment."""

    model_config = SettingsConfigDict(env_prefix="HUB_", extra="ignore")

    database_url: str = Field(
        default_factory=default_database_url,
        description="SQLAlchemy URL of the store (sqlite+aiosqlite or postgresql+psycopg).",
    )
    database_echo: bool = Field(default=False, description="Log every SQL statement.")
    database_busy_timeout_seconds: float = Field(
        default=10.0,
        gt=0,
        le=300,
        description=(
            "On SQLite: how long a change waits for another writer's lock before it is refused "
            "as REGISTER_BUSY (retryable)."
        ),
    )
    database_pool_size: int = Field(
        default=20,
        ge=1,
        le=200,
        description="On PostgreSQL: connections each process keeps open, for as many transactions at "
        "once; as many again open for a while under load (mind the server's max_connections).",
    )
    secret_key: SecretStr = Field(
        default=SecretStr(DEV_SECRET_KEY),
        description="Key that signs confirmation tokens; set a long random value in production.",
    )
    environment: Literal["development", "production", "test"] = Field(
        default="development", description="Where the hub runs; production refuses the dev key."
    )
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        default="INFO", description="Lowest level written to the JSON log."
    )
    log_json: bool = Field(
        default=True, description="Write one JSON object per log line (false: human-readable)."
    )
    graphql_ide: bool | None = Field(
        default=None,
        description="Serve the GraphiQL IDE on GET /graphql; unset: everywhere but in production.",
    )
    api_docs: bool | None = Field(
        default=None,
        description="Serve /docs (Swagger UI) and /openapi.json; unset: everywhere but in production.",
    )
    metrics_token: SecretStr | None = Field(
        default=None,
        description="Bearer token the operator's scraper sends to /metrics (32 characters or more); "
        "unset: /metrics answers 404.",
    )
    max_page_size: int = Field(
        default=100, ge=1, le=1000, description="Largest `first` a search page may ask for."
    )
    rate_limit_login: str = Field(
        default="60/minute",
        description="Logins (`/auth/login`, `/auth/callback`) per client IP, as `limits` rate strings "
        "(`60/minute;600/hour`); empty: none. Counted in Redis when set, so across replicas.",
    )
    rate_limit_events: str = Field(
        default="6000/minute", description="Pushes to `/events/` per client IP; empty: none."
    )
    rate_limit_graphql: str = Field(
        default="1200/minute",
        description="GraphQL requests per person (login and client), or per IP when anonymous; empty: none.",
    )
    otel_endpoint: str | None = Field(
        default=None,
        # A host (or IPv4/IPv6 address) in ASCII, a port, a path; no user or password in it.
        pattern=r"^https?://([A-Za-z0-9.\-]+|\[[0-9A-Fa-f:.]+\])(:[0-9]{1,5})?(/[\x21-\x7e]*)?$",
        max_length=500,
        description="OTLP/HTTP collector the traces go to (`http://collector:4318`: spans to its "
        "`/v1/traces`); unset: no span leaves the process, though trace ids still tie logs and calls.",
    )
    otel_sample_ratio: float = Field(
        default=1.0,
        ge=0.0,
        le=1.0,
        description="Share of new traces recorded when exporting; "
        "a caller's sampled trace is always followed.",
    )
    otel_service_name: str = Field(
        default="vloket-hub",
        pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$",
        description="`service.name` of the hub's spans (the worker's end in `-worker`).",
    )
    http_parser: Literal["h11", "httptools"] = Field(
        default="h11",
        description="HTTP/1.1 parser of `vloket serve`: h11 bounds the request head (HUB_MAX_HEADER_BYTES); "
        "httptools is faster but bounds only the URL, so use it behind a proxy that bounds headers.",
    )
    max_header_bytes: int = Field(
        default=16_384,
        ge=4096,
        le=1024 * 1024,
        description="Largest request head (request line and headers) with the h11 parser; larger: 400.",
    )
    max_body_bytes: int = Field(
        default=262_144,
        ge=4096,
        le=16 * 1024 * 1024,
        description="Largest request body (GraphQL, forms); larger is refused with 413 before it is read.",
    )
    graphql_max_document_bytes: int = Field(
        default=32_768, ge=1024, description="Largest GraphQL document (the `query` text), in bytes."
    )
    graphql_max_tokens: int = Field(
        default=2000, ge=100, description="Most tokens (names, punctuation, values) in one GraphQL document."
    )
    graphql_max_fields: int = Field(
        default=1000,
        ge=10,
        description="Most field selections one operation expands to, every fragment counted where spread.",
    )
    graphql_max_depth: int = Field(
        default=30, ge=5, description="Deepest nesting of fields in one operation."
    )
    graphql_max_aliases: int = Field(default=30, ge=1, description="Most aliases in one operation.")
    graphql_max_cost: int = Field(
        default=150_000,
        ge=100,
        description="Largest estimated cost of one operation: its fields, list fields weighted by page size.",
    )
    graphql_max_repeats: int = Field(
        default=10, ge=1, description="Most times one field (one response name) may be selected in one place."
    )
    graphql_list_size: int = Field(
        default=10, ge=1, description="Page size the cost assumes for a list field asked without `first`."
    )
    graphql_max_list_items: int = Field(
        default=100, ge=1, description="Most values in a list argument that declares no maximum of its own."
    )
    graphql_max_string_length: int = Field(
        default=10_000, ge=100, description="Longest string argument that declares no maximum of its own."
    )
    graphql_max_representations: int = Field(
        default=200, ge=1, description="Most entities one federation `_entities` call may resolve."
    )
    graphql_cache_bytes: int = Field(
        default=32 * 1024 * 1024,
        ge=1024 * 1024,
        description="Bytes of memory for the documents kept parsed and checked (bounded by size, not count).",
    )
    duplicate_token_ttl_seconds: int = Field(
        default=3600,
        ge=60,
        description="How long a duplicate-suspicion confirmation token stays valid.",
    )
    migrate_on_start: bool = Field(
        default=True, description="Apply database migrations when `vloket serve` starts."
    )
    public_url: str = Field(
        default="http://127.0.0.1:8000",
        description="Where people reach the hub; login redirects come back to `<public_url>/auth/callback`.",
    )
    redis_url: str | None = Field(
        default=None,
        description="Redis for sessions and caches shared by every replica; unset: kept in this process.",
    )
    oidc_issuer: str | None = Field(
        default=None,
        description="OpenID provider (found by discovery); unset: nobody can log in, all is public.",
    )
    oidc_client_id: str = Field(default="vloket-hub", description="The hub's client id at the provider.")
    oidc_client_secret: SecretStr = Field(
        default=SecretStr(""), description="The hub's client secret at the provider."
    )
    oidc_scopes: str = Field(
        default="openid profile rrn vo", description="Scopes asked at login (ACM/IDM: rrn gives the INSZ)."
    )
    oidc_audience: str | None = Field(
        default=None, description="Audience bearer tokens must carry; unset: the client id."
    )
    oidc_algorithms: list[str] = Field(
        default=["RS256"], description="Signature algorithms accepted on tokens (asymmetric only)."
    )
    oidc_introspection: bool = Field(
        default=False, description="Validate bearer tokens by introspection at the provider (opaque tokens)."
    )
    oidc_role_claim: str = Field(
        default="vloket_rol_3d", description="Claim holding `Role:OrgCode` values (ACM/IDM `<app>_rol_3d`)."
    )
    oidc_leeway_seconds: int = Field(
        default=30, ge=0, le=300, description="Clock leeway allowed on token expiry and not-before."
    )
    oidc_jwks_refetch_seconds: float = Field(
        default=30.0,
        ge=0,
        description="Fetch the provider's keys again for an unknown key id at most this often.",
    )
    session_idle_minutes: int = Field(
        default=30, ge=1, le=1440, description="A session ends after this long without a request."
    )
    session_max_hours: float = Field(
        default=8.0, gt=0, le=168, description="A session ends this long after login, however active."
    )
    connectors_file: Path | None = Field(
        default=None,
        description="TOML or YAML file listing the connector instances to run (`[[connector]]` entries).",
    )
    routing_deadline_seconds: float = Field(
        default=3.0, gt=0, le=30, description="How long a profile query waits for the connected systems."
    )
    routing_cache_seconds: float = Field(
        default=60.0,
        ge=0,
        description="How long a connected system's answer is reused (0: ask every time; the last good "
        "answer is still kept to serve, marked stale, when the system fails).",
    )
    routing_breaker_failures: int = Field(
        default=5,
        ge=1,
        description="Consecutive failed calls after which a connected system is left alone for a while.",
    )
    routing_breaker_cooldown_seconds: float = Field(
        default=30.0,
        gt=0,
        description="How long a system is left alone before one trial call may go through again.",
    )
    catalog_sync_seconds: float = Field(
        default=3600.0,
        ge=0,
        description="How often the configured subsidy catalogs are synced into the register of offerings "
        "(also once at start; 0: never, `vloket catalog sync` runs one by hand).",
    )
    events_max_attempts: int = Field(
        default=12,
        ge=1,
        le=100,
        description="Attempts to deliver an event to a subscriber before it is parked as failed "
        "(`vloket events retry` puts it back).",
    )
    events_backoff_seconds: float = Field(
        default=2.0, gt=0, le=3600, description="Wait before the second attempt; it doubles each time."
    )
    events_backoff_cap_seconds: float = Field(
        default=3600.0, gt=0, le=86_400, description="Longest wait between two attempts."
    )
    events_delivery_timeout_seconds: float = Field(
        default=10.0, gt=0, le=120, description="How long one delivery may take before it counts as failed."
    )
    events_repair_seconds: int = Field(
        default=60,
        ge=1,
        le=60,
        description="How often a worker hands the engine again what is waiting without a job (after a "
        "crash between commit and hand-over) and frees the jobs of workers that died; divides 60.",
    )
    events_retention_days: int = Field(
        default=30,
        ge=1,
        le=3650,
        description="Delivered events are forgotten after this many days (the repair run clears them); "
        "`vloket events replay` reaches back no further. Waiting and parked deliveries stay.",
    )
    access_log_retention_days: int = Field(
        default=365,
        ge=1,
        le=3650,
        description="Entries of the access log (who saw or changed which private data) are removed after "
        "this many days; the privacy statement states the same period.",
    )
    feedback_retention_days: int = Field(
        default=365,
        ge=1,
        le=3650,
        description="Feedback (the page, the rating, the comment) is removed after this many days; the "
        "privacy statement states the same period.",
    )
    privacy_contact: str | None = Field(
        default=None,
        max_length=254,
        description="The data protection officer's e-mail address, on the privacy statement; without it "
        "(or empty), the statement sends people to 1700 for the officer.",
    )
    events_reconcile_minutes: int = Field(
        default=15,
        ge=0,
        le=60,
        description="How often the hub asks each service that pushes dossier events which dossiers "
        "changed lately, to heal pushes that never arrived (0: never; divides 60); needs "
        "HUB_OIDC_ISSUER (a token for the hub itself, by client credentials).",
    )
    events_reconcile_hours: int = Field(
        default=24, ge=1, le=720, description="How far back each reconcile pull asks."
    )
    worker_poll_seconds: float = Field(
        default=1.0,
        gt=0,
        le=60,
        description="How often a worker looks for jobs whose time came (a retry after its backoff) or "
        "whose lock came free (the next delivery job of a pair); new jobs reach it at once.",
    )
    worker_heartbeat_seconds: float = Field(
        default=10.0, gt=0, le=300, description="How often a worker tells the others it is alive."
    )
    worker_stalled_seconds: float = Field(
        default=30.0,
        gt=0,
        le=3600,
        description="A worker silent this long is taken for dead and its jobs are run again.",
    )
    smtp_host: str | None = Field(
        default=None,
        description="SMTP server notices go out through; unset: no mail (the portal does not offer it).",
    )
    smtp_port: int = Field(default=587, ge=1, le=65_535, description="Port of the SMTP server.")
    smtp_security: Literal["starttls", "tls", "none"] = Field(
        default="starttls",
        description="starttls: upgrade the connection (port 587); tls: TLS from the start (465); "
        "none: plain, only for a server on this machine.",
    )
    smtp_username: str | None = Field(default=None, description="Login at the SMTP server, if it asks one.")
    smtp_password: SecretStr | None = Field(default=None, description="Password with HUB_SMTP_USERNAME.")
    smtp_timeout_seconds: float = Field(
        default=30.0, gt=0, le=300, description="How long sending one mail may take."
    )
    mail_from: str = Field(
        default="Verenigingsloket <noreply@verenigingsloket.invalid>",
        description="Sender of the notices (`From`); its domain also names each mail's Message-ID.",
    )
    mail_digest_hour: int = Field(
        default=7, ge=0, le=23, description="Hour of the day (Brussels time) the daily digests go out."
    )
    mail_check_minutes: int = Field(
        default=60,
        ge=1,
        le=1440,
        description="How often notices that come with time (a nearing deadline, a new offering) are "
        "looked for, for those who want mail at once; pushed dossier news is mailed as it comes.",
    )
    require_services: bool = Field(
        default=False,
        description="Tests only: fail instead of skipping when PostgreSQL or Redis is unreachable.",
    )
    test_postgres_url: str = Field(
        default="postgresql+psycopg://postgres@127.0.0.1:5432/test",
        description="Tests only: PostgreSQL server and database the database tests also run on.",
    )
    test_redis_url: str = Field(
        default="redis://127.0.0.1:6379/15",
        description="Tests only: Redis server the Redis-backed tests use.",
    )

    @field_validator("otel_endpoint")
    @classmethod
    def _a_port_that_exists(cls, value: str | None) -> str | None:
        port = urlsplit(value).port if value is not None else None
        if port is not None and not 1 <= port <= 65535:
            raise ValueError("the port must be 1 to 65535")
        return value

    @field_validator("privacy_contact")
    @classmethod
    def _an_email_address(cls, value: str | None) -> str | None:
        if not value or not value.strip():
            return None
        address = email_address(value.strip())
        if address is None:
            raise ValueError("not an e-mail address such as privacy@example.org")
        return address

    @field_validator("rate_limit_login", "rate_limit_events", "rate_limit_graphql")
    @classmethod
    def _rate_limits(cls, value: str) -> str:
        try:
            parse_limits(value)
        except ValueError as error:
            raise ValueError(f"not a rate limit such as 30/minute or 30/minute;300/hour ({error})") from None
        return value

    @model_validator(mode="after")
    def _production_needs_own_secret(self) -> Settings:
        if self.environment == "production" and (
            self.secret_key.get_secret_value() == DEV_SECRET_KEY
            or len(self.secret_key.get_secret_value()) < 32
        ):
            raise ValueError("HUB_SECRET_KEY must be set to at least 32 random characters in production")
        if self.metrics_token is not None and len(self.metrics_token.get_secret_value()) < 32:
            raise ValueError("HUB_METRICS_TOKEN must be at least 32 random characters")
        if 60 % self.events_repair_seconds:
            raise ValueError(
                "HUB_EVENTS_REPAIR_SECONDS must divide 60 (1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60)"
            )
        if self.events_reconcile_minutes and 60 % self.events_reconcile_minutes:
            raise ValueError(
                "HUB_EVENTS_RECONCILE_MINUTES must be 0 or divide 60 (1, 2, 3, 5, 10, 15, 20, 30, 60)"
            )
        if self.smtp_security == "none" and self.smtp_host not in (None, "127.0.0.1", "localhost", "::1"):
            raise ValueError("HUB_SMTP_SECURITY=none is only for an SMTP server on this machine")
        if self.worker_stalled_seconds <= self.worker_heartbeat_seconds:
            raise ValueError("HUB_WORKER_STALLED_SECONDS must be longer than HUB_WORKER_HEARTBEAT_SECONDS")
        if any(
            algorithm.upper().startswith("HS") or algorithm.lower() == "none"
            for algorithm in self.oidc_algorithms
        ):
            raise ValueError("HUB_OIDC_ALGORITHMS may only name asymmetric algorithms such as RS256 or ES256")
        return self

    @property
    def secure_cookies(self) -> bool:
        """Cookies are Secure everywhere except a plain-http hub on this machine (the demo)."""
        url = urlsplit(self.public_url)
        return not (url.scheme == "http" and url.hostname in {"127.0.0.1", "localhost", "::1"})

    @property
    def serves_graphql_ide(self) -> bool:
        return self.graphql_ide if self.graphql_ide is not None else self.environment != "production"

    @property
    def serves_api_docs(self) -> bool:
        return self.api_docs if self.api_docs is not None else self.environment != "production"

    @property
    def https(self) -> bool:
        """People reach the hub over https: browsers are told to keep to it (HSTS)."""
        return urlsplit(self.public_url).scheme == "https"

    @property
    def bearer_audience(self) -> str:
        return self.oidc_audience or self.oidc_client_id
