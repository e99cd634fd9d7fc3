"""How the hub's HTTP server writes its answers: each response's head in the same write as its
body, so one answer is one packet; interim `100 Continue` answers and streamed bodies as before."""

from __future__ import annotations

import asyncio
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route
from uvicorn.server import ServerState

from hub.serving import OneWriteHttp


class Connection(asyncio.Transport):
    """The server's side of one connection: what it writes, write by write."""

    def __init__(self) -> None:
        super().__init__()
        self.writes: list[bytes] = []
        self.closed = False

    def write(self, data: Any) -> None:
        self.writes.append(bytes(data))

    def close(self) -> None:
        self.closed = True

    def is_closing(self) -> bool:
        return self.closed

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return {"peername": ("127.0.0.1", 50000), "sockname": ("127.0.0.1", 8000)}.get(name, default)

    def pause_reading(self) -> None:
        pass

    def resume_reading(self) -> None:
        pass


async def stream(_: Request) -> StreamingResponse:
    async def parts() -> Any:
        yield b"first,"
        yield b"second"

    return StreamingResponse(parts(), media_type="text/plain")


async def echo(request: Request) -> JSONResponse:
    return JSONResponse({"got": (await request.body()).decode()})


async def broken(_: Request) -> Response:
    raise RuntimeError("fails before answering")


class SlowBody:
    """Starts its answer, then takes its time over the body."""

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"4")]})
        await asyncio.sleep(0.2)
        await send({"type": "http.response.body", "body": b"done"})


APP = Starlette(
    routes=[
        Route("/json", lambda _: JSONResponse({"status": "ok"})),
        Route("/empty", lambda _: Response(status_code=204)),
        Route("/stream", stream),
        Route("/echo", echo, methods=["POST"]),
        Route("/broken", broken),
        Route("/slow", SlowBody()),
    ]
)


def connect() -> tuple[OneWriteHttp, Connection]:
    config = uvicorn.Config(APP, log_config=None, http=OneWriteHttp)
    protocol = OneWriteHttp(config=config, server_state=ServerState(), app_state={})
    connection = Connection()
    protocol.connection_made(connection)
    return protocol, connection


async def settle(connection: Connection, writes: int) -> None:
    """Let the app run until `writes` writes were made (or a second passes)."""
    for _ in range(1000):
        if len(connection.writes) >= writes:
            return
        await asyncio.sleep(0.001)


async def test_a_response_is_written_at_once_head_and_body() -> None:
    protocol, connection = connect()

    protocol.data_received(b"GET /json HTTP/1.1\r\nHost: hub\r\n\r\n")
    await settle(connection, 1)
    await asyncio.sleep(0.01)  # nothing more follows

    assert len(connection.writes) == 1
    head, _, body = connection.writes[0].partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200 OK\r\n")
    assert b"content-length: 15" in head
    assert body == b'{"status":"ok"}'


async def test_answers_without_body_are_written_whole() -> None:
    protocol, connection = connect()

    protocol.data_received(b"GET /empty HTTP/1.1\r\nHost: hub\r\n\r\n")
    await settle(connection, 1)
    protocol.data_received(b"HEAD /json HTTP/1.1\r\nHost: hub\r\n\r\n")  # the same connection, kept
    await settle(connection, 2)

    assert [write.split(b"\r\n")[0] for write in connection.writes] == [
        b"HTTP/1.1 204 No Content",
        b"HTTP/1.1 200 OK",
    ]
    assert all(write.endswith(b"\r\n\r\n") for write in connection.writes)


async def test_a_streamed_body_goes_out_part_by_part_the_first_with_the_head() -> None:
    protocol, connection = connect()

    protocol.data_received(b"GET /stream HTTP/1.1\r\nHost: hub\r\n\r\n")
    await settle(connection, 3)

    first, second, end = connection.writes
    assert first.startswith(b"HTTP/1.1 200 OK\r\n")
    assert first.endswith(b"\r\n\r\n6\r\nfirst,\r\n")
    assert second == b"6\r\nsecond\r\n"
    assert end == b"0\r\n\r\n"


async def test_a_client_waiting_for_100_continue_gets_it_before_sending_its_body() -> None:
    protocol, connection = connect()

    protocol.data_received(
        b"POST /echo HTTP/1.1\r\nHost: hub\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n"
    )
    await settle(connection, 1)
    assert connection.writes == [b"HTTP/1.1 100 Continue\r\n\r\n"]

    protocol.data_received(b"hello")
    await settle(connection, 2)

    assert connection.writes[1].startswith(b"HTTP/1.1 200 OK\r\n")
    assert connection.writes[1].endswith(b'{"got":"hello"}')


async def test_an_app_failing_before_its_answer_gets_a_500_in_one_write() -> None:
    protocol, connection = connect()

    protocol.data_received(b"GET /broken HTTP/1.1\r\nHost: hub\r\n\r\n")
    await settle(connection, 1)
    await asyncio.sleep(0.01)

    assert len(connection.writes) == 1
    assert connection.writes[0].startswith(b"HTTP/1.1 500 Internal Server Error\r\n")
    assert connection.writes[0].endswith(b"Internal Server Error")


async def test_a_head_whose_body_is_slow_to_come_goes_out_alone_first() -> None:
    protocol, connection = connect()

    protocol.data_received(b"GET /slow HTTP/1.1\r\nHost: hub\r\n\r\n")
    await settle(connection, 1)
    assert connection.writes == [b"HTTP/1.1 200 OK\r\ncontent-length: 4\r\n\r\n"]

    await settle(connection, 2)
    assert connection.writes[1:] == [b"done"]
