"""The services subscribed to the register's changes: which connectors subscribe, where their
events go and the key that signs them, and the access log entry of a delivery that carries private
data to one."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from standardwebhooks import Webhook

from connectors.sdk import Connector
from registry.toegangslog.service import Handeling, Toegang
from registry.uitgaand.model import Abonnement, Levering
from registry.uitgaand.outbox import Onderdeel, waarde


@dataclass(frozen=True)
class Abonnee:
    """A subscribed connector: what it may receive, where, and the key that signs for it."""

    abonnement: Abonnement
    webhook_url: str
    webhook: Webhook


def abonnees(connectors: Iterable[Connector[Any]]) -> dict[str, Abonnee]:
    """The connectors whose configuration subscribes them to register changes."""
    found: dict[str, Abonnee] = {}
    for connector in connectors:
        abonnement, secret = connector.config.abonnement, connector.config.webhook_secret
        if abonnement is None or secret is None:
            continue
        found[connector.name] = Abonnee(
            abonnement=Abonnement(
                naam=connector.name, delen=frozenset(abonnement.delen), deling=abonnement.hoort_delingen
            ),
            webhook_url=abonnement.webhook_url,
            webhook=Webhook(secret.get_secret_value()),
        )
    return found


PRIVE: tuple[Onderdeel, ...] = ("vertegenwoordigers",)
"""The parts whose values are private (INSZ, contact details of persons): a delivery carrying
them is written to the association's access log, as any sharing is."""


def gedeeld(abonnee: Abonnee, levering: Levering) -> Toegang | None:
    """The access log entry of a delivery that carried private data to `abonnee`, if it did."""
    prive = [
        deel
        for deel in abonnee.abonnement.delen_van(levering.onderdelen)
        if deel in PRIVE and waarde(levering.document, deel)  # (an empty list shares nothing)
    ]
    if not prive:
        return None
    return Toegang(
        v_code=levering.v_code,
        handeling=Handeling.GEDEELD,
        onderdeel=f"abonnement {abonnee.abonnement.naam}: {', '.join(prive)}",
        door=f"dienst:{abonnee.abonnement.naam}",
        door_naam=abonnee.abonnement.naam,
        namens=None,
        client_id=None,
    )
