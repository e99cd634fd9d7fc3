"""Every table of the registers, gathered so migrations and tests see one metadata."""

from registry.associations.tables import (
    GebeurtenisRow,
    KenmerkRow,
    VCodeTellerRow,
    VerenigingRow,
    metadata,
)
from registry.toegangslog.tables import ToegangRow

__all__ = ["GebeurtenisRow", "KenmerkRow", "ToegangRow", "VCodeTellerRow", "VerenigingRow", "metadata"]
