"""Every table of the registers, gathered so migrations and tests see one metadata."""

from typing import Any

from registry.associations.tables import (
    ONLY_ON,
    GebeurtenisRow,
    KenmerkRow,
    VCodeTellerRow,
    VerenigingRow,
    ZoekRow,
    ZoekwaardeRow,
    metadata,
)
from registry.dossiers.tables import DossierGebeurtenisRow, DossierRow, OntvangstRow
from registry.feedback.tables import FeedbackRow
from registry.mandaten.tables import MandaatRow
from registry.meldingen.tables import MeldingRow, MeldingsvoorkeurRow, MeldingVerzondenRow
from registry.offerings.sync_state import CatalogusSyncRow
from registry.offerings.tables import DienstGebeurtenisRow, DienstKenmerkRow, DienstRow, DienstVersieRow
from registry.rapport.tables import GebruikRow
from registry.toegangslog.tables import ToegangRow
from registry.uitgaand.tables import AfleveringRow, UitgaandRow

__all__ = [
    "AfleveringRow",
    "CatalogusSyncRow",
    "DienstGebeurtenisRow",
    "DienstKenmerkRow",
    "DienstRow",
    "DienstVersieRow",
    "DossierGebeurtenisRow",
    "DossierRow",
    "FeedbackRow",
    "GebeurtenisRow",
    "GebruikRow",
    "KenmerkRow",
    "MandaatRow",
    "MeldingRow",
    "MeldingVerzondenRow",
    "MeldingsvoorkeurRow",
    "OntvangstRow",
    "ToegangRow",
    "UitgaandRow",
    "VCodeTellerRow",
    "VerenigingRow",
    "ZoekRow",
    "ZoekwaardeRow",
    "metadata",
]


def declared_for(dialect: str) -> Any:
    """For comparing the models with a store (alembic's `include_object`): an index made on one
    store only (`info={ONLY_ON: ...}`, with `ddl_if`) is not looked for on another."""

    def include(item: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
        only = None if reflected else getattr(item, "info", {}).get(ONLY_ON)
        return only is None or only == dialect

    return include
