"""What a GraphQL document asks for, measured before anything runs: the field selections it
expands to, how deep it nests, its aliases, a cost, and how often one response name is asked in
one place.

Fragments are what makes a small document large: `fragment F0 { ...F1 ...F1 }` and so on doubles
the work with every fragment. Here each fragment is measured once, after the fragments it
spreads (in topological order, without recursion from one fragment into the next), and a spread
adds the fragment's measures, so the whole measurement is linear in the size of the document
however far it would expand. Measures saturate at `CAP` instead of growing without bound, and
the walk stops as soon as the document expands to more fields than allowed.

The cost weighs each field by how many times it is likely to be resolved: a list field by the
page size its parent asked for (`first`), or by `default_list_size` when nothing says;
a connection's `first` applies to the lists directly inside it (`edges`, `items`).

A document that names a type, field or fragment the schema does not have, or whose fragments
spread each other in a cycle, is `irregular`: it cannot run, and graphql-core's validation says
why; its measures stop where the irregularity was found.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLCompositeType,
    GraphQLField,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SchemaMetaFieldDef,
    SelectionSetNode,
    TypeMetaFieldDef,
    TypeNameMetaFieldDef,
    VariableNode,
    get_named_type,
    is_composite_type,
    is_interface_type,
    is_list_type,
    is_non_null_type,
    is_object_type,
)

CAP = 2**62
"""Every measure stops growing here: an exponential document is simply 'more than any limit'."""


@dataclass(frozen=True, slots=True)
class Bounds:
    """The limits one document must stay within."""

    max_fields: int
    max_depth: int
    max_aliases: int
    max_cost: int
    max_repeats: int
    default_list_size: int
    max_page_size: int


@dataclass(frozen=True, slots=True)
class Measures:
    fields: int
    """Field selections, every fragment counted each time it is spread."""
    depth: int
    """Levels of fields below the operation (a root field is level 1)."""
    aliases: int
    cost: int
    repeats: int
    """The most times one response name is selected in one selection set, fragments included."""
    repeated: str | None
    """That response name."""
    irregular: bool
    """Names something the schema lacks, or fragments spread in a cycle: it cannot run."""
    visited: int
    """Selections looked at to measure it: each written selection at most once, however often
    its fragment is spread."""

    def exceeded(self, bounds: Bounds) -> list[tuple[str, int, int]]:
        """Each limit this document is over: (which, the limit, the measure)."""
        pairs = (
            ("fields", bounds.max_fields, self.fields),
            ("depth", bounds.max_depth, self.depth),
            ("aliases", bounds.max_aliases, self.aliases),
            ("cost", bounds.max_cost, self.cost),
            ("repeats", bounds.max_repeats, self.repeats),
        )
        return [(name, limit, value) for name, limit, value in pairs if value > limit]


@dataclass(slots=True)
class _Part:
    """The measures of one selection set (or fragment), for its parent to add up.

    The cost is `fixed + per_item * n`, with `n` the page size the parent field asked for,
    since the lists at this level are resolved once per item of that page."""

    fields: int = 0
    depth: int = 0
    aliases: int = 0
    fixed: int = 0
    per_item: int = 0
    names: Counter[str] = field(default_factory=Counter)

    def add(self, other: _Part) -> None:
        self.fields = _sum(self.fields, other.fields)
        self.depth = max(self.depth, other.depth)
        self.aliases = _sum(self.aliases, other.aliases)
        self.fixed = _sum(self.fixed, other.fixed)
        self.per_item = _sum(self.per_item, other.per_item)
        for name, count in other.names.items():
            self.names[name] = _sum(self.names[name], count)

    def cost(self, page: int) -> int:
        return _sum(self.fixed, _product(self.per_item, page))


class _Stop(Exception):
    """The document already expands to more fields than allowed: no need to look further."""


def _sum(a: int, b: int) -> int:
    return min(a + b, CAP)


def _product(a: int, b: int) -> int:
    return min(a * b, CAP)


class Measurer:
    """Measures documents against one schema."""

    def __init__(self, schema: GraphQLSchema, bounds: Bounds) -> None:
        self.schema = schema
        self.bounds = bounds

    def measure(self, document: DocumentNode) -> Measures:
        walk = _Walk(self.schema, self.bounds, document)
        return walk.run()


class _Walk:
    def __init__(self, schema: GraphQLSchema, bounds: Bounds, document: DocumentNode) -> None:
        self.schema = schema
        self.bounds = bounds
        self.document = document
        self.fragments: dict[str, FragmentDefinitionNode] = {}
        for definition in document.definitions:
            if isinstance(definition, FragmentDefinitionNode):
                self.fragments.setdefault(definition.name.value, definition)
        self.parts: dict[str, _Part] = {}
        self.irregular = False
        self.repeats = 0
        self.repeated: str | None = None
        self.fields_seen = 0
        self.visited = 0
        self.defaults = {
            variable.variable.name.value: variable.default_value
            for definition in document.definitions
            if isinstance(definition, OperationDefinitionNode)
            for variable in definition.variable_definitions or ()
        }

    def run(self) -> Measures:
        total = _Part()
        operations = [d for d in self.document.definitions if isinstance(d, OperationDefinitionNode)]
        try:
            for name in self._fragment_order(operations):
                definition = self.fragments[name]
                condition = self._named_type(definition.type_condition.name.value)
                self.parts[name] = (
                    self._selection_set(definition.selection_set, condition) if condition else _Part()
                )
            for operation in operations:
                root = self.schema.get_root_type(operation.operation)
                if root is None:
                    self.irregular = True
                    continue
                total.add(self._selection_set(operation.selection_set, root))
                self._check(total)
        except _Stop:
            total.fields = max(total.fields, self.fields_seen)
        return Measures(
            fields=total.fields,
            depth=total.depth,
            aliases=total.aliases,
            cost=total.cost(self.bounds.default_list_size),
            repeats=self.repeats,
            repeated=self.repeated,
            irregular=self.irregular,
            visited=self.visited,
        )

    def _fragment_order(self, operations: list[OperationDefinitionNode]) -> list[str]:
        """The fragments the operations use, each after the fragments it spreads (depth first,
        without recursion). A fragment no operation uses is left alone (graphql-core refuses
        it); one in a cycle, or a spread of an unknown fragment, makes the document irregular.

        Measuring only what is used keeps the work linear: each fragment's measures count in
        the operations' at least once, so adding them up costs no more than the total."""
        spreads = {name: sorted(set(_spreads(d.selection_set))) for name, d in self.fragments.items()}
        order: list[str] = []
        state: dict[str, int] = {}  # 1: being visited, 2: done
        roots = sorted({name for operation in operations for name in _spreads(operation.selection_set)})
        for start in roots:
            if start in state:
                continue
            if start not in spreads:
                self.irregular = True
                continue
            stack: list[tuple[str, list[str]]] = [(start, list(spreads[start]))]
            state[start] = 1
            while stack:
                name, pending = stack[-1]
                if pending:
                    nxt = pending.pop()
                    if nxt not in spreads:
                        self.irregular = True  # unknown fragment
                    elif state.get(nxt) == 1:
                        self.irregular = True  # a cycle
                    elif nxt not in state:
                        state[nxt] = 1
                        stack.append((nxt, list(spreads[nxt])))
                    continue
                stack.pop()
                state[name] = 2
                order.append(name)
        return order

    def _named_type(self, name: str) -> GraphQLCompositeType | None:
        found = self.schema.get_type(name)
        if found is None or not is_composite_type(found):
            self.irregular = True
            return None
        return found

    def _field(self, parent: GraphQLCompositeType, name: str) -> GraphQLField | None:
        if name == "__typename":
            return TypeNameMetaFieldDef
        if parent is self.schema.query_type and name in ("__schema", "__type"):
            return SchemaMetaFieldDef if name == "__schema" else TypeMetaFieldDef
        if is_object_type(parent) or is_interface_type(parent):
            found: GraphQLField | None = parent.fields.get(name)
            return found
        return None

    def _selection_set(self, node: SelectionSetNode, parent: GraphQLCompositeType) -> _Part:
        part = _Part()
        for selection in node.selections:
            self.visited += 1
            if isinstance(selection, FieldNode):
                part.names[(selection.alias or selection.name).value] += 1
                part.add(self._field_part(selection, parent))
            elif isinstance(selection, InlineFragmentNode):
                condition = (
                    self._named_type(selection.type_condition.name.value)
                    if selection.type_condition
                    else parent
                )
                if condition is not None:
                    part.add(self._selection_set(selection.selection_set, condition))
            elif isinstance(selection, FragmentSpreadNode):
                spread = self.parts.get(selection.name.value)
                if spread is not None:
                    part.add(spread)
            self._check(part)
        self._note_repeats(part.names)
        return part

    def _field_part(self, node: FieldNode, parent: GraphQLCompositeType) -> _Part:
        definition = self._field(parent, node.name.value)
        if definition is None:
            self.irregular = True
            return _Part(fields=1, depth=1, fixed=1)
        named = get_named_type(definition.type)
        sub = _Part()
        if node.selection_set is not None and is_composite_type(named):
            sub = self._selection_set(node.selection_set, named)
        page = self._page_size(node, definition)
        default = self.bounds.default_list_size
        part = _Part(
            fields=_sum(1, sub.fields),
            depth=_sum(1, sub.depth),
            aliases=_sum(1 if node.alias else 0, sub.aliases),
        )
        if _is_list(definition) and page:
            part.fixed = _sum(1, _product(page, sub.cost(default)))
        elif _is_list(definition):
            # As many items as the page its parent asked for: the parent multiplies.
            part.per_item = _sum(1, sub.cost(default))
        else:
            part.fixed = _sum(1, sub.cost(page or default))
        return part

    def _page_size(self, node: FieldNode, definition: GraphQLField) -> int | None:
        """The `first` this field asks for: as written, the variable's default, the argument's
        default, or the largest page allowed; None when the field takes no `first`."""
        argument = definition.args.get("first")
        if argument is None:
            return None
        largest = self.bounds.max_page_size
        value: object = next((a.value for a in node.arguments or () if a.name.value == "first"), None)
        if isinstance(value, VariableNode):
            value = self.defaults.get(value.name.value)
        if isinstance(value, IntValueNode):
            digits = value.value.lstrip("-")
            if len(digits) > 9:  # never parse a number longer than any page: it is the largest
                return 1 if value.value.startswith("-") else largest
            return max(1, min(int(value.value), largest))
        if value is None and isinstance(argument.default_value, int):
            return max(1, min(argument.default_value, largest))
        return largest

    def _check(self, part: _Part) -> None:
        """Stop once a part of the document alone expands past the limit: the whole does too
        (every part measured is used), and looking further would only cost time."""
        if part.fields > self.bounds.max_fields:
            self.fields_seen = part.fields
            raise _Stop

    def _note_repeats(self, names: Mapping[str, int]) -> None:
        for name, count in names.items():
            if count > self.repeats:
                self.repeats, self.repeated = count, name


def _is_list(definition: GraphQLField) -> bool:
    kind = definition.type
    if is_non_null_type(kind):
        kind = kind.of_type
    return is_list_type(kind)


def _spreads(node: SelectionSetNode) -> Iterable[str]:
    """The names of the fragments spread anywhere in `node` (nested selections included)."""
    pending = [node]
    while pending:
        current = pending.pop()
        for selection in current.selections:
            if isinstance(selection, FragmentSpreadNode):
                yield selection.name.value
            elif isinstance(selection, FieldNode | InlineFragmentNode) and selection.selection_set:
                pending.append(selection.selection_set)
