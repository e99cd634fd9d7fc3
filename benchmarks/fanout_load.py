"""How the profile benchmark asks: one client at a time (aiohttp), and many at once (wrk when it is
installed, else the Python client). An answer is good when it is 200 without `errors`;
one at a time, a bad answer stops the run; many at once, they are counted.

Example::

    load = await loaded("http://127.0.0.1:8000", QUERY, headers, concurrency=50, seconds=10)
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass

import aiohttp
import redis

from benchmarks.register_api import drive, percentile

WARM_UP_SECONDS = 2
"""Load before each measured load, not counted: every worker process warms up (JIT, pools)."""


async def one_at_a_time(
    session: aiohttp.ClientSession,
    name: str,
    bases: list[str],
    query: str,
    headers: dict[str, str],
    requests: int,
) -> list[float]:
    """The latency of each of `requests` requests, in seconds, asked one after the other; with
    several `bases`, each request is asked of all at once and takes as long as the slowest."""
    body = {"query": query}

    async def call(base: str) -> float:
        started = time.perf_counter()
        async with session.post(f"{base}/graphql", json=body, headers=headers) as response:
            answer = await response.json()
        if response.status != 200 or "errors" in answer:
            raise RuntimeError(f"{name}: {response.status} {str(answer)[:300]}")
        return time.perf_counter() - started

    latencies = []
    for _ in range(requests):
        latencies.append(max(await asyncio.gather(*(call(base) for base in bases))))
    return latencies


@dataclass(frozen=True)
class Load:
    """What many clients at once saw."""

    answered: float
    """Good answers (200, no `errors`) per second."""
    p50_ms: float
    p95_ms: float
    failed: int
    """Answers that were not good, and requests that got no answer."""
    first_failure: str = ""
    """The first bad answer's status and the start of its body."""


WRK_SCRIPT = """
wrk.method = "POST"
wrk.body = [==[%(body)s]==]
wrk.headers["Content-Type"] = "application/json"
%(headers)s
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) failed = 0; first = "" end
function response(status, headers, body)
  if status ~= 200 or body:find('"errors"', 1, true) then
    failed = failed + 1
    if first == "" then first = status .. " " .. body:sub(1, 300):gsub("%%s+", " ") end
  end
end
function done(summary, latency, requests)
  local failures = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout
  local sample = ""
  for _, thread in ipairs(threads) do
    failures = failures + thread:get("failed")
    if sample == "" then sample = thread:get("first") end
  end
  io.write(string.format("figures: %%d %%d %%d %%d %%d\\nfirst failure: %%s\\n", summary.requests,
    summary.duration, latency:percentile(50), latency:percentile(95), failures, sample))
end
"""


ROTATING = """
local bearers = {%(bearers)s}
local next_bearer = 0
function request()
  next_bearer = next_bearer %% #bearers + 1
  wrk.headers["Authorization"] = bearers[next_bearer]
  return wrk.format()
end
"""
"""Each request with the next of several logins' bearer tokens, in turn."""


async def loaded(
    base: str,
    query: str,
    headers: dict[str, str],
    *,
    concurrency: int,
    seconds: int,
    bearers: Sequence[str] = (),
) -> Load:
    """What `concurrency` clients at once see, after a warm-up: from wrk for `seconds` when it is
    installed (a client that is not itself the bottleneck), else from the Python client, 25
    requests a client (it stops at the first bad answer). `bearers`: `Authorization` values
    that the requests take in turn (several logins), instead of the one in `headers`; wrk only:
    the Python client sends the one in `headers`."""
    if shutil.which("wrk") is None:
        await drive(base, query, lambda n: {}, concurrency * 5, concurrency, headers)
        elapsed, latencies = await drive(base, query, lambda n: {}, concurrency * 25, concurrency, headers)
        return Load(len(latencies) / elapsed, percentile(latencies, 50), percentile(latencies, 95), 0)
    await asyncio.to_thread(wrk, base, query, headers, concurrency, WARM_UP_SECONDS, bearers)
    return await asyncio.to_thread(wrk, base, query, headers, concurrency, seconds, bearers)


def wrk(
    base: str,
    query: str,
    headers: dict[str, str],
    concurrency: int,
    seconds: int,
    bearers: Sequence[str] = (),
) -> Load:
    lua_headers = "\n".join(f'wrk.headers["{header}"] = "{value}"' for header, value in headers.items())
    if bearers:
        lua_headers += ROTATING % {"bearers": ", ".join(f'"{bearer}"' for bearer in bearers)}
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT % {"body": json.dumps({"query": query}), "headers": lua_headers})
    command = ["wrk", "-t1", f"-c{concurrency}", f"-d{seconds}s", "-s", script.name, f"{base}/graphql"]
    try:
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    finally:
        os.unlink(script.name)
    said = {key.strip(): value for key, _, value in (line.partition(": ") for line in output.splitlines())}
    done, elapsed_us, p50_us, p95_us, failed = (int(n) for n in said["figures"].split())
    # No bad answer among the failures: wrk's own count says which went unanswered, and why.
    sample = said["first failure"] or f"no answer: {said.get('Socket errors', '?')} (wrk's timeout: 2 s)"
    return Load((done - failed) / (elapsed_us / 1e6), p50_us / 1000, p95_us / 1000, failed, sample)


def redis_problem(url: str) -> str | None:
    """Why the hubs keep their state in process, or None when Redis answers at `url`."""
    if url == "none":
        return "--redis none"
    client = redis.Redis.from_url(url, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.RedisError as error:
        return f"no Redis at {url} ({error})"
    finally:
        client.close()
    return None
