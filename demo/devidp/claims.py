"""The ACM/IDM person claims a persona yields for the scopes granted, and the login keys (acr)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from enum import StrEnum
from typing import Any

from demo.devidp.config import DevPersona
from demo.devidp.errors import OAuthError

SUPPORTED_SCOPES = ("openid", "profile", "rrn", "vo", "offline_access")
"""Scopes outside this list are dropped from a request rather than refused."""

_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:vloket:devidp")


class Sleutel(StrEnum):
    """The key a person logs in with; its value is the `acr` the ID token carries."""

    EID = "urn:be:vlaanderen:authmech:eid"
    ITSME = "urn:be:vlaanderen:authmech:itsme"

    @classmethod
    def from_form(cls, value: str | None) -> Sleutel | None:
        return {"eid": cls.EID, "itsme": cls.ITSME}.get(value or "")


def subject(persona: DevPersona) -> str:
    """Stable per persona, so every client and every login sees the same `sub`."""
    return str(uuid.uuid5(_NAMESPACE, f"sub:{persona.insz}"))


def vo_id(persona: DevPersona) -> str:
    return str(uuid.uuid5(_NAMESPACE, f"vo_id:{persona.insz}"))


def granted_scopes(requested: str | None) -> tuple[str, ...]:
    wanted = set((requested or "").split())
    return tuple(scope for scope in SUPPORTED_SCOPES if scope in wanted)


def narrowed_scopes(granted: tuple[str, ...], requested: str | None) -> tuple[str, ...]:
    """The scopes asked for, which must be among those granted; all granted when none are asked."""
    if requested is None:
        return granted
    wanted = requested.split()
    if not set(wanted) <= set(granted):
        raise OAuthError("invalid_scope", "a token cannot gain scopes its grant does not have")
    return tuple(scope for scope in granted if scope in wanted)


def person_claims(persona: DevPersona, *, scopes: Iterable[str], acr: str, role_claim: str) -> dict[str, Any]:
    """`sub` and `acr` always; names for `profile`, the INSZ for `rrn`, vo_id and roles for `vo`."""
    granted = set(scopes)
    claims: dict[str, Any] = {"sub": subject(persona), "acr": acr}
    if "profile" in granted:
        claims |= {"given_name": persona.voornaam, "family_name": persona.achternaam}
    if "rrn" in granted:
        claims["rrn"] = persona.insz
    if "vo" in granted:
        claims["vo_id"] = vo_id(persona)
        if persona.rollen:
            claims[role_claim] = list(persona.rollen)
    return claims


def supported_claims(role_claim: str) -> list[str]:
    protocol = ["sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "acr", "azp", "at_hash"]
    return [*protocol, "given_name", "family_name", "rrn", "vo_id", role_claim]
