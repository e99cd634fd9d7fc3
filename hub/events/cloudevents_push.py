"""A push as the hub defines it: one CloudEvent 1.0 or a batch, signed per Standard Webhooks, read
into the events the store takes (415 for another media type, 400 naming the field that is off)."""

from __future__ import annotations

import json
from datetime import datetime

from cloudevents.core.exceptions import CloudEventValidationError
from cloudevents.core.v1.event import CloudEvent
from pydantic import ValidationError
from standardwebhooks import Webhook

from connectors.sdk.events import CLOUDEVENTS_BATCH_JSON, CLOUDEVENTS_JSON, MAX_BATCH, GegevensGewijzigd
from hub.events.nieuws import binnenkomend
from hub.events.push_checks import MAX_EVENT_ID, event_model, fit_to_keep
from hub.events.refused import Refused, malformed
from hub.events.signature import verify
from registry.dossiers.model import Binnenkomend
from registry.text import forbidden_character

MAX_ATTRIBUTES = 20
"""The spec's attributes and a few extensions."""
MAX_DATA_FIELDS = 20
"""More than any event type has."""


def read_cloudevents(
    signer: Webhook | None, headers: dict[str, str], media_type: str, body: bytes, reports: bool
) -> list[Binnenkomend]:
    """The delivery's events, once its signature holds (runs in a worker thread)."""
    verify(signer, headers, body)
    if media_type not in {CLOUDEVENTS_JSON, CLOUDEVENTS_BATCH_JSON}:
        raise Refused(415, "EVENT_MEDIA_TYPE")
    try:
        document = json.loads(body)
    except (ValueError, RecursionError) as error:
        raise malformed("body", f"not JSON ({error})") from None
    if media_type == CLOUDEVENTS_JSON:
        return [_event(document, "", reports)]
    if not isinstance(document, list):
        raise malformed("body", "a batch is a JSON array of events")
    if not 1 <= len(document) <= MAX_BATCH:
        raise malformed("body", f"a batch holds 1 to {MAX_BATCH} events, not {len(document)}")
    events = [_event(item, f"[{index}].", reports) for index, item in enumerate(document)]
    first_at: dict[str, int] = {}
    for index, event in enumerate(events):
        earlier = first_at.setdefault(event.id, index)
        if earlier != index:
            raise malformed(f"[{index}].id", f"the same id as [{earlier}]; each event in a batch has its own")
    return events


def _event(item: object, where: str, reports: bool) -> Binnenkomend:
    if not isinstance(item, dict):
        raise malformed(where.rstrip(".") or "body", "an event is a JSON object")
    if len(item) > MAX_ATTRIBUTES:
        raise malformed(where.rstrip(".") or "body", f"at most {MAX_ATTRIBUTES} attributes")
    attributes = {key: value for key, value in item.items() if key != "data"}
    data = item.get("data")
    if isinstance(data, dict) and len(data) > MAX_DATA_FIELDS:
        # Refused before validation, which would describe every unknown field one by one.
        raise malformed(f"{where}data", f"at most {MAX_DATA_FIELDS} fields")
    for name, value in attributes.items():
        _plain_text(value, f"{where}{name}")
    if "time" in attributes:
        # The library takes a parsed time; the wire carries RFC 3339 text.
        attributes["time"] = _time(attributes["time"], f"{where}time")
    try:
        event = CloudEvent(attributes, data)
    except CloudEventValidationError as error:
        name, problems = next(iter(error.errors.items()))
        raise malformed(f"{where}{name}", str(problems[0])) from None
    if event.get_specversion() != "1.0":
        raise malformed(f"{where}specversion", "must be 1.0")
    if len(event.get_id()) > MAX_EVENT_ID:
        raise malformed(f"{where}id", f"at most {MAX_EVENT_ID} characters")
    model = event_model(event.get_type(), f"{where}type", reports=reports)
    content_type = event.get_datacontenttype()
    if content_type not in (None, "application/json"):
        raise malformed(f"{where}datacontenttype", "must be application/json")
    try:
        parsed = model.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        path = ".".join(str(part) for part in first["loc"])
        raise malformed(f"{where}data{'.' + path if path else ''}", first["msg"]) from None
    fit_to_keep(parsed, f"{where}data")
    subject = event.get_subject()
    if isinstance(parsed, GegevensGewijzigd):
        if subject is not None and subject != parsed.v_code:
            raise malformed(f"{where}subject", "must be the vCode of its data")
    elif subject is not None and subject != parsed.dossier_id:
        raise malformed(f"{where}subject", "must be the dossierId of its data")
    return binnenkomend(event.get_id(), event.get_type(), parsed)


def _plain_text(value: object, veld: str) -> None:
    """No text the hub keeps may hold a control character, a direction override or a lone
    surrogate (which no database stores the same way, and PostgreSQL refuses)."""
    if isinstance(value, str):
        found = forbidden_character(value)
        if found is not None:
            raise malformed(veld, f"character {found.teken} at position {found.positie} is not allowed")


def _time(value: object, veld: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value) if isinstance(value, str) and len(value) <= 40 else None
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise malformed(veld, "an RFC 3339 time with its offset, e.g. 2026-12-06T10:00:00Z")
    return moment
