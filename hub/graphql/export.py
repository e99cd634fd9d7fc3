"""`Vereniging.gegevensExport`: the association's data to take along, as a file's contents
(JSON-LD in the Verenigingsregister's and OSLO's vocabularies, or CSV with one row per fact).
Private: representatives only; each download is in the access log."""

from __future__ import annotations

import json
from enum import Enum

import strawberry

from hub.auth.principal import ensure_represents
from hub.graphql.profiel import HasModel, ProfielInfo
from registry.associations import export
from registry.associations.model import Vereniging
from registry.toegangslog.service import Handeling


@strawberry.enum(description="De vorm van een download.")
class ExportFormaat(Enum):
    JSONLD = "jsonld"
    CSV = "csv"


MEDIA_TYPES = {ExportFormaat.JSONLD: "application/ld+json", ExportFormaat.CSV: "text/csv; charset=utf-8"}


@strawberry.type(description="Een bestand met de gegevens van de vereniging.")
class GegevensExport:
    bestandsnaam: str = strawberry.field(description="Bv. V0001001-gegevens.jsonld.")
    mediatype: str = strawberry.field(description="application/ld+json of text/csv; charset=utf-8.")
    inhoud: str = strawberry.field(description="De inhoud van het bestand (UTF-8).")


def contents(vereniging: Vereniging, formaat: ExportFormaat) -> GegevensExport:
    """The file, for the API and the portal alike."""
    inhoud = (
        json.dumps(export.jsonld(vereniging), ensure_ascii=False, indent=2)
        if formaat is ExportFormaat.JSONLD
        else export.csv_text(vereniging)
    )
    return GegevensExport(
        bestandsnaam=export.file_name(vereniging, formaat.value),
        mediatype=MEDIA_TYPES[formaat],
        inhoud=inhoud,
    )


def gegevens_export(
    root: strawberry.Parent[HasModel],
    info: ProfielInfo,
    formaat: ExportFormaat,
) -> GegevensExport | None:
    """Alle gegevens die het register van de vereniging heeft, om mee te nemen: als JSON-LD (het
    vocabularium van het Verenigingsregister en OSLO, met zijn `@context`) of als CSV (een rij per
    gegeven). Privé; elke download staat in het toegangslog."""
    ensure_represents(info.context.principal, root.model)
    info.context.record(root.model.v_code, Handeling.GEDOWNLOAD, f"gegevens ({formaat.value})")
    return contents(root.model, formaat)
