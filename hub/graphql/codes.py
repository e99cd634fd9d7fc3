"""The GraphQL types of the register's code lists, shared by associations and offerings."""

from __future__ import annotations

import strawberry


@strawberry.type(description="Soort vereniging: FV, VZER, VZW, IVZW, PS of SVON.")
class Verenigingstype:
    code: str
    naam: str


@strawberry.type(description="Een van de hoofdactiviteiten van het Verenigingsloket.")
class HoofdactiviteitVerenigingsloket:
    code: str
    naam: str


@strawberry.type(description="Waar de vereniging actief is: een provincie, een gemeente of NVT.")
class Werkingsgebied:
    code: str
    naam: str


@strawberry.type(description="Voor welke leeftijden de vereniging er is (0 tot 150).")
class Doelgroep:
    minimumleeftijd: int
    maximumleeftijd: int
