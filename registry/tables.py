"""Every table of the registers, gathered so migrations and tests see one metadata."""

from registry.associations.tables import (
    GebeurtenisRow,
    KenmerkRow,
    VCodeTellerRow,
    VerenigingRow,
    metadata,
)
from registry.dossiers.tables import DossierGebeurtenisRow, DossierRow, OntvangstRow
from registry.feedback.tables import FeedbackRow
from registry.meldingen.tables import MeldingRow, MeldingsvoorkeurRow, MeldingVerzondenRow
from registry.offerings.sync_state import CatalogusSyncRow
from registry.offerings.tables import DienstGebeurtenisRow, DienstKenmerkRow, DienstRow, DienstVersieRow
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
    "KenmerkRow",
    "MeldingRow",
    "MeldingVerzondenRow",
    "MeldingsvoorkeurRow",
    "OntvangstRow",
    "ToegangRow",
    "UitgaandRow",
    "VCodeTellerRow",
    "VerenigingRow",
    "metadata",
]
