"""`POST /events/{connector}`: the events a connected service pushes, taken durably and once.

In order, each refusal stores nothing:
- 413: a body over 1 MB (`connectors.sdk.events.MAX_BODY_BYTES`; `hub.body_limit` refuses it
  before it is read);
- 401: an unknown connector, one without a `webhook_secret`, a missing or wrong Standard Webhooks
  signature, or a `webhook-timestamp` more than 5 minutes off (the same answer for each, so
  that a stranger learns nothing of which connectors exist);
- 415: neither `application/cloudevents+json` nor `application/cloudevents-batch+json`;
- 400: not a CloudEvent 1.0 of a known type with valid data, naming the field (`[3].data.vCode`);
- 422: an event names an association the register does not hold.
202 once the whole delivery is committed; the same `webhook-id` again gets the same answer and
changes nothing. Checking the signature and reading the events runs on the event loop for a
delivery up to 16 KiB, and in a worker thread for a larger one (up to a megabyte of JSON).

`POST /events/{connector}/eigen` takes a push in the service's own format instead: the
connector's `StatusEvents.map_push` checks the service's signature (else 401) and maps it to the
hub's events (else 400 naming the field), which are then checked and stored as above, once per
the push's `delivery_id`.

This module is the two endpoints and what they share: taking a delivery once, counting it and
answering. A delivery is read by `cloudevents_push` (its signature checked by `signature`) or
`native_push`; what both check alike is in `push_checks`, the news as it is kept in `nieuws`, and
a refusal's answer in `refused`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import anyio.to_thread
import structlog
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from prometheus_client import CollectorRegistry, Counter

from connectors.sdk import Connector
from connectors.sdk.capabilities import StatusEvents
from hub.events.cloudevents_push import read_cloudevents
from hub.events.native_push import read_native
from hub.events.refused import Refused
from hub.events.signature import SIGNATURE_HEADERS, Signers
from registry.dossiers.model import Binnenkomend, OnbekendeVereniging
from registry.dossiers.service import Dossiers
from registry.i18n import Language, negotiate
from registry.text import excerpt

log = structlog.get_logger("hub.events")

INLINE_BYTES = 16 * 1024
"""A delivery up to this size is checked and read on the event loop (well under a millisecond);
a larger one, up to a batch of 1 MiB, in a worker thread, so that no request holds the loop."""


def events_router(
    connectors: Sequence[Connector[Any]],
    dossiers: Dossiers,
    *,
    registry: CollectorRegistry,
    taken: Callable[[set[str]], Awaitable[None]] | None = None,
) -> APIRouter:
    """`registry`: where `vloket_events_inbound_total` counts the events taken and the
    deliveries refused, per connector (`-` for a name that is none) and outcome. `taken`: told
    which associations news was stored for (once per delivery that took events; it must not
    raise), for notices by mail."""
    signers = Signers.of(connectors)
    mappers = {c.name: c for c in connectors if isinstance(c, StatusEvents)}
    reporting = frozenset(c.name for c in connectors if c.config.pushes_facts)
    router = APIRouter(tags=["events"])
    counted = Counter(
        "vloket_events_inbound",
        "Inbound events taken (accepted, duplicate) and deliveries repeated or refused (by code).",
        ["connector", "outcome"],
        registry=registry,
    )

    @router.post("/events/{connector}", status_code=202)
    async def receive(connector: str, request: Request) -> JSONResponse:
        """Take one CloudEvent or a batch a service pushes, signed per Standard Webhooks."""
        language = negotiate(request.headers.get("accept-language"))
        headers = {name: request.headers.get(name, "") for name in SIGNATURE_HEADERS}
        media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        body = await request.body()
        signer = signers.by_name.get(connector)
        return await take(
            connector,
            language,
            lambda: (
                headers["webhook-id"],
                read_cloudevents(signer, headers, media_type, body, connector in reporting),
            ),
            inline=len(body) <= INLINE_BYTES,
        )

    @router.post("/events/{connector}/eigen", status_code=202)
    async def receive_native(connector: str, request: Request) -> JSONResponse:
        """Take a push in the service's own format, which its connector reads (`StatusEvents`)."""
        language = negotiate(request.headers.get("accept-language"))
        headers = {name.lower(): value for name, value in request.headers.items()}
        body = await request.body()
        mapper = mappers.get(connector)
        return await take(
            connector,
            language,
            lambda: read_native(mapper, headers, body, connector in reporting),
            inline=len(body) <= INLINE_BYTES,
        )

    async def take(
        connector: str,
        language: Language,
        read: Callable[[], tuple[str, list[Binnenkomend]]],
        *,
        inline: bool,
    ) -> JSONResponse:
        """Read the delivery (in a worker thread unless it is small), store it once, answer."""
        try:
            delivery_id, gebeurtenissen = read() if inline else await anyio.to_thread.run_sync(read)
            ontvangst = await dossiers.ontvang(connector, delivery_id, gebeurtenissen)
        except Refused as refused:
            log.info("event refused", connector=excerpt(connector, 63), code=refused.code)
            counted.labels(_known(connector), refused.code.lower()).inc()
            return refused.response(language)
        except OnbekendeVereniging as unknown:
            log.info("event refused", connector=connector, code=unknown.code)
            counted.labels(connector, unknown.code.lower()).inc()
            body_422 = {**unknown.extensions(language), "message": unknown.message(language)}
            return JSONResponse(body_422, status_code=422)
        if ontvangst.herhaald:
            counted.labels(connector, "repeated").inc()
        else:
            counted.labels(connector, "accepted").inc(ontvangst.aanvaard)
            counted.labels(connector, "duplicate").inc(ontvangst.dubbel)
            if taken is not None and ontvangst.aanvaard:
                await taken({g.v_code for g in gebeurtenissen})
        log.info(
            "events taken",
            connector=connector,
            aanvaard=ontvangst.aanvaard,
            dubbel=ontvangst.dubbel,
            herhaald=ontvangst.herhaald,
        )
        return JSONResponse(ontvangst.antwoord(), status_code=202)

    def _known(name: str) -> str:
        # A label per name a stranger types would grow without bound.
        return name if name in signers.by_name or name in mappers else "-"

    return router
