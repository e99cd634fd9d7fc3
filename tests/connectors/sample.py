"""A connector as an author would write one, for the SDK's own tests."""

from __future__ import annotations

from connectors.sdk import CallContext, Connector, ConnectorConfig, Dossier, DossierStatus, Feit


class SampleConfig(ConnectorConfig):
    gemeente: str


class Sample(Connector[SampleConfig]):
    kind = "sample"
    version = "1.2.3"
    config_model = SampleConfig

    async def dossiers(self, context: CallContext) -> list[Dossier]:
        return [
            Dossier(id="D1", titel="Zaalhuur", status=DossierStatus.INGEDIEND, dienst=self.config.gemeente)
        ]

    async def gekende_gegevens(self, context: CallContext) -> list[Feit]:
        return [Feit(naam="zaal", waarde="De Schakel", bron=self.name)]


NOT_A_CONNECTOR = object()
