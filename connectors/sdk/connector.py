"""The base of every connector: its configuration model, its HTTP client, and its health.

A connector author writes one class: the capability methods their service has (see
`capabilities.py`) and a pydantic config model. Example::

    class KioskConfig(ConnectorConfig):
        sport_only: bool = True

    class Kiosk(Connector[KioskConfig]):
        kind = "kiosk"
        config_model = KioskConfig

        async def dossiers(self, context: CallContext) -> list[Dossier]:
            ...
"""

from __future__ import annotations

import base64
import binascii
import ipaddress
from dataclasses import dataclass
from typing import Annotated, ClassVar, Generic, Literal, Self, TypeVar

import httpx
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    StringConstraints,
    field_validator,
    model_validator,
)

from connectors.sdk.events import VERENIGING_GEDEELD, VERENIGING_GEWIJZIGD, Onderdeel
from connectors.sdk.http import http_client


class Abonnement(BaseModel):
    """What a service hears from the hub, posted to `webhook_url` as signed CloudEvents: the
    register's changes to associations (`be.vlaanderen.vloket.vereniging.gewijzigd`, with only the
    parts in `delen`), and each sharing with itself when a representative starts a request there
    (`be.vlaanderen.vloket.vereniging.gedeeld`)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    webhook_url: str = Field(pattern=r"^https?://[^\s]+$", max_length=2000, description="Where events go.")
    types: tuple[
        Literal["be.vlaanderen.vloket.vereniging.gewijzigd", "be.vlaanderen.vloket.vereniging.gedeeld"], ...
    ] = Field(
        default=(VERENIGING_GEWIJZIGD,),
        min_length=1,
        max_length=2,
        description="The event types it receives.",
    )
    delen: tuple[Onderdeel, ...] = Field(
        default=(),
        max_length=4,
        description=(
            "The parts of an association it may receive with `vereniging.gewijzigd` (at least one "
            "then); a change to other parts is not sent."
        ),
    )

    @model_validator(mode="after")
    def _delen_with_changes(self) -> Self:
        if len(set(self.types)) != len(self.types):
            raise ValueError("`types` names a type twice")
        if len(set(self.delen)) != len(self.delen):
            raise ValueError("`delen` names a part twice")
        if VERENIGING_GEWIJZIGD in self.types and not self.delen:
            raise ValueError(f"`delen`: name at least one part to receive with {VERENIGING_GEWIJZIGD}")
        if VERENIGING_GEWIJZIGD not in self.types and self.delen:
            raise ValueError(f"`delen` is only sent with {VERENIGING_GEWIJZIGD}, which `types` does not name")
        return self

    @property
    def hoort_delingen(self) -> bool:
        """Whether it hears of each sharing with itself (`vereniging.gedeeld`)."""
        return VERENIGING_GEDEELD in self.types

    @field_validator("webhook_url")
    @classmethod
    def _callable(cls, value: str) -> str:
        """Refused now rather than failing at every delivery: a URL the HTTP client cannot call."""
        try:
            url = httpx.URL(value)
            if url.userinfo:
                raise ValueError("must not carry a user name or password (the signature says who sends)")
            try:
                ipaddress.ip_address(url.host)
            except ValueError:
                url.host.encode("idna")  # each label 1 to 63 characters, as DNS allows
        except (httpx.InvalidURL, UnicodeError) as error:
            raise ValueError(f"not a URL the hub can call: {error}") from None
        return value


GEBIED_CODE = r"^([0-9]{5}|BE[0-9]{2}|BE[0-9]{8})$"
"""A place a connector is competent for: a NIS code, or a werkingsgebied code (province or
municipality)."""


class ConnectorConfig(BaseModel):
    """What every connector instance is configured with; subclass it to add your own fields."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(
        pattern=r"^[a-z0-9][a-z0-9-]{0,62}$", description="This instance, e.g. `gemeente-gent`."
    )
    base_url: str = Field(pattern=r"^https?://", description="Where the remote system answers.")
    audience: str = Field(min_length=1, description="The audience its tokens are exchanged for.")
    timeout_seconds: float = Field(default=5.0, gt=0, le=60, description="Per call.")
    gebied: list[Annotated[str, StringConstraints(pattern=GEBIED_CODE)]] = Field(
        default_factory=list,
        max_length=1000,
        description=(
            "Where the service is competent: NIS codes of municipalities (`44021`) or provinces (`40000`), "
            "or werkingsgebied codes (`BE23444021`, `BE23`); empty: all of Flanders. The hub asks it about "
            "an association only when this area touches the association's werkingsgebieden or locaties."
        ),
    )
    webhook_secret: SecretStr | None = Field(
        default=None,
        description=(
            "The Standard Webhooks secret (`whsec_` and 24 to 64 bytes in base64) that signs the "
            "events this service pushes to `POST /events/{name}`; none: it pushes nothing."
        ),
    )

    pushes_dossiers: bool = Field(
        default=False,
        description=(
            "The service pushes every change of its dossiers to `POST /events/{name}`: the profile reads "
            "the hub's copy of its dossiers instead of asking it (needs a `webhook_secret`)."
        ),
    )
    pushes_facts: bool = Field(
        default=False,
        description=(
            "The service pushes what it knows about an association (`gegevens.gewijzigd`) to "
            "`POST /events/{name}` whenever that changes: the profile shows its last report instead of "
            "asking it (needs a `webhook_secret`)."
        ),
    )
    abonnement: Abonnement | None = Field(
        default=None, description="The register changes this service subscribes to; none: it hears nothing."
    )

    @model_validator(mode="after")
    def _abonnement_signed(self) -> Self:
        if self.abonnement is not None and self.webhook_secret is None:
            raise ValueError("an `abonnement` needs a `webhook_secret` to sign its events with")
        if self.pushes_dossiers and self.webhook_secret is None:
            raise ValueError("`pushes_dossiers` needs a `webhook_secret` to check the pushed events with")
        if self.pushes_facts and self.webhook_secret is None:
            raise ValueError("`pushes_facts` needs a `webhook_secret` to check the pushed events with")
        return self

    @field_validator("webhook_secret")
    @classmethod
    def _standard_webhooks_secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None:
            return None
        secret = value.get_secret_value()
        if not secret.startswith("whsec_"):
            raise ValueError("must start with `whsec_`")
        try:
            key = base64.b64decode(secret.removeprefix("whsec_"), validate=True)
        except binascii.Error:
            raise ValueError("after `whsec_` must come base64") from None
        if not 24 <= len(key) <= 64:
            raise ValueError(f"must hold 24 to 64 bytes, not {len(key)}")
        return value


ConfigT = TypeVar("ConfigT", bound=ConnectorConfig)


@dataclass(frozen=True)
class Health:
    reachable: bool
    detail: str


class Connector(Generic[ConfigT]):
    kind: ClassVar[str]
    """The entry point name, e.g. `kiosk`; one kind can have several configured instances."""
    version: ClassVar[str] = "0.1.0"
    config_model: ClassVar[type[ConnectorConfig]] = ConnectorConfig

    def __init__(self, config: ConfigT, *, transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.config = config
        self.http = http_client(
            base_url=config.base_url,
            timeout=config.timeout_seconds,
            transport=transport,
            user_agent=f"vloket-hub/0.1 ({self.kind}/{self.version})",
        )

    @property
    def name(self) -> str:
        return self.config.name

    async def health(self) -> Health:
        """Whether the remote system answers at all (any HTTP answer counts)."""
        try:
            response = await self.http.get("/")
        except httpx.HTTPError as error:
            return Health(reachable=False, detail=f"{type(error).__name__}: {error}")
        return Health(reachable=True, detail=f"HTTP {response.status_code}")

    async def aclose(self) -> None:
        await self.http.aclose()
