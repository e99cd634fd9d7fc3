"""Every table of the registers, gathered so migrations and tests see one metadata."""

from registry.associations.tables import (
    GebeurtenisRow,
    KenmerkRow,
    VCodeTellerRow,
    VerenigingRow,
    metadata,
)

__all__ = ["GebeurtenisRow", "KenmerkRow", "VCodeTellerRow", "VerenigingRow", "metadata"]
