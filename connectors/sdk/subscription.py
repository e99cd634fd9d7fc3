"""The receiving end of a subscription, for the service that subscribes (the vendor's side):
check the Standard Webhooks signature on what the hub posts, and read the CloudEvent.

Example, in the service's own web framework::

    # Bound the body before reading it whole (a chunked one: stop reading past the bound).
    if int(request.headers.get("content-length") or 0) > MAX_BODY_BYTES:
        return Response(status_code=413)
    body = await request.body()
    try:
        received = read_hub_event(secret, request.headers, body)
    except ForgedEvent:
        return Response(status_code=401)
    except MalformedEvent as error:
        return Response(str(error), status_code=400)
    if not already_applied(received.id):  # the same event may come twice: apply it once
        if isinstance(received.data, VerenigingGewijzigd):
            apply(received.data)  # contact details, names… of received.data.v_code
        else:  # VerenigingGedeeld: what a representative shared with this service
            keep(received.data)
    return Response(status_code=204)

`read_vereniging_gewijzigd` reads only `vereniging.gewijzigd` (a subscription to that type alone).

Answer 2xx once the event is applied or safely stored: any other answer, or none within the
hub's timeout, and the hub tries again later (with backoff), keeping the association's events in
order behind it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

import orjson
from pydantic import ValidationError
from standardwebhooks import Webhook, WebhookVerificationError

from connectors.sdk.events import (
    MAX_BODY_BYTES,
    VERENIGING_GEDEELD,
    VERENIGING_GEWIJZIGD,
    VerenigingGedeeld,
    VerenigingGewijzigd,
)

Data = TypeVar("Data", VerenigingGewijzigd, VerenigingGedeeld)


class ForgedEvent(Exception):
    """The signature, the message id or the timestamp does not hold: answer 401, apply nothing."""


class MalformedEvent(Exception):
    """Signed, but not a CloudEvent of the hub the SDK can read: answer 400."""


@dataclass(frozen=True)
class Ontvangen(Generic[Data]):
    """A received event: its id (the same on a repeated delivery) and its data."""

    id: str
    data: Data


def read_hub_event(
    secret: str, headers: Mapping[str, str], body: bytes
) -> Ontvangen[VerenigingGewijzigd] | Ontvangen[VerenigingGedeeld]:
    """Check the signature with the subscription's `webhook_secret` (timestamps more than five
    minutes off are refused), then read the event, of either type the hub sends."""
    event_id, event_type, event = _signed_event(secret, headers, body)
    if event_type == VERENIGING_GEWIJZIGD:
        return Ontvangen(event_id, _data(VerenigingGewijzigd, event))
    return Ontvangen(event_id, _data(VerenigingGedeeld, event))


def read_vereniging_gewijzigd(
    secret: str, headers: Mapping[str, str], body: bytes
) -> Ontvangen[VerenigingGewijzigd]:
    """As `read_hub_event`, for a subscription to `vereniging.gewijzigd` only: another type is
    malformed."""
    event_id, event_type, event = _signed_event(secret, headers, body)
    if event_type != VERENIGING_GEWIJZIGD:
        raise MalformedEvent(f"type {event_type!r}, not {VERENIGING_GEWIJZIGD!r}")
    return Ontvangen(event_id, _data(VerenigingGewijzigd, event))


def _signed_event(secret: str, headers: Mapping[str, str], body: bytes) -> tuple[str, str, dict[str, object]]:
    if len(body) > MAX_BODY_BYTES:
        raise MalformedEvent(f"body of {len(body)} bytes, more than {MAX_BODY_BYTES}")
    wanted = ("webhook-id", "webhook-timestamp", "webhook-signature")
    lowered = {name.lower(): value for name, value in headers.items()}  # header names have no case
    found = {name: lowered.get(name) for name in wanted}
    missing = [name for name, value in found.items() if not value]
    if missing:
        raise ForgedEvent(f"missing {', '.join(missing)}")
    try:
        Webhook(secret).verify(body, {name: str(value) for name, value in found.items()})
    except WebhookVerificationError as error:
        raise ForgedEvent(str(error)) from None
    except (ValueError, RecursionError) as error:  # signed, then parsed by the library: not JSON
        raise MalformedEvent(f"not JSON (or nested too deep): {type(error).__name__}") from None
    try:
        event = orjson.loads(body)
    except orjson.JSONDecodeError as error:  # (orjson refuses nesting deeper than 1024 itself)
        raise MalformedEvent(f"not JSON: {error}") from None
    if not isinstance(event, dict):
        raise MalformedEvent("not a CloudEvent (a JSON object)")
    event_type = event.get("type")
    if event_type not in (VERENIGING_GEWIJZIGD, VERENIGING_GEDEELD) or event.get("specversion") != "1.0":
        raise MalformedEvent(f"type {event_type!r}, specversion {event.get('specversion')!r}")
    event_id = event.get("id")
    if not isinstance(event_id, str) or not 0 < len(event_id) <= 255:
        raise MalformedEvent("id: 1 to 255 characters")
    return event_id, str(event_type), event


def _data(model: type[Data], event: dict[str, object]) -> Data:
    try:
        data = model.model_validate(event.get("data"))
    except ValidationError as error:
        raise MalformedEvent(f"data: {error}") from None
    if event.get("subject", data.v_code) != data.v_code:
        raise MalformedEvent("subject: must be the vCode of its data")
    return data
