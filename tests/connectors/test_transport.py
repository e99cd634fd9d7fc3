"""The SDK's HTTP client over real sockets on loopback: what a remote system sends arrives intact,
and every way the network fails comes out as httpx's error a connector already maps."""

from __future__ import annotations

import asyncio
import gzip
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest
from opentelemetry import trace
from opentelemetry.trace import NonRecordingSpan, SpanContext, TraceFlags
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response, StreamingResponse
from starlette.routing import Route

from connectors.sdk.http import correlation_id, http_client
from connectors.sdk.network import NetworkTransport
from connectors.sdk.testkit.loopback import free_port, serving
from tests.connectors.peers import listening, raw_server


async def echo(request: Request) -> JSONResponse:
    body = await request.body()
    return JSONResponse(
        {
            "method": request.method,
            "path": request.url.path,
            "query": request.url.query,
            "headers": dict(request.headers.items()),
            "body": body.decode(),
            "cookie": request.headers.get("cookie"),
        },
        headers={"Set-Cookie": "sessie=van-iemand-anders; Path=/"},
    )


async def gezipt(_: Request) -> Response:
    return Response(gzip.compress(b'{"ok": true}'), headers={"Content-Encoding": "gzip"})


async def groot(_: Request) -> StreamingResponse:
    async def chunks() -> object:
        for n in range(64):
            yield bytes([65 + n % 26]) * 16_384

    return StreamingResponse(chunks())  # type: ignore[arg-type]


class Traag:
    """The remote's slow answer, which comes only when the test lets it (the server runs on a
    thread of its own, hence threading's events): `begonnen` is set when a request for it
    arrived, `los` lets every such request be answered."""

    def __init__(self) -> None:
        self.begonnen = threading.Event()
        self.los = threading.Event()


TRAAG = Traag()


async def traag(_: Request) -> JSONResponse:
    TRAAG.begonnen.set()
    await asyncio.to_thread(TRAAG.los.wait)
    return JSONResponse({})


async def verwijst(_: Request) -> RedirectResponse:
    return RedirectResponse("/echo", status_code=302)


APP = Starlette(
    routes=[
        Route("/echo", echo, methods=["GET", "POST", "PUT"]),
        Route("/gezipt", gezipt),
        Route("/groot", groot),
        Route("/traag", traag),
        Route("/verwijst", verwijst),
    ]
)


@pytest.fixture(scope="module")
def remote() -> Iterator[str]:
    with serving(APP) as base_url:
        yield base_url


@pytest.fixture
def slow() -> Iterator[Traag]:
    """The slow answer, held until the test lets it go (at the latest when the test ends)."""
    TRAAG.begonnen.clear()
    TRAAG.los.clear()
    yield TRAAG
    TRAAG.los.set()


async def test_request_arrives_whole_with_headers_correlation_and_trace(remote: str) -> None:
    token = correlation_id.set("0af7651916cd43dd8448eb211c80319c")
    caller = SpanContext(0x0AF7651916CD43DD8448EB211C80319C, 0xB7AD6B7169203331, True, TraceFlags(1))
    try:
        with trace.use_span(NonRecordingSpan(caller)):
            async with http_client(base_url=remote, user_agent="mijn-connector/1.0") as client:
                response = await client.post(
                    "/echo",
                    params={"vCode": "V0001001"},
                    json={"naam": "Één & twee"},
                    headers={"X-Extra": "ja"},
                )
    finally:
        correlation_id.reset(token)
    seen = response.json()
    assert response.status_code == 200
    assert seen["method"] == "POST"
    assert seen["query"] == "vCode=V0001001"
    assert seen["body"] == '{"naam":"Één & twee"}'
    assert seen["headers"]["x-extra"] == "ja"
    assert seen["headers"]["user-agent"] == "mijn-connector/1.0"
    assert seen["headers"]["x-correlation-id"] == "0af7651916cd43dd8448eb211c80319c"
    assert seen["headers"]["traceparent"].startswith("00-0af7651916cd43dd8448eb211c80319c-")
    assert seen["headers"]["content-type"] == "application/json"


