"""The demo's register of offerings: over 500 realistic offerings of Flemish agencies, the
provinces and the municipalities, published once into an empty register."""

from __future__ import annotations

from datetime import date

from demo.aanbod.stroom import demo_aanbod
from registry.offerings.service import DienstenRegister, Uitgever

DEMO_BRON = "demo"
_SEEDER = Uitgever(door="demo", besturen=None)


async def seed_aanbod(diensten: DienstenRegister, *, vandaag: date) -> int:
    """Publish the demo offerings, with deadlines around `vandaag`, when the register of
    offerings is still empty; returns how many were added."""
    if await diensten.catalogusstand() > 0:
        return 0
    for n, inhoud in enumerate(demo_aanbod(vandaag=vandaag)):
        await diensten.importeer(inhoud, bron=DEMO_BRON, bron_id=f"demo-{n:04d}", uitgever=_SEEDER)
    return n + 1
