"""The SDK client in the network its operators give it, through the environment as every HTTP
tool reads it: `HTTP_PROXY`/`HTTPS_PROXY` are used, hosts `NO_PROXY` names are reached directly,
and TLS certificates are checked against the trust store `SSL_CERT_FILE` names (the system's
otherwise)."""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import trustme
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from connectors.sdk.http import http_client
from connectors.sdk.testkit.loopback import serving
from tests.connectors.peers import recording, tls_server

NETWORK_ENV = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "SSL_CERT_FILE", "SSL_CERT_DIR")
UNRESOLVABLE = "dienst.example"
"""A host no resolver knows (RFC 2606): a call to it is answered only when it goes via the proxy."""


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in NETWORK_ENV:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    return monkeypatch


def answering_as(who: str, seen: list[str]) -> Starlette:
    """An HTTP server that says who it is and what it was asked for; as a forward proxy it gets
    the absolute-form request and answers it itself."""

    async def answer(request: Request) -> JSONResponse:
        seen.append(f"{request.headers['host']}{request.url.path}")
        return JSONResponse({"wie": who, "host": request.headers["host"], "pad": request.url.path})

    return Starlette(routes=[Route("/{pad:path}", answer, methods=["GET", "POST"])])


@pytest.fixture
def proxy() -> Iterator[tuple[str, list[str]]]:
    seen: list[str] = []
    with serving(answering_as("proxy", seen)) as base_url:
        yield base_url, seen


@pytest.fixture
def dienst() -> Iterator[tuple[str, list[str]]]:
    seen: list[str] = []
    with serving(answering_as("dienst", seen)) as base_url:
        yield base_url, seen


async def test_http_proxy_carries_the_call(env: pytest.MonkeyPatch, proxy: tuple[str, list[str]]) -> None:
    proxy_url, via_proxy = proxy
    env.setenv("HTTP_PROXY", proxy_url)
    async with http_client(base_url=f"http://{UNRESOLVABLE}") as client:
        response = await client.post("/graphql", json={"query": "{ __typename }"})
    assert response.json() == {"wie": "proxy", "host": UNRESOLVABLE, "pad": "/graphql"}
    assert via_proxy == [f"{UNRESOLVABLE}/graphql"]


async def test_a_host_no_proxy_names_is_reached_directly(
    env: pytest.MonkeyPatch, proxy: tuple[str, list[str]], dienst: tuple[str, list[str]]
) -> None:
    proxy_url, via_proxy = proxy
    dienst_url, direct = dienst
    env.setenv("HTTP_PROXY", proxy_url)
    env.setenv("NO_PROXY", "127.0.0.1,localhost")
    async with http_client(base_url=dienst_url) as client:
        response = await client.get("/profiel")
    assert response.json()["wie"] == "dienst"
    assert len(direct) == 1
    assert via_proxy == []


async def test_https_proxy_is_asked_to_tunnel_and_its_refusal_is_a_proxy_error(
    env: pytest.MonkeyPatch,
) -> None:
    refusal = b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    with recording(refusal) as (proxy_url, heads):
        env.setenv("HTTPS_PROXY", proxy_url)
        async with http_client(base_url=f"https://{UNRESOLVABLE}") as client:
            with pytest.raises(httpx.ProxyError):
                await client.get("/profiel")
    assert len(heads) == 1
    assert heads[0].split(b"\r\n")[0] == f"CONNECT {UNRESOLVABLE}:443 HTTP/1.1".encode()


@pytest.fixture(scope="module")
def test_ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def secure_server(test_ca: trustme.CA) -> Iterator[str]:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    test_ca.issue_cert("127.0.0.1").configure_cert(context)
    with tls_server(context, b"HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nveilig") as base_url:
        yield base_url


async def test_a_certificate_from_the_trust_store_ssl_cert_file_names_is_trusted(
    env: pytest.MonkeyPatch, tmp_path: Path, test_ca: trustme.CA, secure_server: str
) -> None:
    trust_store = tmp_path / "ca.pem"
    test_ca.cert_pem.write_to_path(str(trust_store))
    env.setenv("SSL_CERT_FILE", str(trust_store))
    async with http_client(base_url=secure_server) as client:
        response = await client.get("/")
    assert response.text == "veilig"


async def test_a_certificate_the_trust_store_does_not_know_is_refused(
    env: pytest.MonkeyPatch, secure_server: str
) -> None:
    async with http_client(base_url=secure_server) as client:
        with pytest.raises(httpx.ConnectError, match="certificate verify failed"):
            await client.get("/")


async def test_calls_load_no_ca_bundle_besides_the_trust_store_they_check_against(
    env: pytest.MonkeyPatch, proxy: tuple[str, list[str]], dienst: tuple[str, list[str]]
) -> None:
    """Loading a CA bundle costs about 20 ms of CPU on the event loop; a hub with hundreds of
    services would pay it at each one's first call, for a bundle nothing uses."""
    loaded: list[object] = []
    made = ssl.create_default_context

    def counted(*args: object, **kwargs: object) -> ssl.SSLContext:
        loaded.append(kwargs.get("cafile"))
        return made(*args, **kwargs)  # type: ignore[arg-type]

    env.setattr(ssl, "create_default_context", counted)
    proxy_url, via_proxy = proxy
    dienst_url, direct = dienst
    env.setenv("HTTP_PROXY", proxy_url)
    env.setenv("NO_PROXY", "127.0.0.1")
    async with http_client() as client:
        through = await client.get(f"http://{UNRESOLVABLE}/a")  # one way through the proxy
        straight = await client.get(f"{dienst_url}/b")  # and one without

    assert (through.json()["wie"], straight.json()["wie"]) == ("proxy", "dienst")
    assert (via_proxy, direct) == ([f"{UNRESOLVABLE}/a"], [dienst_url.removeprefix("http://") + "/b"])
    assert loaded == []
