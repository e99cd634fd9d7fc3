"""What configuring a connector per municipality costs the hub: start-up time and memory with
none, and with 300 municipal connectors, each competent in its own municipality (`gebied`).

    .venv/bin/python benchmarks/many_connectors.py [--connectors 300] [--runs 3]

Each run starts `vloket serve` (SQLite, migrations done beforehand) as a new process, the runs
with and without connectors in turns, and prints how long it took from the process's start
until `/readyz` answered 200, and the process's resident memory then (from /proc). Reading the
connectors file, validating each entry and building each connector (its HTTP client:
connections are opened when first used, so that 300 configured services cost no socket until
asked) happen in that time. How many of them a profile question asks is not measured here but
tested (`tests/profile/test_routing_by_area.py`: at most 10 of 300 for an association active in
one municipality).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.profile_fanout import stop  # noqa: E402
from benchmarks.register_api import free_port, populate  # noqa: E402


def connectors_file(workdir: Path, count: int) -> Path:
    """`count` municipal connectors at a port where nothing answers (none is asked at start)."""
    nowhere = f"http://127.0.0.1:{free_port()}"
    entries = [
        f'[[connector]]\nkind = "municipality"\nname = "gemeente-{nis}"\nbase_url = "{nowhere}"\n'
        f'gemeente = "Gemeente {nis}"\nnis_code = "{nis}"\ngebied = ["{nis}"]\n'
        for nis in (f"{40000 + n + 1:05d}" for n in range(count))
    ]
    path = workdir / f"connectors-{count}.toml"
    path.write_text("\n".join(entries), "utf-8")
    return path


def resident_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def start_once(workdir: Path, db_url: str, connectors: Path) -> tuple[float, float]:
    """Seconds from the process's start to `/readyz` 200, and its resident memory then (MiB)."""
    port = free_port()
    env = {
        **os.environ,
        "HUB_DATABASE_URL": db_url,
        "HUB_SECRET_KEY": "benchmark-secret-of-at-least-32-characters",
        "HUB_LOG_LEVEL": "WARNING",
        "HUB_MIGRATE_ON_START": "false",
        "HUB_CONNECTORS_FILE": str(connectors),
    }
    vloket = str(Path(sys.executable).with_name("vloket"))
    started = time.perf_counter()
    log = workdir / f"hub-{port}.log"
    with log.open("wb") as stderr:
        hub = subprocess.Popen(  # noqa: S603 - our own console script
            [vloket, "serve", "--port", str(port)],
            env=env,
            cwd=workdir,
            stderr=stderr,
            start_new_session=True,
        )
    try:
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/readyz").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if hub.poll() is not None:
                raise RuntimeError(f"the hub ended with {hub.returncode}")
            time.sleep(0.01)
        took, memory = time.perf_counter() - started, resident_mib(hub.pid)
    finally:
        stop(hub)
    if "connector skipped" in log.read_text("utf-8"):
        raise RuntimeError(f"connectors were skipped; see {log}")
    return took, memory


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--connectors", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="vloket-connectors-"))
    db_url = f"sqlite+aiosqlite:///{workdir / 'bench.sqlite3'}"
    asyncio.run(populate(db_url, 0))
    counts = (0, args.connectors)
    files = {count: connectors_file(workdir, count) for count in counts}
    # In turns, so that a machine that is slower for a while weighs on both alike.
    runs: dict[int, list[tuple[float, float]]] = {count: [] for count in counts}
    for _ in range(args.runs):
        for count in counts:
            runs[count].append(start_once(workdir, db_url, files[count]))
    print(f"{'connectors':>10} {'start-up s (median)':>20} {'min':>6} {'max':>6} {'RSS MiB':>8}")
    for count in counts:
        seconds = [s for s, _ in runs[count]]
        print(
            f"{count:>10} {statistics.median(seconds):>20.2f} {min(seconds):>6.2f} {max(seconds):>6.2f} "
            f"{statistics.median(m for _, m in runs[count]):>8.0f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
