"""What the hub passes on of a document, whatever a service sends: PDF, PNG and JPEG only, at most
`MAX_DOCUMENT_BYTES` (declared or counted while it streams) and `MAX_OVERDRACHT_SECONDEN`, the
service's answer closed in every case; and how many transfers may be under way at once, per
service and per person."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from connectors.sdk import Document, DocumentInhoud
from hub.profile.documenten import (
    MAX_DOCUMENT_BYTES,
    OnbruikbaarDocument,
    OverdrachtAfgebroken,
    Overdrachten,
    doorgeefbaar,
    doorgeven,
    gecontroleerd,
)
from hub.rate_limits import RateLimited


class Answer:
    """A service's streamed answer: its chunks (an exception among them is raised there)."""

    def __init__(self, chunks: list[bytes | Exception]) -> None:
        self.chunks = chunks
        self.closed = False

    async def stukken(self) -> AsyncIterator[bytes]:
        for chunk in self.chunks:
            if isinstance(chunk, Exception):
                raise chunk
            yield chunk

    async def sluit(self) -> None:
        self.closed = True

    def inhoud(self, mediatype: str = "application/pdf", grootte: int | None = None) -> DocumentInhoud:
        return DocumentInhoud(mediatype=mediatype, grootte=grootte, stukken=self.stukken(), sluit=self.sluit)


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


async def read_all(stream: AsyncIterator[bytes], into: list[bytes]) -> None:
    async for chunk in stream:
        into.append(chunk)


@pytest.mark.parametrize("mediatype", ["text/html", "image/svg+xml", "application/octet-stream", ""])
def test_a_kind_a_browser_could_run_is_refused(mediatype: str) -> None:
    with pytest.raises(OnbruikbaarDocument) as refused:
        gecontroleerd("kiosk", Answer([b"<script>"]).inhoud(mediatype))

    assert "does not pass on" in refused.value.reason
    assert refused.value.code == "INTERNAL_ERROR"  # a fault at the service, not "unavailable"


def test_a_declared_size_over_the_bound_is_refused_before_a_byte_is_read() -> None:
    with pytest.raises(OnbruikbaarDocument):
        gecontroleerd("kiosk", Answer([b"%PDF-"]).inhoud(grootte=MAX_DOCUMENT_BYTES + 1))


def test_documents_the_hub_would_refuse_are_not_offered() -> None:
    def document(mediatype: str, grootte: int | None = None) -> Document:
        return Document(dossier_id="D-1", id="d", titel="Brief", mediatype=mediatype, grootte=grootte)

    assert doorgeefbaar(document("application/pdf"))
    assert doorgeefbaar(document("image/png", MAX_DOCUMENT_BYTES))
    assert not doorgeefbaar(document("text/html"))
    assert not doorgeefbaar(document("application/pdf", MAX_DOCUMENT_BYTES + 1))


async def test_a_stream_past_the_bound_stops_and_is_closed_and_no_longer_counted() -> None:
    answer = Answer([b"a" * 10, b"b" * 10, b"c" * 10])
    ended: list[bool] = []
    passed: list[bytes] = []

    with pytest.raises(OverdrachtAfgebroken):
        await read_all(
            doorgeven("kiosk", answer.inhoud(), einde=lambda: ended.append(True), max_bytes=25), passed
        )

    assert passed == [b"a" * 10, b"b" * 10]
    assert answer.closed
    assert ended == [True]


async def test_a_stream_longer_than_its_time_stops() -> None:
    clock = Clock()
    answer = Answer([b"a", b"b", b"c"])
    stream = doorgeven("kiosk", answer.inhoud(), klok=clock, max_seconden=60)

    assert await anext(stream) == b"a"
    clock.now += 61  # the service trickles
    with pytest.raises(OverdrachtAfgebroken) as stopped:
        await anext(stream)

    assert "longer than 60 s" in str(stopped.value)
    assert answer.closed


@pytest.mark.parametrize(
    "failure", [httpx.ReadTimeout("stalled"), httpx.RemoteProtocolError("peer closed connection")]
)
async def test_a_service_breaking_off_stops_the_stream_and_it_is_closed(failure: Exception) -> None:
    answer = Answer([b"%PDF-", failure])
    passed: list[bytes] = []

    with pytest.raises(OverdrachtAfgebroken) as stopped:
        await read_all(doorgeven("kiosk", answer.inhoud()), passed)

    assert passed == [b"%PDF-"]
    assert "broke off" in str(stopped.value)
    assert answer.closed


async def test_a_stream_within_the_bounds_passes_whole_and_is_closed() -> None:
    answer = Answer([b"%PDF-1.4 ", b"rest"])
    inhoud = gecontroleerd("kiosk", answer.inhoud(grootte=13))
    passed: list[bytes] = []

    await read_all(doorgeven("kiosk", inhoud), passed)

    assert b"".join(passed) == b"%PDF-1.4 rest"
    assert answer.closed


async def test_a_reader_that_stops_early_still_closes_the_answer() -> None:
    answer = Answer([b"a", b"b", b"c"])
    ended: list[bool] = []
    stream = doorgeven("kiosk", answer.inhoud(), einde=lambda: ended.append(True))

    assert await anext(stream) == b"a"
    await stream.aclose()  # the person's download broke off

    assert answer.closed
    assert ended == [True]


def test_transfers_are_bounded_per_person_and_per_service_and_freed_once_each() -> None:
    overdrachten = Overdrachten(per_dienst=3, per_persoon=2)

    an = [overdrachten.begin("kiosk", "an") for _ in range(2)]
    with pytest.raises(RateLimited) as per_person:
        overdrachten.begin("kiosk", "an")
    pieter = overdrachten.begin("kiosk", "pieter")
    with pytest.raises(RateLimited) as per_service:
        overdrachten.begin("kiosk", "lotte")
    elsewhere = overdrachten.begin("gemeente-gent", "lotte")  # another service has its own room
    an[0]()
    an[0]()  # ending twice frees one place, not two
    lotte = overdrachten.begin("kiosk", "lotte")

    assert per_person.value.retry_after > 0
    assert "per persoon" in per_person.value.limit
    assert "van kiosk" in per_service.value.limit
    assert overdrachten.bezig("kiosk") == 3
    assert overdrachten.bezig("gemeente-gent") == 1
    for einde in (an[1], pieter, elsewhere, lotte):
        einde()
    assert overdrachten.bezig("kiosk") == 0
