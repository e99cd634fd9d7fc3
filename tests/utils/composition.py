"""Apollo's composition library (`tools/federation/compose.mjs`, `make federation-tools`) run on
subgraph schemas, for the tests that prove the hub's schema composes with others."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.utils.services import services_required

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "tools" / "federation" / "compose.mjs"


def compose(tmp_path: Path, subgraphs: dict[str, str], urls: dict[str, str] | None = None) -> dict[str, Any]:
    """The composition of `subgraphs` (name: SDL), each at its URL in `urls` when given; skips
    the test, or fails it under `HUB_REQUIRE_SERVICES=1`, when the library is not installed."""
    node = shutil.which("node")
    if node is None or not (COMPOSE.parent / "node_modules" / "@apollo" / "composition").exists():
        message = "Node.js with tools/federation installed (make federation-tools) is needed"
        if services_required():
            pytest.fail(message)
        pytest.skip(message)
    arguments = []
    for name, sdl in subgraphs.items():
        path = tmp_path / f"{name}.graphql"
        path.write_text(sdl, "utf-8")
        url = (urls or {}).get(name)
        arguments.append(f"{name}={path}" + (f"={url}" if url else ""))
    completed = subprocess.run(  # noqa: S603 - fixed script, arguments are our own temp files
        [node, str(COMPOSE), *arguments], capture_output=True, text=True, check=True, timeout=120
    )
    result: dict[str, Any] = json.loads(completed.stdout)
    return result
