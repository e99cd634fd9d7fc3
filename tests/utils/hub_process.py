"""`vloket serve` in a process of its own, for what must be seen from outside the process that
runs the hub: its memory, its answers while another request holds it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.utils.servers import free_port
from tests.utils.services import TEST_SECRET

READY_SECONDS = 60


@dataclass(frozen=True)
class HubProcess:
    url: str
    pid: int

    def children(self) -> list[int]:
        """The processes this one started (uvicorn's workers)."""
        found = Path(f"/proc/{self.pid}/task/{self.pid}/children").read_text().split()
        return [int(pid) for pid in found]

    def rss_bytes(self) -> int:
        """The process's resident memory, as the kernel counts it."""
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
        raise AssertionError(f"no VmRSS for process {self.pid}")


@contextmanager
def hub_process(workdir: Path, *arguments: str, **settings: str) -> Iterator[HubProcess]:
    """The hub on a free port with a fresh SQLite register in `workdir`; `arguments` are more
    arguments of `vloket serve`, `settings` more `HUB_*` variables."""
    port = free_port()
    env = {
        **os.environ,
        "HUB_DATABASE_URL": f"sqlite+aiosqlite:///{workdir / 'hub.sqlite3'}",
        # What these tests try is not the rate limits (tests/hub/test_rate_limits.py): none.
        **dict.fromkeys(("HUB_RATE_LIMIT_LOGIN", "HUB_RATE_LIMIT_EVENTS", "HUB_RATE_LIMIT_GRAPHQL"), ""),
        "HUB_SECRET_KEY": TEST_SECRET.decode(),
        "HUB_LOG_LEVEL": "WARNING",
        **settings,
    }
    vloket = Path(sys.executable).with_name("vloket")
    command = [str(vloket), "serve", "--port", str(port), *arguments]
    process = subprocess.Popen(  # noqa: S603 - our own console script
        command, cwd=workdir, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + READY_SECONDS
        while True:
            if process.poll() is not None:
                stderr = process.stderr.read().decode() if process.stderr else ""
                raise AssertionError(f"vloket serve exited: {stderr}")
            try:
                if httpx.get(f"{url}/readyz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise AssertionError(f"vloket serve was not ready within {READY_SECONDS} s") from None
                time.sleep(0.1)
        yield HubProcess(url, process.pid)
    finally:
        process.terminate()
        process.wait(timeout=20)
        if process.stderr:
            process.stderr.close()
