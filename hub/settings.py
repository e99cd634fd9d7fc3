"""The hub's settings: one class, read from `HUB_`-prefixed environment variables."""

from __future__ import annotations

from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

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
    graphql_ide: bool = Field(default=True, description="Serve the GraphiQL IDE on GET /graphql.")
    max_page_size: int = Field(
        default=100, ge=1, le=1000, description="Largest `first` a search page may ask for."
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
        default=30, ge=1, description="A session ends after this long without a request."
    )
    session_max_hours: float = Field(
        default=8.0, gt=0, description="A session ends this long after login, however active."
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

    @model_validator(mode="after")
    def _production_needs_own_secret(self) -> Settings:
        if self.environment == "production" and (
            self.secret_key.get_secret_value() == DEV_SECRET_KEY
            or len(self.secret_key.get_secret_value()) < 32
        ):
            raise ValueError("HUB_SECRET_KEY must be set to at least 32 random characters in production")
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
    def bearer_audience(self) -> str:
        return self.oidc_audience or self.oidc_client_id
