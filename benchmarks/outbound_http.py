"""What one outbound call costs the hub: the SDK's `http_client` against httpx's own transport and
against aiohttp used directly, one call at a time and several at once.

    .venv/bin/python benchmarks/outbound_http.py [--calls 3000]

The remote is a bare HTTP/1.1 server in its own process answering every request at once with the
same small JSON body, so that what differs between the rows is the client. Printed per row: p50
latency of one call at a time, and the CPU time the client's process spent per call (what a
profile query pays once for every connected system it asks).
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import aiohttp
import httpx

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

    asyncio.run(main())


Call = Callable[[], Awaitable[object]]


async def measure(call: Call, calls: int, concurrency: int) -> tuple[float, float]:
    """p50 ms of one call, and CPU ms per call, `concurrency` calls in flight."""
    for _ in range(200):
        await call()
    latencies: list[float] = []
    counter = iter(range(calls))

    async def worker() -> None:
        for _ in counter:
            started = time.perf_counter()
            await call()
            latencies.append(time.perf_counter() - started)

    cpu = time.process_time()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    cpu = time.process_time() - cpu
    return statistics.median(latencies) * 1000, cpu / calls * 1000


async def run(base: str, calls: int) -> None:
    endpoint = f"{base}/graphql"
    async with (
        httpx.AsyncClient(base_url=base) as plain,
        http_client(base_url=base) as sdk,
        aiohttp.ClientSession() as session,
    ):
        absolute = httpx.URL(endpoint)

        async def raw() -> object:
            async with session.post(endpoint, json=QUERY) as response:
                return await response.json()

        rows: list[tuple[str, Call]] = [
            ("httpx, its own transport", lambda: _json(plain.post("/graphql", json=QUERY))),
            ("http_client (relative path)", lambda: _json(sdk.post("/graphql", json=QUERY))),
            ("http_client (absolute httpx.URL)", lambda: _json(sdk.post(absolute, json=QUERY))),
            ("aiohttp directly (the floor)", raw),
        ]
        print(f"{calls} calls per row")
        print(f"{'client':36} {'1 at a time':>23} {'3 at a time':>23}")
        print(f"{'':36} {'p50 ms':>11} {'CPU ms/call':>11} {'p50 ms':>11} {'CPU ms/call':>11}")
        for name, call in rows:
            alone = await measure(call, calls, 1)
            three = await measure(call, calls, 3)
            print(f"{name:36} {alone[0]:11.3f} {alone[1]:11.3f} {three[0]:11.3f} {three[1]:11.3f}")


async def _json(response: Awaitable[httpx.Response]) -> object:
    return (await response).json()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=3000)
    args = parser.parse_args()
    port = free_port()
    server = multiprocessing.get_context("spawn").Process(target=serve, args=(port,), daemon=True)
    server.start()
    try:
        for _ in range(100):
            try:
                httpx.post(f"http://127.0.0.1:{port}/graphql", json=QUERY)
                break
            except httpx.TransportError:
                time.sleep(0.05)
        asyncio.run(run(f"http://127.0.0.1:{port}", args.calls))
    finally:
        server.terminate()
        server.join()


if __name__ == "__main__":
    main()
