"""What the development IdP is told at start: who can log in, which clients exist, how long things live."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True)
class DevPersona:
    """A demo person who can log in. `rollen` are values of the role claim, `Role:OrgCode`,
    e.g. `Vertegenwoordiger:V0001003`."""

    insz: str
    voornaam: str
    achternaam: str
    rollen: tuple[str, ...] = ()


@dataclass(frozen=True)
class DevClient:
    """A registered confidential client. `exchange_audiences` are the audiences it may obtain
    by token exchange (RFC 8693), on a person's behalf; `client_audiences` those it may obtain a
    token of its own for (client credentials): each a permission of its own."""

    client_id: str
    client_secret: str
    redirect_uris: tuple[str, ...]
    post_logout_redirect_uris: tuple[str, ...] = ()
    exchange_audiences: tuple[str, ...] = ()
    client_audiences: tuple[str, ...] = ()


@dataclass(frozen=True)
class DevIdpConfig:
    """The provider is served at the root of `issuer`; `clock` returns epoch seconds and is
    injectable so tests can move time.

    Example::

        DevIdpConfig(
            issuer="http://127.0.0.1:8001",
            personas=(DevPersona("71032512357", "An", "Janssens"),),
            clients=(DevClient("hub", "geheim", ("http://127.0.0.1:8000/auth/callback",)),),
        )
    """

    issuer: str
    personas: tuple[DevPersona, ...]
    clients: tuple[DevClient, ...]
    role_claim: str = "vloket_rol_3d"
    access_token_ttl: timedelta = timedelta(minutes=5)
    id_token_ttl: timedelta = timedelta(minutes=5)
    refresh_token_ttl: timedelta = timedelta(hours=8)
    code_ttl: timedelta = timedelta(seconds=60)
    sso_session_ttl: timedelta = timedelta(hours=8)
    clock: Callable[[], float] = time.time

    def __post_init__(self) -> None:
        if self.issuer.endswith("/"):
            raise ValueError("the issuer must not end with a slash")
        if len({client.client_id for client in self.clients}) != len(self.clients):
            raise ValueError("client ids must be unique")
        if len({persona.insz for persona in self.personas}) != len(self.personas):
            raise ValueError("persona INSZ numbers must be unique")

    def client(self, client_id: str | None) -> DevClient | None:
        return next((c for c in self.clients if c.client_id == client_id), None)

    def persona(self, insz: str | None) -> DevPersona | None:
        return next((p for p in self.personas if p.insz == insz), None)

    def url(self, path: str) -> str:
        return self.issuer + path

    @property
    def secure_cookies(self) -> bool:
        return self.issuer.startswith("https://")

    @property
    def signed_token_lifetime(self) -> float:
        """How long any JWT this provider signs can stay valid; refresh tokens are opaque."""
        return max(self.access_token_ttl, self.id_token_ttl).total_seconds()
