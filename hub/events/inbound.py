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
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import anyio.to_thread
import structlog
from cloudevents.core.exceptions import CloudEventValidationError
from cloudevents.core.v1.event import CloudEvent
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from prometheus_client import CollectorRegistry, Counter
from pydantic import ValidationError
from standardwebhooks import Webhook

from connectors.sdk import Connector
from connectors.sdk.capabilities import StatusEvents
from connectors.sdk.events import (
    CLOUDEVENTS_BATCH_JSON,
    CLOUDEVENTS_JSON,
    DOSSIER_BESLIST,
    EVENT_TYPES,
    MAX_BATCH,
    DocumentBeschikbaar,
    DossierBeslist,
    DossierGewijzigd,
    GegevensGewijzigd,
    InboundData,
    PushMalformed,
    PushNotSigned,
    tijdstip,
)
from hub.profile.facts import REGISTER
from registry.dossiers.model import Binnenkomend, DossierStand, OnbekendeVereniging
from registry.dossiers.service import Dossiers
from registry.i18n import Language, negotiate
from registry.message_keys import MessageKey
from registry.messages import translate
from registry.text import excerpt, forbidden_character

log = structlog.get_logger("hub.events")

MAX_WEBHOOK_ID = 255
MAX_EVENT_ID = 255
MAX_ATTRIBUTES = 20
"""The spec's attributes and a few extensions."""
MAX_DATA_FIELDS = 20
"""More than any event type has."""


class Refused(Exception):
    def __init__(self, status: int, code: MessageKey, **params: object) -> None:
        super().__init__(code)
        self.status = status
        self.code = code
        self.params = params

    def response(self, language: Language) -> JSONResponse:
        body = {"code": self.code, "message": translate(self.code, language, **self.params), **self.params}
        return JSONResponse(body, status_code=self.status)


def _malformed(veld: str, reden: str) -> Refused:
    return Refused(400, "EVENT_MALFORMED", veld=veld, reden=excerpt(reden, 200))


