"""JSON-LD expansion (pyld) of a catalog document, one record at a time, without the network.

Contexts are resolved by a loader that serves only the contexts shipped with the hub
(`vocabulary.CONTEXT_URL`, from disk): any other remote context is refused, naming its URL, and
an inline context (`"@context": {...}`) needs no loader at all. A document without a `@context`
is read with the catalog context. Each record is expanded on its own, so a record with a context
of its own that cannot be had, or with a property its context does not define (it would be
silently dropped), is refused alone.

The work is bounded before pyld sees a record: at most `MAX_OBJECTS` objects, nested at most
`MAX_DEPTH` deep.

Example::

    expander = Expander(document.get("@context"))
    try:
        nodes = expander.expand(record)      # expanded form: full IRIs, every value a list
    except NotExpanded as error:
        print(error.veld, error.melding)
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Final

from registry.offerings.importing.vocabulary import CONTEXT_FILE, CONTEXT_URL

Node = Mapping[str, object]

MAX_DEPTH: Final = 32
"""Arrays and objects within one record, one inside the other."""
MAX_OBJECTS: Final = 2_000
"""Objects in one record: nodes, values, language maps, contexts."""
KNOWN_CONTEXTS: Final = {CONTEXT_URL: CONTEXT_FILE}
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


class NotExpanded(Exception):
    """A record (or a document's context) that cannot be read as JSON-LD; `veld` is the property
    at fault (`@context`, a dropped property's name) or empty, `melding` says why, in Dutch."""

    def __init__(self, veld: str, melding: str) -> None:
        self.veld = veld
        self.melding = melding
        super().__init__(f"{veld}: {melding}" if veld else melding)


class Expander:
    """The records of one document, expanded against its `@context` (`None`: the document has
    none). Contexts are resolved once per document; `base` resolves relative IRIs (none: they
    stay relative)."""

    def __init__(self, context: object, *, base: str | None = None) -> None:
        self._context = context
        from pyld import ContextResolver, FrozenDocumentLoader  # imported when a catalog is read

        loader = FrozenDocumentLoader(KNOWN_CONTEXTS)
        self._options = {
            "documentLoader": loader,
            "contextResolver": ContextResolver({}, loader),
            "base": base,
        }
        if context is not None:  # a context that cannot be had fails the whole document
            check_bounds(context)
            self._expand({"@context": context})

    def expand(self, record: Node) -> list[Node]:
        """The record's nodes in expanded form (normally one); `NotExpanded` saying why not."""
        check_bounds(record)
        context = self._context
        if context is None and "@context" not in record:
            context = CONTEXT_URL
        return self._expand(
            {"@graph": [record]} if context is None else {"@context": context, "@graph": [record]}
        )

    def _expand(self, document: dict[str, object]) -> list[Node]:
        from pyld import jsonld

        dropped: list[str | None] = []
        try:
            expanded = jsonld.expand(document, dict(self._options), on_property_dropped=dropped.append)
        except jsonld.JsonLdError as error:
            raise NotExpanded(*explain(error)) from error
        onbekend = [naam for naam in dropped if naam is not None]  # None: a term the context ignores
        if onbekend:
            raise NotExpanded(onbekend[0], niet_gekend(onbekend[0]))
        return list(expanded)


def explain(error: jsonld.JsonLdError) -> tuple[str, str]:
    """pyld's error as the property at fault and a message."""
    details = error.details if isinstance(error.details, Mapping) else {}
    url = details.get("url")
    if error.code in _CONTEXT_CODES and isinstance(url, str):
        gekend = ", ".join(KNOWN_CONTEXTS)
        return (
            "@context",
            f"de context {url} is niet gekend en wordt niet opgehaald (gekend: {gekend}); "
            "neem hem op in het document zelf",
        )
    reden = error.args[0] if error.args else error.type
    return "", f"dit is geen geldige JSON-LD ({error.code or error.type}): {reden}"


def check_bounds(record: object) -> None:
    """`NotExpanded` when `record` nests deeper than `MAX_DEPTH` or holds more than `MAX_OBJECTS`
    objects; looked at without recursion, so any record is looked at safely."""
    objects = 0
    todo: list[tuple[object, int]] = [(record, 1)]
    while todo:
        value, depth = todo.pop()
        if depth > MAX_DEPTH:
            raise NotExpanded("", f"het record is dieper genest dan {MAX_DEPTH} niveaus")
        if isinstance(value, Mapping):
            objects += 1
            if objects > MAX_OBJECTS:
                raise NotExpanded("", f"het record telt meer dan {MAX_OBJECTS} objecten")
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
