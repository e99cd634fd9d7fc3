"""What the profile service gives back besides the systems' own answers: whom a question went to
(`Routering`), what a started request shares (`Deling`), and the documents found."""

from __future__ import annotations

from dataclasses import dataclass

from connectors.sdk import Document
from hub.routing import ServiceFailure

GevondenDocumenten = tuple[list[tuple[str, Document]], list[ServiceFailure]]
"""Every document found, with the service that holds it, and the services that failed."""


@dataclass(frozen=True)
class Routering:
    """Whom a question about an association went to, and why (for operators: the answer's
    `extensions.routering`, and the debug log)."""

    vraag: str
    """The capability asked, e.g. `ProfileFacts`."""
    v_code: str
    plaatsen: str
    """Where the association is, as the routing read it (`BE23, 44021`; `-`: nowhere known)."""
    gevraagd: tuple[str, ...]
    """The connectors asked: their area touches those places, or they hold dossiers of it."""
    buiten_gebied: tuple[str, ...]
    """The connectors left out: their area lies elsewhere."""
    met_dossiers: tuple[str, ...] = ()
    """Of those asked, the ones outside the area that the hub's copy knows dossiers of."""

    def document(self) -> dict[str, object]:
        return {
            "vraag": self.vraag,
            "vCode": self.v_code,
            "plaatsen": self.plaatsen,
            "gevraagd": list(self.gevraagd),
            "buitenGebied": len(self.buiten_gebied),
            "metDossiers": list(self.met_dossiers),
        }


@dataclass(frozen=True)
class Deling:
    """What would go to a service when the person starts a request there."""

    dienst: str
    ontvanger: str
    gegevens: tuple[tuple[str, str], ...]