@dataclass(frozen=True)
class Signers:
    """Each connector's webhook verifier, by the connector's name."""

    by_name: Mapping[str, Webhook]

    @classmethod
    def of(cls, connectors: Sequence[Connector[Any]]) -> Signers:
        return cls(
            {
                connector.name: Webhook(connector.config.webhook_secret.get_secret_value())
                for connector in connectors
                if connector.config.webhook_secret is not None
            }
        )


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
        headers = {name: request.headers.get(name, "") for name in _SIGNATURE_HEADERS}
        media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        body = await request.body()
        signer = signers.by_name.get(connector)
        return await take(
            connector,
            language,
            lambda: (headers["webhook-id"], _read(signer, headers, media_type, body, connector in reporting)),
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
            lambda: _mapped(mapper, headers, body, connector in reporting),
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


_SIGNATURE_HEADERS = ("webhook-id", "webhook-timestamp", "webhook-signature")


def _read(
    signer: Webhook | None, headers: dict[str, str], media_type: str, body: bytes, reports: bool
) -> list[Binnenkomend]:
    """The delivery's events, once its signature holds (runs in a worker thread)."""
    _verify(signer, headers, body)
    if media_type not in {CLOUDEVENTS_JSON, CLOUDEVENTS_BATCH_JSON}:
        raise Refused(415, "EVENT_MEDIA_TYPE")
    try:
        document = json.loads(body)
    except (ValueError, RecursionError) as error:
        raise _malformed("body", f"not JSON ({error})") from None
    if media_type == CLOUDEVENTS_JSON:
        return [_event(document, "", reports)]
    if not isinstance(document, list):
        raise _malformed("body", "a batch is a JSON array of events")
    if not 1 <= len(document) <= MAX_BATCH:
        raise _malformed("body", f"a batch holds 1 to {MAX_BATCH} events, not {len(document)}")
    events = [_event(item, f"[{index}].", reports) for index, item in enumerate(document)]
    first_at: dict[str, int] = {}
    for index, event in enumerate(events):
        earlier = first_at.setdefault(event.id, index)
        if earlier != index:
            raise _malformed(
                f"[{index}].id", f"the same id as [{earlier}]; each event in a batch has its own"
            )
    return events


def _mapped(
    mapper: StatusEvents | None, headers: Mapping[str, str], body: bytes, reports: bool
) -> tuple[str, list[Binnenkomend]]:
    """A push in a service's own format, read by its connector and checked as the hub checks
    its own events (runs in a worker thread for a large body)."""
    if mapper is None:
        raise Refused(401, "EVENT_NOT_SIGNED")
    try:
        push = mapper.map_push(headers, body)
    except PushNotSigned:
        raise Refused(401, "EVENT_NOT_SIGNED") from None
    except PushMalformed as malformed:
        raise _malformed(excerpt(malformed.veld, 100), malformed.reden) from None
    delivery_id = push.delivery_id
    if not 0 < len(delivery_id) <= MAX_WEBHOOK_ID or not delivery_id.isprintable():
        raise _malformed("delivery_id", f"1 to {MAX_WEBHOOK_ID} printable characters")
    if not 1 <= len(push.events) <= MAX_BATCH:
        raise _malformed("body", f"a push holds 1 to {MAX_BATCH} events, not {len(push.events)}")
    found: list[Binnenkomend] = []
    seen: dict[str, int] = {}
    for index, event in enumerate(push.events):
        where = f"[{index}]"
        if not 0 < len(event.id) <= MAX_EVENT_ID or forbidden_character(event.id) is not None:
            raise _malformed(f"{where}.id", f"1 to {MAX_EVENT_ID} characters, none a control character")
        if seen.setdefault(event.id, index) != index:
            raise _malformed(f"{where}.id", f"the same id as [{seen[event.id]}]; each event has its own")
        model = EVENT_TYPES.get(event.type)
        if model is None or not isinstance(event.data, model):
            raise _malformed(
                f"{where}.type", f"unknown type, or data not of it; known: {', '.join(EVENT_TYPES)}"
            )
        if model is GegevensGewijzigd and not reports:
            raise _malformed(f"{where}.type", NOT_REPORTING)
        unfit = gebrek(event.data, nu=datetime.now(UTC))
        if unfit is not None:
            raise _malformed(f"{where}.data.{unfit[0]}", unfit[1])
        found.append(binnenkomend(event.id, event.type, event.data))
    return delivery_id, found


def _verify(signer: Webhook | None, headers: dict[str, str], body: bytes) -> None:
    webhook_id = headers["webhook-id"]
    if signer is None or not 0 < len(webhook_id) <= MAX_WEBHOOK_ID or not webhook_id.isprintable():
        raise Refused(401, "EVENT_NOT_SIGNED")
    try:
        signer.verify(body.decode("utf-8"), headers, json_parse=False)
    except Exception:
        # The library's own error, and what a mangled header or body makes it raise (a bad
        # base64, a signature without its version, bytes that are not UTF-8): all unsigned.
        raise Refused(401, "EVENT_NOT_SIGNED") from None


NOT_REPORTING = "this connector does not push facts (`pushes_facts` is not set in its configuration)"


def _event(item: object, where: str, reports: bool) -> Binnenkomend:
    if not isinstance(item, dict):
        raise _malformed(where.rstrip(".") or "body", "an event is a JSON object")
    if len(item) > MAX_ATTRIBUTES:
        raise _malformed(where.rstrip(".") or "body", f"at most {MAX_ATTRIBUTES} attributes")
    attributes = {key: value for key, value in item.items() if key != "data"}
    data = item.get("data")
    if isinstance(data, dict) and len(data) > MAX_DATA_FIELDS:
        # Refused before validation, which would describe every unknown field one by one.
        raise _malformed(f"{where}data", f"at most {MAX_DATA_FIELDS} fields")
    for name, value in attributes.items():
        _plain_text(value, f"{where}{name}")
    if "time" in attributes:
        # The library takes a parsed time; the wire carries RFC 3339 text.
        attributes["time"] = _time(attributes["time"], f"{where}time")
    try:
        event = CloudEvent(attributes, data)
    except CloudEventValidationError as error:
        name, problems = next(iter(error.errors.items()))
        raise _malformed(f"{where}{name}", str(problems[0])) from None
    if event.get_specversion() != "1.0":
        raise _malformed(f"{where}specversion", "must be 1.0")
    if len(event.get_id()) > MAX_EVENT_ID:
        raise _malformed(f"{where}id", f"at most {MAX_EVENT_ID} characters")
    model = EVENT_TYPES.get(event.get_type())
    if model is None:
        raise _malformed(f"{where}type", f"unknown type; known: {', '.join(EVENT_TYPES)}")
    if model is GegevensGewijzigd and not reports:
        raise _malformed(f"{where}type", NOT_REPORTING)
    content_type = event.get_datacontenttype()
    if content_type not in (None, "application/json"):
        raise _malformed(f"{where}datacontenttype", "must be application/json")
    try:
        parsed = model.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        path = ".".join(str(part) for part in first["loc"])
        raise _malformed(f"{where}data{'.' + path if path else ''}", first["msg"]) from None
    unfit = gebrek(parsed, nu=datetime.now(UTC))
    if unfit is not None:
        raise _malformed(f"{where}data.{unfit[0]}", unfit[1])
    subject = event.get_subject()
    if isinstance(parsed, GegevensGewijzigd):
        if subject is not None and subject != parsed.v_code:
            raise _malformed(f"{where}subject", "must be the vCode of its data")
    elif subject is not None and subject != parsed.dossier_id:
        raise _malformed(f"{where}subject", "must be the dossierId of its data")
    return binnenkomend(event.get_id(), event.get_type(), parsed)


def _plain_text(value: object, veld: str) -> None:
    """No text the hub keeps may hold a control character, a direction override or a lone
    surrogate (which no database stores the same way, and PostgreSQL refuses)."""
    if isinstance(value, str):
        found = forbidden_character(value)
        if found is not None:
            raise _malformed(veld, f"character {found.teken} at position {found.positie} is not allowed")


EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
"""No news from a service is older (a year-1 time with an offset is no time PostgreSQL stores)."""
MAX_AHEAD = timedelta(minutes=5)
"""How far ahead of the hub's clock news may be dated (clocks differ a little; a state dated in
the future would hold the copy against every real change until then)."""
_TIME_FIELD: dict[type[InboundData], str] = {
    DossierGewijzigd: "bijgewerktOp",
    DossierBeslist: "beslistOp",
    DocumentBeschikbaar: "beschikbaarOp",
    GegevensGewijzigd: "bijgewerktOp",
}


def gebrek(data: InboundData, *, nu: datetime) -> tuple[str, str] | None:
    """What makes valid data unfit to keep, as (field, reason), or None: a character no text the
    hub keeps may hold (in any field, the facts' included), or a time more than `MAX_AHEAD` ahead
    of `nu`. Pushed and pulled news alike."""
    for name, value in _texts(data.model_dump(by_alias=True)):
        found = forbidden_character(value)
        if found is not None:
            return name, f"character {found.teken} at position {found.positie} is not allowed"
    moment = tijdstip(data)
    if moment > nu + MAX_AHEAD:
        return _TIME_FIELD[type(data)], "more than 5 minutes ahead of the hub's clock"
    if moment < EARLIEST:
        return _TIME_FIELD[type(data)], "before 2000-01-01T00:00:00Z"
    if isinstance(data, GegevensGewijzigd) and data.bron.strip().casefold() == REGISTER.casefold():
        return "bron", f"{REGISTER} is the register's own name; name the service that knows these facts"
    return None


def _texts(fields: dict[str, Any]) -> list[tuple[str, str]]:
    """Each text in the data with where it is (`feiten[2].waarde`); data nests one list deep."""
    found: list[tuple[str, str]] = []
    for name, value in fields.items():
        if isinstance(value, str):
            found.append((name, value))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                found += [(f"{name}[{index}].{key}", text) for key, text in _texts(item)]
    return found


def _time(value: object, veld: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value) if isinstance(value, str) and len(value) <= 40 else None
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise _malformed(veld, "an RFC 3339 time with its offset, e.g. 2026-12-06T10:00:00Z")
    return moment


def binnenkomend(id_: str, type_: str, data: InboundData) -> Binnenkomend:
    """An event as the store takes it (also what the reconcile pull makes of a state it read)."""
    if isinstance(data, GegevensGewijzigd):
        return Binnenkomend(
            id=id_,
            type=type_,
            v_code=data.v_code,
            dossier_id=None,
            tijdstip=data.bijgewerkt_op.astimezone(UTC),
            data=data.model_dump(mode="json", by_alias=True),
        )
    stand = None
    if isinstance(data, DossierGewijzigd):
        stand = DossierStand(
            titel=data.titel,
            status=data.status.value,
            actie_nodig=data.actie_nodig,
            deadline=data.deadline,
            verwachte_beslissing=data.verwachte_beslissing,
            link=data.link,
        )
    return Binnenkomend(
        id=id_,
        type=type_,
        v_code=data.v_code,
        dossier_id=data.dossier_id,
        tijdstip=tijdstip(data).astimezone(UTC),
        data=data.model_dump(mode="json", by_alias=True),
        stand=stand,
        status="beslist" if type_ == DOSSIER_BESLIST else None,
        link=getattr(data, "link", None),
    )
