"""Hive Gateway (`tools/hive-gateway`, `make hive-gateway-tools`) serving a supergraph of running
subgraphs, for the benchmarks to measure against the hub.

The supergraph is composed with Apollo's composition library (`tools/federation`, as the
federation tests compose the hub's schema) from each subgraph's own `_service { sdl }`: the
gateway's built-in composition (`--dev-service`) does not read federation v2.11, which the hub
and strawberry declare. The gateway sends each subgraph the caller's `Authorization` header
(`tools/hive-gateway/gateway.config.mjs`).

Example::

    supergraph = compose_supergraph(workdir, {"hub": "http://127.0.0.1:8000/graphql", ...})
    gateway = start_gateway(workdir, supergraph, port, router_runtime=True, fork=2)
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
GATEWAY = ROOT / "tools" / "hive-gateway"
EXECUTABLE = GATEWAY / "node_modules" / ".bin" / "hive-gateway"
COMPOSE = ROOT / "tools" / "federation" / "compose.mjs"
SERVICE_SDL = "{ _service { sdl } }"


def gateway_missing() -> str | None:
    """Why the gateway cannot run here, with how to install it; None when it can."""
    if shutil.which("node") is None:
        return "Node.js is not installed"
    missing = [
        f"{tool} (make {target})"
        for tool, installed, target in (
            ("Hive Gateway", EXECUTABLE, "hive-gateway-tools"),
            (
                "Apollo's composition",
                COMPOSE.parent / "node_modules" / "@apollo" / "composition",
                "federation-tools",
            ),
        )
        if not installed.exists()
    ]
    return f"not installed: {', '.join(missing)}" if missing else None


def service_sdl(url: str) -> str:
    """A subgraph's own schema, as it answers `_service { sdl }` at `url`."""
    response = httpx.post(url, json={"query": SERVICE_SDL}, timeout=10)
    response.raise_for_status()
    return str(response.json()["data"]["_service"]["sdl"])


def compose_supergraph(workdir: Path, subgraphs: dict[str, str]) -> Path:
    """The supergraph file composed of `subgraphs` (name: GraphQL URL), each at its own URL."""
    arguments = []
    for name, url in subgraphs.items():
        sdl = workdir / f"{name}.graphql"
        sdl.write_text(service_sdl(url), "utf-8")
        arguments.append(f"{name}={sdl}={url}")
    node = shutil.which("node") or "node"
    completed = subprocess.run(  # noqa: S603 - our own script, arguments are our own files and URLs
        [node, str(COMPOSE), *arguments], capture_output=True, text=True, check=True, timeout=120
    )
    result = json.loads(completed.stdout)
    if not result["ok"]:
        raise RuntimeError(f"the supergraph does not compose: {'; '.join(result['errors'])}")
    supergraph = workdir / "supergraph.graphql"
    supergraph.write_text(result["supergraphSdl"], "utf-8")
    return supergraph


def start_gateway(
    workdir: Path, supergraph: Path, port: int, *, router_runtime: bool, fork: int
) -> subprocess.Popen[bytes]:
    """Hive Gateway on loopback `port` with `fork` worker processes (its `--fork`), with the
    JavaScript query planner or Hive Router's (`router_runtime`); its log in `workdir`. It runs
    in a session of its own: stop it and its workers with `os.killpg`."""
    command = [
        str(EXECUTABLE),
        "supergraph",
        str(supergraph),
        "--config-path",
        str(GATEWAY / "gateway.config.mjs"),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--fork",
        str(fork),
        *(["--hive-router-runtime"] if router_runtime else []),
    ]
    # As in production, and logging what goes wrong only, as the hubs beside it do.
    env = {**os.environ, "NODE_ENV": "production", "LOG_LEVEL": "warn"}
    name = "router-runtime" if router_runtime else "default"
    with (workdir / f"gateway-{name}-{port}.log").open("ab") as log:
        return subprocess.Popen(  # noqa: S603
            command, cwd=GATEWAY, env=env, stdout=log, stderr=log, start_new_session=True
        )
