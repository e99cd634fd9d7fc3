"""An external catalog of offerings (IPDC / CPSV-AP JSON-LD): the connector (`connector.py`),
the feed it reads (`contract.py`, `pagina.py`), the incremental sync into the register of
offerings (`sync.py`), and a sandbox catalog over HTTP (`sandbox.py`, `seed.py`)."""

from connectors.subsidy_catalog.connector import SubsidieCatalogus, SubsidieCatalogusConfig

__all__ = ["SubsidieCatalogus", "SubsidieCatalogusConfig"]
