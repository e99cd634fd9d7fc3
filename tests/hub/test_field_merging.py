"""The hub's field-merging check (`overlap.py`) finds a conflict exactly when graphql-core's
`OverlappingFieldsCanBeMergedRule` does, on generated documents, and stays linear on the shapes
that make graphql-core's rule quadratic."""

from __future__ import annotations

from graphql import (
    GraphQLSchema,
    NoUnusedFragmentsRule,
    OverlappingFieldsCanBeMergedRule,
    build_schema,
    parse,
    validate,
)
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from hub.graphql.overlap import fields_can_merge_rule

SCHEMA: GraphQLSchema = build_schema(
    """
    interface Pet { name: String owner: Person }
    type Dog implements Pet { name: String owner: Person barks: Boolean size(unit: String): Int }
    type Cat implements Pet { name: String owner: Person meows: Boolean size(unit: String): Float }
    union Animal = Dog | Cat
    type Person {
      name: String
      pets: [Pet]
      best: Pet
      age(round: Boolean): Int
      friends: [Person!]
    }
    type Query { pet: Pet animal: Animal dog: Dog cat: Cat person(id: ID): Person people: [Person] }
    """
)
FIELDS: dict[str, list[str]] = {
    "Query": ["pet", "animal", "dog", "cat", "person", "people"],
    "Person": ["name", "pets", "best", "age", "friends"],
    "Pet": ["name", "owner"],
    "Dog": ["name", "owner", "barks", "size"],
    "Cat": ["name", "owner", "meows", "size"],
    "Animal": [],
}
TARGET = {
    "pet": "Pet",
    "animal": "Animal",
    "dog": "Dog",
    "cat": "Cat",
    "person": "Person",
    "people": "Person",
    "pets": "Pet",
    "best": "Pet",
    "friends": "Person",
    "owner": "Person",
}
ARGUMENTS = {
    "size": ["", '(unit: "cm")', '(unit: "m")'],
    "age": ["", "(round: true)"],
    "person": ['(id: "1")'],
}
INLINE = {"Pet": ["Dog", "Cat"], "Animal": ["Dog", "Cat"], "Dog": ["Pet"], "Cat": ["Pet"]}
ALIASES = ["", "", "a: ", "b: ", "name: ", "size: "]
BUDGET = 1_000_000
OURS = fields_can_merge_rule(BUDGET)


def _selection_set(draw: st.DrawFn, kind: str, depth: int, fragments: list[tuple[str, str]]) -> str:
    selections: list[str] = []
    for _ in range(draw(st.integers(1, 4))):
        choice = draw(st.integers(0, 9))
        usable = [name for name, on in fragments if on == kind]
        if choice < 3 and usable:
            selections.append("..." + draw(st.sampled_from(usable)))
        elif choice == 1 and kind in INLINE and depth > 0:
            condition = draw(st.sampled_from(INLINE[kind]))
            selections.append(f"... on {condition} {_selection_set(draw, condition, depth - 1, fragments)}")
        elif FIELDS[kind]:
            name = draw(st.sampled_from(FIELDS[kind]))
            alias = draw(st.sampled_from(ALIASES))
            arguments = draw(st.sampled_from(ARGUMENTS.get(name, [""])))
            target = TARGET.get(name)
            if target is None:
                selections.append(f"{alias}{name}{arguments}")
            elif depth > 0:
                selections.append(
                    f"{alias}{name}{arguments} {_selection_set(draw, target, depth - 1, fragments)}"
                )
        else:
            selections.append("__typename")
    return "{ " + " ".join(selections or ["__typename"]) + " }"


@st.composite
def documents(draw: st.DrawFn) -> str:
    """An operation on `Query` and up to three fragments, each spreading only later ones (no
    cycles: graphql-core's rule assumes those were refused by another rule)."""
    count = draw(st.integers(0, 3))
    kinds = [draw(st.sampled_from(["Person", "Pet", "Dog", "Cat", "Query"])) for _ in range(count)]
    definitions: list[str] = []
    for index in reversed(range(count)):
        later = [(f"F{k}", kinds[k]) for k in range(index + 1, count)]
        body = _selection_set(draw, kinds[index], 2, later)
        definitions.append(f"fragment F{index} on {kinds[index]} {body}")
    operation = _selection_set(draw, "Query", 3, [(f"F{k}", kinds[k]) for k in range(count)])
    return "\n".join([f"query {operation}", *definitions])


@settings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]
)
@given(documents())
def test_a_conflict_is_found_exactly_when_graphql_core_finds_one(document: str) -> None:
    parsed = parse(document)
    # A fragment no operation uses is refused by another rule; the hub checks fields where used.
    assume(not validate(SCHEMA, parsed, [NoUnusedFragmentsRule]))

    theirs = validate(SCHEMA, parsed, [OverlappingFieldsCanBeMergedRule])
    ours = validate(SCHEMA, parsed, [OURS])

    assert bool(ours) == bool(theirs), (document, theirs, ours)


def test_a_named_conflict_says_which_fields() -> None:
    document = parse('{ dog { size(unit: "cm") size(unit: "m") } }')

    [error] = validate(SCHEMA, document, [OURS])

    assert "size" in error.message


def test_many_conflicting_aliases_are_checked_in_one_pass() -> None:
    aliases = " ".join(f'x: size(unit: "u{n}")' for n in range(2000))
    fragments = " ".join("...D" for _ in range(2000))
    document = parse(f"{{ dog {{ {aliases} {fragments} }} }} fragment D on Dog {{ name size }}")

    errors = validate(SCHEMA, document, [fields_can_merge_rule(50_000)])

    assert len(errors) == 1  # one conflict per class of fields says enough


def test_a_document_past_the_budget_is_refused_as_too_large_to_check() -> None:
    document = parse("{ people { " + " ".join(f"a{n}: name" for n in range(500)) + " } }")

    [error] = validate(SCHEMA, document, [fields_can_merge_rule(100)])

    assert "too large" in error.message
