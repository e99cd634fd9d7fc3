"""One attempt to deliver an event over HTTP: the CloudEvent signed with the subscriber's Standard
Webhooks key, POSTed within a timeout in a span of the change's trace, and the answer classified:
None once the subscriber took it, otherwise what went wrong (for the delivery's record)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime

import httpx
import orjson
from opentelemetry import trace
from standardwebhooks import Webhook

from connectors.sdk.events import CLOUDEVENTS_JSON
from hub.events.abonnees import Abonnee
from hub.events.outgoing_event import event
from hub.telemetry import context_of, tracer
from registry.uitgaand.model import Levering

MAX_ANSWER_BYTES = 4096
"""Of a subscriber's answer, at most this much is read (for the error it names)."""


async def post_event(
    http: httpx.AsyncClient,
    abonnee: Abonnee,
    levering: Levering,
    *,
    source: str,
    timeout: float,  # noqa: ASYNC109 - bounds the whole attempt, which then names it as its error
    clock: Callable[[], datetime],
) -> str | None:
    """None once the subscriber took the event (any 2xx) within the timeout, otherwise what went
    wrong. In a span of the trace of the change it reports (the subscriber's call carries that
    trace on), linked to the job that delivers it."""
    job = trace.get_current_span().get_span_context()
    with tracer.start_as_current_span(
        f"deliver {levering.gebeurtenis}",
        context=context_of(levering.traceparent),
        kind=trace.SpanKind.PRODUCER,
        links=[trace.Link(job)] if job.is_valid else None,
        attributes={"vloket.abonnee": abonnee.abonnement.naam, "vloket.event_id": levering.uitgaand_id},
    ) as span:
        body = orjson.dumps(event(levering, abonnee.abonnement, source=source)).decode()
        message_id = f"vloket-{levering.uitgaand_id}"
        now = clock()  # once: the timestamp header and the signature must name the same second
        headers = signed_headers(abonnee.webhook, message_id, now, body)
        fout = await _post(http, abonnee.webhook_url, body, headers, timeout)
        if fout is not None:
            span.set_status(trace.StatusCode.ERROR, fout)
        return fout


def signed_headers(webhook: Webhook, message_id: str, now: datetime, body: str) -> dict[str, str]:
    """The headers of a CloudEvent POSTed as `message_id` at `now`, signed for its receiver."""
    return {
        "content-type": CLOUDEVENTS_JSON,
        "webhook-id": message_id,
        "webhook-timestamp": str(int(now.timestamp())),
        "webhook-signature": webhook.sign(message_id, now, body),
    }


async def _post(
    http: httpx.AsyncClient,
    url: str,
    body: str,
    headers: dict[str, str],
    timeout: float,  # noqa: ASYNC109 - bounds the whole attempt, which then names it as its error
) -> str | None:
    """`_send` within the timeout, however slowly an answer trickles in; an error as the reason."""
    try:
        async with asyncio.timeout(timeout):
            return await _send(http, url, body, headers)
    except TimeoutError:
        return f"no answer within {timeout:g} s"
    except (httpx.HTTPError, httpx.InvalidURL, ValueError, UnicodeError) as error:
        return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__


async def _send(http: httpx.AsyncClient, url: str, body: str, headers: dict[str, str]) -> str | None:
    async with http.stream("POST", url, content=body, headers=headers) as response:
        if response.is_success:
            return None
        answer = b""
        async for chunk in response.aiter_bytes():
            answer += chunk
            if len(answer) >= MAX_ANSWER_BYTES:
                break
        reason = answer[:200].decode("utf-8", "replace").strip()
        where = response.headers.get("location", "")[:200] if response.is_redirect else ""
        return (
            f"HTTP {response.status_code}"
            + (f" to {where}" if where else "")
            + (f": {reason}" if reason else "")
        )
