"""The order in which a document's fragments are measured: each after the fragments it spreads,
found without recursion, so that a spread can add measures already taken. A cycle or a spread
of an unknown fragment makes the document irregular."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
)


def fragment_order(
    fragments: Mapping[str, FragmentDefinitionNode], operations: list[OperationDefinitionNode]
) -> tuple[list[str], bool]:
    """The fragments the operations use, each after the fragments it spreads (depth first,
    without recursion), and whether the document is irregular. A fragment no operation uses is
    left alone (graphql-core refuses it); one in a cycle, or a spread of an unknown fragment,
    makes the document irregular.

    Measuring only what is used keeps the work linear: each fragment's measures count in
    the operations' at least once, so adding them up costs no more than the total."""
    irregular = False
    spreads = {name: sorted(set(spreads_in(d.selection_set))) for name, d in fragments.items()}
    order: list[str] = []
    state: dict[str, int] = {}  # 1: being visited, 2: done
    roots = sorted({name for operation in operations for name in spreads_in(operation.selection_set)})
    for start in roots:
        if start in state:
            continue
        if start not in spreads:
            irregular = True
            continue
        stack: list[tuple[str, list[str]]] = [(start, list(spreads[start]))]
        state[start] = 1
        while stack:
            name, pending = stack[-1]
            if pending:
                nxt = pending.pop()
                if nxt not in spreads:
                    irregular = True  # unknown fragment
                elif state.get(nxt) == 1:
                    irregular = True  # a cycle
                elif nxt not in state:
                    state[nxt] = 1
                    stack.append((nxt, list(spreads[nxt])))
                continue
            stack.pop()
            state[name] = 2
            order.append(name)
    return order, irregular


def spreads_in(node: SelectionSetNode) -> Iterable[str]:
    """The names of the fragments spread anywhere in `node` (nested selections included)."""
    pending = [node]
    while pending:
        current = pending.pop()
        for selection in current.selections:
            if isinstance(selection, FragmentSpreadNode):
                yield selection.name.value
            elif isinstance(selection, FieldNode | InlineFragmentNode) and selection.selection_set:
                pending.append(selection.selection_set)
