"""The person who registers an association becomes one of its vertegenwoordigers, the same from
the GraphQL API and from the portal."""

from __future__ import annotations

from dataclasses import replace

from hub.auth.principal import Principal
from registry.associations.commands import RegistratieInvoer, VertegenwoordigerInvoer
from registry.associations.identifiers import normalise_insz


def met_registrant(invoer: RegistratieInvoer, person: Principal | None) -> RegistratieInvoer:
    """`invoer` with the registering person as vertegenwoordiger (the primair one, if none is),
    unless they are in it already or their login does not name them (INSZ, first and last name)."""
    if person is None or not (person.insz and person.voornaam and person.achternaam):
        return invoer
    if any(normalise_insz(v.insz) == person.insz for v in invoer.vertegenwoordigers):
        return invoer
    registrant = VertegenwoordigerInvoer(
        insz=person.insz,
        voornaam=person.voornaam,
        achternaam=person.achternaam,
        is_primair=not any(v.is_primair for v in invoer.vertegenwoordigers),
    )
    return replace(invoer, vertegenwoordigers=[*invoer.vertegenwoordigers, registrant])
