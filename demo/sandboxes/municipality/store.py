"""A gemeente's dossiers, facts and draft aanvragen, in memory, with its rules: a draft is for a
dienst the gemeente offers and prefilled only with fields that dienst's form asks."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote

from connectors.municipality.contract import (
    DIENST_VELDEN,
    DIENSTEN,
    AanvraagVoorstel,
    DossierDocument,
    FeitDocument,
)
from demo.sandboxes.refusals import Invalid, Unknown


@dataclass(frozen=True)
class Aanvraag:
    """A draft aanvraag, waiting at the gemeente for the person who started it to complete it."""

    id: str
    v_code: str
    dienst: str
    gegevens: Mapping[str, str]
    sub: str
    """Who started it (the token's subject): only they see the draft."""
    aangemaakt: datetime


class GemeenteStore:
    def __init__(
        self,
        dossiers: Iterable[DossierDocument],
        feiten: Mapping[str, tuple[FeitDocument, ...]],
        *,
        public_url: str,
        now: Callable[[], datetime],
    ) -> None:
        self._public_url = public_url.rstrip("/")
        self._now = now
        self._dossiers = {
            d.nummer: d.model_copy(update={"link": self.page("dossiers", d.nummer)}) for d in dossiers
        }
        self._feiten = feiten
        self._aanvragen: dict[str, Aanvraag] = {}

    def page(self, kind: str, key: str) -> str:
        return f"{self._public_url}/{kind}/{quote(key, safe='')}"

    def dossiers_of(self, v_code: str) -> list[DossierDocument]:
        return [d for d in self._dossiers.values() if d.v_code == v_code]

    def feiten_of(self, v_code: str) -> list[FeitDocument]:
        return list(self._feiten.get(v_code, ()))

    def dossier(self, nummer: str) -> DossierDocument:
        found = self._dossiers.get(nummer)
        if found is None:
            raise Unknown("onbekend_dossier", f"De gemeente kent geen dossier {nummer}.")
        return found

    def nieuwe_aanvraag(self, voorstel: AanvraagVoorstel, *, sub: str) -> Aanvraag:
        velden = DIENST_VELDEN.get(voorstel.dienst)
        if velden is None:
            raise Unknown(
                "onbekende_dienst",
                f"De gemeente kent geen dienst {voorstel.dienst!r}; wel {', '.join(DIENSTEN)}.",
            )
        vreemd = sorted(set(voorstel.gegevens) - velden)
        if vreemd:
            raise Invalid("onbekende_velden", f"Het aanvraagformulier heeft geen velden {', '.join(vreemd)}.")
        aanvraag = Aanvraag(
            id=secrets.token_urlsafe(12),
            v_code=voorstel.v_code,
            dienst=voorstel.dienst,
            gegevens=dict(voorstel.gegevens),
            sub=sub,
            aangemaakt=self._now(),
        )
        self._aanvragen[aanvraag.id] = aanvraag
        return aanvraag

    def aanvraag(self, aanvraag_id: str) -> Aanvraag:
        found = self._aanvragen.get(aanvraag_id)
        if found is None:
            raise Unknown("onbekende_aanvraag", "Deze aanvraag bestaat niet (meer) bij de gemeente.")
        return found
