"""A connected system for the benchmarks: a federation v2 subgraph (strawberry, as the hub) that
extends `Vereniging` by its key `vCode` with two fields of its own, `sportfederatieBron<n>` and
`aantalLedenBron<n>`, and resolves each entity after `DELAY`, as a system on another machine
would. It answers `_service { sdl }` at once, so that a gateway composes it without waiting.

Example::

    app = slow_subgraph(1)  # POST /graphql: _entities(representations: [...]) { ... on Vereniging { ... } }
"""

from __future__ import annotations

import asyncio
from typing import Self

import strawberry
from starlette.applications import Starlette
from starlette.routing import Route
from strawberry.asgi import GraphQL
from strawberry.extensions import ParserCache, ValidationCache

DELAY = 0.020
"""How long each system takes to resolve an association."""


def velden(n: int) -> tuple[str, str]:
    """The fields system `n` adds to `Vereniging`, as the hub's connector is configured to read."""
    return f"sportfederatieBron{n}", f"aantalLedenBron{n}"


def schema(n: int) -> strawberry.federation.Schema:
    """System `n`'s subgraph: the names of its fields differ per system, so that a gateway
    composing all three asks each for its own."""
    sportfederatie_naam, aantal_leden_naam = velden(n)

    @strawberry.federation.type(keys=["vCode"], name="Vereniging")
    class Vereniging:
        v_code: strawberry.ID
        sportfederatie: str = strawberry.field(name=sportfederatie_naam)
        aantal_leden: int = strawberry.field(name=aantal_leden_naam)

        @classmethod
        async def resolve_reference(cls, **representation: object) -> Self:
            await asyncio.sleep(DELAY)
            return cls(
                v_code=strawberry.ID(str(representation["vCode"])),
                sportfederatie=f"Sportfederatie {n}",
                aantal_leden=40 + n,
            )

    # Each system is asked the same few documents: parsing and validating them once keeps its own
    # CPU, on the cores it shares here with whatever is measured, to a fifth of a millisecond.
    return strawberry.federation.Schema(types=[Vereniging], extensions=[ParserCache, ValidationCache])


def slow_subgraph(n: int) -> Starlette:
    """System `n` as an ASGI app answering GraphQL at `/graphql`."""
    return Starlette(routes=[Route("/graphql", GraphQL(schema(n), graphql_ide=None), methods=["POST"])])
