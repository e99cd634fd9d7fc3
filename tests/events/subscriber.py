"""A subscribing service on loopback, as a vendor would write one with the SDK: it checks each
event's signature, applies each event id once, and can be taken down (answers 503) or made to
hold an answer until the test lets it go."""

from __future__ import annotations

import base64
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from connectors.sdk.events import VerenigingGewijzigd
from connectors.sdk.subscription import ForgedEvent, MalformedEvent, read_vereniging_gewijzigd
from tests.utils.servers import serving

SECRET = "whsec_" + base64.b64encode(b"abonnee-sleutel-voor-tests-32by").decode()
WAIT_SECONDS = 60.0


@dataclass
class Subscriber:
    secret: str = SECRET
    status: int = 204
    """What it answers (503: down)."""
    error_body: bytes = b""
    """What it says with an answer that is not 2xx."""
    received: list[str] = field(default_factory=list)
    """Every event id that came, repeats included, in arrival order."""
    applied: dict[str, VerenigingGewijzigd] = field(default_factory=dict)
    """Each event applied once, in the order applied."""
    refused: list[str] = field(default_factory=list)
    traces: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    """Per event id: the `traceparent` its request carried, and the one the event names."""
    refuse_after: int | None = None
    """Once this many events were applied, answer `status_after` to the others."""
    status_after: int = 500
    hold_after: int | None = None
    """Once this many events were applied, hold every answer until `release` is set."""
    release: threading.Event = field(default_factory=threading.Event)
    holding: threading.Event = field(default_factory=threading.Event)
    _changed: threading.Condition = field(default_factory=threading.Condition)

    async def hook(self, request: Request) -> Response:
        body = await request.body()
        try:
            ontvangen = read_vereniging_gewijzigd(self.secret, request.headers, body)
        except ForgedEvent as error:
            self.refused.append(str(error))
            return Response(status_code=401)
        except MalformedEvent as error:
            self.refused.append(str(error))
            return Response(str(error), status_code=400)
        if self.hold_after is not None and len(self.applied) >= self.hold_after:
            self.holding.set()
            while not self.release.wait(timeout=0.05):
                pass
        with self._changed:
            self.received.append(ontvangen.id)
            self.traces[ontvangen.id] = (
                request.headers.get("traceparent"),
                json.loads(body).get("traceparent"),
            )
            refusing = self.refuse_after is not None and len(self.applied) >= self.refuse_after
            if refusing and ontvangen.id not in self.applied:
                self._changed.notify_all()
                return Response(self.error_body, status_code=self.status_after)
            if self.status >= 300:
                self._changed.notify_all()
                return Response(self.error_body, status_code=self.status)
            self.applied.setdefault(ontvangen.id, ontvangen.data)
            self._changed.notify_all()
        return Response(status_code=204)

    def wait_for(self, count: int, *, timeout: float = WAIT_SECONDS) -> list[VerenigingGewijzigd]:
        """Block until `count` different events were applied (or attempted, when down)."""
        with self._changed:
            done = self._changed.wait_for(
                lambda: len(self.applied) >= count if self.status < 300 else len(self.received) >= count,
                timeout=timeout,
            )
        assert done, f"{len(self.applied)} of {count} events applied, {len(self.received)} came"
        return list(self.applied.values())

    def versions(self) -> dict[str, list[int]]:
        """Per association, the versions in the order they were applied."""
        found: dict[str, list[int]] = {}
        for data in self.applied.values():
            found.setdefault(data.v_code, []).append(data.versie)
        return found


def connectors_file(directory: Path, webhook_url: str) -> Path:
    """A connectors file with one connector, `kiosk`, subscribed to changes of contactgegevens."""
    path = directory / "connectors.toml"
    path.write_text(
        f"""
[[connector]]
kind = "kiosk"
name = "kiosk"
base_url = "http://127.0.0.1:9"
webhook_secret = "{SECRET}"

[connector.abonnement]
webhook_url = "{webhook_url}"
delen = ["contactgegevens"]
""",
        encoding="utf-8",
    )
    return path


@contextmanager
def subscriber_on_loopback(subscriber: Subscriber) -> Iterator[str]:
    """Serves `subscriber`; yields its webhook URL."""
    app = Starlette(routes=[Route("/hook", subscriber.hook, methods=["POST"])])
    with serving(app) as base_url:
        try:
            yield f"{base_url}/hook"
        finally:
            subscriber.release.set()
