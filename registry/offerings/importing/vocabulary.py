"""The IRIs a catalog import reads (CPSV-AP, DCAT, Dublin Core, schema.org and the hub's own
`vloket:` terms), the catalog context that names them, and their short names for messages.

A document may call a property anything its `@context` says; once expanded, only the IRI counts.
Messages name a property by the catalog context's prefixes (`dct:title`), whatever the document
called it, so one problem reads the same in every spelling.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Final

CONTEXT_URL: Final = "https://data.vlaanderen.be/ns/vloket/catalogus.jsonld"
"""The catalog context: a document naming it (or naming no context at all) is read with the copy
shipped here, `catalogus-context.json`; it is never fetched."""
CONTEXT_FILE: Final = Path(__file__).with_name("catalogus-context.json")

AS: Final = "https://www.w3.org/ns/activitystreams#"
BESLUIT: Final = "http://data.vlaanderen.be/ns/besluit#"
CPSV: Final = "http://purl.org/vocab/cpsv#"
CV: Final = "http://data.europa.eu/m8g/"
DCAT: Final = "http://www.w3.org/ns/dcat#"
DCT: Final = "http://purl.org/dc/terms/"
FOAF: Final = "http://xmlns.com/foaf/0.1/"
IPDC: Final = "https://productencatalogus.data.vlaanderen.be/ns/ipdc-lpdc#"
ORG: Final = "http://www.w3.org/ns/org#"
SKOS: Final = "http://www.w3.org/2004/02/skos/core#"
VLOKET: Final = "https://data.vlaanderen.be/ns/vloket#"
SCHEMA: Final = ("http://schema.org/", "https://schema.org/")
"""schema.org under either scheme: both are in use, for the same terms."""


def schema(term: str) -> tuple[str, ...]:
    """A schema.org term under both its IRIs."""
    return tuple(f"{namespace}{term}" for namespace in SCHEMA)


@cache
def prefixes() -> dict[str, str]:
    """The catalog context's prefixes, by namespace (`http://purl.org/dc/terms/` → `dct`)."""
    context = json.loads(CONTEXT_FILE.read_text("utf-8"))["@context"]
    found = {
        namespace: prefix
        for prefix, namespace in context.items()
        if isinstance(namespace, str) and namespace.endswith(("/", "#"))
    }
    found.setdefault(SCHEMA[1], found[SCHEMA[0]])
    return found


def short(iri: str) -> str:
    """`http://purl.org/dc/terms/title` as `dct:title`; an IRI in no known namespace as it is."""
    for namespace, prefix in sorted(prefixes().items(), key=lambda item: -len(item[0])):
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def undefined_prefix(node: object) -> str | None:
    """The first property or type in an expanded `node` that still starts with one of the
    catalog context's prefixes (`cpsv:hasChannel`): its document used the prefix without
    defining it, so it names nothing the import reads, and would be lost without a word."""
    names = set(prefixes().values())
    todo: list[object] = [node]
    while todo:
        value = todo.pop()
        if isinstance(value, list):
            todo.extend(value)
        elif isinstance(value, Mapping):
            types = value.get("@type")
            kandidaten = [str(k) for k in value if not str(k).startswith("@")]
            kandidaten += [t for t in (types if isinstance(types, list) else [types]) if isinstance(t, str)]
            for iri in kandidaten:
                prefix, _, rest = iri.partition(":")
                if prefix in names and not rest.startswith("//"):
                    return iri
            todo.extend(value.values())
    return None