async def test_a_cookie_one_answer_sets_never_goes_along_on_the_next_call(remote: str) -> None:
    async with http_client(base_url=remote) as client:
        first = await client.get("/echo")
        second = await client.get("/echo")
    assert "sessie" in first.headers["set-cookie"]
    assert second.json()["cookie"] is None
    assert not client.cookies


async def test_compressed_and_large_bodies_are_read_whole(remote: str) -> None:
    async with http_client(base_url=remote) as client:
        zipped = await client.get("/gezipt")
        large = await client.get("/groot")
    assert zipped.json() == {"ok": True}
    assert len(large.content) == 64 * 16_384
    assert large.content[:1] == b"A"
    assert large.content[-1:] == bytes([65 + 63 % 26])


async def test_redirects_are_answers_not_followed(remote: str) -> None:
    async with http_client(base_url=remote) as client:
        response = await client.get("/verwijst")
    assert response.status_code == 302
    assert response.headers["location"] == "/echo"


async def test_nobody_listening_is_a_connect_error() -> None:
    async with http_client(base_url=f"http://127.0.0.1:{free_port()}") as client:
        with pytest.raises(httpx.ConnectError):
            await client.get("/")


async def test_an_answer_too_slow_is_a_read_timeout(remote: str, slow: Traag) -> None:
    async with http_client(base_url=remote, timeout=0.2) as client:
        with pytest.raises(httpx.ReadTimeout):
            await client.get("/traag")


