"""The connector SDK through what an author and the hub use: discovery, configuration, the
capabilities a class has, the HTTP client, health, and the error classes."""

from __future__ import annotations

import contextlib
import gzip
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractContextManager
from importlib.metadata import EntryPoint
from pathlib import Path
from typing import Any

import httpx
import pytest
from opentelemetry import trace
from opentelemetry.trace import NonRecordingSpan, SpanContext, TraceFlags
from pydantic import TypeAdapter, ValidationError

from connectors.sdk import (
    ConnectorConfigError,
    ConnectorRejected,
    ConnectorUnavailable,
    Dossier,
    DossierStatus,
    NotFound,
    StartResultaat,
    capabilities_of,
    http_client,
)
from connectors.sdk.discovery import GROUP, configure, discover, read_instances
from connectors.sdk.http import correlation_id
from connectors.sdk.remote import remote_answer
from tests.connectors.sample import Sample

SAMPLE = EntryPoint(name="sample", value="tests.connectors.sample:Sample", group=GROUP)
VALID: dict[str, object] = {
    "kind": "sample",
    "name": "gemeente-gent",
    "base_url": "http://127.0.0.1:1",
    "audience": "gent",
    "gemeente": "Gent",
}


def test_installed_connectors_are_found_and_broken_ones_reported() -> None:
    points = [
        SAMPLE,
        EntryPoint(name="kapot", value="tests.connectors.does_not_exist:Kapot", group=GROUP),
        EntryPoint(name="vreemd", value="tests.connectors.sample:NOT_A_CONNECTOR", group=GROUP),
    ]

    kinds, problems = discover(points)

    assert kinds == {"sample": Sample}
    assert [(p.where, "cannot be imported" in p.reason) for p in problems] == [
        ("entry point kapot", True),
        ("entry point vreemd", False),
    ]
    assert problems[1].reason == "is not a Connector class"


def test_instances_are_configured_and_bad_ones_skipped_with_the_field_named() -> None:
    instances: list[dict[str, object]] = [
        VALID,
        {**VALID, "name": "gemeente-liedekerke", "gemeente": "Liedekerke"},
        {**VALID, "name": "zonder-url", "base_url": None},
        {**VALID, "name": "te-veel", "kleur": "blauw"},
        {**VALID, "kind": "onbekend", "name": "x"},
        {**VALID},  # the same name again
    ]

    loaded = configure(instances, {"sample": Sample})

    assert [c.name for c in loaded.connectors] == ["gemeente-gent", "gemeente-liedekerke"]
    reasons = [p.reason for p in loaded.problems]
    assert "base_url" in reasons[0]
    assert "kleur" in reasons[1]
    assert "unknown kind 'onbekend'" in reasons[2]
    assert "used twice" in reasons[3]
    assert loaded.problems[0].where == "connector #3 (zonder-url)"


def test_capabilities_are_what_the_class_implements() -> None:
    connector = configure([VALID], {"sample": Sample}).connectors[0]

    assert capabilities_of(connector) == ["ProfileFacts", "Dossiers"]


def test_instances_are_read_from_toml_and_yaml(tmp_path: Path) -> None:
    toml = tmp_path / "connectors.toml"
    toml.write_text('[[connector]]\nkind = "sample"\nname = "gent"\n', "utf-8")
    yaml = tmp_path / "connectors.yaml"
    yaml.write_text("connector:\n  - kind: sample\n    name: gent\n", "utf-8")

    assert read_instances(toml) == [{"kind": "sample", "name": "gent"}]
    assert read_instances(yaml) == [{"kind": "sample", "name": "gent"}]


@pytest.mark.parametrize(
    ("name", "text", "says"),
    [
        ("kapot.toml", "[[connector]\nkind =", "kapot.toml"),
        ("kapot.yaml", "connector: [unclosed", "kapot.yaml"),
        ("lijst.toml", 'connector = "geen lijst"', "expected a list of tables"),
    ],
)
def test_a_malformed_file_says_what_is_wrong_where(tmp_path: Path, name: str, text: str, says: str) -> None:
    path = tmp_path / name
    path.write_text(text, "utf-8")

    with pytest.raises(ValueError, match=re.escape(says)):
        read_instances(path)


CORRELATION_ID = "0123456789abcdef0123456789abcdef"


TRACE_ID = 0x4BF92F3577B34DA6A3CE929D0E0E4736
"""The trace of the request being served, as a caller's `traceparent` named it."""


