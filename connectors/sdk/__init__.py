"""What a connector author imports: the capabilities, the call context, the errors, the base
class with its config model, the HTTP client factory, and the call to a JSON API with the
exchanged token (`bearer_request`). The testkit is `connectors.sdk.testkit`."""

from connectors.sdk.capabilities import (
    DossierChanges,
    DossierReconcile,
    Dossiers,
    Offerings,
    ProfileFacts,
    StartRequest,
    StatusEvents,
    capabilities_of,
)
from connectors.sdk.connector import Connector, ConnectorConfig, Health
from connectors.sdk.context import CallContext, Person, TokenProvider
from connectors.sdk.errors import (
    ConnectorConfigError,
    ConnectorError,
    ConnectorRejected,
    ConnectorUnavailable,
    NotFound,
)
from connectors.sdk.http import http_client
from connectors.sdk.models import (
    Aanbod,
    Dossier,
    DossierGebeurtenis,
    DossierStatus,
    DossierWijziging,
    Feit,
    StartResultaat,
    WebLink,
)
from connectors.sdk.remote import bearer_request, remote_answer

__all__ = [
    "Aanbod",
    "CallContext",
    "Connector",
    "ConnectorConfig",
    "ConnectorConfigError",
    "ConnectorError",
    "ConnectorRejected",
    "ConnectorUnavailable",
    "Dossier",
    "DossierChanges",
    "DossierGebeurtenis",
    "DossierReconcile",
    "DossierStatus",
    "DossierWijziging",
    "Dossiers",
    "Feit",
    "Health",
    "NotFound",
    "Offerings",
    "Person",
    "ProfileFacts",
    "StartRequest",
    "StartResultaat",
    "StatusEvents",
    "TokenProvider",
    "WebLink",
    "bearer_request",
    "capabilities_of",
    "http_client",
    "remote_answer",
]
