"""The CloudEvent a subscriber receives for one outbox event: a change with only the parts it may
receive, or a sharing with itself (the contract: docs/events.md and its JSON Schemas)."""

from __future__ import annotations

from datetime import UTC
from typing import Any

from connectors.sdk.events import VERENIGING_GEDEELD, VERENIGING_GEWIJZIGD
from registry.uitgaand.model import Abonnement, Levering
from registry.uitgaand.outbox import GEDEELD, Onderdeel, waarde


def event(levering: Levering, abonnement: Abonnement, *, source: str) -> dict[str, Any]:
    """The CloudEvent a subscriber receives for one outbox event: a change with only the parts it
    may receive, or a sharing with itself."""
    envelope = {
        "specversion": "1.0",
        "id": str(levering.uitgaand_id),
        "source": source,
        "subject": levering.v_code,
        "time": levering.tijdstip.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        "datacontenttype": "application/json",
        **({"traceparent": levering.traceparent} if levering.traceparent else {}),
    }
    if levering.gebeurtenis == GEDEELD:
        return {
            **envelope,
            "type": VERENIGING_GEDEELD,
            "data": {
                "vCode": levering.v_code,
                "versie": levering.versie,
                "dienst": levering.document["dienst"],
                "gedeeld": levering.document["gedeeld"],
                "gedeeldOp": envelope["time"],
            },
        }
    gewijzigd: list[Onderdeel] = abonnement.delen_van(levering.onderdelen)
    return {
        **envelope,
        "type": VERENIGING_GEWIJZIGD,
        "data": {
            "vCode": levering.v_code,
            "versie": levering.versie,
            "gebeurtenis": levering.gebeurtenis,
            "gewijzigd": gewijzigd,
            "waarden": {onderdeel: waarde(levering.document, onderdeel) for onderdeel in gewijzigd},
        },
    }
