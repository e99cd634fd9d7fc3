"""The checks of `StatusEvents`: a connector reading a service's own push must refuse what the
service did not sign (or what was changed on the way), refuse garbage with the SDK's errors only,
and map a good push to the hub's events, the same way every time (so a repeated push has no
second effect at the hub)."""

from __future__ import annotations

from typing import cast

from connectors.sdk.capabilities import StatusEvents
from connectors.sdk.events import EVENT_TYPES, MAX_BATCH, MappedPush, PushMalformed, PushNotSigned
from connectors.sdk.testkit.calls import implemented
from connectors.sdk.testkit.remotes import SimulatedRemote, status_answer
from connectors.sdk.testkit.subject import Nonconformity, NotApplicable, Subject


def _sample(subject: Subject) -> tuple[dict[str, str], bytes]:
    if "StatusEvents" not in implemented(subject.connector_class):
        raise NotApplicable("the connector reads no pushes of its own")
    sample = subject.responses.status_push
    if sample is None:
        raise Nonconformity(
            "StatusEvents: give a push as the service sends it, signed: "
            "`responses = Responses(status_push=(headers, body))`"
        )
    headers, body = sample
    return dict(headers), body


async def _map(subject: Subject, headers: dict[str, str], body: bytes) -> MappedPush:
    async with subject.connected(SimulatedRemote(status_answer(503))) as connector:
        return cast(StatusEvents, connector).map_push(headers, body)


async def check_push_is_mapped(subject: Subject) -> None:
    headers, body = _sample(subject)
    try:
        first, again = await _map(subject, headers, body), await _map(subject, headers, body)
    except Exception as error:
        raise Nonconformity(f"map_push() refused the signed sample push: {error!r}") from error
    if not isinstance(first, MappedPush) or not 1 <= len(first.events) <= MAX_BATCH:
        raise Nonconformity(
            f"map_push() must return a MappedPush with 1 to {MAX_BATCH} events, not {first!r}"
        )
    if not first.delivery_id or len(first.delivery_id) > 255:
        raise Nonconformity("map_push(): `delivery_id` must be 1 to 255 characters")
    for event in first.events:
        model = EVENT_TYPES.get(event.type)
        if model is None:
            raise Nonconformity(
                f"map_push(): unknown event type {event.type!r}; the hub takes {list(EVENT_TYPES)}"
            )
        if not isinstance(event.data, model):
            raise Nonconformity(f"map_push(): a {event.type} event's data must be a {model.__name__}")
        if not event.id or len(event.id) > 255:
            raise Nonconformity("map_push(): every event id must be 1 to 255 characters")
    if first != again:
        raise Nonconformity(
            "map_push() must map the same push the same way (ids included): "
            "the hub takes each news once, by its id"
        )


async def check_unsigned_push_is_refused(subject: Subject) -> None:
    headers, body = _sample(subject)
    for name, (try_headers, try_body) in {
        "without its headers": ({}, body),
        "with a body changed after signing": (headers, body + b" "),
    }.items():
        try:
            mapped = await _map(subject, try_headers, try_body)
        except PushNotSigned:
            continue
        except Exception as error:
            raise Nonconformity(f"the sample push {name} must raise PushNotSigned, not {error!r}") from error
        raise Nonconformity(f"the sample push {name} must raise PushNotSigned, but it was mapped: {mapped!r}")


async def check_garbage_push_is_refused(subject: Subject) -> None:
    headers, _ = _sample(subject)
    for garbage in (b"", b"\xff\xfe not the service's format", b"[" * 10_000):
        try:
            mapped = await _map(subject, headers, garbage)
        except (PushNotSigned, PushMalformed):
            continue
        except Exception as error:
            raise Nonconformity(
                f"map_push() on garbage must raise PushNotSigned or PushMalformed, not {error!r}"
            ) from error
        raise Nonconformity(f"map_push() on garbage must be refused, but it was mapped: {mapped!r}")
