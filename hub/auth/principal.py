"""Who is asking: the `Principal`, the one dependency that resolves it from a request, and the
authorization check every private read and every change goes through.

The identity layer (`hub.auth.resolver`: OpenID Connect sessions and bearer tokens) is the
resolver when a provider is configured; without one every request is anonymous. Tests may
install their own resolver through `create_app(principal_resolver=...)`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from fastapi import Request

from registry.associations.commands import Actor
from registry.associations.model import Vereniging
from registry.errors import Forbidden, Unauthenticated


@dataclass(frozen=True)
class Principal:
    """An authenticated person: who (`sub`), their INSZ, on whose behalf they act, and roles.

    `vertegenwoordigt` lists vCodes granted by mandate or role claims at login and by mandates
    the association granted in the hub, on top of those where the register names the person's
    INSZ as vertegenwoordiger. Of those, `verleend` are reached through a hub mandate only, and
    `alleen_bekijken` through a view-only one only: the register's own representatives and
    login mandates keep every right. A logged-in person must have
    chosen on whose behalf they act (`namens`) before private data opens (`namens_verplicht`);
    `keuze_sleutel` is where that choice is kept (their session, or their token's client).
    """

    sub: str
    insz: str | None = None
    voornaam: str | None = None
    achternaam: str | None = None
    namens: str | None = None
    rollen: frozenset[str] = field(default_factory=frozenset)
    vertegenwoordigt: frozenset[str] = field(default_factory=frozenset)
    verleend: frozenset[str] = field(default_factory=frozenset)
    alleen_bekijken: frozenset[str] = field(default_factory=frozenset)
    client_id: str | None = None
    acr: str | None = None
    organisatie: tuple[str, str | None] | None = None
    """The organisation chosen at login (ACM/IDM `vo_orgcode`, `vo_orgnaam`), if any."""
    namens_verplicht: bool = False
    keuze_sleutel: str | None = None
    # The person's own token, as subject for token exchange only; never handed to a connector.
    subject_token: SubjectToken | None = field(default=None, repr=False, compare=False)

    @property
    def volledige_naam(self) -> str | None:
        return " ".join(filter(None, [self.voornaam, self.achternaam])) or None

    def represents(self, vereniging: Vereniging) -> bool:
        return vereniging.v_code in self.vertegenwoordigt or self.in_register(vereniging)

    def in_register(self, vereniging: Vereniging) -> bool:
        """Whether the register itself names the person as one of its representatives."""
        return self.insz is not None and vereniging.represented_by(self.insz)

    def alleen_bekijkt(self, vereniging: Vereniging) -> bool:
        """Whether the person may only view this association (a view-only mandate)."""
        return vereniging.v_code in self.alleen_bekijken and not self.in_register(vereniging)

    def via_verleend_mandaat(self, vereniging: Vereniging) -> bool:
        """Whether the person acts for it only through a mandate the association granted."""
        return vereniging.v_code in self.verleend and not self.in_register(vereniging)

    def actor(self) -> Actor:
        return Actor(door=self.insz or self.sub, namens=self.namens)


PrincipalResolver = Callable[[Request], Awaitable[Principal | None]]
SubjectToken = Callable[[], Awaitable[str | None]]


def require_authenticated(principal: Principal | None) -> Principal:
    if principal is None:
        raise Unauthenticated()
    return principal


def ensure_represents(principal: Principal | None, vereniging: Vereniging) -> Principal:
    """Allow private reads and changes only to a person who represents `vereniging` and, when
    they chose to act on behalf of an association, acts on behalf of this one."""
    person = require_authenticated(principal)
    if not person.represents(vereniging):
        raise Forbidden()
    if person.namens is None and person.namens_verplicht:
        raise Forbidden(reden="FORBIDDEN_CHOOSE_FIRST")
    if person.namens is not None and person.namens != vereniging.v_code:
        raise Forbidden(namens=person.namens)
    return person


def ensure_may_change(principal: Principal | None, vereniging: Vereniging) -> Principal:
    """`ensure_represents`, and not through a view-only mandate: for every change to the
    association's data, every request started and every dossier changed in its name."""
    person = ensure_represents(principal, vereniging)
    if person.alleen_bekijkt(vereniging):
        raise Forbidden(reden="FORBIDDEN_VIEW_ONLY")
    return person


def ensure_may_grant(principal: Principal | None, vereniging: Vereniging) -> Principal:
    """`ensure_represents`, by one who represents the association in their own right (the register
    names them, or their login's claims do), not through a mandate it granted: for who holds its
    mandates and who represents it (a mandatee can neither pass a mandate on, nor make it outlast
    its end by becoming a representative), for reading who looked at its data, and for stopping it."""
    person = ensure_represents(principal, vereniging)
    if person.via_verleend_mandaat(vereniging):
        raise Forbidden(reden="FORBIDDEN_NOT_DELEGABLE")
    return person
