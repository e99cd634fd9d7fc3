"""Connectors for the testkit's own tests: one that does everything right, and each of the
mistakes the conformance suite must catch, as a small variation on it."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from collections.abc import Mapping
from datetime import datetime
from typing import TypeVar
from urllib.parse import quote

import httpx
from pydantic import ConfigDict, TypeAdapter, ValidationError

from connectors.sdk import (
    Aanbod,
    CallContext,
    Connector,
    ConnectorConfig,
    ConnectorConfigError,
    ConnectorRejected,
    ConnectorUnavailable,
    Document,
    DocumentInhoud,
    Dossier,
    DossierWijziging,
    Feit,
    NotFound,
    StartResultaat,
    bearer_stream,
)
from connectors.sdk.events import (
    DossierGewijzigd,
    MappedEvent,
    MappedPush,
    PushMalformed,
    PushNotSigned,
)
from connectors.sdk.testkit import Responses, json_answer

T = TypeVar("T")


class GemeenteConfig(ConnectorConfig):
    gemeente: str = "Liedekerke"


CONFIG = GemeenteConfig(name="gemeente-liedekerke", base_url="http://gemeente.test", audience="liedekerke")
ALL_CAPABILITIES = (
    "ProfileFacts",
    "Dossiers",
    "DossierChanges",
    "Offerings",
    "StartRequest",
    "StatusEvents",
    "DossierReconcile",
    "DossierDocuments",
)
DOSSIER = {"id": "D-1", "titel": "Zaalhuur", "status": "ingediend", "dienst": "Liedekerke"}
STAND = {
    "vCode": "V0001001",
    "dossierId": "D-1",
    "titel": "Zaalhuur",
    "status": "actie_nodig",
    "actieNodig": "Bezorg het plan van de zaal",
    "deadline": "2027-01-15",
    "verwachteBeslissing": None,
    "link": "http://gemeente.test/dossiers/D-1",
    "bijgewerktOp": "2026-12-06T10:00:00Z",
}
DOCUMENT = {"dossier_id": "D-1", "id": "brief-1", "titel": "Beslissing", "mediatype": "application/pdf"}
PUSH_KEY = b"sleutel-van-de-gemeente-voor-haar-meldingen"
SIGNATURE = "x-gemeente-handtekening"


def gemeente_push(zending: str = "z-1", **melding: object) -> tuple[dict[str, str], bytes]:
    """A push in the gemeente's own format, signed as the gemeente signs (HMAC-SHA256 of the body)."""
    body = json.dumps(
        {
            "zending": zending,
            "meldingen": [
                {
                    "id": "m-1",
                    "dossier": "D-1",
                    "vCode": "V0001001",
                    "titel": "Zaalhuur",
                    "status": "in_behandeling",
                    "link": "http://gemeente.test/d/1",
                    "tijd": "2026-12-06T10:00:00+00:00",
                    **melding,
                }
            ],
        }
    ).encode()
    return {SIGNATURE: hmac.new(PUSH_KEY, body, hashlib.sha256).hexdigest()}, body


RESPONSES = Responses(
    status_push=gemeente_push(),
    gekende_gegevens=json_answer([{"naam": "zaal", "waarde": "De Schakel", "bron": "Liedekerke"}]),
    dossiers=json_answer([DOSSIER]),
    aanbod=json_answer([{"id": "A-1", "titel": "Zaal aan halve prijs", "bron": "Liedekerke"}]),
    start_aanvraag=json_answer({"link": "http://gemeente.test/a/1", "gedeelde_gegevens": ["naam"]}),
    wijzig_dossier=json_answer(DOSSIER),
    gewijzigde_dossiers=json_answer([STAND]),
    documenten=json_answer([DOCUMENT]),
)


