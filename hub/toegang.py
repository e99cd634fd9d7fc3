"""One entry of the access log for what a person did with an association's private data, the
same from the GraphQL API and from the portal."""

from __future__ import annotations

from hub.auth.principal import Principal
from registry.toegangslog.service import Handeling, Toegang


def toegang_van(person: Principal, v_code: str, handeling: Handeling, onderdeel: str) -> Toegang:
    return Toegang(
        v_code=v_code,
        handeling=handeling,
        onderdeel=onderdeel,
        door=person.insz or person.sub,
        door_naam=person.volledige_naam,
        namens=person.namens,
        client_id=person.client_id,
    )
