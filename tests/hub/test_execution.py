"""The shortcut for plain attribute fields answers exactly as strawberry and graphql-core do
without it: the same data, and the same errors at the same paths, for every kind of field."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any, NewType

import pytest
import strawberry
from graphql import GraphQLObjectType
from strawberry.permission import BasePermission
from strawberry.schema.config import StrawberryConfig

from hub.graphql.execution import AttributeShortcut

Bedrag = NewType("Bedrag", int)
CONFIG = StrawberryConfig(
    scalar_map={
        Bedrag: strawberry.scalar(name="Bedrag", serialize=lambda c: f"€ {c / 100:.2f}", parse_value=int)
    }
)


@strawberry.enum
class Status(Enum):
    INGEDIEND = "ingediend"
    GOEDGEKEURD = "goedgekeurd"


class Nooit(BasePermission):
    message = "niet voor u"

    def has_permission(self, source: Any, info: Any, **kwargs: Any) -> bool:
        return False


@strawberry.type
class Dossier:
    titel: str
    nummer: int
    status: Status
    ingediend_op: date | None
    bedrag: Bedrag
    contact: str | None
    verplicht: str
    geheim: str = strawberry.field(permission_classes=[Nooit], default="x")

    @strawberry.field
    def kop(self, hoofdletters: bool = False) -> str:
        return self.titel.upper() if hoofdletters else self.titel

    @property
    def kapot(self) -> str:
        raise ValueError("stuk")


@strawberry.type
class Kapot:
    kapot: str


@dataclass
class KapotteBron:
    @property
    def kapot(self) -> str:
        raise ValueError("stuk")


def dossier(n: int, **changes: Any) -> Dossier:
    values: dict[str, Any] = {
        "titel": f"Dossier {n}",
        "nummer": n,
        "status": Status.GOEDGEKEURD if n % 2 else Status.INGEDIEND,
        "ingediend_op": date(2026, 1, n) if n % 3 else None,
        "bedrag": 1250 * n,
        "contact": None if n % 2 else f"persoon{n}@voorbeeld.be",
        "verplicht": f"v{n}",
    }
    return Dossier(**{**values, **changes})


@strawberry.type
class Query:
    @strawberry.field
    def dossiers(self) -> list[Dossier]:
        return [dossier(n) for n in range(1, 6)]

    @strawberry.field
    def zonder_verplicht(self) -> list[Dossier]:
        return [dossier(1), dossier(2, verplicht=None)]

    @strawberry.field
    def verkeerd_type(self) -> Dossier:
        return dossier(1, nummer="geen getal")

    @strawberry.field
    def kapot(self) -> Kapot | None:
        return KapotteBron()  # type: ignore[return-value]


QUERIES = {
    "scalars-enums-dates": "{ dossiers { titel nummer status ingediendOp bedrag contact verplicht } }",
    "aliases-and-typename": "{ dossiers { t: titel n: nummer __typename } }",
    "resolver-with-argument": "{ dossiers { kop(hoofdletters: true) k: kop } }",
    "permission": "{ dossiers { titel geheim } }",
    "non-null-missing": "{ zonderVerplicht { titel verplicht } }",
    "does-not-coerce": "{ verkeerdType { titel nummer } }",
    "attribute-raises": "{ kapot { kapot } }",
    "skip-and-include": "{ dossiers { titel @skip(if: true) nummer @include(if: false) status } }",
}


def answer(shortcut: bool, query: str) -> dict[str, Any]:
    options: dict[str, Any] = {"execution_context_class": AttributeShortcut} if shortcut else {}
    result = strawberry.Schema(query=Query, config=CONFIG, **options).execute_sync(query)
    return {
        "data": result.data,
        "errors": [(error.message, error.path) for error in result.errors or []],
    }


@pytest.mark.parametrize("query", QUERIES.values(), ids=QUERIES.keys())
def test_the_shortcut_answers_as_graphql_core_does(query: str) -> None:
    assert answer(True, query) == answer(False, query)


def test_what_the_answers_hold() -> None:
    """So that the comparison above compares what it means to: values and errors, not nothing."""
    plain = answer(True, QUERIES["scalars-enums-dates"])
    assert plain["data"]["dossiers"][0] == {
        "titel": "Dossier 1",
        "nummer": 1,
        "status": "GOEDGEKEURD",
        "ingediendOp": "2026-01-01",
        "bedrag": "€ 12.50",
        "contact": None,
        "verplicht": "v1",
    }
    assert answer(True, QUERIES["non-null-missing"])["errors"] == [
        ("Cannot return null for non-nullable field Dossier.verplicht.", ["zonderVerplicht", 1, "verplicht"])
    ]
    assert answer(True, QUERIES["attribute-raises"])["errors"] == [("stuk", ["kapot", "kapot"])]
    [(message, path)] = answer(True, QUERIES["does-not-coerce"])["errors"]
    assert path == ["verkeerdType", "nummer"]
    assert "geen getal" in message
    assert answer(True, QUERIES["permission"])["errors"][0][0] == "niet voor u"


def test_the_shortcut_is_taken_for_plain_attributes_only() -> None:
    """Else the comparison above would hold trivially."""
    schema = strawberry.Schema(query=Query, config=CONFIG, execution_context_class=AttributeShortcut)
    schema.execute_sync(
        "{ dossiers { titel nummer status ingediendOp bedrag contact verplicht kop geheim } }"
    )
    dossier_type = schema._schema.type_map["Dossier"]
    assert isinstance(dossier_type, GraphQLObjectType)

    planned = {name: field.extensions.get("vloket-attribute") for name, field in dossier_type.fields.items()}

    assert {name for name, plan in planned.items() if plan} == {
        "titel",
        "nummer",
        "status",
        "ingediendOp",
        "bedrag",
        "contact",
        "verplicht",
    }
    assert planned["titel"][0] == "titel"
    assert planned["ingediendOp"][0] == "ingediend_op"
    assert planned["kop"] is None
    assert planned["geheim"] is None
