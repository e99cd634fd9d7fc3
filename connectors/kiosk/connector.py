"""The KIOSK connector: the sport-subsidy dossiers of an association at the Flemish sport
administration's e-loket, their documents (receipts, decision letters), what those dossiers tell
about it, and starting a new aanvraag there.

Every call carries the token the hub exchanged for KIOSK's audience, and ends by the call's
deadline. Example::

    kiosk = Kiosk(KioskConfig(name="kiosk", base_url="https://kiosk.example"))
    for dossier in await kiosk.dossiers(context):
        print(dossier.id, dossier.status, dossier.actie_nodig)
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import TypeVar
from urllib.parse import quote

import structlog
from pydantic import Field, TypeAdapter, ValidationError

from connectors.kiosk.contract import (
    AANVRAAG_VELDEN,
    AanvraagAangemaakt,
    AanvraagVoorstel,
    DocumentBeschrijving,
    DossierDocument,
    DossierWijzigingDocument,
    RekeningnummerWijziging,
)
from connectors.kiosk.dossiers import als_stand, as_dossier, gekende_feiten
from connectors.sdk import (
    CallContext,
    Connector,
    ConnectorConfig,
    ConnectorRejected,
    Document,
    DocumentInhoud,
    Dossier,
    DossierWijziging,
    Feit,
    StartResultaat,
    bearer_request,
    bearer_stream,
)
from connectors.sdk.capabilities import MAX_GEWIJZIGDE_DOSSIERS
from connectors.sdk.eloket import Wire, prefill
from connectors.sdk.events import DossierGewijzigd

log = structlog.get_logger("connectors.kiosk")

T = TypeVar("T")

V_CODE = re.compile(r"V[0-9]{7}")
_DOSSIERS = TypeAdapter(list[DossierDocument])
_DOSSIER = TypeAdapter(DossierDocument)
_AANGEMAAKT = TypeAdapter(AanvraagAangemaakt)
_DOCUMENTEN = TypeAdapter(list[DocumentBeschrijving])


class KioskConfig(ConnectorConfig):
    """KIOSK's API; tokens are exchanged for the audience `kiosk` unless told otherwise."""

    audience: str = Field(default="kiosk", min_length=1, description="The audience KIOSK accepts.")


class Kiosk(Connector[KioskConfig]):
    kind = "kiosk"
    config_model = KioskConfig

    async def dossiers(self, context: CallContext) -> list[Dossier]:
        """Every KIOSK dossier of the association, newest first."""
        documents = await self._dossier_documents(context)
        ordered = sorted(documents, key=lambda d: (d.ingediend_op, d.kiosk_nummer), reverse=True)
        return [as_dossier(document) for document in ordered]

    async def gewijzigde_dossiers(self, context: CallContext, sinds: datetime) -> list[DossierGewijzigd]:
        """Every dossier KIOSK changed since `sinds`, as a `dossier.gewijzigd` event carries it
        (KIOSK's service API, with a token for the hub itself)."""
        path = f"/api/dienst/dossiers?gewijzigdSinds={quote(sinds.isoformat(), safe='')}"
        documents = await self._call(context, "GET", path, _DOSSIERS)
        if len(documents) > MAX_GEWIJZIGDE_DOSSIERS:
            log.warning("more changed dossiers than one answer holds", kiosk=len(documents))
        standen: list[DossierGewijzigd] = []
        for index, document in enumerate(documents[:MAX_GEWIJZIGDE_DOSSIERS]):
            try:
                stand = als_stand(document)
            except ValidationError as error:  # one dossier KIOSK describes wrongly: skip it alone
                log.warning(
                    "a changed dossier could not be read",
                    index=index,
                    dossier=document.kiosk_nummer[:120],
                    error=str(error.errors()[0]["loc"]) + ": " + error.errors()[0]["msg"],
                )
                continue
            if stand is not None:
                standen.append(stand)
        return standen

    async def documenten(self, context: CallContext) -> list[Document]:
        """Every document in the association's KIOSK dossiers: receipts and decision letters."""
        path = f"/api/verenigingen/{self._v_code(context)}/documenten"
        return [
            Document(
                dossier_id=b.kiosk_nummer,
                id=b.document_id,
                titel=b.titel,
                soort=b.soort,
                mediatype=b.mediatype,
                datum=b.datum,
            )
            for b in await self._call(context, "GET", path, _DOCUMENTEN)
        ]

    async def open_document(self, context: CallContext, dossier_id: str, document_id: str) -> DocumentInhoud:
        """One document of the association's dossier, as KIOSK streams it."""
        path = (
            f"{self._dossiers_path(context)}/{quote(dossier_id, safe='')}"
            f"/documenten/{quote(document_id, safe='')}"
        )
        return await bearer_stream(self.http, self.name, context, path, accept="application/pdf")

    async def gekende_gegevens(self, context: CallContext) -> list[Feit]:
        """The rekeningnummer, e-mail and contactpersoon of the association's latest dossier."""
        return gekende_feiten(await self._dossier_documents(context))

    async def start_aanvraag(
        self, context: CallContext, dienst: str, gegevens: Mapping[str, str]
    ) -> StartResultaat:
        """A draft aanvraag for regeling `dienst`, prefilled with those `gegevens` KIOSK's form
        asks for (the rest stays in the hub); the link opens it at KIOSK, still logged in."""
        ingevuld, mee = prefill(gegevens, AANVRAAG_VELDEN)
        voorstel = AanvraagVoorstel(v_code=self._v_code(context), regeling=dienst, gegevens=ingevuld)
        created = await self._call(context, "POST", "/api/aanvragen", _AANGEMAAKT, body=voorstel)
        return StartResultaat(link=created.link, gedeelde_gegevens=mee)

    async def wijzig_rekeningnummer(
        self, context: CallContext, kiosk_nummer: str, rekeningnummer: str
    ) -> Dossier:
        """Change the dossier's rekeningnummer. KIOSK refuses (`ConnectorRejected`, with its
        reason) once the dossier reached the advice phase, and refuses an invalid IBAN."""
        path = f"{self._dossiers_path(context)}/{quote(kiosk_nummer, safe='')}/rekeningnummer"
        body = RekeningnummerWijziging(rekeningnummer=rekeningnummer)
        return as_dossier(await self._call(context, "PUT", path, _DOSSIER, body=body))

    async def wijzig_dossier(
        self, context: CallContext, dossier_id: str, wijziging: DossierWijziging
    ) -> Dossier:
        """Change the dossier's contactpersoon, e-mail and rekeningnummer in one request; KIOSK
        applies all of it or, refusing any part (with its reason), none of it."""
        path = f"{self._dossiers_path(context)}/{quote(dossier_id, safe='')}"
        body = DossierWijzigingDocument(**wijziging.model_dump())
        return as_dossier(await self._call(context, "PATCH", path, _DOSSIER, body=body))

    async def _dossier_documents(self, context: CallContext) -> list[DossierDocument]:
        return await self._call(context, "GET", self._dossiers_path(context), _DOSSIERS)

    def _dossiers_path(self, context: CallContext) -> str:
        return f"/api/verenigingen/{self._v_code(context)}/dossiers"

    def _v_code(self, context: CallContext) -> str:
        if context.v_code is None or not V_CODE.fullmatch(context.v_code):
            raise ConnectorRejected(self.name, "Kies eerst de vereniging waarvoor je KIOSK raadpleegt.")
        return context.v_code

    async def _call(
        self, context: CallContext, method: str, path: str, shape: TypeAdapter[T], *, body: Wire | None = None
    ) -> T:
        return await bearer_request(self.http, self.name, context, method, path, shape, body=body)
