"""What a login costs per API request: the same queries anonymous and with a bearer token from the
dev IdP (signature, claims, on whose behalf), and a private read (plus its access-log write).

    .venv/bin/python benchmarks/auth_overhead.py [--requests 2000] [--concurrency 20]

Runs `vloket demo` (hub and dev IdP, each on a free port, SQLite) and prints the scenarios side by
side: requests per second and p50/p95 latency.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import hashlib
import os
import re
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.register_api import drive, free_port, percentile  # noqa: E402

SECRET = "benchmark-secret-key-of-sufficient-length-0123456789"  # noqa: S105 - a throwaway demo
PUBLIC = '{ vereniging(vCode: "V0001001") { vCode naam werkingsgebieden { code } } }'
PRIVATE = '{ vereniging(vCode: "V0001001") { vCode naam vertegenwoordigers { insz } } }'


def start_demo(workdir: Path) -> tuple[subprocess.Popen[bytes], str, str]:
    port, idp_port = free_port(), free_port()
    env = {
        **os.environ,
        "HUB_DATABASE_URL": f"sqlite+aiosqlite:///{workdir / 'bench.sqlite3'}",
        # Throughput and behaviour are measured here, not the rate limits (tests/hub/test_rate_limits.py).
        **dict.fromkeys(("HUB_RATE_LIMIT_LOGIN", "HUB_RATE_LIMIT_EVENTS", "HUB_RATE_LIMIT_GRAPHQL"), ""),
        "HUB_SECRET_KEY": SECRET,
        "HUB_LOG_LEVEL": "WARNING",
    }
    command = [
        str(Path(sys.executable).with_name("vloket")),
        "demo",
        "--port",
        str(port),
        "--idp-port",
        str(idp_port),
    ]
    server = subprocess.Popen(command, env=env, cwd=workdir, stderr=subprocess.DEVNULL)  # noqa: S603
    hub, issuer = f"http://127.0.0.1:{port}", f"http://127.0.0.1:{idp_port}"
    for _ in range(150):
        try:
            if httpx.get(f"{hub}/readyz").status_code == 200:
                return server, hub, issuer
        except httpx.TransportError:
            time.sleep(0.1)
    server.terminate()
    raise RuntimeError("the demo did not become ready")


def access_token(hub: str, issuer: str, insz: str) -> str:
    """A code flow as the hub's client, the way the hub itself logs people in."""
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    redirect = f"{hub}/auth/callback"
    with httpx.Client(follow_redirects=False) as browser:
        page = browser.get(
            f"{issuer}/authorize",
            params={
                "client_id": "vloket-hub",
                "redirect_uri": redirect,
                "response_type": "code",
                "scope": "openid profile rrn vo",
                "state": "s",
                "nonce": "n",
                "code_challenge": challenge,
                "code_challenge_method": "S256",
            },
        )
        action = re.search(r'<form[^>]*action="([^"]+)"', page.text)
        hidden = dict(re.findall(r'type="hidden" name="([^"]+)" value="([^"]*)"', page.text))
        assert action, page.text
        back = browser.post(action.group(1), data={**hidden, "persona": insz, "sleutel": "eid"})
        code = httpx.URL(back.headers["location"]).params["code"]
        tokens = browser.post(
            f"{issuer}/token",
            data={
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": redirect,
                "code_verifier": verifier,
            },
            auth=("vloket-hub", SECRET),
        ).json()
    return str(tokens["access_token"])


async def run(hub: str, token: str, requests: int, concurrency: int) -> None:
    bearer = {"Authorization": f"Bearer {token}"}
    scenarios = [
        ("public read, anonymous", PUBLIC, None),
        ("public read, bearer token", PUBLIC, bearer),
        ("private read, bearer token", PRIVATE, bearer),
    ]
    print(f"{'scenario':30} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8}")
    for name, query, headers in scenarios:
        await drive(hub, query, lambda n: {}, 100, concurrency, headers)  # warm-up
        elapsed, latencies = await drive(hub, query, lambda n: {}, requests, concurrency, headers)
        p50, p95 = percentile(latencies, 50), percentile(latencies, 95)
        print(f"{name:30} {requests / elapsed:8.0f} {p50:8.1f} {p95:8.1f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=20)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="vloket-auth-bench-"))
    server, hub, issuer = start_demo(workdir)
    try:
        token = access_token(hub, issuer, "71032512357")  # An Janssens, acting for V0001001
        choose = 'mutation { kiesVereniging(vCode: "V0001001") { namens { vCode } } }'
        httpx.post(f"{hub}/graphql", json={"query": choose}, headers={"Authorization": f"Bearer {token}"})
        print(f"requests={args.requests} concurrency={args.concurrency} (hub and IdP in one process, SQLite)")
        asyncio.run(run(hub, token, args.requests, args.concurrency))
    finally:
        server.terminate()
        server.wait(timeout=20)


if __name__ == "__main__":
    main()
