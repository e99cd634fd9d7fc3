"""The catalog feed both sides speak: a paged JSON-LD collection of offerings in the CPSV-AP
shape, each with its modification time, and tombstones for offerings removed.

    GET /catalogus?sinds=<ISO datetime>&limiet=<n>
    GET /catalogus?limiet=<n>                       (a full listing)

    {"@context": "https://data.vlaanderen.be/ns/vloket/catalogus.jsonld",
     "@id": ".../catalogus?...", "@type": "hydra:Collection",
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
- A page is JSON-LD: its `@context` (and any a member has of its own) says what its terms mean;
  members are read once expanded, by their IRIs. The catalog context (`CONTEXT_URL`, shipped
  as `catalogus-context.json`, never fetched) is the one a page without `@context` is read with;
  an inline context works too; any other remote context is refused, naming its URL.
- A page holds at most `MAX_LIMIET` members; one with more is an unusable answer.
- `hydra:next` is absent on the last page. Paging is by position in that order (`na`, an
  opaque cursor), not by page number, so an offering changed while a client pages through
  moves to the end instead of pushing another one past the client unseen.
"""

from __future__ import annotations

from typing import Final

CONTEXT_URL: Final = "https://data.vlaanderen.be/ns/vloket/catalogus.jsonld"
PATH: Final = "/catalogus"
SINDS: Final = "sinds"
LIMIET: Final = "limiet"
NA: Final = "na"
GEWIJZIGD: Final = "dct:modified"
TOMBSTONE: Final = "as:Tombstone"
DIENST: Final = "cpsv:PublicService"
MAX_LIMIET: Final = 500

# The same terms, expanded: what a member means whatever its context calls it.
AS: Final = "https://www.w3.org/ns/activitystreams#"
CPSV: Final = "http://purl.org/vocab/cpsv#"
CV: Final = "http://data.europa.eu/m8g/"
DCAT: Final = "http://www.w3.org/ns/dcat#"
DCT: Final = "http://purl.org/dc/terms/"
HYDRA: Final = "http://www.w3.org/ns/hydra/core#"
SCHEMA: Final = ("http://schema.org/", "https://schema.org/")
GEWIJZIGD_IRI: Final = f"{DCT}modified"
TOMBSTONE_IRI: Final = f"{AS}Tombstone"
DIENST_IRI: Final = f"{CPSV}PublicService"
VIEW_IRI: Final = f"{HYDRA}view"
NEXT_IRI: Final = f"{HYDRA}next"
