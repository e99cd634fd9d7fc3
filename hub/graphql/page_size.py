"""How many items a list field is likely to resolve, as the cost of a document counts them:
whether a field is a list, and the page its `first` asks for."""

from __future__ import annotations

from collections.abc import Mapping

from graphql import FieldNode, GraphQLField, IntValueNode, VariableNode, is_list_type, is_non_null_type


def page_size(
    node: FieldNode, definition: GraphQLField, *, defaults: Mapping[str, object], largest: int
) -> int | None:
    """The `first` this field asks for: as written, the variable's default, the argument's
    default, or the largest page allowed; None when the field takes no `first`."""
    argument = definition.args.get("first")
    if argument is None:
        return None
    value: object = next((a.value for a in node.arguments or () if a.name.value == "first"), None)
    if isinstance(value, VariableNode):
        value = defaults.get(value.name.value)
    if isinstance(value, IntValueNode):
        digits = value.value.lstrip("-")
        if len(digits) > 9:  # never parse a number longer than any page: it is the largest
            return 1 if value.value.startswith("-") else largest
        return max(1, min(int(value.value), largest))
    if value is None and isinstance(argument.default_value, int):
        return max(1, min(argument.default_value, largest))
    return largest


def is_list(definition: GraphQLField) -> bool:
    kind = definition.type
    if is_non_null_type(kind):
        kind = kind.of_type
    return is_list_type(kind)
