"""The hub's settings: one class, read from `HUB_`-prefixed environment variables."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

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
        return self
