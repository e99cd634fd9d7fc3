"""Calling the hub's GraphQL API over HTTP (in process, through httpx's ASGI transport)."""

from __future__ import annotations

from typing import Any

import httpx


class GraphQLClient:
    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http

    async def __call__(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        headers: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        response = await self.http.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
        )
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    async def data(
        self, query: str, variables: dict[str, Any] | None = None, **kwargs: Any
    ) -> dict[str, Any]:
        """The `data` of a response that must have no errors."""
        body = await self(query, variables, **kwargs)
        assert "errors" not in body, body["errors"]
        result: dict[str, Any] = body["data"]
        return result

    async def error(
        self, query: str, variables: dict[str, Any] | None = None, **kwargs: Any
    ) -> dict[str, Any]:
        """The single error of a response that must fail."""
        body = await self(query, variables, **kwargs)
        assert body.get("errors"), body
        assert len(body["errors"]) == 1, body["errors"]
        error: dict[str, Any] = body["errors"][0]
        return error


VERENIGING_FIELDS = """
    vCode naam korteNaam korteBeschrijving roepnaam kboNummer rechtsvorm startdatum einddatum status bron
    versie
    verenigingstype { code naam }
    doelgroep { minimumleeftijd maximumleeftijd }
    hoofdactiviteitenVerenigingsloket { code naam }
    werkingsgebieden { code naam }
    contactgegevens { contactgegevenId contactgegeventype waarde beschrijving isPrimair bron }
    locaties { locatieId locatietype isPrimair naam adresvoorstelling bron
               adres { straatnaam huisnummer busnummer postcode gemeente land }
               adresId { broncode bronwaarde } }
"""

PRIVATE_FIELDS = """
    vertegenwoordigers { vertegenwoordigerId insz voornaam achternaam roepnaam rol isPrimair email telefoon
                         mobiel socialMedia bron }
    historiek { versie gebeurtenis tijdstip door namens data }
"""

READ_VERENIGING = (
    f"query($vCode: ID!) {{ vereniging(vCode: $vCode) {{ {VERENIGING_FIELDS} {PRIVATE_FIELDS} }} }}"
)
