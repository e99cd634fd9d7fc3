"""The incremental sync of an external catalog into the register of offerings.

The `subsidy_catalog` connector reads the feed: pages of members in expanded JSON-LD, with their
ids, tombstones and modification times. This module turns them into offerings and writes them.

One run reads every change since the last successful run (the watermark in `catalogus_sync`),
creates or updates each offering through `importeer` (published, for the administrations the
connector is configured for), and archives, never deletes, those the catalog removed. The
watermark moves to the newest modification time read, only when the whole run succeeded: a
run that fails halfway is read again next time, which is harmless since imports are
idempotent. A record the catalog gets wrong is reported and skipped; it is read again when the
catalog changes it. Two runs of one catalog at once are kept apart (see `sync_state.py`).

Removals: the first run reads the full listing and archives whatever the register holds from
this catalog that is not in it. Later runs read tombstones; when there are any, the full
listing (ids only matter) tells which offerings remain, and the rest is archived. A listing with
a member whose id cannot be read archives nothing: it cannot tell what is missing.

Example::

    uitkomst = await synchroniseer(catalogus, DienstenRegister(db=db))
    print(len(uitkomst.verslag.nieuw), "new;", uitkomst.gearchiveerd, "archived")
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from connectors.subsidy_catalog.connector import SubsidieCatalogus
from connectors.subsidy_catalog.pagina import CatalogusPagina, Soort
from registry.offerings.importing import Fout, Gelezen, Uitgebreid, uitgebreide_records
from registry.offerings.importing.opslaan import Verslag, sla_op
from registry.offerings.service import DienstenRegister, Uitgever
from registry.offerings.sync_state import vergrendeld

ONVOLLEDIG = "niets gearchiveerd: van {aantal} records in de volledige lijst is het @id niet te lezen"


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


def gelezen_van(pagina: CatalogusPagina) -> Iterator[Gelezen]:
    """The page's problems, then its offerings (or their problems); tombstones and the nodes
    offerings refer to yield nothing of their own."""
    yield from ([Fout(p.plaats, p.veld, p.melding)] for p in pagina.problemen)
    leesbaar = [Uitgebreid(lid.positie, lid.knopen) for lid in pagina.leden if lid.knopen]
    yield from uitgebreide_records(leesbaar)


async def synchroniseer(catalogus: SubsidieCatalogus, register: DienstenRegister) -> SyncUitkomst:
    """One run; `ConnectorUnavailable` (and nothing moved) when the catalog cannot be read."""
    bron, uitgever = catalogus.config.bron, uitgever_van(catalogus)
    async with vergrendeld(register.db, bron) as watermerk:
        uitkomst = SyncUitkomst(bron=bron, sinds=watermerk.laatste_sync, tot=watermerk.laatste_sync)
        lijst = _Lijst()
        async for pagina in catalogus.paginas_sinds(watermerk.laatste_sync):
            await sla_op(
                register, gelezen_van(pagina), bron=bron, uitgever=uitgever, verslag=uitkomst.verslag
            )
            lijst.neem(pagina)
            uitkomst.verwijderd |= pagina.verwijderd
            uitkomst.gelezen += sum(1 for lid in pagina.leden if lid.soort is not Soort.ANDER)
            watermerk.verschuif(pagina.laatst_gewijzigd)
        if watermerk.laatste_sync is None or uitkomst.verwijderd:
            if watermerk.laatste_sync is not None:
                lijst = await _volledige_lijst(catalogus)
            uitkomst.gearchiveerd = await _archiveer(register, lijst, uitkomst, uitgever=uitgever)
        uitkomst.tot = watermerk.nieuw or watermerk.laatste_sync
    return uitkomst


@dataclass
class _Lijst:
    """The ids a listing holds, and how many of its members had none to read."""

    aanwezig: set[str] = field(default_factory=set)
    zonder_id: int = 0

    def neem(self, pagina: CatalogusPagina) -> None:
        self.aanwezig |= pagina.aanwezig
        self.zonder_id += sum(1 for lid in pagina.leden if lid.id is None)


async def _volledige_lijst(catalogus: SubsidieCatalogus) -> _Lijst:
    """The ids of every offering the catalog has now."""
    lijst = _Lijst()
    async for pagina in catalogus.paginas_sinds(None):
        lijst.neem(pagina)
    return lijst


async def _archiveer(
    register: DienstenRegister, lijst: _Lijst, uitkomst: SyncUitkomst, *, uitgever: Uitgever
) -> int:
    if lijst.zonder_id:
        uitkomst.verslag.fouten.append(Fout("catalogus", "", ONVOLLEDIG.format(aantal=lijst.zonder_id)))
        return 0
    return await register.archiveer_ontbrekende(uitkomst.bron, lijst.aanwezig, uitgever=uitgever)
