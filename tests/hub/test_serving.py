"""`vloket serve --workers N`: N server processes on one port, each with the same settings,
started, restarted and stopped together by uvicorn's process manager."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import httpx

from tests.utils.hub_process import hub_process


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "State:\tZ" not in status


def test_workers_share_one_port_and_stop_together(tmp_path: Path) -> None:
    with hub_process(tmp_path, "--workers", "2") as hub:
        with httpx.Client(base_url=hub.url, timeout=10) as http:
            answers = [http.post("/graphql", json={"query": "{ __typename }"}).json() for _ in range(20)]
        workers = hub.children()
        # uvicorn starts its workers with multiprocessing's spawn: one more process keeps the
        # semaphores; the workers are the ones that are Python running uvicorn.
        serving = [pid for pid in workers if "multiprocessing.resource_tracker" not in _command(pid)]

        assert answers == [{"data": {"__typename": "Query"}}] * 20
        assert len(serving) == 2
        os.kill(hub.pid, signal.SIGTERM)
        os.waitpid(hub.pid, 0)

    assert not any(_alive(pid) for pid in serving)


def _command(pid: int) -> str:
    return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()


def test_a_request_head_over_the_limit_is_refused_and_the_hub_goes_on(tmp_path: Path) -> None:
    with hub_process(tmp_path) as hub, httpx.Client(base_url=hub.url, timeout=30) as http:
        statuses = [
            _status(http, {"x-junk": "a" * 1_000_000}),
            _status(http, {"accept-language": "en;q=0.5," * 100_000}),
            _status(http, {"x-junk": "a" * 10_000_000}),
        ]

        assert statuses == [400, 400, 400]
        assert http.get("/healthz").json() == {"status": "ok"}


def _status(http: httpx.Client, headers: dict[str, str]) -> int:
    """The answer's status; 400 also when the server closed the connection before the client
    had sent all of a head that large (it answers 400 and closes at once)."""
    try:
        return http.get("/healthz", headers=headers).status_code
    except (httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError):
        return 400
