"""KIOSK down, slow, broken or saying no: each becomes the SDK error that tells the hub what to do."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date

import httpx
import pytest
from fastapi import FastAPI, Request

from connectors.kiosk.connector import Kiosk, KioskConfig
from connectors.sdk import (
    ConnectorConfigError,
    ConnectorError,
    ConnectorRejected,
    ConnectorUnavailable,
    NotFound,
)
from demo.sandboxes.kiosk.seed import demo_dossiers
from tests.connectors.hub_side import call_context
from tests.utils.servers import free_port, serving

SEEDED = demo_dossiers(date.today())[0].model_dump(by_alias=True, mode="json")
"""A dossier as KIOSK sends it."""

Remote = Callable[[httpx.Request], httpx.Response]


def kiosk_answering(remote: Remote) -> Kiosk:
    return Kiosk(
        KioskConfig(name="kiosk", base_url="http://kiosk.test"), transport=httpx.MockTransport(remote)
    )


def recording(sent: list[httpx.Request]) -> Remote:
    """A KIOSK with no dossiers that notes every request it gets."""

    def remote(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json=[])

    return remote


@pytest.fixture
def slow_kiosk() -> Iterator[str]:
    """A KIOSK that answers only once the caller has hung up."""
    app = FastAPI()

    @app.get("/api/verenigingen/{v_code}/dossiers")
    async def slow(request: Request) -> list[str]:
        while (await request.receive())["type"] != "http.disconnect":
            pass
        return []

    with serving(app) as url:
        yield url


async def test_kiosk_down_is_unavailable() -> None:
    kiosk = Kiosk(KioskConfig(name="kiosk", base_url=f"http://127.0.0.1:{free_port()}"))
    async with kiosk.http:
        with pytest.raises(ConnectorUnavailable, match="ConnectError") as failed:
            await kiosk.dossiers(call_context("token"))

    assert failed.value.retryable


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (httpx.Response(500, text="Internal Server Error"), "HTTP 500"),
        (httpx.Response(503, json={"detail": "onderhoud"}), "onderhoud"),
        (httpx.Response(200, text="<html>KIOSK</html>"), "unreadable"),
        (httpx.Response(200, json=[{**SEEDED, "status": "VERLOREN"}]), "unreadable"),
        (httpx.Response(200, json=[{**SEEDED, "link": "javascript:alert(1)"}]), r"link\n.*not a web address"),
    ],
    ids=["500", "503", "not-json", "unknown-status", "script-link"],
)
async def test_server_errors_and_unreadable_answers_are_unavailable(
    answer: httpx.Response, expected: str
) -> None:
    kiosk = kiosk_answering(lambda request: answer)
    async with kiosk.http:
        with pytest.raises(ConnectorUnavailable, match=expected):
            await kiosk.dossiers(call_context("token"))


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (400, ConnectorRejected),
        (409, ConnectorRejected),
        (422, ConnectorRejected),
        (404, NotFound),
        (401, ConnectorConfigError),
        (403, ConnectorConfigError),
        (405, ConnectorConfigError),
    ],
)
async def test_refusals_are_classed_by_what_the_hub_must_do(status: int, error: type[ConnectorError]) -> None:
    kiosk = kiosk_answering(
        lambda request: httpx.Response(status, json={"code": "x", "detail": "KIOSK zegt nee"})
    )
    async with kiosk.http:
        with pytest.raises(ConnectorError) as refused:
            await kiosk.wijzig_rekeningnummer(call_context("token"), "KIOSK-1", "BE68 5390 0754 7034")

    assert type(refused.value) is error
    assert "KIOSK zegt nee" in refused.value.reason
    assert not refused.value.retryable


async def test_a_call_ends_at_its_deadline(slow_kiosk: str) -> None:
    kiosk = Kiosk(KioskConfig(name="kiosk", base_url=slow_kiosk))
    async with kiosk.http:
        # The remote never answers while the call waits: only the deadline can end it.
        with pytest.raises(ConnectorUnavailable, match="no answer within") as ended:
            await kiosk.dossiers(call_context("token", seconds=0.3))

    assert ended.value.retryable


async def test_a_call_whose_deadline_passed_is_not_sent() -> None:
    sent: list[httpx.Request] = []
    kiosk = kiosk_answering(recording(sent))
    async with kiosk.http:
        with pytest.raises(ConnectorUnavailable, match="deadline"):
            await kiosk.dossiers(call_context("token", seconds=-1.0))

    assert sent == []


async def test_without_a_chosen_association_nothing_is_asked() -> None:
    sent: list[httpx.Request] = []
    kiosk = kiosk_answering(recording(sent))
    async with kiosk.http:
        with pytest.raises(ConnectorRejected, match="vereniging"):
            await kiosk.dossiers(call_context("token", v_code=None))

    assert sent == []
