"""Reading expanded JSON-LD (see `expansion.py`): a node's properties by their full IRIs, every
value a list of value objects (`{"@value": "...", "@language": "nl"}`, `{"@value": 6}`,
`{"@value": "2025-06-30", "@type": "...#date"}`), node objects, references (`{"@id": "..."}`)
into the document's graph, or lists (`{"@list": [...]}`)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from registry.offerings.importing.vocabulary import short

LANGUAGE = "nl"

Node = Mapping[str, object]


class Onduidelijk(ValueError):
    """A value whose meaning cannot be read with certainty; the message says what was expected."""


def als_lijst(waarde: object) -> list[object]:
    """The values of a property, lists (`@list`) and sets (`@set`) opened up."""
    if waarde is None:
        return []
    items = list(waarde) if isinstance(waarde, list) else [waarde]
    result: list[object] = []
    for item in items:
        inner = _lijst_in(item)
        result.extend(als_lijst(inner) if inner is not None else [item])
    return result


def _lijst_in(item: object) -> object | None:
    if isinstance(item, Mapping):
        for sleutel in ("@list", "@set"):
            if sleutel in item:
                inner: object = item[sleutel]
                return inner
    return None


@dataclass(frozen=True)
class Eigenschap:
    iri: str
    waarde: list[object]

    @property
    def naam(self) -> str:
        """The property's short name, for messages (`dct:title`)."""
        return short(self.iri)


class Knoop:
    """One expanded node, and the document's nodes by `@id` to follow references into."""

    def __init__(self, node: Node, graaf: Mapping[str, Node]) -> None:
        self.node = node
        self._graaf = graaf

    @property
    def id(self) -> str | None:
        """The node's IRI; a blank node (`_:b0`) has none worth keeping."""
        value = self.node.get("@id")
        return value if isinstance(value, str) and not value.startswith("_:") else None

    @property
    def types(self) -> frozenset[str]:
        return frozenset(t for t in als_lijst(self.node.get("@type")) if isinstance(t, str))

    def eigenschap(self, *iris: str) -> Eigenschap | None:
        """The first of `iris` (in order of preference) the node has a value for."""
        for iri in iris:
            waarde = als_lijst(self.node.get(iri))
            if waarde:
                return Eigenschap(iri, waarde)
        return None

    def knopen(self, waarde: object) -> list[Knoop]:
        """The nodes a property points at: nodes inside it, or references into the graph."""
        result = []
        for item in als_lijst(waarde):
            if isinstance(item, Mapping) and "@value" not in item:
                ref = item.get("@id")
                target = self._graaf.get(ref, item) if set(item) == {"@id"} and isinstance(ref, str) else item
                result.append(Knoop(target, self._graaf))
        return result


def letterlijk(item: object) -> object:
    """A value object's value; anything else (a node) as it is."""
    return item["@value"] if isinstance(item, Mapping) and "@value" in item else item


def taal(item: object) -> str | None:
    value = item.get("@language") if isinstance(item, Mapping) else None
    return value.casefold() if isinstance(value, str) else None


def is_nederlands(item: object) -> bool:
    found = taal(item)
    return found is not None and (found == LANGUAGE or found.startswith(f"{LANGUAGE}-"))


def tekst(waarde: object) -> object:
    """One text in Dutch: the Dutch value, else the one without a language (another language
    alone is refused, never translated). A value that is no text (a number, a node) is returned
    as it is, for the caller to refuse with its type."""
    items = als_lijst(waarde)
    if not items:
        return None
    nederlands = [item for item in items if is_nederlands(item)]
    zonder_taal = [item for item in items if taal(item) is None]
    kandidaten = nederlands or zonder_taal
    if not kandidaten:
        talen = sorted({str(taal(item)) for item in items})
        raise Onduidelijk(f"een tekst in het Nederlands (gevonden: {', '.join(talen)})")
    if len(kandidaten) > 1:
        raise Onduidelijk("één tekst, niet meerdere")
    return letterlijk(kandidaten[0])


def teksten(waarde: object) -> list[object]:
    """Several texts: each one without a language, and each Dutch one; texts only in another
    language are refused."""
    items = als_lijst(waarde)
    gekozen = [item for item in items if taal(item) is None or is_nederlands(item)]
    if items and not gekozen:
        return [tekst(items)]  # raises, naming the languages found
    return [letterlijk(item) for item in gekozen]


def code(item: object) -> object:
    """A code given as a value, or as an IRI that ends in it (`http://data.europa.eu/nuts/code/
    BE23` is `BE23`); anything else as it is."""
    if isinstance(item, Mapping):
        if "@value" in item:
            return item["@value"]
        ref = item.get("@id")
        if isinstance(ref, str) and set(item) == {"@id"}:
            return iri_staart(ref)
    return item


def codes(waarde: object) -> list[object]:
    return [code(item) for item in als_lijst(waarde)]


def een_code(waarde: object) -> object:
    """One value: a code, a number, a date; texts in several languages give the Dutch one."""
    items = als_lijst(waarde)
    if items and all(taal(item) is not None for item in items):
        return tekst(items)
    if len(items) > 1:
        raise Onduidelijk("één waarde, geen lijst")
    return code(items[0]) if items else None


def adres(waarde: object) -> object:
    """One address (a web page, an e-mail address), given as a value or as an IRI."""
    items = als_lijst(waarde)
    if len(items) > 1:
        raise Onduidelijk("één adres, geen lijst")
    item = items[0] if items else None
    if isinstance(item, Mapping) and set(item) == {"@id"}:
        return item["@id"]
    return een_code(items)


def iri_staart(iri: str) -> str:
    """The last part of an IRI: after its last `/`, `#` or `:`."""
    return re.split(r"[/#:]", iri.rstrip("/#"))[-1]
