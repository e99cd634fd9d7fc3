"""What the hub passes on of a document, whatever a service sends: PDF, PNG and JPEG only, at most
`MAX_DOCUMENT_BYTES` (declared or counted while it streams), and the service's answer closed in
every case."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from connectors.sdk import ConnectorUnavailable, DocumentInhoud
from hub.profile.documenten import MAX_DOCUMENT_BYTES, doorgeven, gecontroleerd


class Answer:
    def __init__(self, chunks: list[bytes]) -> None:
        self.chunks = chunks
        self.closed = False

    async def stukken(self) -> AsyncIterator[bytes]:
        for chunk in self.chunks:
            yield chunk

    async def sluit(self) -> None:
        self.closed = True

    def inhoud(self, mediatype: str = "application/pdf", grootte: int | None = None) -> DocumentInhoud:
        return DocumentInhoud(mediatype=mediatype, grootte=grootte, stukken=self.stukken(), sluit=self.sluit)


@pytest.mark.parametrize("mediatype", ["text/html", "image/svg+xml", "application/octet-stream", ""])
async def test_a_kind_a_browser_could_run_is_refused_and_closed(mediatype: str) -> None:
    answer = Answer([b"<script>"])

    with pytest.raises(ConnectorUnavailable) as refused:
        await gecontroleerd("kiosk", answer.inhoud(mediatype))

    assert answer.closed
    assert "does not pass on" in refused.value.reason


async def test_a_declared_size_over_the_bound_is_refused_before_a_byte_is_read() -> None:
    answer = Answer([b"%PDF-"])

    with pytest.raises(ConnectorUnavailable):
        await gecontroleerd("kiosk", answer.inhoud(grootte=MAX_DOCUMENT_BYTES + 1))

    assert answer.closed


async def test_a_stream_past_the_bound_stops_and_is_closed() -> None:
    answer = Answer([b"a" * 10, b"b" * 10, b"c" * 10])
    passed: list[bytes] = []

    async def read() -> None:
        async for chunk in doorgeven("kiosk", answer.inhoud(), max_bytes=25):
            passed.append(chunk)

    with pytest.raises(ConnectorUnavailable):
        await read()

    assert passed == [b"a" * 10, b"b" * 10]
    assert answer.closed


async def test_a_stream_within_the_bound_passes_whole_and_is_closed() -> None:
    answer = Answer([b"%PDF-1.4 ", b"rest"])
    inhoud = await gecontroleerd("kiosk", answer.inhoud(grootte=13))

    assert b"".join([chunk async for chunk in doorgeven("kiosk", inhoud)]) == b"%PDF-1.4 rest"
    assert answer.closed


async def test_a_reader_that_stops_early_still_closes_the_answer() -> None:
    answer = Answer([b"a", b"b", b"c"])
    stream = doorgeven("kiosk", answer.inhoud())

    assert await anext(stream) == b"a"
    await stream.aclose()  # the person's download broke off

    assert answer.closed
