"""A change to an association in the register by a person acting for it, the same from the
GraphQL API and from the portal: the register checks, inside its transaction, that the person
still represents the association, acts on its behalf and not through a view-only mandate."""

from __future__ import annotations

from functools import partial

from hub.auth.principal import Principal, ensure_may_change, ensure_may_grant
from registry.associations.model import Vereniging
from registry.associations.service import Apply, VerenigingenRegister


def _authorize(person: Principal, eigen_recht: bool, vereniging: Vereniging) -> None:
    (ensure_may_grant if eigen_recht else ensure_may_change)(person, vereniging)


async def wijzig_namens(
    register: VerenigingenRegister,
    person: Principal,
    *,
    v_code: str,
    versie: int,
    apply: Apply,
    eigen_recht: bool = False,
) -> Vereniging:
    """`eigen_recht`: a change only a representative in their own right may make (who represents
    the association, stopping it), never one acting through a mandate it granted."""
    return await register.change(
        v_code=v_code,
        versie=versie,
        actor=person.actor(),
        authorize=partial(_authorize, person, eigen_recht),
        apply=apply,
    )
