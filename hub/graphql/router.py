"""The GraphQL endpoint: strawberry's ASGI app, reading and writing JSON with orjson.

It is a plain route, not a FastAPI router: FastAPI would solve the endpoint's dependencies
(request, response, background tasks, the context and who is asking) afresh for every
operation, which cost more than anything else between a request arriving and its resolvers
running. The context comes from one function of the request instead.

Every operation's request body is decoded and its result encoded once; orjson does either in a
fraction of the standard library's time, and writes UTF-8 as it is instead of `\\u` escapes.
A body that is not JSON is still a 400 that says so: orjson's error is a `JSONDecodeError`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.schema import BaseSchema

from hub.graphql.context import Context


class GraphQLEndpoint(GraphQL[Context, None]):
    def __init__(
        self, schema: BaseSchema, *, context_for: Callable[[Request], Awaitable[Context]], **options: Any
    ) -> None:
        super().__init__(schema, subscription_protocols=(), **options)
        self._context_for = context_for

    async def get_context(self, request: Request | WebSocket, response: Response | WebSocket) -> Context:
        if not isinstance(request, Request):  # no subscriptions: no WebSocket reaches here
            raise TypeError("GraphQL over WebSocket is not offered")
        return await self._context_for(request)

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
