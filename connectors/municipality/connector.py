"""The gemeente connector: one class, configured once per municipality. It reads the
vereniging's dossiers there (reservations of a zaal or materiaal, evenementenvergunningen,
subsidies), what the gemeente knows about it, and starts a new aanvraag there.

Every call carries the token the hub exchanged for that gemeente's audience, and ends by the
call's deadline. Example::

    liedekerke = Gemeente(
        GemeenteConfig(
            name="gemeente-liedekerke", gemeente="Liedekerke", nis_code="23044",
            base_url="https://e-loket.liedekerke.example",
        )
    )
    for dossier in await liedekerke.dossiers(context):
        print(dossier.dienst, dossier.status, dossier.actie_nodig)
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TypeVar

from pydantic import Field, TypeAdapter, model_validator

from connectors.municipality.contract import (
    AanvraagAangemaakt,
    AanvraagVoorstel,
    DossierDocument,
    FeitDocument,
    velden_voor,
)
from connectors.municipality.dossiers import as_dossier, as_feiten
from connectors.sdk import (
    CallContext,
    Connector,
    ConnectorConfig,
    ConnectorRejected,
    Dossier,
    Feit,
    StartResultaat,
    bearer_request,
)
from connectors.sdk.eloket import Wire, prefill

T = TypeVar("T")

V_CODE = re.compile(r"V[0-9]{7}")
_DOSSIERS = TypeAdapter(list[DossierDocument])
_FEITEN = TypeAdapter(list[FeitDocument])
_AANGEMAAKT = TypeAdapter(AanvraagAangemaakt)


def audience_of(nis_code: str) -> str:
    """The audience a gemeente's API accepts unless configured otherwise, e.g. `gemeente-23044`."""
    return f"gemeente-{nis_code}"


class GemeenteConfig(ConnectorConfig):
    """One municipality's e-loket; tokens are exchanged for `gemeente-<NIS-code>` unless told
    otherwise."""

    gemeente: str = Field(min_length=1, description="The municipality's name, e.g. `Liedekerke`.")
    nis_code: str = Field(pattern=r"^[0-9]{5}$", description="Its NIS-code, e.g. `23044`.")
    audience: str = Field(
        default="",
        min_length=1,
        validate_default=True,
        description="The audience its tokens are exchanged for; `gemeente-<nis_code>` when not given.",
    )

    @model_validator(mode="before")
    @classmethod
    def _audience_from_nis_code(cls, data: object) -> object:
        if isinstance(data, Mapping) and "audience" not in data and isinstance(data.get("nis_code"), str):
            return {**data, "audience": audience_of(data["nis_code"])}
        return data


class Gemeente(Connector[GemeenteConfig]):
    kind = "municipality"
    config_model = GemeenteConfig

    async def dossiers(self, context: CallContext) -> list[Dossier]:
        """Every dossier of the vereniging at this gemeente, newest first."""
        documents = await self._call(context, "GET", f"{self._vereniging_path(context)}/dossiers", _DOSSIERS)
        ordered = sorted(documents, key=lambda d: (d.aangevraagd_op, d.nummer), reverse=True)
        return [as_dossier(document, gemeente=self.config.gemeente) for document in ordered]

    async def gekende_gegevens(self, context: CallContext) -> list[Feit]:
        """What the gemeente knows about the vereniging, e.g. that it is erkend, and since when."""
        documents = await self._call(context, "GET", f"{self._vereniging_path(context)}/feiten", _FEITEN)
        return as_feiten(documents, gemeente=self.config.gemeente)

    async def start_aanvraag(
        self, context: CallContext, dienst: str, gegevens: Mapping[str, str]
    ) -> StartResultaat:
        """A draft aanvraag for `dienst` (`zaal`, `materiaal`, `evenement` or `subsidie`),
        prefilled with those `gegevens` its form asks for; the link opens it at the gemeente,
        still logged in. A dienst the gemeente does not know is `NotFound`."""
        ingevuld, mee = prefill(gegevens, velden_voor(dienst))
        voorstel = AanvraagVoorstel(v_code=self._v_code(context), dienst=dienst, gegevens=ingevuld)
        created = await self._call(context, "POST", "/api/aanvragen", _AANGEMAAKT, body=voorstel)
        return StartResultaat(link=created.link, gedeelde_gegevens=mee)

    def _vereniging_path(self, context: CallContext) -> str:
        return f"/api/verenigingen/{self._v_code(context)}"

    def _v_code(self, context: CallContext) -> str:
        if context.v_code is None or not V_CODE.fullmatch(context.v_code):
            raise ConnectorRejected(
                self.name, f"Kies eerst de vereniging waarvoor je gemeente {self.config.gemeente} raadpleegt."
            )
        return context.v_code

    async def _call(
        self, context: CallContext, method: str, path: str, shape: TypeAdapter[T], *, body: Wire | None = None
    ) -> T:
        return await bearer_request(self.http, self.name, context, method, path, shape, body=body)
