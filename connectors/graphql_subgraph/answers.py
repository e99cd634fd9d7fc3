"""What a subgraph's HTTP answer means: a GraphQL body to read, or the SDK error that tells the
hub what to do about it.

The query sent only varies in the configured field names, so a query the subgraph refuses
(HTTP 400, or a GraphQL request error: one without a `path`, pointing into the query) is a
configuration error; so is a refused token (401/403, or an UNAUTHENTICATED/FORBIDDEN error),
since the token was exchanged for the configured audience. What may pass on its own (5xx,
408/425/429, garbage, an answer without data) is `ConnectorUnavailable`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import httpx
import orjson

from connectors.sdk.errors import ConnectorConfigError, ConnectorUnavailable

GraphQLBody = Mapping[str, object]
GraphQLError = Mapping[str, object]

TRANSIENT_STATUSES = frozenset({408, 425, 429})
REFUSED_TOKEN_STATUSES = frozenset({401, 403})
REFUSED_TOKEN_CODES = frozenset({"UNAUTHENTICATED", "FORBIDDEN"})
REFUSED_QUERY_CODES = frozenset({"GRAPHQL_PARSE_FAILED", "GRAPHQL_VALIDATION_FAILED", "BAD_USER_INPUT"})


def graphql_body(response: httpx.Response, *, service: str) -> GraphQLBody:
    """The JSON body of a successful answer, after refusing request errors (see the module)."""
    status = response.status_code
    if status >= 500 or status in TRANSIENT_STATUSES:
        raise ConnectorUnavailable(service, f"the subgraph answered HTTP {status}")
    if status in REFUSED_TOKEN_STATUSES:
        raise ConnectorConfigError(
            service, f"the subgraph refused the token (HTTP {status}: {_detail(response)}); check `audience`"
        )
    if status == 400:
        refused = messages(errors_of(_json_or_empty(response))) or _detail(response)
        raise ConnectorConfigError(service, f"the subgraph refused the query: {refused}")
    if not 200 <= status < 300:
        raise ConnectorConfigError(
            service,
            f"the subgraph answered HTTP {status} at {response.request.url.path}; "
            "check `base_url` and `graphql_path`",
        )
    body = _json_or_empty(response)
    if not body:
        raise ConnectorUnavailable(service, "the subgraph's answer is not a GraphQL response in JSON")
    _refuse_request_errors(body, service=service)
    return body


def data_of(body: GraphQLBody, *, service: str) -> Mapping[str, object]:
    data = body.get("data")
    if not isinstance(data, dict):
        detail = messages(errors_of(body)) or "no errors given"
        raise ConnectorUnavailable(service, f"the subgraph answered without data ({detail})")
    return data


def errors_of(body: GraphQLBody) -> list[GraphQLError]:
    errors = body.get("errors")
    return [error for error in errors if isinstance(error, dict)] if isinstance(errors, list) else []


def path_of(error: GraphQLError) -> Sequence[object]:
    path = error.get("path")
    return path if isinstance(path, list) else []


def _refuse_request_errors(body: GraphQLBody, *, service: str) -> None:
    errors = errors_of(body)
    token = [error for error in errors if _code(error) in REFUSED_TOKEN_CODES]
    if token:
        raise ConnectorConfigError(
            service, f"the subgraph refused the token: {messages(token)}; check `audience`"
        )
    query = [error for error in errors if _is_request_error(error)]
    if query:
        raise ConnectorConfigError(service, f"the subgraph refused the query: {messages(query)}")


def _is_request_error(error: GraphQLError) -> bool:
    """Raised before execution: no `path`, and a place in the query or a code that says so."""
    return "path" not in error and ("locations" in error or _code(error) in REFUSED_QUERY_CODES)


def _code(error: GraphQLError) -> object:
    extensions = error.get("extensions")
    return extensions.get("code") if isinstance(extensions, dict) else None


def messages(errors: Sequence[GraphQLError]) -> str:
    return "; ".join(str(error.get("message", "(no message)")) for error in errors)


def _json_or_empty(response: httpx.Response) -> GraphQLBody:
    try:
        body = orjson.loads(response.content)
    except orjson.JSONDecodeError:  # not UTF-8 either
        return {}
    return body if isinstance(body, dict) else {}


def _detail(response: httpx.Response) -> str:
    body = _json_or_empty(response)
    detail = body.get("detail") or body.get("error_description") or body.get("error")
    return str(detail) if detail else (response.text[:200] or response.reason_phrase)
