"""An external catalog of offerings (IPDC / CPSV-AP JSON-LD): the connector (`connector.py`),
the feed it reads (`contract.py`), its pages read as expanded JSON-LD (`pagina.py`,
`jsonld.py`, with the catalog context shipped as `catalogus-context.json`) and its offerings as
the hub's `aanbod` (`aanbod.py`). The hub's catalog sync (`hub/catalog`) writes the register of
offerings from these pages; the demo's sandbox catalog is `demo/sandboxes/catalog.py`."""

from connectors.subsidy_catalog.connector import SubsidieCatalogus, SubsidieCatalogusConfig

__all__ = ["SubsidieCatalogus", "SubsidieCatalogusConfig"]
