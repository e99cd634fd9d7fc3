"""The OpenID provider as the hub sees it: its metadata (found by discovery) and its signing keys.

Metadata is fetched once and kept; keys are kept too and fetched again only when a token names a
key id the hub has not seen, at most once per `refetch_interval`, and concurrent requests for
the same refresh share one fetch (a flood of tokens with made-up key ids cannot flood the IdP).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from urllib.parse import urlsplit

import httpx
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from pydantic import BaseModel, ConfigDict

KEYS_MAX_AGE = 3600.0


class ProviderError(RuntimeError):
    """The OpenID provider could not be reached or answered something unusable."""


class ProviderMetadata(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    userinfo_endpoint: str | None = None
    introspection_endpoint: str | None = None
    revocation_endpoint: str | None = None
    end_session_endpoint: str | None = None
    code_challenge_methods_supported: list[str] | None = None

    def endpoints(self) -> list[str]:
        named = [self.issuer, self.authorization_endpoint, self.token_endpoint, self.jwks_uri]
        optional = [self.userinfo_endpoint, self.introspection_endpoint, self.end_session_endpoint]
        return named + [url for url in optional if url]


def _secure(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme == "https" or (
        parts.scheme == "http" and parts.hostname in {"127.0.0.1", "localhost", "::1"}
    )


async def _get_json(client: httpx.AsyncClient, url: str) -> dict[str, object]:
    try:
        response = await client.get(url, headers={"Accept": "application/json"})
        response.raise_for_status()
        document = response.json()
    except (httpx.HTTPError, ValueError) as error:
        raise ProviderError(f"{url}: {error}") from error
    if not isinstance(document, dict):
        raise ProviderError(f"{url}: expected a JSON object")
    return document


class OpenIDProvider:
    def __init__(
        self,
        issuer: str,
        client: httpx.AsyncClient,
        *,
        refetch_interval: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.issuer = issuer  # as configured; tokens are checked against the discovered one
        self.client = client
        self.refetch_interval = refetch_interval
        self.clock = clock
        self._metadata: ProviderMetadata | None = None
        self._keys: KeySet | None = None
        self._refetched_at = float("-inf")
        self._fetched_at = float("-inf")
        self._lock = asyncio.Lock()
        self.key_fetches = 0

    async def metadata(self) -> ProviderMetadata:
        if self._metadata is None:
            async with self._lock:
                if self._metadata is None:
                    self._metadata = await self._discover()
        return self._metadata

    async def _discover(self) -> ProviderMetadata:
        document = await _get_json(self.client, f"{self.issuer.rstrip('/')}/.well-known/openid-configuration")
        try:
            metadata = ProviderMetadata.model_validate(document)
        except ValueError as error:
            raise ProviderError(f"discovery document of {self.issuer}: {error}") from error
        if metadata.issuer.rstrip("/") != self.issuer.rstrip("/"):
            raise ProviderError(f"discovery names issuer {metadata.issuer!r}, expected {self.issuer!r}")
        insecure = [url for url in metadata.endpoints() if not _secure(url)]
        if insecure:
            raise ProviderError(f"{self.issuer}: endpoints must use https (except on loopback): {insecure}")
        return metadata

    async def keys(self, *, kid: str | None) -> KeySet:
        """The provider's keys; fetched again when `kid` is unknown, at most once per
        `refetch_interval` (the first fetch does not count, so a rotation is picked up at once)."""
        known = self._keys
        fresh = self.clock() - self._fetched_at < KEYS_MAX_AGE
        if known is not None and fresh and (kid is None or _has_kid(known, kid)):
            return known
        async with self._lock:
            if self._keys is not None and self._keys is not known:
                return self._keys  # another request refreshed them meanwhile
            if self._keys is None or self.clock() - self._fetched_at >= KEYS_MAX_AGE:
                # Withdrawn keys stop verifying within KEYS_MAX_AGE, whatever the tokens say.
                self._keys = await self._fetch_keys()
            elif self.clock() - self._refetched_at >= self.refetch_interval:
                self._refetched_at = self.clock()
                self._keys = await self._fetch_keys()
            return self._keys

    async def _fetch_keys(self) -> KeySet:
        metadata = await self._metadata_unlocked()
        document = await _get_json(self.client, metadata.jwks_uri)
        self.key_fetches += 1
        self._fetched_at = self.clock()
        try:
            return KeySet.import_key_set(document)  # type: ignore[arg-type]
        except (JoseError, ValueError, TypeError) as error:
            raise ProviderError(f"keys of {self.issuer}: {error}") from error

    async def _metadata_unlocked(self) -> ProviderMetadata:
        if self._metadata is None:
            self._metadata = await self._discover()
        return self._metadata


def _has_kid(keys: KeySet, kid: str) -> bool:
    return any(key.kid == kid for key in keys.keys)
