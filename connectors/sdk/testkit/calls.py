"""How the suite calls each capability, and what a well-formed answer is.

`METHODS` names the method of every capability; `CALLS` holds those that take a call context
(all but `StatusEvents`, which the remote pushes to the hub). `DossierChanges` is called with
dossier `testkit-dossier`: the canned answer is what the remote says about it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import cast

from pydantic import BaseModel

from connectors.sdk.capabilities import (
    DossierChanges,
    DossierDocuments,
    DossierReconcile,
    Dossiers,
    Offerings,
    ProfileFacts,
    StartRequest,
)
from connectors.sdk.context import CallContext
from connectors.sdk.events import DossierGewijzigd
from connectors.sdk.models import (
    Aanbod,
    Document,
    Dossier,
    DossierWijziging,
    Feit,
    StartResultaat,
)

METHODS: dict[str, str] = {
    "ProfileFacts": "gekende_gegevens",
    "Dossiers": "dossiers",
    "Offerings": "aanbod",
    "StartRequest": "start_aanvraag",
    "DossierChanges": "wijzig_dossier",
    "StatusEvents": "map_push",
    "DossierReconcile": "gewijzigde_dossiers",
    "DossierDocuments": "documenten",
}

START_DIENST = "testkit-dienst"
START_GEGEVENS = {"naam": "FWA De vrolijke BA's", "gemeente": "Liedekerke"}
WIJZIG_DOSSIER = "testkit-dossier"
WIJZIGING = DossierWijziging(contactpersoon="An Janssens", email="an@vrolijkebas.be")
GEWIJZIGD_SINDS = datetime(2026, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class CapabilityCall:
    capability: str
    method: str
    invoke: Callable[[object, CallContext], Awaitable[object]]
    answer: type[BaseModel]
    many: bool
    """Whether a well-formed answer is a list of `answer` rather than one."""

    def well_formed(self, result: object) -> bool:
        if not self.many:
            return isinstance(result, self.answer)
        return isinstance(result, list) and all(isinstance(item, self.answer) for item in result)

    def describe_answer(self) -> str:
        return f"a list of {self.answer.__name__}" if self.many else f"a {self.answer.__name__}"


async def _gekende_gegevens(connector: object, context: CallContext) -> object:
    return await cast(ProfileFacts, connector).gekende_gegevens(context)


async def _dossiers(connector: object, context: CallContext) -> object:
    return await cast(Dossiers, connector).dossiers(context)


async def _aanbod(connector: object, context: CallContext) -> object:
    return await cast(Offerings, connector).aanbod(context)


async def _start_aanvraag(connector: object, context: CallContext) -> object:
    return await cast(StartRequest, connector).start_aanvraag(context, START_DIENST, START_GEGEVENS)


async def _wijzig_dossier(connector: object, context: CallContext) -> object:
    return await cast(DossierChanges, connector).wijzig_dossier(context, WIJZIG_DOSSIER, WIJZIGING)


async def _documenten(connector: object, context: CallContext) -> object:
    return await cast(DossierDocuments, connector).documenten(context)


async def _gewijzigde_dossiers(connector: object, context: CallContext) -> object:
    return await cast(DossierReconcile, connector).gewijzigde_dossiers(context, GEWIJZIGD_SINDS)


CALLS: dict[str, CapabilityCall] = {
    call.capability: call
    for call in (
        CapabilityCall("ProfileFacts", "gekende_gegevens", _gekende_gegevens, Feit, many=True),
        CapabilityCall("Dossiers", "dossiers", _dossiers, Dossier, many=True),
        CapabilityCall("Offerings", "aanbod", _aanbod, Aanbod, many=True),
        CapabilityCall("StartRequest", "start_aanvraag", _start_aanvraag, StartResultaat, many=False),
        CapabilityCall("DossierChanges", "wijzig_dossier", _wijzig_dossier, Dossier, many=False),
        CapabilityCall(
            "DossierReconcile", "gewijzigde_dossiers", _gewijzigde_dossiers, DossierGewijzigd, many=True
        ),
        CapabilityCall("DossierDocuments", "documenten", _documenten, Document, many=True),
    )
}


def implemented(connector_class: type) -> list[str]:
    """The capabilities whose method `connector_class` defines, in the SDK's order."""
    return [name for name, method in METHODS.items() if callable(getattr(connector_class, method, None))]
