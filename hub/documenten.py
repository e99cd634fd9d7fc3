"""`GET /verenigingen/{vCode}/dossiers/{bron}/{dossierId}/documenten/{documentId}`: a document of
one of the association's dossiers (a decision letter, an attest), streamed from the service that
holds it through the hub. The person never gets the service's address nor a token for it.

Private: for a person who represents the association and acts for it (a bearer token, or the
portal's session cookie), as every private read; each download is in the access log before the
first byte leaves. The addresses come from `Dossier.documenten` in the API and from the portal's
dossier page. A browser is answered with a page when something is wrong, a program with JSON.
"""

from __future__ import annotations

import re
from collections.abc import AsyncGenerator, AsyncIterator
from typing import Final

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse

from connectors.sdk import ConnectorError, ConnectorUnavailable
from connectors.sdk.models import DOCUMENT_ID
from hub.auth.principal import PrincipalResolver, ensure_represents
from hub.graphql.errors import service_message
from hub.profile.documenten import SOORTEN, OverdrachtAfgebroken
from hub.profile.service import ProfileService
from hub.security_headers import page_headers
from hub.toegang import toegang_van
from registry.associations.service import VerenigingenRegister
from registry.errors import NotFound, RegisterError
from registry.i18n import negotiate
from registry.toegangslog.service import Handeling, Toegangslog

PAD: Final = "/verenigingen/{v_code}/dossiers/{bron}/{dossier_id}/documenten/{document_id}"
_ID = re.compile(DOCUMENT_ID)
_BRON = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
_STATUS = {"SERVICE_UNAVAILABLE": 503, "TIMEOUT": 504, "CIRCUIT_OPEN": 503, "NOT_FOUND": 404}


def document_pad(v_code: str, bron: str, dossier_id: str, document_id: str) -> str:
    """Where a document is downloaded (its parts already checked by the SDK's patterns)."""
    return PAD.format(v_code=v_code, bron=bron, dossier_id=dossier_id, document_id=document_id)


def documents_router(
    *,
    register: VerenigingenRegister,
    profile: ProfileService,
    toegangslog: Toegangslog,
    principals: PrincipalResolver,
) -> APIRouter:
    router = APIRouter(tags=["dossiers"])

    @router.get(PAD, response_model=None, summary="Een document van een dossier downloaden")
    async def document(
        request: Request, v_code: str, bron: str, dossier_id: str, document_id: str
    ) -> Response:
        """The document's bytes as the service sends them (PDF, PNG or JPEG, at most 25 MiB)."""
        try:
            if not _BRON.fullmatch(bron):
                raise NotFound("dossierbron", bron[:64])
            if not (_ID.fullmatch(dossier_id) and _ID.fullmatch(document_id)):
                raise NotFound("document", document_id[:120])
            person = await principals(request)
            vereniging = await register.get(v_code)
            ensure_represents(person, vereniging)
            assert person is not None  # (ensure_represents refuses the anonymous)
            inhoud = await profile.open_document(
                person, vereniging, bron=bron, dossier_id=dossier_id, document_id=document_id
            )
            stukken = inhoud.stukken
            # Started before the answer is: from here on the service's answer is closed whatever
            # happens (a person gone before the first byte included: asyncio finalises a started
            # generator it drops, where one never started would hold the connection).
            try:
                eerste = await anext(stukken, b"")
            except OverdrachtAfgebroken as failed:  # nothing went out yet: an answer can say so
                raise ConnectorUnavailable(bron, str(failed)) from failed
        except (RegisterError, ConnectorError) as refused:
            if "text/html" in request.headers.get("accept", ""):
                raise  # the portal's page in plain words
            return _probleem(request, refused)
        onderdeel = f"document {bron}/{dossier_id}/{document_id}"
        try:
            await toegangslog.schrijf(
                [toegang_van(person, vereniging.v_code, Handeling.GEDOWNLOAD, onderdeel)]
            )
        except BaseException:
            await stukken.aclose()
            raise
        headers = {
            **page_headers(),
            "Cache-Control": "private, no-store",
            "Content-Disposition": (
                f'attachment; filename="{dossier_id}-{document_id}.{SOORTEN[inhoud.mediatype]}"'
            ),
        }
        if inhoud.grootte is not None:
            headers["Content-Length"] = str(inhoud.grootte)
        return StreamingResponse(_met_eerste(eerste, stukken), media_type=inhoud.mediatype, headers=headers)

    return router


async def _met_eerste(eerste: bytes, rest: AsyncGenerator[bytes, None]) -> AsyncIterator[bytes]:
    if eerste:
        yield eerste
    async for stuk in rest:
        yield stuk


def _probleem(request: Request, refused: RegisterError | ConnectorError) -> JSONResponse:
    language = negotiate(request.headers.get("accept-language"))
    if isinstance(refused, RegisterError):
        status = {"NOT_FOUND": 404, "FORBIDDEN": 403, "UNAUTHENTICATED": 401}.get(refused.code, 400)
        return JSONResponse({"code": refused.code, "message": refused.message(language)}, status_code=status)
    message, extensions = service_message(refused.code, refused.service, refused.reason, language)
    return JSONResponse({**extensions, "message": message}, status_code=_STATUS.get(refused.code, 502))
