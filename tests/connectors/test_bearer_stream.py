"""`bearer_stream`: a file from a service with the exchanged token, opened (status and headers
read) but not read; uncompressed only, its refusals the SDK's errors, its size when it says so."""

from __future__ import annotations

import gzip

import httpx
import pytest

from connectors.sdk import ConnectorUnavailable, NotFound, bearer_stream
from tests.connectors.hub_side import call_context


def client(answer: httpx.Response, seen: list[httpx.Request]) -> httpx.AsyncClient:
    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return answer

    return httpx.AsyncClient(base_url="http://dienst.test", transport=httpx.MockTransport(handle))


async def test_a_file_opens_with_the_token_uncompressed_and_streams_its_bytes() -> None:
    seen: list[httpx.Request] = []
    answer = httpx.Response(200, headers={"content-type": "application/pdf"}, content=b"%PDF-1.7 brief")
    async with client(answer, seen) as http:
        inhoud = await bearer_stream(http, "dienst", call_context("tok"), "/brief", accept="application/pdf")
        body = b"".join([chunk async for chunk in inhoud.stukken])
        await inhoud.sluit()

    assert (inhoud.mediatype, inhoud.grootte, body) == ("application/pdf", 14, b"%PDF-1.7 brief")
    assert seen[0].headers["authorization"] == "Bearer tok"
    assert seen[0].headers["accept-encoding"] == "identity"
    assert seen[0].headers["accept"] == "application/pdf"


async def test_a_compressed_answer_is_refused_before_anything_is_unpacked() -> None:
    bomb = gzip.compress(b"\0" * 10_000_000)
    answer = httpx.Response(
        200, headers={"content-type": "application/pdf", "content-encoding": "gzip"}, content=bomb
    )
    async with client(answer, []) as http:
        with pytest.raises(ConnectorUnavailable) as refused:
            await bearer_stream(http, "dienst", call_context("tok"), "/brief", accept="application/pdf")

    assert "compressed" in refused.value.reason


async def test_a_refusal_is_the_sdk_error_with_the_services_reason() -> None:
    answer = httpx.Response(404, json={"detail": "Dossier D-1 heeft geen document x."})
    async with client(answer, []) as http:
        with pytest.raises(NotFound) as refused:
            await bearer_stream(http, "dienst", call_context("tok"), "/brief", accept="application/pdf")

    assert refused.value.reason == "Dossier D-1 heeft geen document x."


async def test_a_size_that_cannot_be_is_taken_as_unknown() -> None:
    answer = httpx.Response(200, headers={"content-type": "application/pdf", "content-length": "-5"})
    async with client(answer, []) as http:
        inhoud = await bearer_stream(http, "dienst", call_context("tok"), "/brief", accept="application/pdf")
        await inhoud.sluit()

    assert inhoud.grootte is None
