"""What a GraphQL document asks for, measured before anything runs: the field selections it
expands to, how deep it nests, its aliases, a cost, and how often one response name is asked in
one place.

Fragments are what makes a small document large: `fragment F0 { ...F1 ...F1 }` and so on doubles
the work with every fragment. Here each fragment is measured once, after the fragments it
spreads (in topological order, without recursion from one fragment into the next:
`fragment_order.py`), and a spread adds the fragment's measures, so the whole measurement is
linear in the size of the document however far it would expand. Measures saturate at `CAP`
(`measure_parts.py`) instead of growing without bound, and the walk stops as soon as the
document expands to more fields than allowed.

The cost weighs each field by how many times it is likely to be resolved: a list field by the
page size its parent asked for (`first`, read in `page_size.py`), or by `default_list_size`
when nothing says; a connection's `first` applies to the lists directly inside it (`edges`,
`items`).

A document that names a type, field or fragment the schema does not have, or whose fragments
spread each other in a cycle, is `irregular`: it cannot run, and graphql-core's validation says
why; its measures stop where the irregularity was found. The limits and the measures themselves
are in `document_measures.py`.
"""

from __future__ import annotations

from collections.abc import Mapping

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLCompositeType,
    GraphQLField,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    SchemaMetaFieldDef,
    SelectionSetNode,
    TypeMetaFieldDef,
    TypeNameMetaFieldDef,
    get_named_type,
    is_composite_type,
    is_interface_type,
    is_object_type,
)

from hub.graphql.document_measures import Bounds, Measures
from hub.graphql.fragment_order import fragment_order
from hub.graphql.measure_parts import Part, saturating_product, saturating_sum
from hub.graphql.page_size import is_list, page_size


class _Stop(Exception):
    """The document already expands to more fields than allowed: no need to look further."""


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
        self.parts: dict[str, Part] = {}
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
        total = Part()
        operations = [d for d in self.document.definitions if isinstance(d, OperationDefinitionNode)]
        try:
            order, irregular = fragment_order(self.fragments, operations)
            if irregular:
                self.irregular = True
            for name in order:
                definition = self.fragments[name]
                condition = self._named_type(definition.type_condition.name.value)
                self.parts[name] = (
                    self._selection_set(definition.selection_set, condition) if condition else Part()
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

    def _selection_set(self, node: SelectionSetNode, parent: GraphQLCompositeType) -> Part:
        part = Part()
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

    def _field_part(self, node: FieldNode, parent: GraphQLCompositeType) -> Part:
        definition = self._field(parent, node.name.value)
        if definition is None:
            self.irregular = True
            return Part(fields=1, depth=1, fixed=1)
        named = get_named_type(definition.type)
        sub = Part()
        if node.selection_set is not None and is_composite_type(named):
            sub = self._selection_set(node.selection_set, named)
        page = page_size(node, definition, defaults=self.defaults, largest=self.bounds.max_page_size)
        default = self.bounds.default_list_size
        part = Part(
            fields=saturating_sum(1, sub.fields),
            depth=saturating_sum(1, sub.depth),
            aliases=saturating_sum(1 if node.alias else 0, sub.aliases),
        )
        if is_list(definition) and page:
            part.fixed = saturating_sum(1, saturating_product(page, sub.cost(default)))
        elif is_list(definition):
            # As many items as the page its parent asked for: the parent multiplies.
            part.per_item = saturating_sum(1, sub.cost(default))
        else:
            part.fixed = saturating_sum(1, sub.cost(page or default))
        return part

    def _check(self, part: Part) -> None:
        """Stop once a part of the document alone expands past the limit: the whole does too
        (every part measured is used), and looking further would only cost time."""
        if part.fields > self.bounds.max_fields:
            self.fields_seen = part.fields
            raise _Stop

    def _note_repeats(self, names: Mapping[str, int]) -> None:
        for name, count in names.items():
            if count > self.repeats:
                self.repeats, self.repeated = count, name
