"""Changing the register from a portal form: who may act, the call the GraphQL mutations make
too, and what a form shows when the register refuses or someone else changed the association
meanwhile (409, with the person's input kept and what is stored now beside it)."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field

from starlette.datastructures import FormData

from hub.auth.principal import Principal, ensure_may_change, ensure_may_grant, ensure_represents
from hub.portal.invoer import getal
from hub.portal.onderdelen import Waarde, Waarden
from hub.portal.web import Bezoek
from hub.wijziging import wijzig_namens
from registry.associations.model import Vereniging
from registry.associations.service import Apply
from registry.errors import RegisterError


async def vertegenwoordigd(bezoek: Bezoek) -> tuple[Vereniging, Principal]:
    """The active association, if the person (still) represents it; otherwise a 403 page."""
    vereniging = await bezoek.vereniging()
    return vereniging, ensure_represents(bezoek.persoon, vereniging)


async def wijzigbaar(bezoek: Bezoek, *, eigen_recht: bool = False) -> Vereniging:
    """The active association, if the person may change it (not through a view-only mandate; for
    `eigen_recht`, not through any mandate it granted): a change form shows only then; otherwise
    a 403 page that says why."""
    vereniging = await bezoek.vereniging()
    (ensure_may_grant if eigen_recht else ensure_may_change)(bezoek.persoon, vereniging)
    return vereniging


async def wijzig(
    bezoek: Bezoek, vereniging: Vereniging, versie: int, apply: Apply, *, eigen_recht: bool = False
) -> Vereniging:
    """The same call as the GraphQL mutations make, on the active association only."""
    return await wijzig_namens(
        bezoek.portal.register,
        bezoek.aangemeld(),
        v_code=vereniging.v_code,
        versie=versie,
        apply=apply,
        eigen_recht=eigen_recht,
    )


def versie_van(form: FormData) -> int:
    """The version the form was rendered from; a missing one conflicts like an old one."""
    return getal(form.get("versie")) or 0


@dataclass
class Formulier:
    """What a form page shows besides the values: refusals, or a conflict with what is stored."""

    versie: int
    fouten: dict[str, str] = field(default_factory=dict)
    algemeen: str = ""
    conflict: bool = False
    verschillen: list[tuple[str, Waarde, Waarde]] = field(default_factory=list)
    """Per field that differs: what the person typed and what is stored now."""

    @property
    def status_code(self) -> int:
        return 409 if self.conflict else 400 if self.fouten or self.algemeen else 200


def weigering(
    bezoek: Bezoek, refused: RegisterError, velden: Collection[str], *, prefix: str = "", versie: int
) -> Formulier:
    """The register's messages next to the fields they name; the rest above the form."""
    per_veld: dict[str, str] = {}
    overige: list[str] = []
    for pad, melding in bezoek.veldfouten(refused, prefix).items():
        veld = re.sub(r"\[\d+\]$", "", pad)
        if veld in velden:
            per_veld[veld] = f"{per_veld[veld]} {melding}" if veld in per_veld else melding
        else:
            overige.append(melding)
    if not per_veld and not overige:
        overige.append(bezoek.fout(refused))
    return Formulier(versie=versie, fouten=per_veld, algemeen=" ".join(overige))


def verschillen_tussen(
    velden: Collection[str], ingevuld: Waarden, nu: Waarden
) -> list[tuple[str, Waarde, Waarde]]:
    return [(v, ingevuld.get(v, ""), nu.get(v, "")) for v in velden if ingevuld.get(v, "") != nu.get(v, "")]


def terug(sectie: str, vlag: str) -> str:
    return f"/gegevens?gewijzigd={vlag}#{sectie}"
