"""How many values a list argument or list input may hold, and how long a string may be,
checked on what a request sends before graphql-core coerces any of it.

The maxima are declared in the schema, next to the argument or input field, with `bounded()`:

    gemeenten: Annotated[list[str] | None, strawberry.argument(metadata=bounded(items=50))] = None

Whatever declares nothing gets the defaults (`HUB_GRAPHQL_MAX_LIST_ITEMS`,
`HUB_GRAPHQL_MAX_STRING_LENGTH`). Values written in the document are checked once per document;
values sent as variables are checked per request, following each variable to the argument or
input field it is used in, in time linear in what was sent. A value of a JSON scalar (`_Any`,
`JSON`) is bounded as a whole: its depth, its number of values and its strings.

What is refused is refused as `VALIDATION_FAILED`, each field error naming where (`gemeenten`,
`$invoer.locaties`) and the maximum: no database limit (variables, expression depth) can be
reached from an input.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Any, Final

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLArgument,
    GraphQLCompositeType,
    GraphQLInputField,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLSchema,
    InlineFragmentNode,
    ListValueNode,
    ObjectValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    StringValueNode,
    ValueNode,
    VariableNode,
    get_named_type,
    is_composite_type,
    is_input_object_type,
    is_interface_type,
    is_list_type,
    is_non_null_type,
    is_object_type,
    is_scalar_type,
    value_from_ast_untyped,
)
from strawberry import Schema

from hub.graphql.bound import (
    JSON_SCALARS,
    Bound,
    Defaults,
    declared_arguments,
    declared_field,
    json_value,
    representation,
    string_value,
    too_many,
)
from registry.errors import FieldError

MAX_ERRORS: Final = 20
"""More errors than this say nothing new; the check stops there."""


@dataclass(frozen=True, slots=True)
class _Use:
    """A variable, and where it is used: the type there and the bound that applies."""

    variable: str
    type: GraphQLInputType
    bound: Bound


@dataclass(frozen=True, slots=True)
class Plan:
    """What to check for one operation: the errors of its written values (found once), and
    the variables to follow at each request."""

    written: tuple[FieldError, ...]
    uses: tuple[_Use, ...]

    def check(self, variables: Mapping[str, Any] | None, checker: InputBounds) -> list[FieldError]:
        errors = list(self.written)
        sent = variables or {}
        for use in self.uses:
            if use.variable in sent and len(errors) < MAX_ERRORS:
                errors += checker.value(sent[use.variable], use.type, use.bound, f"${use.variable}")
        return errors[:MAX_ERRORS]


class InputBounds:
    """The bounds of one schema: strawberry's definitions say what each argument and input
    field declares; graphql-core's schema (built from introspection) gives the types."""

    def __init__(
        self,
        schema: GraphQLSchema,
        definitions: Schema,
        defaults: Defaults,
        overrides: Mapping[tuple[str, str, str], Bound] | None = None,
    ) -> None:
        """`overrides` bound arguments that cannot carry metadata, such as those a library
        adds (`("Query", "_entities", "representations")`)."""
        self.schema = schema
        self.defaults = defaults
        self.arguments: dict[tuple[str, str, str], Bound] = {}
        self.input_fields: dict[tuple[str, str], Bound] = {}
        for type_name, kind in schema.type_map.items():
            if type_name.startswith("__"):
                continue
            if is_object_type(kind) or is_interface_type(kind):
                for field_name, field in kind.fields.items():
                    by_argument = declared_arguments(definitions, type_name, field_name)
                    for name in field.args:
                        self.arguments[(type_name, field_name, name)] = by_argument.get(name, Bound())
            elif is_input_object_type(kind):
                for field_name in kind.fields:
                    bound = declared_field(definitions, type_name, field_name)
                    self.input_fields[(type_name, field_name)] = replace(bound, characters=False)
        for key, bound in (overrides or {}).items():
            if key not in self.arguments:
                raise ValueError(f"no argument {key[0]}.{key[1]}({key[2]}:) to bound")
            self.arguments[key] = bound

    def undeclared(self) -> list[str]:
        """Every list argument and list input field without a declared maximum, as schema
        coordinates (`Query.verenigingen(gemeenten:)`)."""
        missing = [
            f"{t}.{f}({a}:)"
            for (t, f, a), bound in self.arguments.items()
            if bound.items is None and _is_list(self._argument(t, f, a).type)
        ]
        missing += [
            f"{t}.{f}"
            for (t, f), bound in self.input_fields.items()
            if bound.items is None and _is_list(self._input_field(t, f).type)
        ]
        return sorted(missing)

    def plan(self, document: DocumentNode, operation: OperationDefinitionNode) -> Plan:
        """The checks for `operation`: every argument of every field it selects, fragments
        included (each fragment once: its arguments are the same wherever it is spread)."""
        written: list[FieldError] = []
        uses: list[_Use] = []
        for parent, node in _fields(self.schema, document, operation):
            for argument in node.arguments or ():
                name = argument.name.value
                key = (parent.name, node.name.value, name)
                bound = self.arguments.get(key)
                if bound is None:
                    continue  # unknown argument: graphql-core's validation says so
                kind = self._argument(*key).type
                written += self._written(argument.value, kind, bound, name, uses)
        return Plan(written=tuple(written[:MAX_ERRORS]), uses=tuple(uses))

    def _written(
        self, node: ValueNode, kind: GraphQLInputType, bound: Bound, path: str, uses: list[_Use]
    ) -> list[FieldError]:
        if isinstance(node, VariableNode):
            uses.append(_Use(node.name.value, kind, bound))
            return []
        kind = _nullable(kind)
        if is_list_type(kind):
            inner: GraphQLInputType = kind.of_type
            if not isinstance(node, ListValueNode):
                return self._written(node, inner, bound, path, uses)
            limit = bound.items or self.defaults.items
            if len(node.values) > limit:
                return [too_many(path, limit, len(node.values))]
            errors: list[FieldError] = []
            for index, item in enumerate(node.values):
                errors += self._written(item, inner, bound.item(), f"{path}[{index}]", uses)
            return errors
        if is_input_object_type(kind) and isinstance(node, ObjectValueNode):
            errors = []
            for field in node.fields:
                name = field.name.value
                key = (kind.name, name)
                if key in self.input_fields:
                    errors += self._written(
                        field.value,
                        self._input_field(*key).type,
                        self.input_fields[key],
                        f"{path}.{name}",
                        uses,
                    )
            return errors
        named = get_named_type(kind)
        if bound.entities is not None and is_scalar_type(named) and named.name in JSON_SCALARS:
            return representation(value_from_ast_untyped(node), bound, path)
        if isinstance(node, StringValueNode):
            return string_value(node.value, bound, path, self.defaults)
        return []

    def value(self, value: Any, kind: GraphQLInputType, bound: Bound, path: str) -> list[FieldError]:
        """The errors of a value sent as (part of) a variable, checked against `kind` as far as
        bounds go (graphql-core checks the rest)."""
        kind = _nullable(kind)
        if is_list_type(kind):
            inner: GraphQLInputType = kind.of_type
            if not isinstance(value, list):
                return self.value(value, inner, bound, path)
            limit = bound.items or self.defaults.items
            if len(value) > limit:
                return [too_many(path, limit, len(value))]
            errors: list[FieldError] = []
            for index, item in enumerate(value):
                errors += self.value(item, inner, bound.item(), f"{path}[{index}]")
                if len(errors) >= MAX_ERRORS:
                    break
            return errors
        if is_input_object_type(kind) and isinstance(value, dict):
            return self._input_object(value, kind, path)
        named = get_named_type(kind)
        if is_scalar_type(named) and named.name in JSON_SCALARS:
            return json_value(value, path, self.defaults) or representation(value, bound, path)
        if isinstance(value, str):
            return string_value(value, bound, path, self.defaults)
        return []

    def _input_object(
        self, value: dict[str, Any], kind: GraphQLInputObjectType, path: str
    ) -> list[FieldError]:
        if len(value) > len(kind.fields):
            # More keys than the type has fields: some are unknown, and graphql-core would
            # answer each of them.
            return [too_many(path, len(kind.fields), len(value))]
        errors: list[FieldError] = []
        for name, item in value.items():
            key = (kind.name, name)
            if key in self.input_fields:
                errors += self.value(
                    item, self._input_field(*key).type, self.input_fields[key], f"{path}.{name}"
                )
        return errors

    def _argument(self, type_name: str, field_name: str, name: str) -> GraphQLArgument:
        parent = self.schema.type_map[type_name]
        assert is_object_type(parent) or is_interface_type(parent)
        argument: GraphQLArgument = parent.fields[field_name].args[name]
        return argument

    def _input_field(self, type_name: str, name: str) -> GraphQLInputField:
        parent = self.schema.type_map[type_name]
        assert is_input_object_type(parent)
        field: GraphQLInputField = parent.fields[name]
        return field


