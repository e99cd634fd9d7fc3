"""Bearer tokens on the API: a signed JWT checked locally against the provider's keys, or an
opaque token checked by introspection at the provider.

A JWT is accepted only when its header names an allowed asymmetric algorithm and a key the
provider publishes, its signature verifies, and its issuer, audience, expiry and not-before hold
(within a small clock leeway). Anything else is refused with the reason, never half-trusted.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import NamedTuple, Protocol

import httpx
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from joserfc.jws import extract_compact

from hub.auth.provider import OpenIDProvider, ProviderError


class InvalidToken(Exception):
    """The token cannot be trusted; the message says why (for the log and WWW-Authenticate)."""


class ProviderUnavailable(Exception):
    """The token could not be checked because the provider did not answer (try again later)."""


# Claims only ID tokens carry; an ID token is for the client, not a key to the API.
ID_TOKEN_CLAIMS = ("nonce", "at_hash", "c_hash", "s_hash")
ACCESS_TOKEN_TYPES = ("at+jwt", "application/at+jwt")


class TokenVerifier(Protocol):
    async def verify_access_token(self, token: str) -> Mapping[str, object]:
        """The access token's claims, or InvalidToken (ProviderUnavailable when it cannot tell)."""
        ...


def token_algorithm(token: str) -> str:
    return str(_header(token).get("alg"))


def _header(token: str) -> Mapping[str, object]:
    try:
        return extract_compact(token.encode("ascii")).protected
    except (JoseError, ValueError, UnicodeError) as error:
        raise InvalidToken(f"not a signed JWT: {error}") from error


class _Verified(NamedTuple):
    keys: KeySet
    claims: Mapping[str, object]
    header: Mapping[str, object]


class JwtVerifier:
    """Verified access tokens are remembered (at most `remember` of them), so that the same
    token on the next request costs a lookup instead of a signature check. A remembered token is
    taken only while the provider's key set is the very one that verified it, and its claims
    (expiry and not-before included) are checked again each time."""

    def __init__(
        self,
        provider: OpenIDProvider,
        *,
        audience: str,
        algorithms: list[str],
        leeway: int,
        clock: Callable[[], float] = time.time,
        remember: int = 4096,
    ) -> None:
        self.provider = provider
        self.audience = audience
        self.algorithms = algorithms
        self.leeway = leeway
        self.clock = clock
        self._remember = remember
        self._verified: dict[str, _Verified] = {}

    async def verify(self, token: str, *, audience: str | None = None) -> Mapping[str, object]:
        return (await self._verify(token, audience=audience)).claims

    async def _verify(self, token: str, *, audience: str | None) -> _Verified:
        header = _header(token)
        algorithm = header.get("alg")
        if algorithm not in self.algorithms:
            raise InvalidToken(f"algorithm {algorithm!r} is not accepted")
        kid = header.get("kid")
        if kid is not None and not isinstance(kid, str):
            raise InvalidToken("key id must be a string")
        try:
            keys = await self.provider.keys(kid=kid)
            issuer = (await self.provider.metadata()).issuer
        except ProviderError as error:
            raise ProviderUnavailable(str(error)) from error
        if kid is not None and not any(key.kid == kid for key in keys.keys):
            raise InvalidToken(f"unknown key id {kid!r}")
        try:
            decoded = jwt.decode(token, keys, algorithms=self.algorithms)
            self._claims_registry(issuer, audience or self.audience).validate(decoded.claims)
        except (JoseError, ValueError) as error:
            raise InvalidToken(str(error) or type(error).__name__) from error
        return _Verified(keys, decoded.claims, header)

    async def verify_access_token(self, token: str) -> Mapping[str, object]:
        """As `verify`, and refuse an ID token: its audience is the hub too, but it is not an
        access token (RFC 9068 `typ`, or an access token's `client_id`/`scope`, tell them apart)."""
        known = self._verified.get(token)
        if known is not None and await self._still_holds(token, known):
            return known.claims
        verified = await self._verify(token, audience=None)
        claims = MappingProxyType(dict(verified.claims))  # shared between requests: read-only
        typ = str(verified.header.get("typ", "")).lower()
        id_token_like = any(name in claims for name in ID_TOKEN_CLAIMS)
        access_token_like = typ in ACCESS_TOKEN_TYPES or "client_id" in claims or "scope" in claims
        if id_token_like or not access_token_like:
            raise InvalidToken("an ID token is not an access token")
        if len(self._verified) >= self._remember:
            del self._verified[next(iter(self._verified))]  # the oldest goes
        self._verified[token] = verified._replace(claims=claims)
        return claims

    async def _still_holds(self, token: str, known: _Verified) -> bool:
        """Whether a remembered token may be taken as it is: the keys that verified it are still
        the provider's current set, and its claims hold now. Otherwise it is forgotten, and
        checked in full (or refused) as a new token would be."""
        try:
            # Without a key id: only the set's age can make the provider fetch it again here.
            current = await self.provider.keys(kid=None)
            issuer = (await self.provider.metadata()).issuer
            if current is known.keys:
                self._claims_registry(issuer, self.audience).validate(dict(known.claims))
                return True
        except (ProviderError, JoseError, ValueError):
            pass
        self._verified.pop(token, None)
        return False

    def _claims_registry(self, issuer: str, audience: str) -> jwt.JWTClaimsRegistry:
        return jwt.JWTClaimsRegistry(
            now=lambda: int(self.clock()),
            leeway=self.leeway,
            iss={"essential": True, "value": issuer},
            aud={"essential": True, "value": audience},
            exp={"essential": True},
            sub={"essential": True},
        )


class IntrospectionVerifier:
    """Opaque tokens: ask the provider (RFC 7662) with the hub's client credentials."""

    def __init__(
        self, provider: OpenIDProvider, *, client_id: str, client_secret: str, audience: str
    ) -> None:
        self.provider = provider
        self.auth = httpx.BasicAuth(client_id, client_secret)
        self.audience = audience

    async def verify_access_token(self, token: str) -> Mapping[str, object]:
        try:
            metadata = await self.provider.metadata()
        except ProviderError as error:
            raise ProviderUnavailable(str(error)) from error
        if metadata.introspection_endpoint is None:
            raise InvalidToken("the provider offers no introspection")
        try:
            response = await self.provider.client.post(
                metadata.introspection_endpoint,
                data={"token": token, "token_type_hint": "access_token"},
                auth=self.auth,
            )
            response.raise_for_status()
            claims = response.json()
        except (httpx.HTTPError, ValueError) as error:
            raise ProviderUnavailable(f"introspection failed: {error}") from error
        if not isinstance(claims, dict) or claims.get("active") is not True:
            raise InvalidToken("the provider says the token is not active")
        # Opaque tokens often carry no audience; then the client they were issued to counts.
        audience = claims.get("aud") or claims.get("client_id")
        audiences = audience if isinstance(audience, list) else [audience]
        if self.audience not in audiences:
            raise InvalidToken(f"token is not meant for {self.audience!r}")
        if claims.get("iss") not in (None, metadata.issuer):
            raise InvalidToken("token comes from another issuer")
        return claims
