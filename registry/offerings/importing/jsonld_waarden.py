"""The compacted forms a JSON-LD value takes, read leniently: a property named with or without a
prefix (`dct:title`, `title`, or the full IRI), one value or a list, a language map
(`{"nl": "..."}`), a value object (`{"@value": "...", "@language": "nl"}`), a plain string, or a
reference (`{"@id": "..."}`) to a node elsewhere in the graph."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

LANGUAGE_TAG = re.compile(r"^[a-z]{2}(-[a-zA-Z0-9]{1,8})*$")
LANGUAGE = "nl"

Node = Mapping[str, object]


class Onduidelijk(ValueError):
    """A value whose meaning cannot be read with certainty; the message says what was expected."""


def lokale_naam(sleutel: str) -> str:
    """`dct:title`, `title` and `http://purl.org/dc/terms/title` all name `title`."""
    for scheiding in ("#", "/", ":"):
        if scheiding in sleutel:
            sleutel = sleutel.rsplit(scheiding, 1)[1]
    return sleutel.casefold()


def als_lijst(waarde: object) -> list[object]:
    if waarde is None:
        return []
    if isinstance(waarde, Mapping):
        for sleutel in ("@list", "@set"):
            if sleutel in waarde:
                return als_lijst(waarde[sleutel])
    return list(waarde) if isinstance(waarde, list) else [waarde]


@dataclass(frozen=True)
class Eigenschap:
    sleutel: str
    """As the document spells it, for error messages."""
    waarde: object


class Knoop:
    """One node's properties by their local names; a name given twice (`dct:title` and
    `schema:title`) is ambiguous and refused when asked for."""

    def __init__(self, node: Node, graaf: Mapping[str, Node]) -> None:
        self.node = node
        self._graaf = graaf
        self._eigenschappen: dict[str, list[Eigenschap]] = {}
        for sleutel, waarde in node.items():
            if not sleutel.startswith("@"):
                self._eigenschappen.setdefault(lokale_naam(sleutel), []).append(Eigenschap(sleutel, waarde))

    @property
    def id(self) -> str | None:
        value = self.node.get("@id")
        return value if isinstance(value, str) else None

    @property
    def types(self) -> list[str]:
        return [lokale_naam(t) for t in als_lijst(self.node.get("@type")) if isinstance(t, str)]

    def eigenschap(self, *namen: str) -> Eigenschap | None:
        """The first of `namen` the node has (local names, in order of preference)."""
        for naam in namen:
            found = self._eigenschappen.get(lokale_naam(naam))
            if found:
                if len(found) > 1:
                    spellings = " en ".join(e.sleutel for e in found)
                    raise Onduidelijk(f"één van {spellings}, niet allebei")
                return found[0]
        return None

    def knopen(self, waarde: object) -> list[Knoop]:
        """The nodes a property points at: inline objects, or references into the graph."""
        result = []
        for item in als_lijst(waarde):
            if isinstance(item, Mapping):
                target = item
                ref = item.get("@id")
                if set(item) == {"@id"} and isinstance(ref, str) and ref in self._graaf:
                    target = self._graaf[ref]
                result.append(Knoop(target, self._graaf))
        return result


def tekst(waarde: object) -> object:
    """One text in Dutch: a string, a language map or a list of language-tagged values (the
    Dutch one is taken; another language alone is refused, not translated). A non-text value is
    returned as it is, for the caller to refuse with its type."""
    items = als_lijst(waarde)
    if not items:
        return None
    talen: dict[str, object] = {}
    zonder_taal: list[object] = []
    for item in items:
        if isinstance(item, Mapping) and "@value" in item:
            taal = item.get("@language")
            if taal:
                talen.setdefault(str(taal).casefold(), item["@value"])
            else:
                zonder_taal.append(item["@value"])
        elif isinstance(item, Mapping) and is_letterlijk(item):
            talen.update({str(k).casefold(): v for k, v in item.items()})
        else:
            zonder_taal.append(item)
    nederlands = [v for taal, v in talen.items() if taal == LANGUAGE or taal.startswith(f"{LANGUAGE}-")]
    kandidaten = nederlands or zonder_taal
    if not kandidaten:
        raise Onduidelijk(f"een tekst in het Nederlands (gevonden: {', '.join(sorted(talen))})")
    if len(kandidaten) > 1:
        raise Onduidelijk("één tekst, niet meerdere")
    gekozen = kandidaten[0]
    return tekst(gekozen) if isinstance(gekozen, list) else gekozen


def teksten(waarde: object) -> list[object]:
    """Several texts: each item read as one text."""
    return [tekst(item) for item in als_lijst(waarde)]


def code(waarde: object) -> object:
    """A code given as a string, a value object, or a reference whose IRI ends in it
    (`http://data.europa.eu/nuts/code/BE23` is `BE23`)."""
    if isinstance(waarde, Mapping):
        if "@value" in waarde:
            return waarde["@value"]
        ref = waarde.get("@id")
        if isinstance(ref, str):
            return iri_staart(ref)
    return waarde


def codes(waarde: object) -> list[object]:
    return [code(item) for item in als_lijst(waarde)]


def iri_staart(iri: str) -> str:
    return re.split(r"[/#:]", iri.rstrip("/#"))[-1]


def is_letterlijk(waarde: Mapping[str, object]) -> bool:
    """A value object or a language map, as opposed to a node."""
    return "@value" in waarde or (bool(waarde) and all(LANGUAGE_TAG.match(k) for k in waarde))
