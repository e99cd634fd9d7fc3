"""Asking a subgraph for one `Vereniging` by its key, the way a federation router does
(`_entities` with a representation), and reading the entity out of the answer."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import structlog

from connectors.graphql_subgraph.answers import GraphQLBody, data_of, errors_of, messages, path_of
from connectors.sdk.errors import ConnectorUnavailable, NotFound

ENTITY = "Vereniging"

log = structlog.get_logger("connectors.graphql_subgraph")


def entity_query(velden: Sequence[str]) -> str:
    """The `_entities` query selecting `velden` (GraphQL names, checked by the config model)."""
    selection = " ".join(velden)
    return f"query($r: [_Any!]!) {{ _entities(representations: $r) {{ ... on {ENTITY} {{ {selection} }} }} }}"


def representation(v_code: str) -> dict[str, str]:
    return {"__typename": ENTITY, "vCode": v_code}


def read_entity(body: GraphQLBody, *, service: str) -> Mapping[str, object]:
    """The one entity asked for. Null with an error on its path: the subgraph failed to resolve
    it (transient); null without one: the subgraph does not know the association. Fields that
    failed on their own come back null; they are logged and the others still count."""
    entities = data_of(body, service=service).get("_entities")
    if not isinstance(entities, list) or len(entities) != 1:
        raise ConnectorUnavailable(service, "the subgraph did not answer with the one entity asked for")
    entity = entities[0]
    failed = [error for error in errors_of(body) if list(path_of(error)[:2]) == ["_entities", 0]]
    if entity is None and failed:
        raise ConnectorUnavailable(service, f"the subgraph failed to resolve it: {messages(failed)}")
    if entity is None:
        raise NotFound(service, f"the subgraph knows no {ENTITY} with this vCode")
    if not isinstance(entity, dict):
        raise ConnectorUnavailable(service, f"the subgraph answered a {type(entity).__name__} as entity")
    for error in failed:
        log.warning(
            "subgraph_field_failed", service=service, path=path_of(error), message=error.get("message")
        )
    return entity