def _nullable(kind: GraphQLInputType) -> GraphQLInputType:
    return kind.of_type if is_non_null_type(kind) else kind


def _is_list(kind: GraphQLInputType) -> bool:
    return is_list_type(_nullable(kind))


def _fields(
    schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode
) -> Iterator[tuple[GraphQLCompositeType, FieldNode]]:
    """Every field node the operation selects with its parent type; each fragment once."""
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    root = schema.get_root_type(operation.operation)
    if root is None:
        return
    pending: list[tuple[GraphQLCompositeType, SelectionSetNode]] = [(root, operation.selection_set)]
    spread: set[str] = set()
    while pending:
        parent, selection_set = pending.pop()
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                yield parent, selection
                field = _field(parent, selection.name.value)
                named = get_named_type(field.type) if field is not None else None
                if selection.selection_set is not None and is_composite_type(named):
                    pending.append((named, selection.selection_set))
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                inner = schema.get_type(condition.name.value) if condition else parent
                if is_composite_type(inner):
                    pending.append((inner, selection.selection_set))
            elif isinstance(selection, FragmentSpreadNode):
                fragment = fragments.get(selection.name.value)
                if fragment is None or fragment.name.value in spread:
                    continue
                spread.add(fragment.name.value)
                inner = schema.get_type(fragment.type_condition.name.value)
                if is_composite_type(inner):
                    pending.append((inner, fragment.selection_set))


def _field(parent: GraphQLCompositeType, name: str) -> Any:
    if is_object_type(parent) or is_interface_type(parent):
        return parent.fields.get(name)
    return None
