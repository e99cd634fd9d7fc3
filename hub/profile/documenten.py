"""A dossier's documents as the hub passes them on: only the kinds a browser opens safely as a
file (PDF, PNG, JPEG), at most `MAX_DOCUMENT_BYTES`, streamed a chunk at a time (never held
whole), and the service's connection always closed, read to the end or not."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Final

import structlog

from connectors.sdk import ConnectorUnavailable, DocumentInhoud

log = structlog.get_logger("hub.profile.documenten")

SOORTEN: Final = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}
"""The media types passed on, with the file extension each gets."""
MAX_DOCUMENT_BYTES: Final = 25 * 1024 * 1024


async def gecontroleerd(bron: str, inhoud: DocumentInhoud) -> DocumentInhoud:
    """The contents if their kind and declared size may pass; else closed and refused."""
    if inhoud.mediatype not in SOORTEN:
        await inhoud.sluit()
        raise ConnectorUnavailable(
            bron, f"a document of type {inhoud.mediatype[:80]!r}, which the hub does not pass on"
        )
    if inhoud.grootte is not None and inhoud.grootte > MAX_DOCUMENT_BYTES:
        await inhoud.sluit()
        raise ConnectorUnavailable(
            bron, f"a document of {inhoud.grootte} bytes, more than {MAX_DOCUMENT_BYTES}"
        )
    return inhoud


async def doorgeven(
    bron: str, inhoud: DocumentInhoud, *, max_bytes: int = MAX_DOCUMENT_BYTES
) -> AsyncGenerator[bytes, None]:
    """The bytes as they arrive; the transfer stops (the person's download fails, not the hub)
    past `max_bytes` or when the service breaks off, and the service's answer is always closed."""
    gezonden = 0
    try:
        async for stuk in inhoud.stukken:
            gezonden += len(stuk)
            if gezonden > max_bytes:
                log.warning("document larger than allowed: transfer stopped", service=bron, bytes=gezonden)
                raise ConnectorUnavailable(bron, f"a document larger than {max_bytes} bytes")
            yield stuk
    finally:
        await inhoud.sluit()