def within_trace() -> AbstractContextManager[object]:
    """The current span: one of trace `TRACE_ID`, sampled (as a caller's `traceparent` makes it)."""
    context = SpanContext(TRACE_ID, 0x00F067AA0BA902B7, is_remote=True, trace_flags=TraceFlags(1))
    return trace.use_span(NonRecordingSpan(context))


async def sent(
    calls: Callable[[httpx.AsyncClient], Awaitable[object]], *, traced: bool = True
) -> list[httpx.Headers]:
    """The headers of each request `calls` makes through an SDK client, within a request of the
    hub whose correlation id is `CORRELATION_ID` (and, when `traced`, within trace `TRACE_ID`)."""
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200)

    token = correlation_id.set(CORRELATION_ID)
    try:
        with within_trace() if traced else contextlib.nullcontext():
            async with http_client(
                base_url="http://remote.test", transport=httpx.MockTransport(answer)
            ) as client:
                await calls(client)
    finally:
        correlation_id.reset(token)
    return [request.headers for request in seen]


async def test_every_call_carries_user_agent_correlation_id_and_the_trace_it_is_part_of() -> None:
    [headers] = await sent(lambda client: client.get("/x"))

    assert headers["user-agent"].startswith("vloket-hub/")
    assert headers["x-correlation-id"] == CORRELATION_ID
    assert re.fullmatch(rf"00-{TRACE_ID:032x}-[0-9a-f]{{16}}-01", headers["traceparent"])


async def test_within_a_trace_every_request_carries_it_however_it_was_built() -> None:
    own_trace = "00-" + "1" * 32 + "-" + "2" * 16 + "-01"

    async def calls(client: httpx.AsyncClient) -> None:
        await client.get("/own", headers={"TraceParent": own_trace})
        await client.get("/listed", headers=[("Accept", "text/plain")])
        await client.send(httpx.Request("GET", "http://remote.test/built-elsewhere"))

    own, listed, elsewhere = await sent(calls)

    for headers in (own, listed, elsewhere):
        assert headers["x-correlation-id"] == CORRELATION_ID
        [parent] = headers.get_list("traceparent")  # the call's own gave way: one trace, not two
        assert parent.startswith(f"00-{TRACE_ID:032x}-")
    assert listed["accept"] == "text/plain"


TRACE = {"traceparent": "00-" + "1" * 32 + "-" + "2" * 16 + "-01", "X-Correlation-Id": CORRELATION_ID}


@pytest.mark.parametrize("method", ["POST", "get", "PUT"])
@pytest.mark.parametrize(
    "options",
    [
        {"content": b'{"query": "{ a }"}', "headers": {"accept": "x/y", "X-A": "1"}, "timeout": 2.0},
        {"headers": {}},
        {"headers": {}, "timeout": None},
        {"headers": {"Host": "elders.test"}},
        {"content": b"", "headers": {"content-length": "0"}, "timeout": httpx.Timeout(3, connect=1)},
        {"content": b"", "headers": {"Transfer-Encoding": "chunked"}},
        {"content": b"xx", "headers": {"Content-Length": "2", "User-Agent": "eigen/1"}},
    ],
    ids=[
        "body-and-headers",
        "nothing",
        "no-timeout",
        "own-host",
        "empty-own-length",
        "chunked",
        "own-length-and-agent",
    ],
)
def test_a_request_is_built_exactly_as_httpx_builds_it(method: str, options: dict[str, Any]) -> None:
    """The client builds the common request itself, for speed: the result must not differ."""
    client = http_client(base_url="http://remote.test/basis/", timeout=5)

    def options_with_trace() -> dict[str, Any]:
        return {**options, "headers": {**TRACE, **options["headers"]}}

    ours = client.build_request(method, "pad?q=1", **options_with_trace())
    theirs = httpx.AsyncClient.build_request(client, method, "pad?q=1", **options_with_trace())
    # as `client.post` and the others ask for it: every option named, the unused ones None
    spelled_out = client.build_request(
        method,
        "pad?q=1",
        **{**dict.fromkeys(["data", "files", "json", "params", "cookies"]), **options_with_trace()},
    )

    assert ours.headers.raw == theirs.headers.raw == spelled_out.headers.raw
    assert (ours.method, ours.url, ours.content) == (theirs.method, theirs.url, theirs.content)
    assert ours.extensions["timeout"] == theirs.extensions["timeout"]


