"""Who may publish offerings for which administration: read from a person's role claims.

A role `AanbodBeheerder:<code>` (ACM/IDM `Role:OrgCode`) lets its holder manage the offerings of
the administration whose bestuur code is `<code>`: an organisation code (`OVO002949`), a NIS
code (`44021`) or a province code (`BE23`).
"""

from __future__ import annotations

from typing import Final, Protocol

from registry.errors import Unauthenticated
from registry.offerings.repository import bestuurcode
from registry.offerings.service import Uitgever

PUBLISHER_ROLE: Final = "AanbodBeheerder"


class Persoon(Protocol):
    """What is needed of an authenticated person (the hub's `Principal` is one)."""

    @property
    def sub(self) -> str: ...

    @property
    def insz(self) -> str | None: ...

    @property
    def rollen(self) -> frozenset[str]: ...


def besturen(rollen: frozenset[str]) -> frozenset[str]:
    """The bestuur codes the `Role:OrgCode` values name with the publisher role."""
    codes = set()
    for waarde in rollen:
        rol, scheiding, orgcode = waarde.partition(":")
        if scheiding and rol.strip() == PUBLISHER_ROLE and orgcode.strip():
            codes.add(bestuurcode(orgcode))
    return frozenset(codes)


def uitgever(persoon: Persoon | None) -> Uitgever:
    """The publisher a logged-in person is; anonymous callers are refused."""
    if persoon is None:
        raise Unauthenticated()
    return Uitgever(door=persoon.insz or persoon.sub, besturen=besturen(persoon.rollen))
