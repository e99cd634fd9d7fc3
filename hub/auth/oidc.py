"""The hub as an OpenID Connect client: authorization code with PKCE (S256), `state` and `nonce`;
ID token validation; refresh; RFC 8693 token exchange; RP-initiated logout."""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Mapping

import httpx
from authlib.common.security import generate_token
from authlib.oauth2.rfc6749.parameters import prepare_grant_uri
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from hub.auth.bearer import InvalidToken, JwtVerifier, token_algorithm
from hub.auth.provider import OpenIDProvider

TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange"  # noqa: S105 - a grant type
ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token"  # noqa: S105 - a token type


class OAuthError(Exception):
    """The provider refused a request; `error` is its RFC 6749 code."""

    def __init__(self, error: str, description: str | None = None) -> None:
        self.error = error
        self.description = description
        super().__init__(f"{error}: {description}" if description else error)


class TokenResponse(BaseModel):
    model_config = ConfigDict(extra="ignore")

    access_token: str = Field(min_length=1, max_length=16384, pattern=r"^[\x21-\x7e]+$")
    token_type: str = "Bearer"  # noqa: S105 - a scheme name
    expires_in: int | None = Field(default=None, ge=0, le=10**9)
    refresh_token: str | None = None
    id_token: str | None = None
    scope: str | None = None
    issued_token_type: str | None = None


def new_secret() -> str:
    """An unguessable value for `state`, `nonce`, PKCE verifiers and session ids."""
    return str(generate_token(48))