@pytest.mark.parametrize(
    "answer",
    [b"dit is geen HTTP\r\n\r\n", b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nte kort", b""],
    ids=["garbage", "cut-short", "closed-without-answer"],
)
async def test_a_broken_answer_is_a_transport_error(answer: bytes) -> None:
    with raw_server(answer) as base_url:
        async with http_client(base_url=base_url) as client:
            with pytest.raises(httpx.TransportError):
                await client.get("/")


async def test_a_new_client_works_after_another_was_closed(remote: str) -> None:
    client = http_client(base_url=remote)
    assert (await client.get("/echo")).status_code == 200
    await client.aclose()
    again = http_client(base_url=remote)
    async with again:
        assert (await again.get("/echo")).status_code == 200


async def test_small_answers_stream_too_and_a_head_has_no_body(remote: str) -> None:
    async with http_client(base_url=remote) as client:
        async with client.stream("GET", "/gezipt") as small:
            chunks = [chunk async for chunk in small.aiter_bytes()]
        head = await client.head("/echo")
    assert b"".join(chunks) == b'{"ok": true}'
    assert head.status_code == 200
    assert int(head.headers["content-length"]) > 0
    assert head.content == b""


async def test_paths_follow_a_changed_base_url(remote: str) -> None:
    async with http_client(base_url=f"{remote}/eerst") as client:
        first = await client.get("/echo")
        client.base_url = httpx.URL(remote)
        second = await client.get("/echo")
    assert first.status_code == 404  # /eerst/echo
    assert second.json()["path"] == "/echo"


@contextmanager
def answering(answer: bytes) -> Iterator[tuple[str, list[int]]]:
    """A raw HTTP/1.1 server answering `answer` to every request on a connection it keeps open;
    also the number of requests seen on each connection it accepted."""
    per_connection: list[int] = []
    counting = threading.Lock()

    def talk(conn: socket.socket, done: threading.Event) -> None:
        with counting:
            index = len(per_connection)
            per_connection.append(0)
        with conn:
            conn.settimeout(5)
            pending = b""
            while not done.is_set():
                try:
                    data = conn.recv(65536)
                except OSError:  # a timeout included
                    return
                if not data:
                    return
                pending += data
                while b"\r\n\r\n" in pending:  # requests without a body: the head is the request
                    _, pending = pending.split(b"\r\n\r\n", 1)
                    per_connection[index] += 1
                    conn.sendall(answer)

    with listening(talk) as base_url:
        yield base_url, per_connection


async def test_calls_one_after_another_share_one_connection() -> None:
    with answering(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok") as (base_url, per_connection):
        async with http_client(base_url=base_url) as client:
            answers = [await client.get(f"/{n}") for n in range(5)]
    assert [a.text for a in answers] == ["ok"] * 5
    assert per_connection == [5]


async def test_a_connection_the_server_means_to_close_is_not_used_again() -> None:
    answer = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
    with answering(answer) as (base_url, per_connection):
        async with http_client(base_url=base_url) as client:
            answers = [await client.get("/") for _ in range(3)]
    assert [a.text for a in answers] == ["ok"] * 3
    assert per_connection == [1, 1, 1]


@pytest.mark.parametrize(
    ("answer", "body"),
    [
        (b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nalles tot het einde", b"alles tot het einde"),
        (b"HTTP/1.1 103 Early Hints\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", b"ok"),
        (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n", b"abcde"),
    ],
    ids=["body-until-close", "informational-first", "chunked"],
)
async def test_every_way_http_1_1_delimits_an_answer_is_read(answer: bytes, body: bytes) -> None:
    with raw_server(answer) as base_url:
        async with http_client(base_url=base_url) as client:
            response = await client.get("/")
    assert response.status_code == 200
    assert response.content == body


@pytest.mark.parametrize(
    ("headers", "named"),
    [
        ({"X-Naam": "a\r\nX-Binnengesmokkeld: ja"}, "X-Naam"),
        ({"Accept": "text/plain", "X-Naam": "a\nX-Binnengesmokkeld: ja"}, "X-Naam"),
        ({"X-Naam": "a\x00b"}, "X-Naam"),
        ({"Accept": "text/plain", "X-Binnengesmokkeld: ja\r\nX-Naam": "a"}, "X-Binnengesmokkeld"),
        ({"Accept": "text/plain", "X Naam": "a"}, "X Naam"),
    ],
)
async def test_a_header_that_would_split_the_request_is_refused_by_name(
    remote: str, headers: dict[str, str], named: str
) -> None:
    async with http_client(base_url=remote) as client:
        with pytest.raises(httpx.LocalProtocolError, match=f"not a valid header: b'{named}"):
            await client.get("/echo", headers=headers)
        seen = (await client.get("/echo")).json()
    assert "x-binnengesmokkeld" not in seen["headers"]


async def test_with_every_connection_busy_a_call_waits_its_pool_timeout(remote: str, slow: Traag) -> None:
    """aiohttp bounds waiting for a free connection and opening one together: past the pool
    timeout, the call is a connect timeout."""
    async with http_client(base_url=remote, transport=NetworkTransport(max_connections=1)) as client:
        busy = asyncio.create_task(client.get("/traag"))
        assert await asyncio.to_thread(slow.begonnen.wait, 30), "the slow request never arrived"
        with pytest.raises(httpx.ConnectTimeout):
            await client.get("/echo", timeout=httpx.Timeout(5.0, pool=0.1))
        slow.los.set()
        assert (await busy).status_code == 200
        assert (await client.get("/echo")).status_code == 200


async def test_a_call_given_up_frees_its_connection_for_the_next(remote: str, slow: Traag) -> None:
    async with http_client(base_url=remote, transport=NetworkTransport(max_connections=1)) as client:
        with pytest.raises(TimeoutError):
            async with asyncio.timeout(0.1):
                await client.get("/traag")
        # The given-up request is never answered: had it kept the one connection, this call
        # would wait for it until its pool timeout.
        response = await client.get("/echo", timeout=httpx.Timeout(30.0, pool=30.0))
    assert response.json()["path"] == "/echo"
