"""Sending the browser back to a client: parameters appended to its registered URI."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit


def with_query(uri: str, params: dict[str, str | None]) -> str:
    """`uri` with `params` added to any query it already has; `None` values are left out."""
    parts = urlsplit(uri)
    query = parse_qsl(parts.query, keep_blank_values=True)
    query += [(name, value) for name, value in params.items() if value is not None]
    return urlunsplit(parts._replace(query=urlencode(query)))
