"""The catalog feed both sides speak: a paged JSON-LD collection of offerings in the CPSV-AP
shape, each with its modification time, and tombstones for offerings removed.

    GET /catalogus?sinds=<ISO datetime>&limiet=<n>
    GET /catalogus?limiet=<n>                       (a full listing)

    {"@context": {...}, "@id": ".../catalogus?...", "@type": "hydra:Collection",
     "@graph": [
        {"@id": "https://.../dienst/jeugdkamp-gent", "@type": "cpsv:PublicService",
         "dct:modified": "2025-03-01T09:30:00.000001+00:00", "dct:title": {"nl": "..."}, ...},
        {"@id": "https://.../dienst/oud", "@type": "as:Tombstone",
         "as:formerType": "cpsv:PublicService", "dct:modified": "2025-03-02T10:00:00+00:00"}],
     "hydra:view": {"@type": "hydra:PartialCollectionView",
                    "hydra:next": ".../catalogus?sinds=...&limiet=50&na=..."}}

- Members come oldest change first, ordered by (`dct:modified`, `@id`). `sinds` is exclusive:
  the feed lists changes made after it, so a catalog must give every change a modification
  time later than any it has served before (the sandbox does); a sync keeps the newest time
  it read as the next run's `sinds`.
- Without `sinds` the feed lists the offerings there are now, no tombstones: that is how a
  first sync starts, and how removals are confirmed.
- With `sinds` it lists every change after then, removals as tombstones.
- `hydra:next` is absent on the last page. Paging is by position in that order (`na`, an
  opaque cursor), not by page number, so an offering changed while a client pages through
  moves to the end instead of pushing another one past the client unseen.
"""

from __future__ import annotations

from typing import Final

CONTEXT: Final[dict[str, str]] = {
    "as": "https://www.w3.org/ns/activitystreams#",
    "cpsv": "http://purl.org/vocab/cpsv#",
    "cv": "http://data.europa.eu/m8g/",
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "hydra": "http://www.w3.org/ns/hydra/core#",
    "schema": "http://schema.org/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "vloket": "https://data.vlaanderen.be/ns/vloket#",
}
PATH: Final = "/catalogus"
SINDS: Final = "sinds"
LIMIET: Final = "limiet"
NA: Final = "na"
GEWIJZIGD: Final = "dct:modified"
TOMBSTONE: Final = "as:Tombstone"
DIENST: Final = "cpsv:PublicService"
MAX_LIMIET: Final = 500
