"""The incremental sync of an external catalog into the register of offerings.

One run reads every change since the last successful run (the watermark in `catalogus_sync`),
creates or updates each offering through `importeer` (published, for the administrations the
connector is configured for), and archives, never deletes, those the catalog removed. The
watermark moves to the newest modification time read, only when the whole run succeeded: a
run that fails halfway is read again next time, which is harmless since imports are
idempotent. A record the catalog gets wrong is reported and skipped; it is read again when the
catalog changes it. Two runs of one catalog at once are kept apart (see `sync_state.py`).

Removals: the first run reads the full listing and archives whatever the register holds from
this catalog that is not in it. Later runs read tombstones; when there are any, the full
listing (ids only matter) tells which offerings remain, and the rest is archived.

Example::

    uitkomst = await synchroniseer(catalogus, DienstenRegister(db=db))
    print(len(uitkomst.verslag.nieuw), "new;", uitkomst.gearchiveerd, "archived")
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from connectors.subsidy_catalog.connector import SubsidieCatalogus
from registry.offerings.importing.opslaan import Verslag, sla_op
from registry.offerings.service import DienstenRegister, Uitgever
from registry.offerings.sync_state import vergrendeld


@dataclass
class SyncUitkomst:
    bron: str
    sinds: datetime | None
    """The watermark the run started from (None: the first run, a full listing)."""
    tot: datetime | None
    """The watermark it left (unchanged when nothing new was read)."""
    verslag: Verslag = field(default_factory=Verslag)
    verwijderd: set[str] = field(default_factory=set)
    """The ids the catalog said were removed."""
    gearchiveerd: int = 0
    gelezen: int = 0
    """How many offerings and tombstones the run read."""


def uitgever_van(catalogus: SubsidieCatalogus) -> Uitgever:
    return Uitgever(door=f"catalog:{catalogus.name}", besturen=frozenset(catalogus.config.besturen))


async def synchroniseer(catalogus: SubsidieCatalogus, register: DienstenRegister) -> SyncUitkomst:
    """One run; `ConnectorUnavailable` (and nothing moved) when the catalog cannot be read."""
    bron, uitgever = catalogus.config.bron, uitgever_van(catalogus)
    async with vergrendeld(register.db, bron) as watermerk:
        uitkomst = SyncUitkomst(bron=bron, sinds=watermerk.laatste_sync, tot=watermerk.laatste_sync)
        aanwezig: set[str] = set()
        async for pagina in catalogus.paginas_sinds(watermerk.laatste_sync):
            await sla_op(register, pagina.gelezen(), bron=bron, uitgever=uitgever, verslag=uitkomst.verslag)
            aanwezig |= pagina.aanwezig
            uitkomst.verwijderd |= pagina.verwijderd
            uitkomst.gelezen += len(pagina.aanwezig) + len(pagina.verwijderd)
            watermerk.verschuif(pagina.laatst_gewijzigd)
        if watermerk.laatste_sync is None or uitkomst.verwijderd:
            if watermerk.laatste_sync is not None:
                aanwezig = await _aanwezig(catalogus)
            uitkomst.gearchiveerd = await register.archiveer_ontbrekende(bron, aanwezig, uitgever=uitgever)
        uitkomst.tot = watermerk.nieuw or watermerk.laatste_sync
    return uitkomst


async def _aanwezig(catalogus: SubsidieCatalogus) -> set[str]:
    """The ids of every offering the catalog has now."""
    aanwezig: set[str] = set()
    async for pagina in catalogus.paginas_sinds(None):
        aanwezig |= pagina.aanwezig
    return aanwezig
