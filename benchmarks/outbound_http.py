"""What one outbound call costs the hub, by client: the SDK's `http_client` next to httpx on its
own transport (httpcore), httpx over aiohttp (`httpx-aiohttp`) and aiohttp used directly.

    .venv/bin/python benchmarks/outbound_http.py [--calls 3000] [--concurrency 10] [--loop uvloop]

The remote is a bare HTTP/1.1 server in its own process answering every request at once with the
same small JSON body, so that what differs between the rows is the client. Each call posts a
GraphQL query and decodes the JSON answer, as a connector does. Printed per row: p50 latency and
the CPU time the client's process spent per call, one call at a time (what a profile query pays
once for every connected system it asks), then req/s and p50 with `--concurrency` calls in flight.
The event loop is uvloop by default, the one the hub serves on.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from contextlib import AsyncExitStack
from pathlib import Path

import aiohttp
import httpx
import uvloop
from httpx_aiohttp import AiohttpTransport

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.register_api import free_port  # noqa: E402
from connectors.sdk.http import http_client  # noqa: E402

BODY = b'{"data":{"_entities":[{"sportfederatie":"bond","aantalLeden":42}]}}'
ANSWER = (
    b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: "
    + str(len(BODY)).encode()
    + b"\r\n\r\n"
    + BODY
)
QUERY = {"query": "{ _entities(representations: $r) { __typename } }", "variables": {"r": []}}


def serve(port: int) -> None:
    """A child process: reads each request's head and body, answers at once."""

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = next(
                    (
                        int(line.split(b":", 1)[1])
                        for line in head.split(b"\r\n")
                        if line.lower().startswith(b"content-length:")
                    ),
                    0,
                )
                await reader.readexactly(length)
                writer.write(ANSWER)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            writer.close()

    async def main() -> None:
        server = await asyncio.start_server(handle, "127.0.0.1", port)
        async with server:
            await server.serve_forever()

    uvloop.run(main())


Call = Callable[[], Awaitable[object]]


async def measure(call: Call, calls: int, concurrency: int) -> tuple[float, float, float]:
    """p50 ms of one call, CPU ms per call and calls per second, `concurrency` calls in flight."""
    for _ in range(200):
        await call()
    latencies: list[float] = []
    counter = iter(range(calls))

    async def worker() -> None:
        for _ in counter:
            started = time.perf_counter()
            await call()
            latencies.append(time.perf_counter() - started)

    cpu, wall = time.process_time(), time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    return statistics.median(latencies) * 1000, cpu / calls * 1000, calls / wall


async def run(base: str, calls: int, concurrency: int) -> None:
    endpoint = f"{base}/graphql"
    async with AsyncExitStack() as stack:
        sdk = await stack.enter_async_context(http_client(base_url=base))
        plain = await stack.enter_async_context(httpx.AsyncClient(base_url=base))
        over_aiohttp = await stack.enter_async_context(
            httpx.AsyncClient(base_url=base, transport=AiohttpTransport())
        )
        session = await stack.enter_async_context(aiohttp.ClientSession())

        async def raw() -> object:
            async with session.post(endpoint, json=QUERY) as response:
                return await response.json()

        rows: list[tuple[str, Call]] = [
            ("http_client (the SDK's)", lambda: _json(sdk.post("/graphql", json=QUERY))),
            ("httpx, its own transport", lambda: _json(plain.post("/graphql", json=QUERY))),
            ("httpx over aiohttp", lambda: _json(over_aiohttp.post("/graphql", json=QUERY))),
            ("aiohttp directly", raw),
        ]
        many = f"{concurrency} at a time"
        print(f"{calls} calls per row, {type(asyncio.get_running_loop()).__module__} event loop")
        print(f"{'client':28} {'1 at a time':>23} {many:>23}")
        print(f"{'':28} {'p50 ms':>11} {'CPU ms/call':>11} {'req/s':>11} {'p50 ms':>11}")
        for name, call in rows:
            alone = await measure(call, calls, 1)
            several = await measure(call, calls, concurrency)
            print(f"{name:28} {alone[0]:11.3f} {alone[1]:11.3f} {several[2]:11.0f} {several[0]:11.3f}")


async def _json(response: Awaitable[httpx.Response]) -> object:
    return (await response).json()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=10)
    parser.add_argument("--loop", choices=["uvloop", "asyncio"], default="uvloop")
    args = parser.parse_args()
    port = free_port()
    server = multiprocessing.get_context("spawn").Process(target=serve, args=(port,), daemon=True)
    server.start()
    try:
        for _ in range(200):
            try:
                httpx.post(f"http://127.0.0.1:{port}/graphql", json=QUERY)
                break
            except httpx.TransportError:
                time.sleep(0.05)
        factory = uvloop.new_event_loop if args.loop == "uvloop" else None
        with asyncio.Runner(loop_factory=factory) as runner:
            runner.run(run(f"http://127.0.0.1:{port}", args.calls, args.concurrency))
    finally:
        server.terminate()
        server.join()


if __name__ == "__main__":
    main()
