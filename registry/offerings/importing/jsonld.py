"""Offerings from a JSON-LD document in the IPDC / CPSV-AP shape.

The document is an object with an `@graph`, a list of nodes, or a single node. Nodes typed
`cpsv:PublicService` (or `InstancePublicService`, or untyped) are offerings; nodes of the types
offerings refer to by `@id` (organisations, contact points, channels, tombstones...) are read
only through those references; a node of any other type is reported, never guessed at.

Each property takes one value or a list, a language map (`{"nl": ...}`: the Dutch text is
taken, another language alone is refused), a value object or a plain string; a reference
`{"@id": ...}` is followed into the graph. How properties map onto an offering: see `cpsv.py`.

Example::

    {"@context": {"dct": "http://purl.org/dc/terms/", "cv": "http://data.europa.eu/m8g/"},
     "@graph": [{"@id": "https://catalogus.example/dienst/1", "@type": "cpsv:PublicService",
                 "dct:title": {"nl": "Subsidie jeugdkamp"}, "dct:description": {"nl": "..."},
                 "dct:type": "FinancieelVoordeel",
                 "cv:hasCompetentAuthority": {"dct:identifier": "44021", "skos:prefLabel": "Gent"}}]}

The whole document is loaded (JSON has no safe place to stop halfway), so a file over the size
limit (`MAX_BYTES` by default) is refused before it is read. A problem is reported with the
record's position and `@id` (`record 3 (https://...)`) and the property's name.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path

import orjson

from registry.offerings.importing import jsonld_waarden as waarden
from registry.offerings.importing.cpsv import velden
from registry.offerings.importing.inhoud import record
from registry.offerings.importing.jsonld_waarden import Knoop
from registry.offerings.importing.records import BestandOnleesbaar, EerderGezien, Fout, Gelezen, Ingelezen

MAX_BYTES = 50 * 1024 * 1024
DIENST_TYPES = frozenset({"publicservice", "instancepublicservice", "dienst"})
BRON_TYPES = frozenset(
    {
        "publicorganisation", "organization", "organisation", "bestuurseenheid", "contactpoint", "channel",
        "cost", "evidence", "requirement", "criterionrequirement", "periodoftime", "concept", "tombstone",
        "location", "administrativeterritorialunit",
    }
)  # fmt: skip


def lees_document(data: bytes, *, max_bytes: int = MAX_BYTES) -> object:
    """The JSON in `data`; `BestandOnleesbaar` saying where it breaks when it is not JSON."""
    if len(data) > max_bytes:
        raise BestandOnleesbaar(te_groot(len(data), max_bytes))
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError as error:
        melding = f"dit is geen geldige JSON: regel {error.lineno}, kolom {error.colno}: {error.msg}"
        raise BestandOnleesbaar(Fout("bestand", "", melding)) from error


def te_groot(grootte: int, max_bytes: int) -> Fout:
    melding = f"het bestand is {leesbare_grootte(grootte)} groot; de grens is {leesbare_grootte(max_bytes)}"
    return Fout("bestand", "", melding)


def leesbare_grootte(aantal: int) -> str:
    if aantal >= 2**20:
        return f"{aantal / 2**20:.1f} MB"
    return f"{aantal / 2**10:.0f} KB" if aantal >= 2**10 else f"{aantal} bytes"


def lees_jsonld(pad: Path, *, max_bytes: int = MAX_BYTES) -> Ingelezen:
    """Every offering in the file and every problem, collected."""
    ingelezen = Ingelezen()
    for gelezen in jsonld_bestand(pad, max_bytes=max_bytes):
        ingelezen.neem(gelezen)
    return ingelezen


def jsonld_bestand(pad: Path, *, max_bytes: int = MAX_BYTES) -> Iterator[Gelezen]:
    """Each offering in the file, or its problems; `BestandOnleesbaar` before the first when the
    file is too large or not JSON-LD."""
    grootte = pad.stat().st_size
    if grootte > max_bytes:
        raise BestandOnleesbaar(te_groot(grootte, max_bytes))
    return jsonld_records(lees_document(pad.read_bytes(), max_bytes=max_bytes))


def knopen(document: object) -> list[object]:
    """The document's top-level nodes."""
    if isinstance(document, Mapping) and "@graph" in document:
        return waarden.als_lijst(document["@graph"])
    if isinstance(document, list):
        return document
    if isinstance(document, Mapping) and ("@type" in document or "@id" in document):
        return [document]
    raise BestandOnleesbaar(
        Fout("bestand", "", "verwacht een JSON-LD-document met @graph, een lijst van diensten of één dienst")
    )


def jsonld_records(document: object) -> Iterator[Gelezen]:
    """Each offering of the decoded document, or its problems."""
    nodes = knopen(document)
    graaf = {str(n["@id"]): n for n in nodes if isinstance(n, Mapping) and isinstance(n.get("@id"), str)}
    return _records(nodes, graaf)


def _records(nodes: list[object], graaf: Mapping[str, Mapping[str, object]]) -> Iterator[Gelezen]:
    gezien = EerderGezien()
    for index, node in enumerate(nodes, start=1):
        if not isinstance(node, Mapping):
            yield [Fout(f"record {index}", "", "verwacht een object (een dienst)")]
            continue
        knoop = Knoop(node, graaf)
        plaats = f"record {index} ({knoop.id})" if knoop.id else f"record {index}"
        types = set(knoop.types)
        if not types or types & DIENST_TYPES:
            yield record(velden(knoop), plaats, gezien)
        elif not types <= BRON_TYPES:
            soort = ", ".join(str(t) for t in waarden.als_lijst(node.get("@type")))
            yield [Fout(plaats, "@type", f"'{soort}' is geen dienst (verwacht cpsv:PublicService)")]
