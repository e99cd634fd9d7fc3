"""A dossier's documents as the hub passes them on: only the kinds a browser opens safely as a
file (PDF, PNG, JPEG), uncompressed, at most `MAX_DOCUMENT_BYTES` and `MAX_OVERDRACHT_SECONDEN`,
streamed a chunk at a time (never held whole), and the service's answer always closed, read to
the end or not.

Transfers are bounded per service and per person in each hub process (`Overdrachten`): a person
who opens downloads and never reads them holds at most a few of the service's connections, and
the service's other questions (dossiers, facts) keep the rest of its connection pool.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import AsyncGenerator, Callable
from dataclasses import dataclass, field
from typing import Final

import httpx
import structlog

from connectors.sdk import ConnectorError, Document, DocumentInhoud
from hub.rate_limits import RateLimited

log = structlog.get_logger("hub.profile.documenten")

SOORTEN: Final = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}
"""The media types passed on, with the file extension each gets."""
MAX_DOCUMENT_BYTES: Final = 25 * 1024 * 1024
MAX_OVERDRACHT_SECONDEN: Final = 300.0
"""The longest one transfer may take, however the service trickles."""
PER_DIENST: Final = 16
"""Transfers from one service at once, per hub process (its connection pool holds 100)."""
PER_PERSOON: Final = 3
"""Transfers one person has under way at once, per hub process."""
WACHT: Final = 5
"""Seconds to wait before asking again when a bound is reached (`Retry-After`)."""


class OnbruikbaarDocument(ConnectorError):
    """The service answered with something the hub does not pass on (a kind a browser could run,
    compressed, too large): shown as a fault at the service, not counted against its breaker."""

    code = "INTERNAL_ERROR"


class OverdrachtAfgebroken(Exception):
    """A transfer broke off after its first bytes went out (the service stopped, or it grew past
    the bounds): the person's download fails, as it must (a cut-off file is never completed)."""


@dataclass(frozen=True)
class Doorgifte:
    """A document on its way: its kind, its size if known, and its bytes (none read yet)."""

    mediatype: str
    grootte: int | None
    stukken: AsyncGenerator[bytes, None]


def doorgeefbaar(document: Document) -> bool:
    """Whether a listed document can be downloaded through the hub at all."""
    return document.mediatype in SOORTEN and (
        document.grootte is None or document.grootte <= MAX_DOCUMENT_BYTES
    )


def gecontroleerd(bron: str, inhoud: DocumentInhoud) -> DocumentInhoud:
    """The contents if their kind and declared size may pass; else `OnbruikbaarDocument` (the
    caller closes them)."""
    if inhoud.mediatype not in SOORTEN:
        raise OnbruikbaarDocument(
            bron, f"a document of type {inhoud.mediatype[:80]!r}, which the hub does not pass on"
        )
    if inhoud.grootte is not None and inhoud.grootte > MAX_DOCUMENT_BYTES:
        raise OnbruikbaarDocument(
            bron, f"a document of {inhoud.grootte} bytes, more than {MAX_DOCUMENT_BYTES}"
        )
    return inhoud


@dataclass
class Overdrachten:
    """The transfers under way in this process, counted per service and per person."""

    per_dienst: int = PER_DIENST
    per_persoon: int = PER_PERSOON
    klok: Callable[[], float] = time.monotonic
    _diensten: Counter[str] = field(default_factory=Counter, init=False, repr=False)
    _personen: Counter[str] = field(default_factory=Counter, init=False, repr=False)

    def begin(self, bron: str, persoon: str) -> Callable[[], None]:
        """Count one more transfer, or refuse it (`RateLimited`); returns what ends it (once)."""
        if self._personen[persoon] >= self.per_persoon:
            raise RateLimited(f"{self.per_persoon} downloads tegelijk per persoon", WACHT)
        if self._diensten[bron] >= self.per_dienst:
            raise RateLimited(f"{self.per_dienst} downloads tegelijk van {bron}", WACHT)
        self._personen[persoon] += 1
        self._diensten[bron] += 1
        ended = False

        def einde() -> None:
            nonlocal ended
            if not ended:
                ended = True
                self._personen[persoon] -= 1
                self._diensten[bron] -= 1

        return einde

    def bezig(self, bron: str) -> int:
        return self._diensten[bron]


async def doorgeven(
    bron: str,
    inhoud: DocumentInhoud,
    *,
    einde: Callable[[], None] = lambda: None,
    klok: Callable[[], float] = time.monotonic,
    max_bytes: int = MAX_DOCUMENT_BYTES,
    max_seconden: float = MAX_OVERDRACHT_SECONDEN,
) -> AsyncGenerator[bytes, None]:
    """The bytes as they arrive. The transfer stops (`OverdrachtAfgebroken`: the person's download
    fails, the hub serves on) past `max_bytes` or `max_seconden`, or when the service breaks off;
    the service's answer is always closed and the transfer no longer counted (`einde`)."""
    gezonden = 0
    begin = klok()
    try:
        try:
            async for stuk in inhoud.stukken:
                gezonden += len(stuk)
                if gezonden > max_bytes:
                    raise OverdrachtAfgebroken(f"{bron}: a document larger than {max_bytes} bytes")
                if klok() - begin > max_seconden:
                    raise OverdrachtAfgebroken(f"{bron}: a transfer longer than {max_seconden:.0f} s")
                yield stuk
        except (httpx.HTTPError, ConnectorError) as failed:
            raise OverdrachtAfgebroken(f"{bron}: the service broke off ({type(failed).__name__})") from failed
    except OverdrachtAfgebroken as stopped:
        log.warning("document transfer stopped", service=bron, reason=str(stopped), bytes=gezonden)
        raise
    finally:
        einde()
        await inhoud.sluit()
