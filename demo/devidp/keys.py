"""The signing keys: one active RS256 key, and retired keys kept published until every token they
signed has expired."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import Key, KeySet, RSAKey

ALGORITHM = "RS256"


@dataclass
class _SigningKey:
    key: RSAKey
    retired_at: float | None = None


@dataclass(frozen=True)
class VerifiedJwt:
    header: dict[str, Any]
    claims: dict[str, Any]


class KeyRing:
    """`retention` is the longest lifetime of a signed token: a key retired at `t` is still
    published, and still verifies, until `t + retention`."""

    def __init__(self, *, retention: float, clock: Callable[[], float]) -> None:
        self._retention = retention
        self._clock = clock
        self._keys: list[_SigningKey] = []
        # `rotate` is called from outside the server (tests, an operator), while requests sign.
        self._lock = threading.Lock()
        self.rotate()

    def rotate(self) -> str:
        """Make a new key the one that signs; returns its kid."""
        key = RSAKey.generate_key(2048, parameters={"use": "sig", "alg": ALGORITHM}, auto_kid=True)
        with self._lock:
            now = self._clock()
            for signing_key in self._keys:
                if signing_key.retired_at is None:
                    signing_key.retired_at = now
            self._keys.append(_SigningKey(key))
        return key.kid or ""

    def sign(self, claims: dict[str, Any], *, typ: str) -> str:
        with self._lock:
            key = self._keys[-1].key
        return jwt.encode({"alg": ALGORITHM, "kid": key.kid, "typ": typ}, claims, key, algorithms=[ALGORITHM])

    def public_jwks(self) -> dict[str, list[dict[str, Any]]]:
        return {"keys": [dict(key.as_dict(private=False)) for key in self._published()]}

    def verify(self, token: str) -> VerifiedJwt | None:
        """The header and claims when a published key signed `token`; claims are not checked here."""
        try:
            decoded = jwt.decode(token, KeySet(self._published()), algorithms=[ALGORITHM])
        except (JoseError, ValueError):
            return None
        return VerifiedJwt(header=dict(decoded.header), claims=dict(decoded.claims))

    def _published(self) -> list[Key]:
        now = self._clock()
        self._keys = [k for k in self._keys if k.retired_at is None or now < k.retired_at + self._retention]
        return [k.key for k in self._keys]
