"""What both push formats check alike: how long a delivery's and an event's id may be, an event's
type (facts only from a connector configured with `pushes_facts`), and data fit to keep."""

from __future__ import annotations

from datetime import UTC, datetime

from connectors.sdk.events import EVENT_TYPES, GegevensGewijzigd, InboundData
from hub.events.nieuws import gebrek
from hub.events.refused import malformed

MAX_WEBHOOK_ID = 255
MAX_EVENT_ID = 255

NOT_REPORTING = "this connector does not push facts (`pushes_facts` is not set in its configuration)"


def event_model(
    type_: str, veld: str, *, reports: bool, data: InboundData | None = None
) -> type[InboundData]:
    """The data model of an event's type, else refused naming `veld`; with `data` already read
    (a push in the service's own format), refused too when the data is not of that type. Facts
    (`GegevensGewijzigd`) are taken only from a connector that `reports` them."""
    model = EVENT_TYPES.get(type_)
    if data is not None and (model is None or not isinstance(data, model)):
        raise malformed(veld, f"unknown type, or data not of it; known: {', '.join(EVENT_TYPES)}")
    if model is None:
        raise malformed(veld, f"unknown type; known: {', '.join(EVENT_TYPES)}")
    if model is GegevensGewijzigd and not reports:
        raise malformed(veld, NOT_REPORTING)
    return model


def fit_to_keep(data: InboundData, veld: str) -> None:
    """Refused naming the field under `veld` (`[3].data`) when `gebrek` finds the data unfit."""
    unfit = gebrek(data, nu=datetime.now(UTC))
    if unfit is not None:
        raise malformed(f"{veld}.{unfit[0]}", unfit[1])
