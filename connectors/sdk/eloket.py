"""The conventions of an e-loket's JSON API, shared by KIOSK and the municipalities' systems so
that all speak alike: camelCase on the wire and snake_case in Python, unknown fields ignored on
reading (a service can add some without breaking the hub), and the parts every e-loket has: a
contact person, an action the association must take, and the refusal `Fout`.

Example::

    class DossierDocument(Wire):
        nummer: str
        actie: Actie | None = None

    actie = {"omschrijving": "Bezorg de begroting", "uiterlijk": "2026-12-31"}
    DossierDocument.model_validate({"nummer": "K-1", "actie": actie})
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel

__all__ = ["FORMULIER_NAMEN", "Actie", "Contactpersoon", "Fout", "Wire", "prefill"]

FORMULIER_NAMEN: Mapping[str, str] = {"e-mail": "email"}
"""The hub's name of a shared datum where an e-loket's form calls it otherwise."""


def prefill(gegevens: Mapping[str, str], velden: Collection[str]) -> tuple[dict[str, str], tuple[str, ...]]:
    """Of the data the person chose to share (by the hub's names), those a form with `velden`
    (by the form's names) asks for and that are not blank: the prefill by the form's names, and
    the hub's names of what went along (`StartResultaat.gedeelde_gegevens`)."""
    ingevuld: dict[str, str] = {}
    mee: list[str] = []
    for naam, waarde in gegevens.items():
        veld = FORMULIER_NAMEN.get(naam, naam)
        if veld in velden and waarde.strip() and veld not in ingevuld:
            ingevuld[veld] = waarde.strip()
            mee.append(naam)
    return ingevuld, tuple(mee)


class Wire(BaseModel):
    """A document as it travels: camelCase names, frozen, unknown fields ignored."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, frozen=True, extra="ignore")


class Contactpersoon(Wire):
    naam: str
    email: str


class Actie(Wire):
    """What the association must do for a dossier, and by when."""

    omschrijving: str
    uiterlijk: date


class Fout(Wire):
    """Every refusal of the API: a stable code and a reason in Dutch for the person."""

    code: str
    detail: str
