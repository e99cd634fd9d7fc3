"""The demo people: who logs in at the dev IdP, whom the demo associations name as their
representatives, and who publishes offerings."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Persona:
    insz: str
    voornaam: str
    achternaam: str
    # Values of the role claim, `Role:OrgCode`, the dev IdP puts in this person's login.
    rollen: tuple[str, ...] = ()


AN = Persona("71032512357", "An", "Janssens")
PIETER = Persona("85073003328", "Pieter", "Maes")
LOTTE = Persona("01031500207", "Lotte", "Claes")
MOHAMED = Persona("90022742191", "Mohamed", "El Amrani")
GRIET = Persona("78041212319", "Griet", "Van Damme", rollen=("AanbodBeheerder:44021",))
JEF = Persona("82092304580", "Jef", "Peeters", rollen=("AanbodBeheerder:23044",))
SOFIE = Persona("75013098783", "Sofie", "De Smet", rollen=("AanbodBeheerder:OVO002949",))
KARIM = Persona("88041212335", "Karim", "Benali", rollen=("VloketBeheerder:OVO000001",))
"""Runs the loket (the usage page)."""
UITGEVERS = (GRIET, JEF, SOFIE)
"""The demo publishers of offerings: Griet for Gent (NIS 44021), Jef for Liedekerke (NIS 23044),
Sofie for Sport Vlaanderen (organisation code OVO002949)."""
PERSONAS = (AN, PIETER, LOTTE, MOHAMED, *UITGEVERS, KARIM)
"""The demo people (and the dev IdP's personas): An represents V0001001, Pieter V0001002,
Lotte both; Mohamed represents nothing and may register a new association; the publishers
manage offerings; Karim runs the loket."""

DEMO_CLIENT_ID = "vloket-hub"
"""The hub's client id at the dev IdP."""
