"""The hub's GraphQL schema: a federation v2 subgraph owning `Vereniging @key(fields: "vCode")`."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from functools import cache

import strawberry
from graphql import GraphQLError, GraphQLSchema, GraphQLUnionType, build_ast_schema, parse
from strawberry.extensions import SchemaExtension
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types
from strawberry.types.execution import ExecutionContext

from hub.graphql.aanbod_mutations import AanbodMutation
from hub.graphql.aanbod_queries import AanbodQuery
from hub.graphql.bound import Bound, Defaults
from hub.graphql.document_measures import Bounds
from hub.graphql.errors import ErrorPresentation, log_unexpected
from hub.graphql.execution import AttributeShortcut
from hub.graphql.input_bounds import InputBounds
from hub.graphql.limits import DocumentGuard, Limits
from hub.graphql.mij import Mij, mij
from hub.graphql.mutations import Mutation
from hub.graphql.routering import RoutingDebug
from hub.graphql.scalars import Date
from hub.graphql.search import VerenigingConnection, verenigingen
from hub.graphql.toegang import AccessLogWriter
from hub.graphql.tracing import OperationSpan
from hub.graphql.types import ContextInfo, VCode, Vereniging, load_vereniging
from hub.settings import Settings


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


Extension = type[SchemaExtension] | Callable[[], SchemaExtension]


def _hub_schema(extensions: Iterable[Extension]) -> HubSchema:
    return HubSchema(
        query=Query,
        mutation=merge_types("Mutation", (Mutation, AanbodMutation)),
        extensions=extensions,
        execution_context_class=AttributeShortcut,
        config=StrawberryConfig(scalar_map={date: Date}),
    )


def limits_of(settings: Settings) -> Limits:
    """The `HUB_GRAPHQL_*` settings as the document guard takes them."""
    return Limits(
        max_document_bytes=settings.graphql_max_document_bytes,
        max_tokens=settings.graphql_max_tokens,
        bounds=Bounds(
            max_fields=settings.graphql_max_fields,
            max_depth=settings.graphql_max_depth,
            max_aliases=settings.graphql_max_aliases,
            max_cost=settings.graphql_max_cost,
            max_repeats=settings.graphql_max_repeats,
            default_list_size=settings.graphql_list_size,
            max_page_size=settings.max_page_size,
        ),
        cache_bytes=settings.graphql_cache_bytes,
        check_budget=settings.graphql_max_fields * 20,
    )


@cache
def _bare_schema() -> tuple[HubSchema, GraphQLSchema]:
    """The schema without extensions, and graphql-core's reading of its SDL (types, fields,
    arguments and defaults, without running a query): they depend on no setting, so a process
    builds them once, however many apps it makes."""
    bare = _hub_schema(())
    return bare, build_ast_schema(parse(bare.as_str()), assume_valid_sdl=True)


def input_bounds(settings: Settings) -> InputBounds:
    """The maxima on every argument and input field: as declared, or the settings' defaults."""
    bare, client = _bare_schema()
    entities = client.get_type("_Entity")
    names = [member.name for member in entities.types] if isinstance(entities, GraphQLUnionType) else []
    representations = Bound(items=settings.graphql_max_representations, entities=_entity_keys(bare, names))
    return InputBounds(
        client,
        bare,
        Defaults(items=settings.graphql_max_list_items, length=settings.graphql_max_string_length),
        overrides={("Query", "_entities", "representations"): representations},
    )


def _entity_keys(schema: HubSchema, names: list[str]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each entity type and the fields of its key, as its `@key` directive names them."""
    entities = []
    for name in names:
        definition = schema.get_type_by_name(name)
        for directive in getattr(definition, "directives", None) or ():
            fields = getattr(directive, "fields", None)
            if fields is not None:
                entities.append((name, tuple(str(fields).split())))
    return tuple(entities)


def build_schema(settings: Settings | None = None) -> HubSchema:
    """The schema with every request guarded by the limits in `settings` (defaults: unset)."""
    settings = settings or Settings()
    inputs = input_bounds(settings)
    guard = DocumentGuard(inputs.schema, limits_of(settings), inputs)
    # The operation's span first, so that the guard's refusals are in it too.
    return _hub_schema((OperationSpan, guard.extension, ErrorPresentation, AccessLogWriter, RoutingDebug))


def sdl() -> str:
    """The schema as `schema.graphql` holds it."""
    return _bare_schema()[0].as_str() + "\n"
