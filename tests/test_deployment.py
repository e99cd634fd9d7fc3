"""The deployment files hold together: the compose file's hubs run without migrating, after the
migration, behind the HAProxy configuration that names each of them and asks their `/readyz`;
every probe and health check names a route the hub serves; HAProxy accepts its configuration;
the demo IdP of the compose file lets the hub behind the load balancer log people in. (The
Dockerfile and the Kubernetes manifests are linted in `make lint`.)"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from demo.loadbalancer import haproxy_config
from hub.app import create_app
from hub.settings import Settings
from tests.utils.servers import free_port, serving

ROOT = Path(__file__).resolve().parents[1]
COMPOSE = yaml.safe_load((ROOT / "compose.yaml").read_text("utf-8"))
HAPROXY = ROOT / "deploy" / "haproxy" / "haproxy.cfg"
MANIFESTS = [
    document
    for path in sorted((ROOT / "deploy" / "kubernetes").glob("*.yaml"))
    for document in yaml.safe_load_all(path.read_text("utf-8"))
]
HUBS = ("hub-1", "hub-2")


def service(name: str) -> dict[str, Any]:
    found: dict[str, Any] = COMPOSE["services"][name]
    return found


def test_the_compose_hubs_start_after_the_migration_without_migrating_themselves() -> None:
    for name in (*HUBS, "worker"):
        hub = service(name)
        assert hub["image"] == "vloket-hub"
        assert hub["environment"]["HUB_MIGRATE_ON_START"] == "false"
        assert hub["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert service("migrate")["command"] == ["vloket", "db", "upgrade"]
    assert service("worker")["command"] == ["vloket", "worker"]
    # One issuer for the hubs and the IdP, and one client secret.
    assert service("hub-1")["environment"]["HUB_OIDC_ISSUER"] in service("idp")["command"][-2]
    secret = service("hub-1")["environment"]["HUB_OIDC_CLIENT_SECRET"]
    assert service("idp")["environment"]["HUB_OIDC_CLIENT_SECRET"] == secret


def test_the_load_balancer_sends_to_each_hub_that_is_ready() -> None:
    config = HAPROXY.read_text("utf-8")
    servers = re.findall(r"^\s*server (\S+) (\S+):8000 check", config, flags=re.MULTILINE)

    assert servers == [(name, name) for name in HUBS]
    assert "option httpchk GET /readyz" in config
    assert (
        "./deploy/haproxy/haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro"
        in service("loadbalancer")["volumes"]
    )


@pytest.mark.skipif(
    shutil.which("haproxy") is None, reason="HAProxy is not installed (apt-get install haproxy)"
)
def test_haproxy_accepts_the_configuration() -> None:
    haproxy = shutil.which("haproxy")
    assert haproxy is not None
    checked = subprocess.run(  # noqa: S603 - a fixed command
        [haproxy, "-c", "-f", str(HAPROXY)],
        capture_output=True,
        text=True,
        check=False,
    )

    assert checked.returncode == 0, checked.stderr
    assert "Configuration file is valid" in checked.stdout


def test_haproxy_accepts_the_loopback_configuration_of_the_replica_test_and_the_soak(tmp_path: Path) -> None:
    haproxy = shutil.which("haproxy")
    assert haproxy is not None
    config = tmp_path / "haproxy.cfg"
    config.write_text(haproxy_config(8080, [8001, 8002, 8003]), "utf-8")
    checked = subprocess.run(  # noqa: S603 - a fixed command
        [haproxy, "-c", "-f", str(config)], capture_output=True, text=True, check=False
    )

    assert checked.returncode == 0, checked.stderr
    assert [line.split()[1] for line in config.read_text("utf-8").splitlines() if "server hub-" in line] == [
        "hub-1",
        "hub-2",
        "hub-3",
    ]


def test_every_probe_and_health_check_names_a_route_the_hub_serves() -> None:
    paths = {getattr(route, "path", None) for route in create_app(Settings(environment="test")).routes}
    containers = [
        container
        for manifest in MANIFESTS
        if manifest["kind"] == "Deployment"
        for container in manifest["spec"]["template"]["spec"]["containers"]
    ]
    probes = [
        c[probe]["httpGet"]["path"]
        for c in containers
        for probe in ("readinessProbe", "livenessProbe")
        if probe in c
    ]
    dockerfile = (ROOT / "Dockerfile").read_text("utf-8")
    healthcheck = re.findall(r"http://127\.0\.0\.1:8000(/\w+)", dockerfile)

    assert probes == ["/readyz", "/healthz"]
    assert healthcheck == ["/healthz"]
    assert {"/readyz", "/healthz"} <= paths


@pytest.fixture
def demo_idp(tmp_path: Path) -> Iterator[str]:
    port = free_port()
    vloket = Path(sys.executable).with_name("vloket")
    env = {**os.environ, "HUB_OIDC_CLIENT_SECRET": "compose-client-secret-of-32-characters"}
    command = [str(vloket), "demo-idp", f"--port={port}", "--hub-url=http://localhost:8080"]
    process = subprocess.Popen(command, cwd=tmp_path, env=env, stderr=subprocess.DEVNULL)  # noqa: S603
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"{url}/.well-known/openid-configuration", timeout=1).raise_for_status()
                break
            except httpx.HTTPError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError("vloket demo-idp did not start") from None
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_the_demo_idp_lets_the_hub_behind_the_load_balancer_log_people_in(demo_idp: str) -> None:
    discovery = httpx.get(f"{demo_idp}/.well-known/openid-configuration").json()
    login = {
        "client_id": "vloket-hub",
        "response_type": "code",
        "scope": "openid profile rrn vo",
        "state": "s",
        "nonce": "n",
        "code_challenge": "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
        "code_challenge_method": "S256",
    }

    welcome = httpx.get(
        discovery["authorization_endpoint"],
        params={**login, "redirect_uri": "http://localhost:8080/auth/callback"},
    )
    elsewhere = httpx.get(
        discovery["authorization_endpoint"],
        params={**login, "redirect_uri": "http://localhost:9999/auth/callback"},
    )

    assert discovery["issuer"] == demo_idp
    assert welcome.status_code == 200, welcome.headers.get("location")
    assert "71032512357" in welcome.text  # the demo people to log in as
    assert elsewhere.status_code == 400


LATE_CHECK_SECONDS = 0.8
"""How late each hub answers its check in the test below: later than the half second that took
both hubs out in the soak, well within the 3 s a check may take."""


def test_hubs_that_answer_their_checks_late_under_a_burst_stay_behind_the_load_balancer(
    tmp_path: Path,
) -> None:
    """Under a burst a hub answers `/readyz` late, since the check waits its turn behind the
    requests. The soak found both hubs taken out together by one late check each, and every
    request refused (503) for a second: late checks must keep a hub in."""
    haproxy = shutil.which("haproxy")
    assert haproxy is not None
    checks = threading.Condition()
    late: dict[int, int] = {1: 0, 2: 0}

    def hub(n: int) -> Starlette:
        async def readyz(request: Request) -> Response:
            await asyncio.sleep(LATE_CHECK_SECONDS)
            with checks:
                late[n] += 1
                checks.notify_all()
            return Response("ready")

        async def home(request: Request) -> Response:
            return Response(f"hub {n}")

        return Starlette(routes=[Route("/readyz", readyz), Route("/", home)])

    lb_port = free_port()
    config = tmp_path / "haproxy.cfg"
    with serving(hub(1)) as first, serving(hub(2)) as second:
        ports = [httpx.URL(first).port, httpx.URL(second).port]
        config.write_text(haproxy_config(lb_port, [p for p in ports if p is not None]), "utf-8")
        balancer = subprocess.Popen(  # noqa: S603 - a fixed command
            [haproxy, "-db", "-f", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        try:
            with checks:
                # Two late checks each: one took a hub out before.
                assert checks.wait_for(lambda: min(late.values()) >= 2, timeout=60), late
            with httpx.Client(base_url=f"http://127.0.0.1:{lb_port}") as client:
                answers = [client.get("/") for _ in range(6)]
        finally:
            balancer.terminate()
            _, errors = balancer.communicate(timeout=10)

    assert [a.status_code for a in answers] == [200] * 6, errors.decode()
    assert {a.text for a in answers} == {"hub 1", "hub 2"}
    # The containers' load balancer gives a check as long, and takes a hub out as late.
    deployed = HAPROXY.read_text("utf-8")
    assert "timeout check 3s" in deployed
    assert re.search(r"default-server inter \S+ fall 3 rise 2", deployed)
