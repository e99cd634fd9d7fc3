"""A sandbox pushes its dossiers' news to the hub as a real service would: a CloudEvent of the
SDK's event types, signed per Standard Webhooks with the secret it shares with its connector."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

import httpx
import orjson
from standardwebhooks import Webhook

from connectors.sdk.events import CLOUDEVENTS_JSON, GegevensGewijzigd, InboundData


@dataclass(frozen=True)
class Gepusht:
    """What the hub answered: its status and, when it refused, why."""

    status: int
    antwoord: str

    @property
    def aanvaard(self) -> bool:
        return self.status == 202


def cloudevent(event_type: str, data: InboundData, *, source: str, tijdstip: datetime) -> dict[str, object]:
    """The CloudEvent of `data`; its subject the dossier, or the association for its facts."""
    return {
        "specversion": "1.0",
        "id": secrets.token_hex(12),
        "source": source,
        "type": event_type,
        "subject": data.v_code if isinstance(data, GegevensGewijzigd) else data.dossier_id,
        "time": tijdstip.isoformat().replace("+00:00", "Z"),
        "datacontenttype": "application/json",
        "data": data.model_dump(mode="json", by_alias=True),
    }


async def push(
    http: httpx.AsyncClient, url: str, secret: str, event: dict[str, object], *, nu: datetime
) -> Gepusht:
    body = orjson.dumps(event).decode()
    message_id = f"msg_{event['id']}"
    headers = {
        "content-type": CLOUDEVENTS_JSON,
        "webhook-id": message_id,
        "webhook-timestamp": str(int(nu.timestamp())),
        "webhook-signature": Webhook(secret).sign(message_id, nu, body),
    }
    try:
        answer = await http.post(url, content=body, headers=headers)
    except httpx.HTTPError as error:
        return Gepusht(0, f"het V-loket antwoordde niet ({type(error).__name__})")
    return Gepusht(answer.status_code, answer.text[:300])
