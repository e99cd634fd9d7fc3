"""What a connector can do, one Protocol per capability. A connector implements the methods of
the capabilities it has; the hub finds them with `isinstance`, nothing else to declare.

Example::

    class Kiosk(Connector[KioskConfig]):
        async def dossiers(self, context: CallContext) -> list[Dossier]: ...

    isinstance(kiosk, Dossiers)  # True
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Protocol, runtime_checkable

from connectors.sdk.context import CallContext
from connectors.sdk.events import DossierGewijzigd, MappedPush
from connectors.sdk.models import Aanbod, Document, Dossier, DossierWijziging, Feit, StartResultaat
from connectors.sdk.remote import DocumentInhoud


@runtime_checkable
class ProfileFacts(Protocol):
    async def gekende_gegevens(self, context: CallContext) -> list[Feit]:
        """What this system knows about the association the person acts for."""
        ...


@runtime_checkable
class Dossiers(Protocol):
    async def dossiers(self, context: CallContext) -> list[Dossier]:
        """Every dossier of the association at this system."""
        ...


@runtime_checkable
class DossierChanges(Protocol):
    async def wijzig_dossier(
        self, context: CallContext, dossier_id: str, wijziging: DossierWijziging
    ) -> Dossier:
        """Change what the association may change on its dossier (contact, rekeningnummer) all
        at once or not at all; the service's refusal comes back as `ConnectorRejected`."""
        ...


@runtime_checkable
class DossierDocuments(Protocol):
    async def documenten(self, context: CallContext) -> list[Document]:
        """Every document in the association's dossiers at this system (decision letters,
        attests), in one call: the dossier page lists them under their dossiers."""
        ...

    async def open_document(self, context: CallContext, dossier_id: str, document_id: str) -> DocumentInhoud:
        """Open one document of the association's dossier (`bearer_stream`): its status and
        headers read, its bytes streamed by the hub to the person, who never gets the service's
        address or token. `NotFound` when the dossier or document is not the association's."""
        ...


@runtime_checkable
class Offerings(Protocol):
    async def aanbod(self, context: CallContext) -> list[Aanbod]:
        """What this system offers (for the offerings register to match)."""
        ...


@runtime_checkable
class StartRequest(Protocol):
    async def start_aanvraag(
        self, context: CallContext, dienst: str, gegevens: Mapping[str, str]
    ) -> StartResultaat:
        """Start a request at the competent service, prefilled with `gegevens` (once-only)."""
        ...


@runtime_checkable
class StatusEvents(Protocol):
    def map_push(self, headers: Mapping[str, str], body: bytes) -> MappedPush:
        """Read a push in the service's own format, as it came to `POST /events/{name}/eigen`:
        check its signature (else `PushNotSigned`) and map what it says to the hub's events
        (else `PushMalformed` naming the field). Plain `def`: the hub runs it in a worker thread
        for a large body, so parsing never holds the event loop; no I/O."""
        ...


MAX_GEWIJZIGDE_DOSSIERS = 5000
"""Most dossiers one `gewijzigde_dossiers` answer holds (the hub reads no more)."""


@runtime_checkable
class DossierReconcile(Protocol):
    async def gewijzigde_dossiers(self, context: CallContext, sinds: datetime) -> list[DossierGewijzigd]:
        """Every dossier the service changed since `sinds` (at most `MAX_GEWIJZIGDE_DOSSIERS`,
        the most recently changed when there are more), each as the state a `dossier.gewijzigd`
        event carries, with `bijgewerkt_op` when it last changed. The hub's periodic reconcile
        pull reads it to heal pushes that never arrived. `context` carries a token for the hub
        itself, obtained by client credentials: no person and no association (`context.v_code`
        is None)."""
        ...


CAPABILITIES: dict[str, type] = {
    "ProfileFacts": ProfileFacts,
    "Dossiers": Dossiers,
    "DossierChanges": DossierChanges,
    "DossierDocuments": DossierDocuments,
    "Offerings": Offerings,
    "StartRequest": StartRequest,
    "StatusEvents": StatusEvents,
    "DossierReconcile": DossierReconcile,
}


def capabilities_of(connector: object) -> list[str]:
    return [name for name, protocol in CAPABILITIES.items() if isinstance(connector, protocol)]
