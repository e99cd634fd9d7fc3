"""Expanding the feed's JSON-LD (pyld) without the network: a page's own properties, and each
member on its own, against the page's `@context`.

The loader serves only the catalog context (`contract.CONTEXT_URL`, from the file shipped next
to this module) and refuses any other remote context, naming it; inline contexts need no
loader. A member is bounded before pyld sees it (`MAX_OBJECTS` objects, `MAX_DEPTH` deep), and
one with a property its context does not define (pyld would drop it silently) is refused.

Example::

    uitbreider = Uitbreider(page.get("@context"), base="https://catalogus.example/catalogus")
    nodes = uitbreider.breid_uit(member)    # full IRIs, every value a list; or `Onleesbaar`
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Final

from connectors.subsidy_catalog.contract import CONTEXT_URL

Node = Mapping[str, object]

CONTEXT_FILE: Final = Path(__file__).with_name("catalogus-context.json")
KNOWN_CONTEXTS: Final = {CONTEXT_URL: CONTEXT_FILE}
MAX_DEPTH: Final = 32
MAX_OBJECTS: Final = 2_000
LANGUAGE_TAG: Final = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
_CONTEXT_CODES = frozenset(
    {
        "loading remote context failed",
        "loading document failed",
        "context overflow",
        "recursive context inclusion",
    }
)


if TYPE_CHECKING:
    from pyld import jsonld


class Onleesbaar(Exception):
    """JSON-LD that cannot be read: `veld` is the property at fault (or empty), `melding` why."""

    def __init__(self, veld: str, melding: str) -> None:
        self.veld = veld
        self.melding = melding
        super().__init__(f"{veld}: {melding}" if veld else melding)


class Uitbreider:
    """Expansion against one page's context (None: the catalog context), resolved once per page;
    relative IRIs are resolved against `base`, the page's address."""

    def __init__(self, context: object, *, base: str) -> None:
        self._context = CONTEXT_URL if context is None else context
        from pyld import ContextResolver, FrozenDocumentLoader  # imported when a catalog is read

        loader = FrozenDocumentLoader(KNOWN_CONTEXTS)
        self._options = {
            "documentLoader": loader,
            "contextResolver": ContextResolver({}, loader),
            "base": base,
        }

    def breid_uit(self, node: Node) -> list[Node]:
        """`node` (a page or one member) in expanded form, read with the page's context."""
        from pyld import jsonld

        begrens(node)
        dropped: list[str | None] = []
        document = {"@context": self._context, "@graph": [node]}
        try:
            expanded = jsonld.expand(document, dict(self._options), on_property_dropped=dropped.append)
        except jsonld.JsonLdError as error:
            raise Onleesbaar(*_uitleg(error)) from error
        onbekend = [naam for naam in dropped if naam is not None]  # None: a term the context ignores
        if onbekend:
            raise Onleesbaar(onbekend[0], niet_gekend(onbekend[0]))
        return list(expanded)


def _uitleg(error: jsonld.JsonLdError) -> tuple[str, str]:
    details = error.details if isinstance(error.details, Mapping) else {}
    url = details.get("url")
    if error.code in _CONTEXT_CODES and isinstance(url, str):
        return "@context", f"de context {url} is niet gekend en wordt niet opgehaald (gekend: {CONTEXT_URL})"
    reden = error.args[0] if error.args else error.type
    return "", f"dit is geen geldige JSON-LD ({error.code or error.type}): {reden}"


def begrens(node: object) -> None:
    """`Onleesbaar` when `node` nests deeper than `MAX_DEPTH` or holds more than `MAX_OBJECTS`
    objects (looked at without recursion)."""
    objects = 0
    todo: list[tuple[object, int]] = [(node, 1)]
    while todo:
        value, depth = todo.pop()
        if depth > MAX_DEPTH:
            raise Onleesbaar("", f"dieper genest dan {MAX_DEPTH} niveaus")
        if isinstance(value, Mapping):
            objects += 1
            if objects > MAX_OBJECTS:
                raise Onleesbaar("", f"meer dan {MAX_OBJECTS} objecten")
            todo.extend((item, depth + 1) for item in value.values())
        elif isinstance(value, list):
            todo.extend((item, depth + 1) for item in value)


def niet_gekend(naam: str) -> str:
    """Why a property was dropped: a language map under a property whose context does not make
    it one is the usual cause."""
    melding = "de context kent deze eigenschap niet; ze zou verloren gaan"
    if LANGUAGE_TAG.match(naam):
        melding += ' (is dit een taalkaart? dan geeft de context de eigenschap "@container": "@language")'
    return melding
