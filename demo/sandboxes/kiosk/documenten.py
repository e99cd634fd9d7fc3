"""The documents KIOSK keeps in a dossier: a receipt of every submitted aanvraag (an attest) and,
once decided, the decision letter. Made as PDFs when asked for, from the dossier as it is then."""

from __future__ import annotations

from datetime import date

from connectors.kiosk.contract import DocumentBeschrijving, DossierDocument, KioskStatus

ONTVANGSTBEWIJS = "ontvangstbewijs"
BESLISSING = "beslissingsbrief"
BESLIST = frozenset({KioskStatus.BESLIST, KioskStatus.AFGESLOTEN})


def beschrijvingen(dossier: DossierDocument) -> list[DocumentBeschrijving]:
    found = [
        DocumentBeschrijving(
            kiosk_nummer=dossier.kiosk_nummer,
            document_id=ONTVANGSTBEWIJS,
            titel="Ontvangstbewijs van de aanvraag",
            soort="attest",
            datum=dossier.ingediend_op,
        )
    ]
    beslist = _beslist_op(dossier)
    if beslist is not None:
        found.append(
            DocumentBeschrijving(
                kiosk_nummer=dossier.kiosk_nummer,
                document_id=BESLISSING,
                titel="Beslissingsbrief",
                soort="beslissing",
                datum=beslist,
            )
        )
    return found


def pdf(dossier: DossierDocument, document_id: str) -> bytes | None:
    """The document as a PDF, or None when the dossier has no such document."""
    beschrijving = next((b for b in beschrijvingen(dossier) if b.document_id == document_id), None)
    if beschrijving is None:
        return None
    from fpdf import FPDF  # (a fifth of a second to import: only when a document is asked for)

    document = FPDF()
    document.set_title(f"{beschrijving.titel} {dossier.kiosk_nummer}")
    document.set_author("KIOSK, Sport Vlaanderen")
    document.add_page()
    document.set_font("helvetica", "B", 16)
    document.multi_cell(0, 10, beschrijving.titel, new_x="LMARGIN", new_y="NEXT")
    document.set_font("helvetica", size=11)
    regels = [
        f"Dossier {dossier.kiosk_nummer}: {dossier.titel}",
        f"Vereniging {dossier.v_code}",
        f"Datum: {beschrijving.datum.isoformat()}",
    ]
    if document_id == BESLISSING:
        regels.append(f"Beslissing: {dossier.historiek[-1].omschrijving if dossier.historiek else '-'}")
    else:
        regels.append(f"KIOSK ontving uw aanvraag op {dossier.ingediend_op.isoformat()}.")
    for regel in regels:
        document.multi_cell(0, 7, _latin1(regel), new_x="LMARGIN", new_y="NEXT")
    return bytes(document.output())


def _beslist_op(dossier: DossierDocument) -> date | None:
    if dossier.status not in BESLIST:
        return None
    momenten = [e.tijdstip.date() for e in dossier.historiek if e.status in BESLIST]
    return min(momenten, default=dossier.ingediend_op)


def _latin1(text: str) -> str:
    """The core fonts hold Latin-1: other characters are shown as a question mark."""
    return text.encode("latin-1", "replace").decode("latin-1")