def _at_hash(access_token: str, algorithm: str) -> str:
    """OIDC Core 3.1.3.6: the left half of the hash the ID token's algorithm uses (RS256: SHA-256)."""
    bits = algorithm[-3:] if algorithm[-3:] in {"256", "384", "512"} else "256"
    digest = hashlib.new(f"sha{bits}", access_token.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest[: len(digest) // 2]).rstrip(b"=").decode("ascii")


class OidcClient:
    def __init__(
        self,
        provider: OpenIDProvider,
        verifier: JwtVerifier,
        *,
        client_id: str,
        client_secret: str,
        redirect_uri: str,
        scopes: str,
    ) -> None:
        self.provider = provider
        self.verifier = verifier
        self.client_id = client_id
        self.redirect_uri = redirect_uri
        self.scopes = scopes
        self._auth = httpx.BasicAuth(client_id, client_secret)

    async def authorization_url(
        self, *, state: str, nonce: str, code_verifier: str, prompt: str | None = None
    ) -> str:
        metadata = await self.provider.metadata()
        extra = {"prompt": prompt} if prompt else {}
        url: str = prepare_grant_uri(
            metadata.authorization_endpoint,
            self.client_id,
            "code",
            redirect_uri=self.redirect_uri,
            scope=self.scopes,
            state=state,
            nonce=nonce,
            code_challenge=create_s256_code_challenge(code_verifier),
            code_challenge_method="S256",
            **extra,
        )
        return url

    async def exchange_code(self, *, code: str, code_verifier: str) -> TokenResponse:
        return await self._token_request(
            {
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": self.redirect_uri,
                "code_verifier": code_verifier,
            }
        )

    async def refresh(self, refresh_token: str) -> TokenResponse:
        return await self._token_request({"grant_type": "refresh_token", "refresh_token": refresh_token})

    async def exchange_token(self, *, subject_token: str, audience: str) -> TokenResponse:
        """RFC 8693: a token for `audience`, with the person's token as subject."""
        return await self._token_request(
            {
                "grant_type": TOKEN_EXCHANGE,
                "subject_token": subject_token,
                "subject_token_type": ACCESS_TOKEN_TYPE,
                "requested_token_type": ACCESS_TOKEN_TYPE,
                "audience": audience,
            }
        )

    async def client_token(self, *, audience: str) -> TokenResponse:
        """RFC 6749 client credentials: a token for the hub itself (no person), for `audience`."""
        return await self._token_request({"grant_type": "client_credentials", "audience": audience})

    async def _token_request(self, form: dict[str, str]) -> TokenResponse:
        metadata = await self.provider.metadata()
        try:
            response = await self.provider.client.post(metadata.token_endpoint, data=form, auth=self._auth)
        except httpx.HTTPError as error:
            raise OAuthError("temporarily_unavailable", str(error)) from error
        try:
            body = response.json()
        except (ValueError, RecursionError):  # not JSON, or nested past the parser's depth
            body = {}
        if response.status_code != 200 or not isinstance(body, dict):
            refusal = body if isinstance(body, dict) else {}
            description = refusal.get("error_description")
            raise OAuthError(
                str(refusal.get("error") or f"http_{response.status_code}"),
                str(description) if description else None,
            )
        try:
            return TokenResponse.model_validate(body)
        except ValidationError as invalid:
            raise OAuthError("invalid_response", str(invalid)) from invalid

    async def person_claims(self, tokens: TokenResponse, *, nonce: str | None) -> dict[str, object]:
        """Who the tokens are about: the verified ID token's claims, completed from userinfo when
        the provider keeps the person's details there (many send only `sub` and `acr`)."""
        if tokens.id_token is None:
            raise InvalidToken("the provider sent no ID token")
        verified = await self.verify_id_token(tokens.id_token, nonce=nonce, access_token=tokens.access_token)
        claims = dict(verified)
        if "rrn" not in claims or "given_name" not in claims:
            userinfo = await self.userinfo(tokens.access_token)
            if userinfo.get("sub") == claims["sub"]:
                claims = {**userinfo, **claims}
        return claims

    async def verify_id_token(
        self, id_token: str, *, nonce: str | None, access_token: str | None = None
    ) -> Mapping[str, object]:
        """The ID token's claims once signature, issuer, audience, expiry, nonce (at login; a
        refreshed ID token carries none) and at_hash hold."""
        claims = await self.verifier.verify(id_token, audience=self.client_id)
        header_alg = token_algorithm(id_token)
        sent = claims.get("nonce")
        if nonce is not None and (
            not isinstance(sent, str) or not hmac.compare_digest(sent.encode(), nonce.encode())
        ):
            raise InvalidToken("nonce does not match the login request")
        audiences = claims.get("aud")
        if isinstance(audiences, list) and len(audiences) > 1 and claims.get("azp") != self.client_id:
            raise InvalidToken("azp must name the hub when the ID token has several audiences")
        at_hash = claims.get("at_hash")
        if access_token is not None and at_hash is not None and at_hash != _at_hash(access_token, header_alg):
            raise InvalidToken("at_hash does not match the access token")
        return claims

    async def userinfo(self, access_token: str) -> Mapping[str, object]:
        metadata = await self.provider.metadata()
        if metadata.userinfo_endpoint is None:
            return {}
        try:
            response = await self.provider.client.get(
                metadata.userinfo_endpoint, headers={"Authorization": f"Bearer {access_token}"}
            )
            response.raise_for_status()
            claims = response.json()
        except (httpx.HTTPError, ValueError) as error:
            raise OAuthError("userinfo_failed", str(error)) from error
        return claims if isinstance(claims, dict) else {}

    async def revoke(self, token: str, *, hint: str = "refresh_token") -> None:
        metadata = await self.provider.metadata()
        if metadata.revocation_endpoint is None:
            return
        try:
            await self.provider.client.post(
                metadata.revocation_endpoint, data={"token": token, "token_type_hint": hint}, auth=self._auth
            )
        except httpx.HTTPError as error:
            raise OAuthError("temporarily_unavailable", str(error)) from error

    async def end_session_url(
        self, *, id_token_hint: str | None, post_logout_redirect_uri: str
    ) -> str | None:
        metadata = await self.provider.metadata()
        if metadata.end_session_endpoint is None:
            return None
        query = {"post_logout_redirect_uri": post_logout_redirect_uri, "client_id": self.client_id}
        if id_token_hint:
            query["id_token_hint"] = id_token_hint
        return str(httpx.URL(metadata.end_session_endpoint).copy_merge_params(query))
