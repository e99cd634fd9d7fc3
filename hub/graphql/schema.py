"""The hub's GraphQL schema: a federation v2 subgraph owning `Vereniging @key(fields: "vCode")`."""

from __future__ import annotations

from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.tools import merge_types
from strawberry.types.execution import ExecutionContext

from hub.graphql.aanbod_mutations import AanbodMutation
from hub.graphql.aanbod_queries import AanbodQuery
from hub.graphql.errors import ErrorPresentation, log_unexpected
from hub.graphql.execution import AttributeShortcut
from hub.graphql.limits import DocumentLimits
from hub.graphql.mij import Mij, mij
from hub.graphql.mutations import Mutation
from hub.graphql.search import VerenigingConnection, verenigingen
from hub.graphql.toegang import AccessLogWriter
from hub.graphql.types import ContextInfo, VCode, Vereniging, load_vereniging


@strawberry.type
class Query(AanbodQuery):
    @strawberry.field(description="Eén vereniging, op haar vCode.")
    async def vereniging(self, info: ContextInfo, v_code: VCode) -> Vereniging:
        return await load_vereniging(info, str(v_code))

    verenigingen: VerenigingConnection = strawberry.field(resolver=verenigingen)
    mij: Mij | None = strawberry.field(resolver=mij)


class HubSchema(strawberry.federation.Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        # Expected errors are answers, not incidents; only the unexpected are logged.
        log_unexpected(errors)


def build_schema(**options: Any) -> HubSchema:
    return HubSchema(
        query=Query,
        mutation=merge_types("Mutation", (Mutation, AanbodMutation)),
        extensions=[DocumentLimits, ErrorPresentation, AccessLogWriter],
        execution_context_class=AttributeShortcut,
        **options,
    )


def sdl() -> str:
    """The schema as `schema.graphql` holds it."""
    return build_schema().as_str() + "\n"
