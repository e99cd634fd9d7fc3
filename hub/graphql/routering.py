"""For operators: whom each question about an association went to. A request with the operator's
token (`X-Vloket-Operator: <HUB_METRICS_TOKEN>`) gets `extensions.routering` in its answer: per
question, the capability, the association, the places the routing read, the connectors asked,
how many were left out as outside the area, and which were asked for the dossiers the hub's
copy holds of it. Anyone else's answer is unchanged."""

from __future__ import annotations

import hmac
from typing import Any

from pydantic import SecretStr
from strawberry.extensions import SchemaExtension

OPERATOR_HEADER = "x-vloket-operator"


def is_operator(given: str | None, token: SecretStr | None) -> bool:
    """Whether `given` is the operator's token (compared in constant time); never without one."""
    if token is None or not given:
        return False
    return hmac.compare_digest(given.strip().encode("utf-8"), token.get_secret_value().encode("utf-8"))


class RoutingDebug(SchemaExtension):
    def get_results(self) -> dict[str, Any]:
        context = self.execution_context.context
        if not getattr(context, "operator", False):
            return {}
        return {"routering": [routering.document() for routering in getattr(context, "routeringen", [])]}
