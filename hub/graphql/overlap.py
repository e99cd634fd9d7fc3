"""Field selection merging (the specification's "FieldsInSetCanMerge"), checked in time linear
in the fields a document expands to.

graphql-core's `OverlappingFieldsCanBeMergedRule` compares every pair of fields that share a
response name, and every pair of fragments spread in one place: a few hundred repeated fields or
spreads cost it seconds. Whether fields can merge is an equivalence, though, not a property of
pairs:

- two fields with one response name must have the same response shape (lists, non-null, the
  same leaf type or both objects): every field is compared with the first of its name;
- unless they can never apply together (different object types as parents, here or further up),
  they must be the same field with the same arguments: fields are put in classes (the class of
  their parent fields, then their own parent object type, or one class when an interface or
  union is involved) and each is compared with the first of its class;
- the sub-selections of all fields of one response name are then checked together, each field
  carrying its class down, once.

So every expanded field is looked at once per level, and each fragment once per place it is
spread (a fragment spread twice in one place is the same fields twice). A work budget stops
the check of a document no limit bounded (the hub measures documents first: see `measure.py`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from graphql import (
    SKIP,
    FieldNode,
    FragmentSpreadNode,
    GraphQLCompositeType,
    GraphQLError,
    GraphQLField,
    GraphQLOutputType,
    GraphQLSchema,
    InlineFragmentNode,
    ListValueNode,
    NullValueNode,
    ObjectValueNode,
    OperationDefinitionNode,
    SchemaMetaFieldDef,
    SelectionSetNode,
    TypeMetaFieldDef,
    TypeNameMetaFieldDef,
    ValidationContext,
    ValidationRule,
    ValueNode,
    VariableNode,
    get_named_type,
    is_composite_type,
    is_interface_type,
    is_leaf_type,
    is_list_type,
    is_non_null_type,
    is_object_type,
)


@dataclass(frozen=True, slots=True)
class _Entry:
    cell: int
    """Fields in the same cell must be the same field with the same arguments."""
    parent: GraphQLCompositeType | None
    node: FieldNode
    definition: GraphQLField | None


_Level = list[tuple[int, GraphQLCompositeType | None, SelectionSetNode]]


class _OutOfBudget(Exception):
    pass


def fields_can_merge_rule(budget: int) -> type[ValidationRule]:
    """The rule, checking at most `budget` selections per operation before it gives up with an
    error (a document too large to check is not run)."""

    class FieldsCanMerge(ValidationRule):
        def enter_operation_definition(self, node: OperationDefinitionNode, *_args: Any) -> object:
            root = self.context.schema.get_root_type(node.operation)
            # Fragments spread in a cycle never end; `NoFragmentCyclesRule` refuses them.
            if root is not None and not _in_cycle(self.context, node):
                _Merging(self.context, budget).check(root, node.selection_set)
            return SKIP

        def enter_fragment_definition(self, *_args: Any) -> object:
            return SKIP  # checked where the operations use them

    return FieldsCanMerge


class _Merging:
    def __init__(self, context: ValidationContext, budget: int) -> None:
        self.context = context
        self.schema: GraphQLSchema = context.schema
        self.budget = budget
        self.cells: dict[tuple[int, str | None], int] = {}

    def check(self, root: GraphQLCompositeType, selection_set: SelectionSetNode) -> None:
        levels: list[_Level] = [[(0, root, selection_set)]]
        try:
            while levels:
                for name, entries in self._collect(levels.pop()).items():
                    self._same_shape(name, entries)
                    below = self._same_fields(name, entries)
                    if below:
                        levels.append(below)
        except _OutOfBudget:
            self.context.report_error(
                GraphQLError("This operation is too large to check whether its fields can merge.")
            )

    def _collect(self, level: _Level) -> dict[str, list[_Entry]]:
        """The fields of these selection sets by response name, fragments expanded (each once
        per class), in document order."""
        groups: dict[str, list[_Entry]] = {}
        expanded: set[tuple[int, str]] = set()
        for cell, parent, selection_set in level:
            for found_parent, node in self._fields(cell, parent, selection_set, expanded):
                name = (node.alias or node.name).value
                definition = self._definition(found_parent, node.name.value)
                groups.setdefault(name, []).append(_Entry(cell, found_parent, node, definition))
        return groups

    def _fields(
        self,
        cell: int,
        parent: GraphQLCompositeType | None,
        selection_set: SelectionSetNode,
        expanded: set[tuple[int, str]],
    ) -> Iterator[tuple[GraphQLCompositeType | None, FieldNode]]:
        stack: list[tuple[GraphQLCompositeType | None, Iterator[Any]]] = [
            (parent, iter(selection_set.selections))
        ]
        while stack:
            current, selections = stack[-1]
            selection = next(selections, None)
            if selection is None:
                stack.pop()
                continue
            self._spend()
            if isinstance(selection, FieldNode):
                yield current, selection
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                inner = self._composite(condition.name.value) if condition else current
                stack.append((inner, iter(selection.selection_set.selections)))
            elif isinstance(selection, FragmentSpreadNode):
                key = (cell, selection.name.value)
                fragment = self.context.get_fragment(selection.name.value)
                if key in expanded or fragment is None:
                    continue
                expanded.add(key)
                inner = self._composite(fragment.type_condition.name.value)
                stack.append((inner, iter(fragment.selection_set.selections)))

    def _same_shape(self, name: str, entries: list[_Entry]) -> None:
        first: _Entry | None = None
        for entry in entries:
            # Like the reference implementation, which looks fields up among the parent type's
            # own: `__typename` and the introspection fields take no part in the comparison.
            if entry.definition is None or entry.node.name.value.startswith("__"):
                continue
            if first is None or first.definition is None:
                first = entry
            elif _shape(first.definition.type) != _shape(entry.definition.type):
                reason = (
                    f"they return conflicting types '{first.definition.type}' and '{entry.definition.type}'"
                )
                self._conflict(name, reason, first, entry)
                return

    def _same_fields(self, name: str, entries: list[_Entry]) -> _Level:
        """Check that the fields of each class are one field with one set of arguments; return
        their sub-selections, each with the class its field is in, to check together."""
        shared = {entry.cell for entry in entries if not is_object_type(entry.parent)}
        firsts: dict[int, _Entry] = {}
        reported: set[int] = set()
        below: _Level = []
        for entry in entries:
            parent = None if entry.cell in shared or entry.parent is None else entry.parent.name
            key = (entry.cell, parent)
            cell = self.cells.setdefault(key, len(self.cells) + 1)
            first = firsts.setdefault(cell, entry)
            if first is not entry and cell not in reported:
                reported.add(cell)  # one conflict per class says enough
                if first.node.name.value != entry.node.name.value:
                    reason = f"'{first.node.name.value}' and '{entry.node.name.value}' are different fields"
                    self._conflict(name, reason, first, entry)
                elif _arguments(first.node) != _arguments(entry.node):
                    self._conflict(name, "they have differing arguments", first, entry)
                else:
                    reported.discard(cell)
            if entry.node.selection_set is not None:
                named = get_named_type(entry.definition.type) if entry.definition else None
                inner = named if is_composite_type(named) else None
                below.append((cell, inner, entry.node.selection_set))
        return below

    def _conflict(self, name: str, reason: str, first: _Entry, other: _Entry) -> None:
        self.context.report_error(
            GraphQLError(
                f"Fields '{name}' conflict because {reason}."
                " Use different aliases on the fields to fetch both if this was intentional.",
                [first.node, other.node],
            )
        )

    def _definition(self, parent: GraphQLCompositeType | None, name: str) -> GraphQLField | None:
        if name == "__typename":
            return TypeNameMetaFieldDef
        if parent is not None and parent is self.schema.query_type and name in ("__schema", "__type"):
            return SchemaMetaFieldDef if name == "__schema" else TypeMetaFieldDef
        if is_object_type(parent) or is_interface_type(parent):
            found: GraphQLField | None = parent.fields.get(name)
            return found
        return None

    def _composite(self, name: str) -> GraphQLCompositeType | None:
        found = self.schema.get_type(name)
        return found if is_composite_type(found) else None

    def _spend(self) -> None:
        self.budget -= 1
        if self.budget < 0:
            raise _OutOfBudget


def _in_cycle(context: ValidationContext, operation: OperationDefinitionNode) -> bool:
    """Whether a fragment this operation uses spreads itself, directly or through others."""
    spreads = {
        fragment.name.value: [
            spread.name.value for spread in context.get_fragment_spreads(fragment.selection_set)
        ]
        for fragment in context.get_recursively_referenced_fragments(operation)
    }
    done: set[str] = set()
    for start in spreads:
        if start in done:
            continue
        path = {start}
        stack = [(start, iter(spreads[start]))]
        while stack:
            name, pending = stack[-1]
            following = next(pending, None)
            if following is None:
                stack.pop()
                path.discard(name)
                done.add(name)
            elif following in path:
                return True
            elif following in spreads and following not in done:
                path.add(following)
                stack.append((following, iter(spreads[following])))
    return False


def _shape(kind: GraphQLOutputType) -> tuple[str, ...]:
    """What a response looks like: its list and non-null wrappers, and the leaf type's name or
    'object'. Two fields of one response name must agree on it."""
    parts: list[str] = []
    while is_list_type(kind) or is_non_null_type(kind):
        parts.append("[]" if is_list_type(kind) else "!")
        kind = kind.of_type
    parts.append(kind.name if is_leaf_type(kind) else "object")
    return tuple(parts)


def _arguments(node: FieldNode) -> dict[str, object]:
    return {argument.name.value: _value(argument.value) for argument in node.arguments or ()}


def _value(node: ValueNode) -> object:
    """A value as written, comparable: variables by name, input objects by field name."""
    if isinstance(node, VariableNode):
        return ("$", node.name.value)
    if isinstance(node, ListValueNode):
        return ("[]", tuple(_value(item) for item in node.values))
    if isinstance(node, ObjectValueNode):
        fields = sorted(node.fields, key=lambda field: field.name.value)
        return ("{}", tuple((f.name.value, _value(f.value)) for f in fields))
    if isinstance(node, NullValueNode):
        return ("null",)
    return (node.kind, getattr(node, "value", None))