async def test_health_tells_reachable_from_unreachable() -> None:
    up = Sample(
        Sample.config_model.model_validate({k: v for k, v in VALID.items() if k != "kind"}),
        transport=httpx.MockTransport(lambda _: httpx.Response(404)),
    )

    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    down = Sample(up.config, transport=httpx.MockTransport(refuse))

    assert (await up.health()).reachable is True
    assert (await down.health()).reachable is False
    assert "refused" in (await down.health()).detail
    await up.aclose()
    await down.aclose()


def test_errors_say_what_the_caller_should_do() -> None:
    errors = [
        ConnectorConfigError("kiosk", "no base_url"),
        ConnectorUnavailable("kiosk", "timeout"),
        ConnectorRejected("kiosk", "rekeningnummer ongeldig"),
        NotFound("kiosk", "geen dossier K-1"),
    ]

    assert [(e.code, e.retryable) for e in errors] == [
        ("CONNECTOR_CONFIG_ERROR", False),
        ("SERVICE_UNAVAILABLE", True),
        ("REJECTED_BY_SERVICE", False),
        ("NOT_FOUND", False),
    ]
    assert str(errors[2]) == "kiosk: rekeningnummer ongeldig"


@pytest.mark.parametrize(
    "link",
    ["javascript:alert(document.cookie)", "data:text/html,<script>1</script>", "/dossiers/1", "https:"],
)
def test_a_link_a_person_would_follow_must_be_a_web_address(link: str) -> None:
    with pytest.raises(ValidationError, match=r"link\n.*not a web address"):
        Dossier(id="1", titel="Sportkamp", status=DossierStatus.INGEDIEND, dienst="KIOSK", link=link)
    with pytest.raises(ValidationError, match="not a web address"):
        StartResultaat(link=link, gedeelde_gegevens=())


def test_web_addresses_are_kept_as_given() -> None:
    https = "https://kiosk.example/dossiers/KIOSK-1?tab=status"
    local = "http://127.0.0.1:8011/dossiers/1"

    assert Dossier(id="1", titel="t", status=DossierStatus.BESLIST, dienst="d", link=https).link == https
    assert StartResultaat(link=local, gedeelde_gegevens=("naam",)).link == local


def _answering(body: Callable[[], Any], headers: dict[str, str] | None = None, status: int = 200) -> Any:
    """A client whose remote answers `body()` (bytes, or an async iterator streamed in chunks)."""

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, headers=headers, content=body())

    return http_client(transport=httpx.MockTransport(handler), base_url="http://remote.test")


async def _read(client: httpx.AsyncClient, *, max_bytes: int = 1024) -> list[int]:
    shape: TypeAdapter[list[int]] = TypeAdapter(list[int])
    return await remote_answer(
        "remote",
        lambda: client.send(client.build_request("GET", "/lijst"), stream=True),
        shape,
        within=5,
        max_bytes=max_bytes,
    )


async def test_an_answer_is_read_up_to_its_bound_and_refused_while_it_arrives_past_it() -> None:
    chunks_read = 0

    async def endless() -> AsyncIterator[bytes]:
        nonlocal chunks_read
        yield b"["
        while True:  # a remote that never stops: refused once past the bound, not read whole
            chunks_read += 1
            yield b"1," * 256

    async with _answering(lambda: b"[1, 2, 3]") as small, _answering(endless) as huge:
        assert await _read(small) == [1, 2, 3]
        with pytest.raises(ConnectorUnavailable, match="an answer larger than 1024 bytes"):
            await _read(huge)

    assert chunks_read < 10


async def test_a_declared_length_past_the_bound_or_a_compressed_bomb_is_refused() -> None:
    bomb = gzip.compress(b"[" + b"1," * 100_000 + b"1]")
    async with (
        _answering(lambda: b"[1]" + b" " * 2000) as declared,
        _answering(lambda: bomb, headers={"content-encoding": "gzip"}) as compressed,
        _answering(lambda: gzip.compress(b"[4, 5]"), headers={"content-encoding": "gzip"}) as fine,
    ):
        with pytest.raises(ConnectorUnavailable, match="larger than 1024 bytes"):
            await _read(declared)
        with pytest.raises(ConnectorUnavailable, match="larger than 1024 bytes"):
            await _read(compressed)
        assert await _read(fine) == [4, 5]


async def test_a_streamed_refusal_still_gives_the_remotes_reason() -> None:
    async with _answering(lambda: b'{"detail": "het rekeningnummer is onbekend"}', status=422) as client:
        with pytest.raises(ConnectorRejected, match="het rekeningnummer is onbekend"):
            await _read(client)
