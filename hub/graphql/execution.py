"""Executing operations with a shortcut for the most common field of all: a plain attribute of
a scalar or enum type (`naam`, `status`, `datum`).

For every such field graphql-core builds a resolve-info object, calls strawberry's resolver,
which reads the attribute, and passes the value through four layers of completion before it
coerces it; a profile of sixteen facts spends a third of its execution there. Here the attribute
is read and coerced directly. Whatever is not plainly that (a resolver, arguments, field
extensions or permissions, a middleware, an object or list type, a value that is missing, null
or does not coerce) goes the whole way, so errors and their paths are exactly what graphql-core
makes of them.
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLField, GraphQLLeafType, GraphQLObjectType, is_leaf_type, is_non_null_type
from graphql.pyutils import AwaitableOrValue, Path
from strawberry.resolvers import is_default_resolver
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

_PLAN = "vloket-attribute"
"""Where a field keeps what was worked out about it: (attribute, leaf type) or None."""


class AttributeShortcut(StrawberryGraphQLCoreExecutionContext):
    def execute_field(
        self,
        parent_type: GraphQLObjectType,
        source: Any,
        field_details_list: Any,
        path: Path,
        position_context: Any,
    ) -> AwaitableOrValue[Any]:
        node = field_details_list[0].node
        field = self.schema.get_field(parent_type, node.name.value)
        if field is not None and not node.arguments:
            plan = field.extensions.get(_PLAN, False)
            if plan is False:
                plan = field.extensions[_PLAN] = _plan(field)
            middleware = self.middleware_manager
            if plan is not None and not (middleware and middleware.middlewares):
                attribute, leaf = plan
                try:
                    value = getattr(source, attribute)
                    coerced = None if value is None else leaf.coerce_output_value(value)
                except Exception:  # the whole way again: graphql-core makes it a field error
                    coerced = None
                if coerced is not None:
                    return coerced
        return super().execute_field(parent_type, source, field_details_list, path, position_context)


def _plan(field: GraphQLField) -> tuple[str, GraphQLLeafType] | None:
    """The attribute to read and the type to coerce it to, when the field is a plain attribute
    of a scalar or enum type read by strawberry's default resolver; otherwise None."""
    definition = field.extensions.get("strawberry-definition")
    if definition is None or field.args or field.resolve is None or not is_default_resolver(field.resolve):
        return None
    if not definition.is_basic_field or definition.default_resolver is not getattr:
        return None
    leaf = field.type.of_type if is_non_null_type(field.type) else field.type
    if not is_leaf_type(leaf):
        return None
    return definition.python_name, leaf
