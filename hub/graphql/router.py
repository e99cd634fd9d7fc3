"""The GraphQL endpoint: strawberry's ASGI app, reading and writing JSON with orjson.

It is a plain route, not a FastAPI router: FastAPI would solve the endpoint's dependencies
(request, response, background tasks, the context and who is asking) afresh for every
operation, which cost more than anything else between a request arriving and its resolvers
running. The context comes from one function of the request instead.

Every operation's request body is decoded and its result encoded once; orjson does either in a
fraction of the standard library's time, and writes UTF-8 as it is instead of `\\u` escapes.
A body that is not JSON is still a 400 that says so: orjson's error is a `JSONDecodeError`.

GraphQL over HTTP as its current specification has it: a client that accepts
`application/graphql-response+json` gets that media type, and a request that could not run at all
(it does not parse or validate, its variables do not coerce, or it is over a limit) is answered
400 without a `data` entry. A client that accepts only `application/json` gets 200 and
`data: null`, as before.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any, Final

import orjson
from cross_web import AsyncHTTPRequestAdapter, HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.schema import BaseSchema
from strawberry.types import ExecutionResult

from hub.graphql.context import Context

GRAPHQL_RESPONSE: Final = "application/graphql-response+json"
OPERATION_NAME: Final = re.compile(r"[_A-Za-z][_0-9A-Za-z]{0,99}")
JSON: Final = "application/json"


def accepts_graphql_response(accept: str | None) -> bool:
    """Whether the `Accept` header prefers `application/graphql-response+json` to plain JSON
    (without a header, or a tie, plain JSON: what clients that predate the media type expect)."""
    quality = {GRAPHQL_RESPONSE: 0.0, JSON: 0.0}
    for part in (accept or "").split(",")[:32]:
        kind, *params = (piece.strip() for piece in part.split(";"))
        kind = kind.lower()
        if kind in {"*/*", "application/*"}:
            continue
        if kind in quality:
            quality[kind] = _quality(params)
    return quality[GRAPHQL_RESPONSE] > 0 and quality[GRAPHQL_RESPONSE] >= quality[JSON]


def _quality(params: list[str]) -> float:
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == "q":
            try:
                return max(0.0, min(float(value), 1.0))
            except ValueError:
                return 0.0
    return 1.0


def is_request_error(result: ExecutionResult) -> bool:
    """Nothing of the operation ran: every error is the request's, none a field's."""
    errors = result.errors or []
    return result.data is None and bool(errors) and all(error.path is None for error in errors)


class GraphQLEndpoint(GraphQL[Context, None]):
    def __init__(
        self, schema: BaseSchema, *, context_for: Callable[[Request], Awaitable[Context]], **options: Any
    ) -> None:
        super().__init__(schema, subscription_protocols=(), **options)
        self._context_for = context_for

    async def get_context(self, request: Request | WebSocket, response: Response | WebSocket) -> Context:
        if not isinstance(request, Request):  # no subscriptions: no WebSocket reaches here
            raise TypeError("GraphQL over WebSocket is not offered")
        if isinstance(response, Response) and accepts_graphql_response(request.headers.get("accept")):
            response.media_type = GRAPHQL_RESPONSE
        return await self._context_for(request)

    async def parse_http_body(
        self, request: AsyncHTTPRequestAdapter
    ) -> GraphQLRequestData | list[GraphQLRequestData]:
        parsed = await super().parse_http_body(request)
        for data in parsed if isinstance(parsed, list) else [parsed]:
            name: object = data.operation_name  # as sent: JSON may make it anything
            if name is not None and not (isinstance(name, str) and OPERATION_NAME.fullmatch(name)):
                # Not a name any document can hold; said without echoing what was sent.
                raise HTTPException(400, "operationName is not a GraphQL name of at most 100 characters")
        return parsed

    async def process_result(self, request: Request, result: ExecutionResult) -> GraphQLHTTPResponse:
        answer = await super().process_result(request, result)
        if is_request_error(result) and accepts_graphql_response(request.headers.get("accept")):
            answer.pop("data", None)
        return answer

    def create_response(
        self, response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse], sub_response: Response
    ) -> Response:
        response = super().create_response(response_data, sub_response)
        if sub_response.media_type == GRAPHQL_RESPONSE:
            response.headers["content-type"] = GRAPHQL_RESPONSE
            if isinstance(response_data, dict) and "data" not in response_data:
                response.status_code = 400
        return response

    def decode_json(self, data: str | bytes) -> object:
        return orjson.loads(data)

    def encode_json(self, data: object) -> bytes:
        return orjson.dumps(data)


OPENAPI_PATH: dict[str, Any] = {
    "get": {
        "summary": "GraphiQL",
        "operationId": "graphiql",
        "responses": {
            "200": {"description": "The GraphiQL IDE.", "content": {"text/html": {}}},
            "404": {"description": "GraphiQL is off (`HUB_GRAPHQL_IDE=false`, or unset in production)."},
        },
    },
    "post": {
        "summary": "A GraphQL operation",
        "operationId": "graphql",
        "description": "The schema is at `_service { sdl }` and in `schema.graphql`.",
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": {
                        "type": "object",
                        "required": ["query"],
                        "properties": {
                            "query": {"type": "string"},
                            "variables": {"type": "object"},
                            "operationName": {"type": "string"},
                        },
                    }
                }
            },
        },
        "responses": {
            "200": {
                "description": "The result: `data`, and `errors` with `extensions.code`.",
                "content": {"application/json": {}},
            },
            "400": {"description": "The body is not a GraphQL request in JSON."},
            "401": {"description": "The bearer token is not valid."},
        },
    },
}
"""What `/openapi.json` says of the endpoint: FastAPI describes only the routes it serves."""