class Gemeente(Connector[GemeenteConfig]):
    """Does everything the SDK asks."""

    kind = "testkit-gemeente"
    config_model = GemeenteConfig

    def __init__(self, config: GemeenteConfig, *, transport: httpx.AsyncBaseTransport | None = None) -> None:
        super().__init__(config, transport=transport)

    async def gekende_gegevens(self, context: CallContext) -> list[Feit]:
        return await self._fetch(list[Feit], context, "GET", f"/verenigingen/{context.v_code}/gegevens")

    async def dossiers(self, context: CallContext) -> list[Dossier]:
        return await self._fetch(list[Dossier], context, "GET", f"/verenigingen/{context.v_code}/dossiers")

    async def aanbod(self, context: CallContext) -> list[Aanbod]:
        return await self._fetch(list[Aanbod], context, "GET", "/aanbod")

    async def start_aanvraag(
        self, context: CallContext, dienst: str, gegevens: Mapping[str, str]
    ) -> StartResultaat:
        body = {"dienst": dienst, "vCode": context.v_code, "gegevens": dict(gegevens)}
        return await self._fetch(StartResultaat, context, "POST", "/aanvragen", body)

    async def wijzig_dossier(
        self, context: CallContext, dossier_id: str, wijziging: DossierWijziging
    ) -> Dossier:
        path = f"/verenigingen/{context.v_code}/dossiers/{dossier_id}"
        return await self._fetch(Dossier, context, "PATCH", path, wijziging.model_dump(exclude_none=True))

    async def gewijzigde_dossiers(self, context: CallContext, sinds: datetime) -> list[DossierGewijzigd]:
        path = f"/dossiers?gewijzigdSinds={quote(sinds.isoformat(), safe='')}"
        return await self._fetch(list[DossierGewijzigd], context, "GET", path)

    async def documenten(self, context: CallContext) -> list[Document]:
        return await self._fetch(list[Document], context, "GET", f"/verenigingen/{context.v_code}/documenten")

    async def open_document(self, context: CallContext, dossier_id: str, document_id: str) -> DocumentInhoud:
        path = f"/verenigingen/{context.v_code}/dossiers/{dossier_id}/documenten/{document_id}"
        return await bearer_stream(self.http, self.name, context, path, accept="application/pdf")

    def map_push(self, headers: Mapping[str, str], body: bytes) -> MappedPush:
        self._verify(headers, body)
        try:
            document = json.loads(body)
            meldingen = document["meldingen"]
            events = tuple(
                MappedEvent(
                    id=str(melding["id"]),
                    type="be.vlaanderen.vloket.dossier.gewijzigd",
                    data=DossierGewijzigd(
                        v_code=melding["vCode"],
                        dossier_id=melding["dossier"],
                        titel=melding["titel"],
                        status=melding["status"],
                        actie_nodig=None,
                        deadline=None,
                        verwachte_beslissing=None,
                        link=melding["link"],
                        bijgewerkt_op=melding["tijd"],
                    ),
                )
                for melding in meldingen
            )
            return MappedPush(delivery_id=str(document["zending"]), events=events)
        except (ValueError, KeyError, TypeError, RecursionError, ValidationError) as error:
            raise PushMalformed("body", f"not a gemeente push: {error}") from None

    def _verify(self, headers: Mapping[str, str], body: bytes) -> None:
        expected = hmac.new(PUSH_KEY, body, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(headers.get(SIGNATURE, ""), expected):
            raise PushNotSigned("the gemeente's signature does not hold")

    async def _fetch(
        self, shape: type[T], context: CallContext, method: str, path: str, body: object = None
    ) -> T:
        request = self.http.build_request(
            method, path, json=body, headers=await self._headers(context), timeout=self._timeout(context)
        )
        answer = await self._send(request)
        try:
            return TypeAdapter(shape).validate_python(answer)
        except ValidationError as error:
            raise ConnectorUnavailable(self.name, f"unexpected answer: {error}") from error

    async def _headers(self, context: CallContext) -> dict[str, str]:
        return {"Authorization": f"Bearer {await context.token()}"}

    def _timeout(self, context: CallContext) -> float:
        return context.remaining()

    async def _send(self, request: httpx.Request) -> object:
        try:
            response = await self.http.send(request)
        except httpx.HTTPError as error:
            raise ConnectorUnavailable(self.name, f"{type(error).__name__}: {error}") from error
        if response.status_code >= 400:
            raise _error_for(self.name, response.status_code)
        try:
            return response.json()
        except ValueError as error:
            raise ConnectorUnavailable(self.name, "the answer is not JSON") from error


def _error_for(service: str, status: int) -> Exception:
    if status in {401, 403}:
        return ConnectorConfigError(service, f"HTTP {status}: check the audience and credentials")
    if status == 404:
        return NotFound(service, "HTTP 404")
    if status < 500:
        return ConnectorRejected(service, f"HTTP {status}")
    return ConnectorUnavailable(service, f"HTTP {status}")


class ForwardsStaticToken(Gemeente):
    """Sends a key of its own instead of the token exchanged for its audience."""

    async def _headers(self, context: CallContext) -> dict[str, str]:
        return {"Authorization": "Bearer vaste-sleutel-van-de-gemeente"}


class LeaksPersonToken(Gemeente):
    """Passes on the person's own token, found in the environment, beside the right one."""

    async def _headers(self, context: CallContext) -> dict[str, str]:
        inbound = os.environ.get("VLOKET_PERSON_TOKEN", "")
        return {**await super()._headers(context), "X-Oorspronkelijk-Token": inbound}


class LetsHttpErrorsEscape(Gemeente):
    """Lets httpx's own errors reach the hub."""

    async def _send(self, request: httpx.Request) -> object:
        response = await self.http.send(request)
        response.raise_for_status()
        answer: object = response.json()
        return answer


class IgnoresDeadline(Gemeente):
    """Waits as long as its configured timeout, whatever the call's deadline."""

    def _timeout(self, context: CallContext) -> float:
        return self.config.timeout_seconds


class TakesUnsignedPushes(Gemeente):
    """Reads a push without checking who signed it."""

    def _verify(self, headers: Mapping[str, str], body: bytes) -> None:
        return None


class LaxConfig(GemeenteConfig):
    model_config = ConfigDict(extra="allow")


class AcceptsUnknownFields(Gemeente):
    """Its config model lets unknown fields through."""

    config_model = LaxConfig


class BlockingConfig(ConnectorConfig):
    pass


class BlockingDossiers(Connector[BlockingConfig]):
    """Its capability method is a plain function, not a coroutine."""

    kind = "testkit-blocking"
    config_model = BlockingConfig

    def dossiers(self, context: CallContext) -> list[Dossier]:
        return []
