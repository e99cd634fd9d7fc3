"""A token issuer under the tests' control: discovery, keys and introspection over real HTTP, and
the private keys in hand, so tests can mint good tokens and every kind of bad one."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import FastAPI, Form
from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey

from demo.personas import Persona


def new_key(kid: str | None = None) -> RSAKey:
    return RSAKey.generate_key(
        2048, parameters={"kid": kid or uuid.uuid4().hex[:12], "use": "sig", "alg": "RS256"}
    )


@dataclass
class TokenForge:
    issuer: str
    audience: str = "vloket-hub"
    keys: list[RSAKey] = field(default_factory=lambda: [new_key()])
    key_fetches: int = 0
    active: set[str] = field(default_factory=set)

    @property
    def key(self) -> RSAKey:
        return self.keys[-1]

    def claims(self, persona: Persona | None = None, **overrides: Any) -> dict[str, Any]:
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "aud": self.audience,
            "sub": f"sub-{persona.insz}" if persona else "sub-anyone",
            "iat": now,
            "nbf": now,
            "exp": now + 300,
            "client_id": "api-client",
            "jti": uuid.uuid4().hex,
        }
        if persona is not None:
            claims |= {"rrn": persona.insz, "given_name": persona.voornaam, "family_name": persona.achternaam}
        return {k: v for k, v in (claims | overrides).items() if v is not None}

    def token(
        self,
        persona: Persona | None = None,
        *,
        key: RSAKey | None = None,
        typ: str = "at+jwt",
        **overrides: Any,
    ) -> str:
        signing = key or self.key
        header = {"alg": "RS256", "kid": signing.kid, "typ": typ}
        value = jwt.encode(header, self.claims(persona, **overrides), signing)
        self.active.add(value)
        return value

    def rotate(self) -> RSAKey:
        self.keys.append(new_key())
        return self.key

    def app(self) -> FastAPI:
        app = FastAPI()

        @app.get("/.well-known/openid-configuration")
        async def discovery() -> dict[str, object]:
            return {
                "issuer": self.issuer,
                "authorization_endpoint": f"{self.issuer}/authorize",
                "token_endpoint": f"{self.issuer}/token",
                "jwks_uri": f"{self.issuer}/jwks",
                "introspection_endpoint": f"{self.issuer}/introspect",
                "id_token_signing_alg_values_supported": ["RS256"],
            }

        @app.get("/jwks")
        async def jwks() -> dict[str, Any]:
            self.key_fetches += 1
            return dict(KeySet(list(self.keys)).as_dict(private=False))

        @app.post("/introspect")
        async def introspect(token: Annotated[str, Form()]) -> dict[str, object]:
            if token not in self.active:
                return {"active": False}
            claims = jwt.decode(token, KeySet(list(self.keys))).claims
            return {"active": claims["exp"] > time.time(), **claims}

        return app
