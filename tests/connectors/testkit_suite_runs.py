"""Running the conformance suite on a connector from `testkit_connectors` in a pytest session of
its own (pytester), and reading which of its tests passed, failed or were skipped, and why."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pytest

from tests.connectors.testkit_connectors import ALL_CAPABILITIES

MODULE = """
from connectors.sdk.testkit import ConformanceSuite, Responses, json_answer
from tests.connectors.testkit_connectors import CONFIG, RESPONSES, {connector}


class TestSuite(ConformanceSuite):
    connector_class = {connector}
    config = CONFIG
    capabilities = {capabilities!r}
    {responses}
"""


@dataclass(frozen=True)
class SuiteRun:
    outcomes: dict[str, str]
    """Test name (with its parameters) -> passed, failed or skipped."""
    messages: dict[str, str]

    def _with(self, outcome: str) -> set[str]:
        return {name for name, seen in self.outcomes.items() if seen == outcome}

    def passed(self) -> set[str]:
        return self._with("passed")

    def failed(self) -> set[str]:
        return self._with("failed")

    def skipped(self) -> set[str]:
        return self._with("skipped")

    def message(self, name: str) -> str:
        return self.messages[name]


def run_suite(
    pytester: pytest.Pytester,
    connector: str,
    *,
    capabilities: Sequence[str] | None = ALL_CAPABILITIES,
    responses: bool = True,
    select: str | None = None,
    extra: str = "",
) -> SuiteRun:
    """The suite on `connector`, with `RESPONSES` as its canned answers unless `responses` is
    False; `extra` is one more line of the test class; `select` a `-k` expression."""
    declared = tuple(capabilities) if capabilities is not None else None
    body = extra or ("responses = RESPONSES" if responses else "")
    pytester.makepyfile(test_suite=MODULE.format(connector=connector, capabilities=declared, responses=body))
    # Without pytest-asyncio: the suite needs no plugin of the author's.
    arguments = ["-p", "no:cacheprovider", "-p", "no:asyncio", "-p", "no:hypothesispytest", "-W", "error"]
    arguments += ["-k", select] if select else []
    recorder = pytester.inline_run(*arguments)
    outcomes: dict[str, str] = {}
    messages: dict[str, str] = {}
    for report in recorder.getreports("pytest_runtest_logreport"):
        name = report.nodeid.split("::")[-1]
        if report.when == "call" or report.outcome != "passed":
            outcomes[name] = report.outcome
            longrepr = report.longrepr
            messages[name] = str(longrepr[2]) if isinstance(longrepr, tuple) else report.longreprtext
    assert outcomes, "the suite ran no test"
    return SuiteRun(outcomes=outcomes, messages=messages)
