"""Who a token or login says the person is: the ACM/IDM claims, read into one `Identity`.

Claims the hub reads: `sub`, `given_name`, `family_name`, `rrn` (INSZ), `vo_id`, `acr`, the
organisation chosen at login (`vo_orgcode`, `vo_orgnaam`), and the role claim `<app>_rol_3d`
whose values are `Role:OrgCode`. A role `Vertegenwoordiger` for an organisation code that is a
vCode or a KBO-nummer is a mandate to act for that association.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from registry.associations.identifiers import normalise_insz, normalise_kbo
from registry.text import forbidden_character

REPRESENTATIVE_ROLE = "Vertegenwoordiger"
MAX_CLIENT_ID_LENGTH = 255
"""The longest client id (the token's `client_id` or `azp`) the hub takes, as the access log keeps it."""
MAX_SUB_LENGTH = 255
"""OpenID Connect Core 1.0, section 2: a `sub` "MUST NOT exceed 255 ASCII characters in length".
The register keeps who made each change (`door`: the INSZ, or else the `sub`) in that room."""


class InvalidClaims(ValueError):
    """The provider's claims cannot identify a person (say which claim is wrong)."""


@dataclass(frozen=True)
class Role:
    rol: str
    orgcode: str


@dataclass(frozen=True)
class Identity:
    sub: str
    insz: str | None = None
    voornaam: str | None = None
    achternaam: str | None = None
    vo_id: str | None = None
    acr: str | None = None
    rollen: tuple[Role, ...] = field(default_factory=tuple)
    client_id: str | None = None
    organisatie_code: str | None = None
    organisatie_naam: str | None = None

    def mandate_codes(self) -> tuple[list[str], list[str]]:
        """The vCodes and KBO-nummers this person holds a representative role for."""
        v_codes: list[str] = []
        kbo_nummers: list[str] = []
        for role in self.rollen:
            if role.rol != REPRESENTATIVE_ROLE:
                continue
            code = role.orgcode.strip().upper()
            if len(code) == 8 and code.startswith("V") and code[1:].isdigit():
                v_codes.append(code)
            elif (kbo := normalise_kbo(code)) is not None:
                kbo_nummers.append(kbo)
        return v_codes, kbo_nummers


def _text(claims: Mapping[str, object], name: str) -> str | None:
    value = claims.get(name)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise InvalidClaims(f"claim {name!r} must be a string, not {type(value).__name__}")
    return value


def _roles(claims: Mapping[str, object], role_claim: str) -> tuple[Role, ...]:
    raw = claims.get(role_claim)
    values = [raw] if isinstance(raw, str) else raw if isinstance(raw, list) else []
    roles = []
    for value in values:
        if isinstance(value, str) and ":" in value:
            rol, _, orgcode = value.partition(":")
            roles.append(Role(rol=rol.strip(), orgcode=orgcode.strip()))
    return tuple(roles)


def identity_from_claims(claims: Mapping[str, object], *, role_claim: str) -> Identity:
    sub = _text(claims, "sub")
    if sub is None:
        raise InvalidClaims("claim 'sub' is missing")
    if len(sub) > MAX_SUB_LENGTH:
        raise InvalidClaims(
            f"claim 'sub' is longer than the {MAX_SUB_LENGTH} characters OpenID Connect allows"
        )
    client_id = _text(claims, "client_id") or _text(claims, "azp")
    for name, value in (("sub", sub), ("client_id", client_id)):
        # Kept in the access log and the history: text every store keeps as it came.
        found = forbidden_character(value) if value is not None else None
        if found is not None:
            raise InvalidClaims(f"claim '{name}' holds character {found.teken} at position {found.positie}")
    if client_id is not None and len(client_id) > MAX_CLIENT_ID_LENGTH:
        # Kept whole in the access log, so that two clients never read as one.
        raise InvalidClaims(f"claim 'client_id' (or 'azp') is longer than {MAX_CLIENT_ID_LENGTH} characters")
    rrn = _text(claims, "rrn")
    insz = normalise_insz(rrn) if rrn is not None else None
    if rrn is not None and insz is None:
        raise InvalidClaims("claim 'rrn' is not a valid INSZ")
    return Identity(
        sub=sub,
        insz=insz,
        voornaam=_text(claims, "given_name"),
        achternaam=_text(claims, "family_name"),
        vo_id=_text(claims, "vo_id"),
        acr=_text(claims, "acr"),
        rollen=_roles(claims, role_claim),
        client_id=client_id,
        organisatie_code=_text(claims, "vo_orgcode"),
        organisatie_naam=_text(claims, "vo_orgnaam"),
    )
