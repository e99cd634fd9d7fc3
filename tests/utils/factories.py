"""Building associations for tests through the public API, instead of hand-built rows."""

from __future__ import annotations

from typing import Any

from demo.personas import AN, Persona
from tests.utils.graphql import VERENIGING_FIELDS, GraphQLClient
from tests.utils.principals import PrincipalSwitch

REGISTREER = f"""
mutation($input: RegistreerFeitelijkeVerenigingInput!, $token: String) {{
  registreerFeitelijkeVereniging(input: $input, bevestigingstoken: $token) {{ {VERENIGING_FIELDS} }}
}}
"""


def registratie(
    naam: str = "Hondenclub De Snuffelaars", gemeente: str = "Gent", **overrides: Any
) -> dict[str, Any]:
    """A valid registration input (GraphQL shape) for a feitelijke vereniging."""
    data: dict[str, Any] = {
        "naam": naam,
        "korteNaam": "Snuffelaars",
        "korteBeschrijving": "Wandelen met honden.",
        "startdatum": "2019-03-01",
        "doelgroep": {"minimumleeftijd": 12, "maximumleeftijd": 99},
        "hoofdactiviteitenVerenigingsloket": ["HOSP"],
        "werkingsgebieden": ["BE23444021"],
        "contactgegevens": [
            {"contactgegeventype": "E-mail", "waarde": "info@snuffelaars.be", "isPrimair": True}
        ],
        "locaties": [
            {
                "locatietype": "Correspondentie",
                "isPrimair": True,
                "adres": {
                    "straatnaam": "Kouter",
                    "huisnummer": "1",
                    "postcode": "9000",
                    "gemeente": gemeente,
                },
            }
        ],
        "vertegenwoordigers": [],
    }
    data.update(overrides)
    return data


async def registreer(
    graphql: GraphQLClient, principal: PrincipalSwitch, persona: Persona = AN, **overrides: Any
) -> dict[str, Any]:
    """Register as `persona` (who becomes its vertegenwoordiger) and return the new association."""
    principal.person(persona)
    data = await graphql.data(REGISTREER, {"input": registratie(**overrides)})
    vereniging: dict[str, Any] = data["registreerFeitelijkeVereniging"]
    return vereniging
