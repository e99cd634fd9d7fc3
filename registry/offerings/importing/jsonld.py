"""Offerings from a JSON-LD document in the IPDC / CPSV-AP shape.

The document is an object with an `@graph`, a list of nodes, or a single node. Each top-level
node is a record, expanded against the document's `@context` (see `expansion.py`: the catalog
context when there is none; contexts are never fetched). Nodes typed `cpsv:PublicService` (or
IPDC's `InstancePublicService`, or untyped) are offerings; nodes of the types offerings refer to
by `@id` (organisations, contact points, channels, tombstones...) are read only through those
references; a node of any other type is reported, never guessed at.

What the properties mean is decided by their expanded IRIs: language-tagged values (the Dutch
one is taken, another language alone is refused), typed values, lists, and references followed
into the document's graph. How properties map onto an offering: see `cpsv.py`.

Example::

    {"@context": "https://data.vlaanderen.be/ns/vloket/catalogus.jsonld",
     "@graph": [{"@id": "https://catalogus.example/dienst/1", "@type": "cpsv:PublicService",
                 "dct:title": {"nl": "Subsidie jeugdkamp"}, "dct:description": {"nl": "..."},
                 "dct:type": "FinancieelVoordeel",
                 "cv:hasCompetentAuthority": {"dct:identifier": "44021", "skos:prefLabel": {"nl": "Gent"}}}]}

The whole document is loaded (JSON has no safe place to stop halfway), so a file over the size
limit (`MAX_BYTES` by default) is refused before it is read, and one with more than
`MAX_RECORDS` records before any is expanded. A problem is reported with the record's position
and `@id` (`record 3 (https://...)`) and the property's short name.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import orjson

from registry.offerings.importing.cpsv import velden
from registry.offerings.importing.expansion import Expander, Node, NotExpanded
from registry.offerings.importing.inhoud import record
from registry.offerings.importing.jsonld_waarden import Knoop
from registry.offerings.importing.records import BestandOnleesbaar, EerderGezien, Fout, Gelezen, Ingelezen
from registry.offerings.importing.vocabulary import (
    AS,
    BESLUIT,
    CPSV,
    CV,
    DCT,
    FOAF,
    IPDC,
    ORG,
    SKOS,
    schema,
    short,
    undefined_prefix,
)

MAX_BYTES: Final = 50 * 1024 * 1024
MAX_RECORDS: Final = 100_000
DIENST_TYPES: Final = frozenset({f"{CPSV}PublicService", f"{IPDC}InstancePublicService"})
BRON_TYPES: Final = frozenset(
    {
        f"{CV}PublicOrganisation", f"{ORG}Organization", f"{FOAF}Organization", f"{BESLUIT}Bestuurseenheid",
        *schema("ContactPoint"), f"{CV}ContactPoint", f"{CV}Channel", f"{CV}Cost", f"{CV}Evidence",
        f"{CV}Requirement", f"{CV}CriterionRequirement", f"{CV}AdministrativeTerritorialUnit",
        f"{DCT}PeriodOfTime", f"{DCT}Location", f"{SKOS}Concept", f"{AS}Tombstone",
    }
)  # fmt: skip


@dataclass(frozen=True)
class Uitgebreid:
    """One record of a document in expanded form: its position there and its nodes."""

    positie: int
    knopen: Sequence[Node]


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


def top_level(document: object) -> tuple[object, list[object]]:
    """The document's own context (None when it has none) and its top-level nodes."""
    if isinstance(document, Mapping) and "@graph" in document:
        graph = document["@graph"]
        return document.get("@context"), graph if isinstance(graph, list) else [graph]
    if isinstance(document, list):
        return None, document
    if isinstance(document, Mapping) and {"@context", "@id", "@type"} & set(document):
        return None, [document]  # one node, its @context its own
    raise BestandOnleesbaar(
        Fout("bestand", "", "verwacht een JSON-LD-document met @graph, een lijst van diensten of één dienst")
    )


def jsonld_records(document: object) -> Iterator[Gelezen]:
    """Each offering of the decoded document, or its problems, in the document's order;
    `BestandOnleesbaar` at once when the document is not JSON-LD at all."""
    context, nodes = top_level(document)
    if len(nodes) > MAX_RECORDS:
        melding = f"het document telt {len(nodes)} records; de grens is {MAX_RECORDS}"
        raise BestandOnleesbaar(Fout("bestand", "", melding))
    try:
        expander = Expander(context)
    except NotExpanded as error:
        raise BestandOnleesbaar(Fout("bestand", error.veld, error.melding)) from error
    gelezen: list[Uitgebreid | list[Fout]] = []
    for positie, node in enumerate(nodes, start=1):
        if not isinstance(node, Mapping):
            gelezen.append([Fout(f"record {positie}", "", "verwacht een object (een dienst)")])
            continue
        try:
            gelezen.append(Uitgebreid(positie, expander.expand(node)))
        except NotExpanded as error:
            ruw_id = node.get("@id")  # as written: the record could not be read
            waar = plaats(positie, ruw_id if isinstance(ruw_id, str) else None)
            gelezen.append([Fout(waar, error.veld, error.melding)])
    return _in_volgorde(gelezen)


def _in_volgorde(gelezen: list[Uitgebreid | list[Fout]]) -> Iterator[Gelezen]:
    records = _lees([g for g in gelezen if isinstance(g, Uitgebreid)])
    for item in gelezen:
        found = next(records) if isinstance(item, Uitgebreid) else item
        if found is not None:
            yield found


def uitgebreide_records(records: Sequence[Uitgebreid]) -> Iterator[Gelezen]:
    """Each offering among expanded records, or its problems; references are followed among all
    of them, and nodes only referred to yield nothing."""
    return (found for found in _lees(records) if found is not None)


def _lees(records: Sequence[Uitgebreid]) -> Iterator[Gelezen | None]:
    graaf = {str(node["@id"]): node for r in records for node in r.knopen if isinstance(node.get("@id"), str)}
    gezien = EerderGezien()
    for uitgebreid in records:
        yield _record(uitgebreid, graaf, gezien)


def _record(uitgebreid: Uitgebreid, graaf: Mapping[str, Node], gezien: EerderGezien) -> Gelezen | None:
    if len(uitgebreid.knopen) != 1:
        melding = (
            "geen enkele eigenschap die de context kent"
            if not uitgebreid.knopen
            else "één dienst per record, geen graaf van knopen"
        )
        return [Fout(plaats(uitgebreid.positie, None), "", melding)]
    knoop = Knoop(uitgebreid.knopen[0], graaf)
    waar = plaats(uitgebreid.positie, knoop.id)
    onbepaald = undefined_prefix(knoop.node)
    if onbepaald is not None:
        voorvoegsel = onbepaald.split(":")[0]
        return [Fout(waar, onbepaald, f"het voorvoegsel {voorvoegsel}: is niet bepaald in de context")]
    if not knoop.types or knoop.types & DIENST_TYPES:
        return record(velden(knoop), waar, gezien)
    if knoop.types <= BRON_TYPES:
        return None
    soort = ", ".join(sorted(short(t) for t in knoop.types))
    return [Fout(waar, "@type", f"'{soort}' is geen dienst (verwacht cpsv:PublicService)")]


def plaats(positie: int, node_id: str | None) -> str:
    return f"record {positie} ({node_id})" if node_id else f"record {positie}"
