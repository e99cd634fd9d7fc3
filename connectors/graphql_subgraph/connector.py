"""Any federation v2 subgraph that extends `Vereniging @key(fields: "vCode")`, as a source of facts:
the connector asks it for the association by its key, exactly as a federation router would, and
turns the configured fields into `Feit`s with the source's name.

Example::

    # connectors.toml
    [[connector]]
    kind = "graphql_subgraph"
    name = "sportfederatie"
    base_url = "https://sport.example"
    audience = "sportfederatie"
    bron = "Sportfederatie"
    velden = ["sportfederatie", "aantalLeden", "verzekerdTot"]
    datum_veld = "bijgewerktOp"
"""

from __future__ import annotations

from typing import Annotated, Self

import httpx
import orjson
from pydantic import Field, StringConstraints, model_validator

from connectors.graphql_subgraph.answers import GraphQLBody, data_of, graphql_body
from connectors.graphql_subgraph.entities import ENTITY, entity_query, read_entity, representation
from connectors.graphql_subgraph.facts import feiten
from connectors.graphql_subgraph.sdl import SERVICE_SDL_QUERY, UnreadableSdl, fields_of
from connectors.sdk.connector import Connector, ConnectorConfig, Health
from connectors.sdk.context import CallContext
from connectors.sdk.errors import ConnectorError, ConnectorUnavailable
from connectors.sdk.models import Feit

GraphQLName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z][_0-9A-Za-z]*$")]
ACCEPT = "application/graphql-response+json, application/json;q=0.9"


class SubgraphConfig(ConnectorConfig):
    graphql_path: str = Field(default="/graphql", pattern=r"^/", description="Where it answers GraphQL.")
    bron: str = Field(min_length=1, description="The source as people see it, e.g. `Sportfederatie`.")
    velden: tuple[GraphQLName, ...] = Field(
        min_length=1, description="The scalar fields of `Vereniging` to read, as the subgraph names them."
    )
    datum_veld: GraphQLName | None = Field(
        default=None, description="A Date field saying when the source last confirmed its data."
    )

    @model_validator(mode="after")
    def _velden_once(self) -> Self:
        if len(set(self.velden)) != len(self.velden):
            raise ValueError("`velden` names a field twice")
        return self

    @property
    def selectie(self) -> tuple[str, ...]:
        """Every field the query selects: `velden`, and `datum_veld` when it is not among them."""
        extra = (self.datum_veld,) if self.datum_veld and self.datum_veld not in self.velden else ()
        return (*self.velden, *extra)


class GraphQLSubgraph(Connector[SubgraphConfig]):
    kind = "graphql_subgraph"
    config_model = SubgraphConfig

    async def gekende_gegevens(self, context: CallContext) -> list[Feit]:
        if context.v_code is None:
            return []  # no association chosen: there is nothing to ask about
        query = entity_query(self.config.selectie)
        body = await self._ask(query, {"r": [representation(context.v_code)]}, context)
        return feiten(
            read_entity(body, service=self.name),
            velden=self.config.velden,
            bron=self.config.bron,
            datum_veld=self.config.datum_veld,
            service=self.name,
        )

    async def health(self, context: CallContext | None = None) -> Health:
        """Whether the subgraph answers its `_service { sdl }`, and whether every configured field
        is on its `Vereniging`. Most subgraphs show their schema only to callers they know: with a
        `context`, its token goes along; without, a refusal is reported as such."""
        try:
            response = await self._post(SERVICE_SDL_QUERY, {}, context)
            body = graphql_body(response, service=self.name)
            service = data_of(body, service=self.name).get("_service")
        except httpx.HTTPError as error:
            return Health(reachable=False, detail=f"{type(error).__name__}: {error}")
        except ConnectorError as error:
            return Health(reachable=True, detail=error.reason)
        sdl = service.get("sdl") if isinstance(service, dict) else None
        if not isinstance(sdl, str):
            return Health(reachable=True, detail="no `_service { sdl }` in the answer: not a subgraph?")
        return Health(reachable=True, detail=self._fields_check(sdl))

    def _fields_check(self, sdl: str) -> str:
        try:
            known = fields_of(sdl, ENTITY)
        except UnreadableSdl as error:
            return f"its SDL does not parse: {error}"
        if not known:
            return f"it does not extend {ENTITY}"
        missing = [veld for veld in self.config.selectie if veld not in known]
        if missing:
            return f"{ENTITY} lacks configured field(s): {', '.join(missing)}"
        return f"all {len(self.config.selectie)} configured fields are on {ENTITY}"

    async def _ask(self, query: str, variables: dict[str, object], context: CallContext) -> GraphQLBody:
        """One GraphQL request; the answer's body, or the SDK error its failure means."""
        try:
            response = await self._post(query, variables, context)
        except httpx.HTTPError as error:
            raise ConnectorUnavailable(self.name, f"{type(error).__name__}: {error}") from error
        return graphql_body(response, service=self.name)

    async def _post(
        self, query: str, variables: dict[str, object], context: CallContext | None
    ) -> httpx.Response:
        """POST a GraphQL request, with the context's token and within its deadline when given."""
        headers = {"Accept": ACCEPT, "Content-Type": "application/json"}
        timeout = self.config.timeout_seconds
        if context is not None:
            timeout = context.remaining()
            if timeout <= 0:
                raise ConnectorUnavailable(self.name, "no time left before the deadline")
            headers["Authorization"] = f"Bearer {await context.token()}"
        return await self.http.post(
            self.config.graphql_path,
            content=orjson.dumps({"query": query, "variables": variables}),
            headers=headers,
            timeout=timeout,
        )
