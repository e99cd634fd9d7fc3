"""Traces leave a running hub by OTLP/HTTP when `HUB_OTEL_ENDPOINT` names a collector (here a
small one on loopback that reads the protobuf requests), and not otherwise; a wrong endpoint is a
wrong setting."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
from pydantic import ValidationError
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from hub.settings import Settings
from tests.utils.hub_process import hub_process
from tests.utils.servers import serving

TRACE_ID = "0af7651916cd43dd8448eb211c80319c"


@dataclass
class Collector:
    """What an OpenTelemetry collector received: per span, its trace id, name and service."""

    spans: list[tuple[str, str, str]] = field(default_factory=list)
    changed: threading.Condition = field(default_factory=threading.Condition)

    async def traces(self, request: Request) -> Response:
        export = ExportTraceServiceRequest()
        export.ParseFromString(await request.body())
        with self.changed:
            for resource_spans in export.resource_spans:
                named = {a.key: a.value.string_value for a in resource_spans.resource.attributes}
                service = named.get("service.name", "")
                for scope_spans in resource_spans.scope_spans:
                    self.spans.extend((s.trace_id.hex(), s.name, service) for s in scope_spans.spans)
            self.changed.notify_all()
        return Response(status_code=200)

    def wait_for_trace(self, trace_id: str, names: set[str], seconds: float = 30.0) -> bool:
        def complete() -> bool:
            return names <= {name for trace, name, _ in self.spans if trace == trace_id}

        with self.changed:
            return self.changed.wait_for(complete, timeout=seconds)


@pytest.fixture
def collector() -> Iterator[tuple[Collector, str]]:
    found = Collector()
    app = Starlette(routes=[Route("/v1/traces", found.traces, methods=["POST"])])
    with serving(app) as url:
        yield found, url


def test_a_hub_with_an_endpoint_sends_its_spans_there_and_samples_new_traces(
    tmp_path: Path, collector: tuple[Collector, str]
) -> None:
    received, url = collector
    # (a short batch delay: the spans go out within a tenth of a second, not the default 5 s)
    with hub_process(tmp_path, HUB_OTEL_ENDPOINT=url, OTEL_BSP_SCHEDULE_DELAY="100") as hub:
        traced = httpx.post(
            f"{hub.url}/graphql",
            json={"query": "query Wie { __typename }"},
            headers={"traceparent": f"00-{TRACE_ID}-b7ad6b7169203331-01"},
            timeout=10,
        )
        own = httpx.post(f"{hub.url}/graphql", json={"query": "{ __typename }"}, timeout=10)

        assert traced.status_code == own.status_code == 200
        assert received.wait_for_trace(TRACE_ID, {"POST /graphql", "query Wie"})
        new_trace = own.headers["x-correlation-id"]  # a trace the hub began (ratio 1: recorded)
        assert received.wait_for_trace(new_trace, {"POST /graphql", "query"})
    assert {service for _, _, service in received.spans} == {"vloket-hub"}


def test_a_hub_without_an_endpoint_sends_no_span_anywhere(
    tmp_path: Path, collector: tuple[Collector, str]
) -> None:
    received, url = collector
    # The collector's address in the standard variable: the hub still sends nothing without its own.
    with hub_process(tmp_path, OTEL_EXPORTER_OTLP_ENDPOINT=url, OTEL_BSP_SCHEDULE_DELAY="100") as hub:
        answer = httpx.post(
            f"{hub.url}/graphql",
            json={"query": "{ __typename }"},
            headers={"traceparent": f"00-{TRACE_ID}-b7ad6b7169203331-01"},
            timeout=10,
        )
        assert answer.status_code == 200
        assert answer.headers["x-correlation-id"] == TRACE_ID  # the trace still ties the logs
    # (the process has stopped, and with it flushed whatever it would have sent)
    assert received.spans == []


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("otel_endpoint", "ftp://collector:4318"),
        ("otel_endpoint", "http://collector:4318/v1 traces"),
        ("otel_endpoint", "collector:4318"),
        ("otel_endpoint", "http://user:secret@collector:4318"),  # (a password would reach the logs)
        ("otel_endpoint", "http://trusted.example@evil.example:4318"),
        ("otel_endpoint", "http://collector:99999"),
        ("otel_endpoint", "http://collector:0"),
        ("otel_endpoint", "http://collector\u200b:4318"),
        ("otel_sample_ratio", 1.5),
        ("otel_service_name", "hub\nnaam"),
    ],
)
def test_a_wrong_tracing_setting_is_refused_by_name(setting: str, value: object) -> None:
    with pytest.raises(ValidationError, match=setting):
        Settings.model_validate({setting: value})
