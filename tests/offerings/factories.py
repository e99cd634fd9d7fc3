"""Building offerings for tests: a valid one by default, changed only where a test says so; an
empty register of offerings on any store, with a clock the test moves."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import delete

from registry.associations.model import Doelgroep
from registry.db import Database
from registry.offerings.model import (
    Aanvraagperiode,
    Bestuur,
    Bestuursniveau,
    Contact,
    Criteria,
    DienstInhoud,
    Diensttype,
    Kanaal,
)
from registry.offerings.service import DienstenRegister, Uitgever
from registry.offerings.tables import dienst_table, gebeurtenis_table, kenmerk_table, versie_table

SPORT_VLAANDEREN = Bestuur(niveau=Bestuursniveau.VLAAMS, code="OVO002949", naam="Sport Vlaanderen")
GENT = Bestuur(niveau=Bestuursniveau.GEMEENTELIJK, code="44021", naam="Gent")
LIEDEKERKE = Bestuur(niveau=Bestuursniveau.GEMEENTELIJK, code="23044", naam="Liedekerke")

OPERATOR = Uitgever(door="operator", besturen=None)


def dienst_inhoud(**overrides: Any) -> DienstInhoud:
    """A valid Flemish sport subsidy for sport clubs; `overrides` replace whole fields by name."""
    velden: dict[str, Any] = {
        "titel": "Subsidie voor sportclubs",
        "beschrijving": "Sport Vlaanderen steunt sportclubs die jeugdsport organiseren.",
        "type": Diensttype.FINANCIEEL_VOORDEEL,
        "bestuur": SPORT_VLAANDEREN,
        "themas": ("CultuurSportVrijeTijd",),
        "criteria": Criteria(
            hoofdactiviteiten=("SPRT",),
            doelgroep=Doelgroep(minimumleeftijd=6, maximumleeftijd=18),
        ),
        "voorwaarden": "De club is aangesloten bij een erkende sportfederatie.",
        "procedure": "Vraag aan via KIOSK.",
        "kosten": "Gratis.",
        "aanvraagperiode": Aanvraagperiode(van=date(2020, 1, 1), tot=date(2099, 12, 31)),
        "kanaal": Kanaal(digitaal=True, link="https://kiosk.sport.vlaanderen/subsidie"),
        "contact": Contact(naam="Sport Vlaanderen", email="subsidies@sport.vlaanderen"),
        "bewijsstukken": ("Ledenlijst",),
        "benodigde_gegevens": ("naam", "vCode", "rekeningnummer"),
    }
    velden.update(overrides)
    return DienstInhoud(**velden)


@dataclass
class Klok:
    """Now, as the test says; it moves only when told."""

    nu: datetime = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.nu

    def verzet(self, **delta: float) -> None:
        self.nu += timedelta(**delta)


async def leeg_register(db: Database, klok: Klok | None = None) -> DienstenRegister:
    """A register of offerings holding none: the PostgreSQL test database lives for the whole
    run, so offerings other tests stored are removed first."""
    async with db.write() as session:
        for table in (gebeurtenis_table, kenmerk_table, versie_table, dienst_table):
            await session.execute(delete(table))
    return DienstenRegister(db=db, clock=klok or Klok())
