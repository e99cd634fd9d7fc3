"""A connector for any federation v2 subgraph that extends `Vereniging @key(fields: "vCode")`, and a
sandbox subgraph (a fictional sport federation) to try it against."""

from connectors.graphql_subgraph.connector import GraphQLSubgraph, SubgraphConfig

__all__ = ["GraphQLSubgraph", "SubgraphConfig"]
