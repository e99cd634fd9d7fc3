"""What a connector author imports: the capabilities, the call context, the errors, the base
class with its config model, the HTTP client factory, and the calls to a service's API with the
exchanged token (`bearer_request` for JSON, `bearer_stream` for a file). The testkit is
`connectors.sdk.testkit`."""

from connectors.sdk.capabilities import (
    DossierChanges,
    DossierDocuments,
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
    Document,
    Dossier,
    DossierGebeurtenis,
    DossierStatus,
    DossierWijziging,
    Feit,
    StartResultaat,
    WebLink,
)
from connectors.sdk.remote import DocumentInhoud, bearer_request, bearer_stream, remote_answer

__all__ = [
    "Aanbod",
    "CallContext",
    "Connector",
    "ConnectorConfig",
    "ConnectorConfigError",
    "ConnectorError",
    "ConnectorRejected",
    "ConnectorUnavailable",
    "Document",
    "DocumentInhoud",
    "Dossier",
    "DossierChanges",
    "DossierDocuments",
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
    "bearer_stream",
    "capabilities_of",
    "http_client",
    "remote_answer",
]
