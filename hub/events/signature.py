"""The Standard Webhooks signature on a CloudEvents push: each connector's verifier, and the check
that refuses (401, the same answer whatever is wrong) a delivery it does not hold for."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from standardwebhooks import Webhook

from connectors.sdk import Connector
from hub.events.push_checks import MAX_WEBHOOK_ID
from hub.events.refused import Refused

SIGNATURE_HEADERS = ("webhook-id", "webhook-timestamp", "webhook-signature")


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


def verify(signer: Webhook | None, headers: dict[str, str], body: bytes) -> None:
    webhook_id = headers["webhook-id"]
    if signer is None or not 0 < len(webhook_id) <= MAX_WEBHOOK_ID or not webhook_id.isprintable():
        raise Refused(401, "EVENT_NOT_SIGNED")
    try:
        signer.verify(body.decode("utf-8"), headers, json_parse=False)
    except Exception:
        # The library's own error, and what a mangled header or body makes it raise (a bad
        # base64, a signature without its version, bytes that are not UTF-8): all unsigned.
        raise Refused(401, "EVENT_NOT_SIGNED") from None
