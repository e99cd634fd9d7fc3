"""How the hub answers what a stranger might send: for each attack, how long its refusal takes
(median of a few, over real HTTP on loopback) and the hub's resident memory before and after.

Runs `vloket serve` on a fresh SQLite register (or `--database-url`) in a process of its own,
so the memory is the hub's alone. Target: every refusal under 100 ms, memory back within a few
MB of where it started.

    python benchmarks/abuse.py [--repeat 5] [--database-url postgresql+psycopg://…]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.register_api import free_port  # noqa: E402

READY_SECONDS = 60


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for {pid}")


def fan_out(n: int) -> str:
    fragments = "\n".join(f"fragment F{k} on Query {{ ...F{k + 1} ...F{k + 1} }}" for k in range(n))
    return f"query {{ ...F0 }}\n{fragments}\nfragment F{n} on Query {{ __typename }}"


def introspection_fan_out() -> str:
    level = "fields {{ name type {{ name ofType {{ name fields {{ name type {{ {} }} }} }} }} }}"
    inner = "name"
    for _ in range(6):
        inner = level.format(inner)
    return f'{{ __type(name: "Vereniging") {{ {inner} }} }}'


def body(query: str, variables: dict[str, object] | None = None) -> bytes:
    return json.dumps({"query": query, "variables": variables or {}}).encode()


def locaties(count: int) -> dict[str, object]:
    adres = {"straatnaam": "Kouter", "huisnummer": "1", "postcode": "9000", "gemeente": "Gent"}
    return {
        "naam": "Hondenclub",
        "startdatum": "2019-03-01",
        "locaties": [{"locatietype": "Activiteiten", "isPrimair": False, "adres": adres}] * count,
    }


REGISTREER = (
    "mutation($input: RegistreerFeitelijkeVerenigingInput!) "
    "{ registreerFeitelijkeVereniging(input: $input) { vCode } }"
)
SEARCH = "query($q: String) { verenigingen(zoekterm: $q) { totaal } }"
FILTER = "query($v: [String!]) { verenigingen(gemeenten: $v) { totaal } }"
ENTITIES = "query($r: [_Any!]!) { _entities(representations: $r) { ... on Vereniging { naam } } }"
REPRESENTATION = {"__typename": "Vereniging", "vCode": "V0001001"}


def attacks() -> list[tuple[str, Callable[[int], bytes]]]:
    """Each attack as a function of a counter, so that every request is a distinct document."""
    return [
        (
            "legitimate query (for scale)",
            lambda n: body(f'{{ vereniging(vCode: "V0001001") {{ naam }} }} # {n}'),
        ),
        ("fragment fan-out n=20", lambda n: body(fan_out(20) + f"\n# {n}")),
        ("fragment fan-out n=30", lambda n: body(fan_out(30) + f"\n# {n}")),
        ("fragment fan-out n=60", lambda n: body(fan_out(60) + f"\n# {n}")),
        ("introspection fan-out", lambda n: body(introspection_fan_out() + f"\n# {n}")),
        ("10,000 duplicate fields", lambda n: body("{ " + "__typename " * 10_000 + f"}} # {n}")),
        (
            "1,000 aliases",
            lambda n: body("{ " + " ".join(f"a{k}: __typename" for k in range(1000)) + f" }} # {n}"),
        ),
        ("20 MB body", lambda n: body("{ __typename }", {"x": "a" * 20_000_000, "n": n})),
        ("5 MB document", lambda n: body("{ __typename }" + f"# {n} " + "x" * 5_000_000)),
        ("500,000 search words", lambda n: body(SEARCH, {"q": " ".join(["a"] * 500_000), "n": n})),
        (
            "20,000 search words (in the body limit)",
            lambda n: body(SEARCH, {"q": " ".join(["a"] * 20_000), "n": n}),
        ),
        ("200,000 filter values", lambda n: body(FILTER, {"v": ["9000"] * 200_000, "n": n})),
        ("51 filter values", lambda n: body(FILTER, {"v": ["9000"] * 51, "n": n})),
        ("200,000 representations", lambda n: body(ENTITIES, {"r": [REPRESENTATION] * 200_000, "n": n})),
        ("201 representations", lambda n: body(ENTITIES, {"r": [REPRESENTATION] * 201, "n": n})),
        ("8,000 locaties", lambda n: body(REGISTREER, {"input": locaties(8000), "n": n})),
        ("51 locaties", lambda n: body(REGISTREER, {"input": locaties(51), "n": n})),
    ]


def start(workdir: Path, database_url: str | None) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {
        **os.environ,
        "HUB_DATABASE_URL": database_url or f"sqlite+aiosqlite:///{workdir / 'hub.sqlite3'}",
        "HUB_LOG_LEVEL": "ERROR",
    }
    vloket = str(Path(sys.executable).with_name("vloket"))
    server = subprocess.Popen(  # noqa: S603 - our own console script
        [vloket, "serve", "--port", str(port)], env=env, cwd=workdir, stderr=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + READY_SECONDS
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/readyz", timeout=1).status_code == 200:
                return server, url
        except httpx.TransportError:
            time.sleep(0.1)
    server.terminate()
    raise SystemExit("vloket serve did not become ready")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=5, help="requests per attack (the median is shown)")
    parser.add_argument(
        "--database-url", default=None, help="the register to use (default: a new SQLite file)"
    )
    options = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="vloket-abuse-"))
    server, url = start(workdir, options.database_url)
    try:
        with httpx.Client(base_url=url, timeout=120) as http:
            http.post("/graphql", json={"query": "{ __typename }"}).raise_for_status()
            first = rss_mb(server.pid)
            print(f"{'attack':44} {'answer':>26} {'refusal ms':>11} {'RSS before':>11} {'RSS after':>10}")
            for name, make in attacks():
                before = rss_mb(server.pid)
                times: list[float] = []
                answer = ""
                for n in range(options.repeat):
                    content = make(n)
                    started = time.perf_counter()
                    response = http.post(
                        "/graphql", content=content, headers={"content-type": "application/json"}
                    )
                    times.append((time.perf_counter() - started) * 1000)
                    answer = _answer(response)
                healthz = http.get("/healthz").status_code
                after = rss_mb(server.pid)
                print(
                    f"{name:44} {answer:>26} {statistics.median(times):11.1f} {before:9.1f}MB {after:8.1f}MB"
                    + ("" if healthz == 200 else f"  /healthz {healthz}")
                )
            print(f"RSS at start {first:.1f} MB, at the end {rss_mb(server.pid):.1f} MB")
    finally:
        server.terminate()
        server.wait(timeout=20)


def _answer(response: httpx.Response) -> str:
    if response.status_code != 200:
        return str(response.status_code)
    errors = response.json().get("errors") or []
    if not errors:
        return "200 data"
    extensions = errors[0].get("extensions", {})
    return f"{extensions.get('code', '?')}:{extensions.get('limiet', '')}".rstrip(":")


if __name__ == "__main__":
    main()
