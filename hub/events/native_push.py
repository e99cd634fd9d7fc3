"""A push in a service's own format (`POST /events/{connector}/eigen`): its connector checks the
signature and maps it (`StatusEvents.map_push`), and the hub checks what it made of it as it
checks its own events."""

from __future__ import annotations

from collections.abc import Mapping

from connectors.sdk.capabilities import StatusEvents
from connectors.sdk.events import MAX_BATCH, PushMalformed, PushNotSigned
from hub.events.nieuws import binnenkomend
from hub.events.push_checks import MAX_EVENT_ID, MAX_WEBHOOK_ID, event_model, fit_to_keep
from hub.events.refused import Refused, malformed
from registry.dossiers.model import Binnenkomend
from registry.text import excerpt, forbidden_character


def read_native(
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
    except PushMalformed as malformed_push:
        raise malformed(excerpt(malformed_push.veld, 100), malformed_push.reden) from None
    delivery_id = push.delivery_id
    if not 0 < len(delivery_id) <= MAX_WEBHOOK_ID or not delivery_id.isprintable():
        raise malformed("delivery_id", f"1 to {MAX_WEBHOOK_ID} printable characters")
    if not 1 <= len(push.events) <= MAX_BATCH:
        raise malformed("body", f"a push holds 1 to {MAX_BATCH} events, not {len(push.events)}")
    found: list[Binnenkomend] = []
    seen: dict[str, int] = {}
    for index, event in enumerate(push.events):
        where = f"[{index}]"
        if not 0 < len(event.id) <= MAX_EVENT_ID or forbidden_character(event.id) is not None:
            raise malformed(f"{where}.id", f"1 to {MAX_EVENT_ID} characters, none a control character")
        if seen.setdefault(event.id, index) != index:
            raise malformed(f"{where}.id", f"the same id as [{seen[event.id]}]; each event has its own")
        event_model(event.type, f"{where}.type", reports=reports, data=event.data)
        fit_to_keep(event.data, f"{where}.data")
        found.append(binnenkomend(event.id, event.type, event.data))
    return delivery_id, found
