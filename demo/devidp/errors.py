"""The provider's errors, by how they reach the caller: OAuth JSON, a redirect, or an HTML page."""

from __future__ import annotations


class OAuthError(Exception):
    """An RFC 6749 §5.2 error, answered as JSON `{error, error_description}`."""

    def __init__(self, error: str, description: str, *, status: int = 400) -> None:
        super().__init__(f"{error}: {description}")
        self.error = error
        self.description = description
        self.status = status


class InvalidClient(OAuthError):
    def __init__(self, description: str = "client authentication failed") -> None:
        super().__init__("invalid_client", description, status=401)


class InvalidGrant(OAuthError):
    def __init__(self, description: str) -> None:
        super().__init__("invalid_grant", description)


class InvalidRequest(OAuthError):
    def __init__(self, description: str) -> None:
        super().__init__("invalid_request", description)


class RedirectedError(OAuthError):
    """An authorization error for a client whose redirect_uri is trusted: sent back to it."""

    def __init__(self, error: str, description: str, *, redirect_uri: str, state: str | None) -> None:
        super().__init__(error, description)
        self.redirect_uri = redirect_uri
        self.state = state


class ErrorPage(Exception):
    """A browser request that cannot be answered by redirect: shown as a page (Dutch text)."""

    def __init__(self, message: str, *, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
