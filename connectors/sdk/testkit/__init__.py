"""The connector SDK's standard test suite, and what a connector's own tests need around it.

Enable it in three lines::

    from connectors.sdk.testkit import ConformanceSuite

    class TestMijnDienst(ConformanceSuite):
        connector_class = MijnDienst
        config = MijnDienstConfig(name="mijn-dienst", base_url="http://remote.test", audience="mijn-dienst")
        capabilities = ("Dossiers",)

It calls every capability the connector implements against simulated remotes (`httpx.MockTransport`)
and checks: the config model (a `ConnectorConfig`, a JSON schema, unknown fields and a missing
`base_url` refused); declared capabilities are the implemented ones; every remote failure becomes
the SDK error that says what to do (5xx, timeouts, refused connections and garbage:
`ConnectorUnavailable`; 404: `NotFound`; 400/409/422: `ConnectorRejected`; 401/403:
`ConnectorConfigError`), never another exception; every request carries exactly the token
exchanged for the connector's audience and nothing of the person's own; a call ends by its
deadline (every request waits no longer than the deadline allows, and a remote too late is
`ConnectorUnavailable`); a service's own push (`StatusEvents`) is refused unsigned, altered or
garbled, and mapped the same way every time (`Responses(status_push=...)` gives a signed sample);
health reports an unreachable remote. The simulated remotes keep simulated time: no check waits
for real time to pass.

For a sandbox test over real HTTP: `serving(app)` and `call_context(audience=..., token=...)`;
`serving_all({port: app, ...})` starts and stops several servers side by side. A port from
`free_port()` stays held for its server until that server listens, so nothing else takes it.
"""

from connectors.sdk.testkit.context import PERSON_TOKEN, call_context, exchanged_token
from connectors.sdk.testkit.loopback import free_port, free_ports, release_port, serving, serving_all
from connectors.sdk.testkit.remotes import FAILURES, Handler, RemoteFailure, Responses, json_answer
from connectors.sdk.testkit.subject import Nonconformity, NotApplicable, Subject
from connectors.sdk.testkit.suite import ConformanceSuite

__all__ = [
    "FAILURES",
    "PERSON_TOKEN",
    "ConformanceSuite",
    "Handler",
    "Nonconformity",
    "NotApplicable",
    "RemoteFailure",
    "Responses",
    "Subject",
    "call_context",
    "exchanged_token",
    "free_port",
    "free_ports",
    "json_answer",
    "release_port",
    "serving",
    "serving_all",
]
