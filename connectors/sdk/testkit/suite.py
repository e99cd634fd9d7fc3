"""The standard conformance suite: subclass it in a test module, name your connector, a config
and the capabilities it has, and pytest runs every check against simulated remotes.

Example::

    class TestMijnDienst(ConformanceSuite):
        connector_class = MijnDienst
        config = MijnDienstConfig(name="mijn-dienst", base_url="http://remote.test", audience="mijn-dienst")
        capabilities = ("Dossiers",)

Optionally `responses = Responses(dossiers=json_answer({...}))` gives the remote's answer when
all is well, so the suite also checks that a good answer becomes SDK models.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine, Mapping, Sequence
from typing import ClassVar

import pytest

from connectors.sdk.connector import ConnectorConfig
from connectors.sdk.discovery import AnyConnector
from connectors.sdk.testkit import call_checks, push_checks, shape_checks
from connectors.sdk.testkit.calls import CALLS, implemented
from connectors.sdk.testkit.remotes import FAILURES, RemoteFailure, Responses
from connectors.sdk.testkit.subject import Nonconformity, NotApplicable, Subject


def _judge(check: Callable[[], Coroutine[object, object, None] | None]) -> None:
    """Run one check: one that does not apply is a skip; a nonconformity fails with its message
    alone (raised outside the handler, so the report shows no traceback of the suite's own)."""
    skipped = failure = None
    try:
        pending = check()
        if pending is not None:
            asyncio.run(pending)
    except NotApplicable as reason:
        skipped = str(reason)
    except Nonconformity as nonconformity:
        failure = str(nonconformity)
    if skipped is not None:
        pytest.skip(skipped)
    if failure is not None:
        pytest.fail(failure, pytrace=False)


class ConformanceSuite:
    """What every connector must do, as pytest tests; see the module docstring."""

    connector_class: ClassVar[type[AnyConnector]]
    config: ClassVar[ConnectorConfig | Mapping[str, object]]
    capabilities: ClassVar[Sequence[str] | None] = None
    responses: ClassVar[Responses] = Responses()
    failures: ClassVar[Sequence[RemoteFailure]] = FAILURES
    """What remotes do wrong and the error each must give; a protocol whose status codes mean
    something else (GraphQL over HTTP, say) may adjust the HTTP cases, with a reason."""

    def subject(self) -> Subject:
        if not hasattr(self, "connector_class") or not hasattr(self, "config"):
            raise Nonconformity("set `connector_class` and `config` on the test class")
        return Subject.of(
            self.connector_class, self.config, declared=self.capabilities, responses=self.responses
        )

    def pytest_generate_tests(self, metafunc: pytest.Metafunc) -> None:
        connector_class = getattr(self, "connector_class", None)
        called = [c for c in implemented(connector_class) if c in CALLS] if connector_class else []
        if "failure" in metafunc.fixturenames:
            failures = getattr(self, "failures", FAILURES)
            cases = [(capability, failure) for capability in called for failure in failures]
            ids = [f"{capability}-{failure.name}" for capability, failure in cases]
            metafunc.parametrize(("capability", "failure"), cases, ids=ids)
        elif "capability" in metafunc.fixturenames:
            metafunc.parametrize("capability", called)

    def test_kind_is_an_entry_point_name(self) -> None:
        _judge(lambda: shape_checks.check_kind(self.subject()))

    def test_config_model_is_a_connector_config(self) -> None:
        _judge(lambda: shape_checks.check_config_model(self.subject()))

    def test_config_model_has_a_json_schema(self) -> None:
        _judge(lambda: shape_checks.check_json_schema(self.subject()))

    def test_config_refuses_unknown_fields(self) -> None:
        _judge(lambda: shape_checks.check_refuses_unknown_fields(self.subject()))

    def test_config_requires_base_url(self) -> None:
        _judge(lambda: shape_checks.check_requires_base_url(self.subject()))

    def test_capability_methods_are_coroutines(self) -> None:
        _judge(lambda: shape_checks.check_capability_methods_are_coroutines(self.subject()))

    def test_declared_capabilities_are_the_implemented_ones(self) -> None:
        _judge(lambda: shape_checks.check_declared_capabilities(self.subject()))

    def test_remote_failure_raises_the_sdk_error(self, capability: str, failure: RemoteFailure) -> None:
        _judge(lambda: call_checks.check_failure_is_classed(self.subject(), capability, failure))

    def test_every_request_carries_exactly_the_exchanged_token(self, capability: str) -> None:
        _judge(lambda: call_checks.check_exchanged_token(self.subject(), capability))

    def test_person_token_never_reaches_the_remote(self, capability: str) -> None:
        _judge(lambda: call_checks.check_person_token_stays(self.subject(), capability))

    def test_call_ends_by_its_deadline(self, capability: str) -> None:
        _judge(lambda: call_checks.check_deadline(self.subject(), capability))

    def test_well_answered_call_returns_sdk_models(self, capability: str) -> None:
        _judge(lambda: call_checks.check_well_answered(self.subject(), capability))

    def test_status_push_is_mapped_the_same_way_every_time(self) -> None:
        _judge(lambda: push_checks.check_push_is_mapped(self.subject()))

    def test_status_push_not_signed_is_refused(self) -> None:
        _judge(lambda: push_checks.check_unsigned_push_is_refused(self.subject()))

    def test_status_push_of_garbage_is_refused_with_the_sdk_errors(self) -> None:
        _judge(lambda: push_checks.check_garbage_push_is_refused(self.subject()))

    def test_health_reports_an_unreachable_remote(self) -> None:
        _judge(lambda: call_checks.check_health_unreachable(self.subject()))
