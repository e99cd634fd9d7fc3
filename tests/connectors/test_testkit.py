"""The conformance suite itself: a connector that does everything right passes it, and for each
mistake a connector can make, the suite fails exactly the tests that name that mistake."""

from __future__ import annotations

from dataclasses import fields

import httpx
import pytest

from connectors.sdk.capabilities import CAPABILITIES
from connectors.sdk.testkit import FAILURES, ConformanceSuite, Responses
from connectors.sdk.testkit.calls import CALLS, METHODS
from connectors.sdk.testkit.remotes import SimulatedRemote, json_answer
from tests.connectors.testkit_connectors import ALL_CAPABILITIES, CONFIG, RESPONSES, Gemeente
from tests.connectors.testkit_suite_runs import run_suite

pytest_plugins = ["pytester"]

TOKEN_TESTS = {f"test_every_request_carries_exactly_the_exchanged_token[{c}]" for c in CALLS}
LEAK_TESTS = {f"test_person_token_never_reaches_the_remote[{c}]" for c in CALLS}
DEADLINE_TESTS = {f"test_call_ends_by_its_deadline[{c}]" for c in CALLS}


class TestGemeenteConforms(ConformanceSuite):
    connector_class = Gemeente
    config = CONFIG
    capabilities = ALL_CAPABILITIES
    responses = RESPONSES


def test_the_suite_knows_every_capability_of_the_sdk() -> None:
    assert set(METHODS) == set(CAPABILITIES)
    assert set(CALLS) == set(CAPABILITIES) - {"StatusEvents"}


def test_a_conforming_connector_passes_every_test(pytester: pytest.Pytester) -> None:
    run = run_suite(pytester, "Gemeente")

    assert run.failed() == set()
    assert run.skipped() == set()
    assert len(run.passed()) > 60


def test_a_connector_sending_a_token_of_its_own_fails_the_token_tests(pytester: pytest.Pytester) -> None:
    run = run_suite(pytester, "ForwardsStaticToken")

    assert run.failed() == TOKEN_TESTS
    assert "vaste-sleutel-van-de-gemeente" in run.message(next(iter(TOKEN_TESTS)))


def test_a_connector_passing_on_the_person_token_fails_the_leak_tests(pytester: pytest.Pytester) -> None:
    run = run_suite(pytester, "LeaksPersonToken")

    assert run.failed() == LEAK_TESTS
    assert "the person's own token" in run.message(next(iter(LEAK_TESTS)))


def test_a_connector_letting_httpx_errors_escape_fails_every_failure_test(pytester: pytest.Pytester) -> None:
    run = run_suite(pytester, "LetsHttpErrorsEscape")

    failure_tests = {name for name in run.outcomes if name.startswith("test_remote_failure_")}
    assert len(failure_tests) == len(CALLS) * len(FAILURES)
    assert run.failed() == failure_tests | DEADLINE_TESTS
    assert "httpx.HTTPStatusError" in run.message(
        "test_remote_failure_raises_the_sdk_error[Dossiers-http-503]"
    )
    assert "httpx.ReadTimeout" in run.message(
        "test_remote_failure_raises_the_sdk_error[Dossiers-read-timeout]"
    )


def test_a_connector_ignoring_the_deadline_fails_the_deadline_tests(pytester: pytest.Pytester) -> None:
    run = run_suite(pytester, "IgnoresDeadline", select="deadline and Dossiers")

    assert run.failed() == {"test_call_ends_by_its_deadline[Dossiers]"}
    assert "timeout=context.remaining()" in run.message("test_call_ends_by_its_deadline[Dossiers]")


def test_a_connector_taking_unsigned_pushes_fails_the_signature_test(pytester: pytest.Pytester) -> None:
    run = run_suite(pytester, "TakesUnsignedPushes")

    assert run.failed() == {"test_status_push_not_signed_is_refused"}
    assert "without its headers must raise PushNotSigned" in run.message(
        "test_status_push_not_signed_is_refused"
    )


def test_a_config_model_letting_unknown_fields_through_fails(pytester: pytest.Pytester) -> None:
    run = run_suite(pytester, "AcceptsUnknownFields")

    assert run.failed() == {"test_config_refuses_unknown_fields"}


def test_capabilities_declared_but_not_implemented_fail(pytester: pytest.Pytester) -> None:
    run = run_suite(pytester, "Gemeente", capabilities=("Dossiers",), select="declared")

    assert run.failed() == {"test_declared_capabilities_are_the_implemented_ones"}
    assert "'Offerings'" in run.message("test_declared_capabilities_are_the_implemented_ones")


def test_undeclared_capabilities_fail_with_how_to_declare_them(pytester: pytest.Pytester) -> None:
    run = run_suite(pytester, "Gemeente", capabilities=None, select="declared")

    assert "capabilities = (" in run.message("test_declared_capabilities_are_the_implemented_ones")


def test_a_capability_that_is_not_a_coroutine_fails(pytester: pytest.Pytester) -> None:
    run = run_suite(pytester, "BlockingDossiers", capabilities=("Dossiers",), select="coroutines")

    assert run.failed() == {"test_capability_methods_are_coroutines"}


def test_without_canned_answers_the_happy_paths_are_skipped_and_say_how_to_add_them(
    pytester: pytest.Pytester,
) -> None:
    run = run_suite(pytester, "Gemeente", responses=False, select="well_answered")

    assert run.skipped() == {f"test_well_answered_call_returns_sdk_models[{c}]" for c in CALLS}
    assert "responses = Responses(dossiers=...)" in run.message(
        "test_well_answered_call_returns_sdk_models[Dossiers]"
    )


def test_a_wrong_canned_answer_fails_the_happy_path(pytester: pytest.Pytester) -> None:
    run = run_suite(pytester, "Gemeente", responses=False, select="well_answered", extra=WRONG_ANSWER)

    assert run.failed() == {"test_well_answered_call_returns_sdk_models[Dossiers]"}
    assert "a list of Dossier" in run.message("test_well_answered_call_returns_sdk_models[Dossiers]")


WRONG_ANSWER = 'responses = Responses(dossiers=json_answer({"dossiers": "geen lijst"}))'


async def test_a_late_remote_gives_up_at_the_requests_read_timeout_like_a_socket() -> None:
    # An hour late, and no real time passes: had it waited, the test would hang.
    remote = SimulatedRemote(json_answer([]), delay=3600.0)

    async with httpx.AsyncClient(transport=remote.transport()) as client:
        with pytest.raises(httpx.ReadTimeout, match=r"did not answer within the read timeout of 0\.10 s"):
            await client.get("http://remote.test/", timeout=0.1)

    assert len(remote.requests) == 1


async def test_a_late_remote_answers_a_client_that_would_wait_long_enough_at_once() -> None:
    remote = SimulatedRemote(json_answer(["laat"]), delay=3600.0)

    async with httpx.AsyncClient(transport=remote.transport()) as client:
        response = await client.get("http://remote.test/", timeout=7200.0)

    assert response.json() == ["laat"]


def test_responses_name_the_capability_methods() -> None:
    assert Responses().for_method("dossiers") is None
    assert RESPONSES.for_method("dossiers") is not None
    # Every method the suite calls has its canned answer; a service's own push has its sample.
    assert {f.name for f in fields(Responses)} == set(METHODS.values()) - {"map_push"} | {"status_push"}
