"""Usage per month, without personal data: logins counted, associations active and requests
started per service from the access log, dossiers from their first event, feedback per page;
the same on both stores, and as CSV from `vloket rapport`."""

from __future__ import annotations

import asyncio
import csv
import io
from datetime import UTC, datetime

import pytest
from typer.testing import CliRunner

from hub.cli import app
from registry.associations.service import VerenigingenRegister
from registry.db import Database
from registry.dossiers.tables import DossierGebeurtenisRow
from registry.feedback import Feedback, FeedbackBericht
from registry.rapport import Cijfer, Gebruik
from registry.rapport.report import months
from registry.toegangslog.service import Handeling, Toegang, Toegangslog
from tests.utils.services import TEST_SECRET

NOV, DEC, OKT = (
    datetime(2026, 11, 20, 12, tzinfo=UTC),
    datetime(2026, 12, 3, 9, tzinfo=UTC),
    datetime(2026, 10, 1, tzinfo=UTC),
)
dossier_events = DossierGebeurtenisRow.metadata.tables[DossierGebeurtenisRow.__tablename__]


def toegang(v_code: str, handeling: Handeling, onderdeel: str) -> Toegang:
    return Toegang(
        v_code=v_code,
        handeling=handeling,
        onderdeel=onderdeel,
        door="85073003328",
        door_naam="Pieter",
        namens=None,
        client_id=None,
    )


def dossier_event(n: int, bron: str, dossier_id: str, moment: datetime) -> dict[str, object]:
    return {
        "bron": bron,
        "id": f"e{n}",
        "type": "be.vlaanderen.vloket.dossier.gewijzigd",
        "v_code": "V0001001",
        "dossier_id": dossier_id,
        "tijdstip": moment,
        "ontvangen_op": moment,
        "data": {},
    }


async def use(db: Database) -> None:
    """A few months of use: October is outside what the report asks."""
    log = Toegangslog(db)
    await log.schrijf([toegang("V0001001", Handeling.GELEZEN, "vertegenwoordigers")], tijdstip=NOV)
    await log.schrijf([toegang("V0001002", Handeling.GEWIJZIGD, "basisgegevens")], tijdstip=NOV)
    await log.schrijf([toegang("V0001001", Handeling.GEDEELD, "kiosk: naam, vCode")] * 2, tijdstip=NOV)
    await log.schrijf([toegang("V0001001", Handeling.GEDEELD, "gent: naam")], tijdstip=DEC)
    niet_bevestigd = toegang(
        "V0001001", Handeling.GEDEELD, "gent: naam (aanvraag niet bevestigd door de dienst)"
    )
    await log.schrijf([niet_bevestigd], tijdstip=DEC)
    aan_abonnee = Toegang(
        v_code="V0001001",
        handeling=Handeling.GEDEELD,
        onderdeel="abonnement kiosk: vertegenwoordigers",
        door="dienst:kiosk",
        door_naam="kiosk",
        namens=None,
        client_id=None,
    )
    await log.schrijf([aan_abonnee], tijdstip=DEC)
    await log.schrijf([toegang("V0001002", Handeling.GELEZEN, "gegevens")], tijdstip=OKT)
    await db.append(
        dossier_events,
        [
            dossier_event(1, "kiosk", "K-1", NOV),
            dossier_event(2, "kiosk", "K-1", DEC),  # (a later event of the same dossier)
            dossier_event(3, "kiosk", "K-2", DEC),
            dossier_event(4, "kiosk", "K-0", OKT),
        ],
    )
    feedback = Feedback(db)
    for moment, pagina in ((NOV, "/hulp"), (NOV, "/hulp"), (DEC, "/aanbod")):
        await feedback.bewaar(FeedbackBericht(pagina=pagina, tekst="x", taal="nl", tijdstip=moment))
    now = [NOV]
    counter = Gebruik(db, clock=lambda: now[0])
    for moment in (NOV, NOV, DEC, OKT):
        now[0] = moment
        await counter.tel("aanmelding")


async def test_each_month_counts_what_happened_in_it(seeded: VerenigingenRegister, db: Database) -> None:
    await use(db)

    found = await Gebruik(db).cijfers("2026-11", "2026-12")

    assert found == [
        Cijfer("2026-11", "aanmeldingen", "", 2),
        Cijfer("2026-11", "actieve_verenigingen", "", 2),
        Cijfer("2026-11", "aanvragen", "kiosk", 2),
        Cijfer("2026-11", "dossiers", "kiosk", 1),
        Cijfer("2026-11", "feedback", "/hulp", 2),
        Cijfer("2026-12", "aanmeldingen", "", 1),
        Cijfer("2026-12", "actieve_verenigingen", "", 1),
        Cijfer("2026-12", "aanvragen", "gent", 1),
        Cijfer("2026-12", "dossiers", "kiosk", 1),
        Cijfer("2026-12", "feedback", "/aanbod", 1),
    ]


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_vloket_rapport_writes_it_as_csv(
    seeded: VerenigingenRegister, db: Database, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    await use(db)
    monkeypatch.setenv("HUB_DATABASE_URL", database_url)
    monkeypatch.setenv("HUB_SECRET_KEY", TEST_SECRET.decode())

    runner = CliRunner()
    result = await asyncio.to_thread(runner.invoke, app, ["rapport", "--van", "2026-12", "--tot", "2026-12"])
    wrong = await asyncio.to_thread(runner.invoke, app, ["rapport", "--van", "2026-13"])

    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout, newline="")))
    assert rows[0] == ["maand", "soort", "sleutel", "aantal"]
    assert ["2026-12", "aanvragen", "gent", "1"] in rows
    assert len(rows) == 6
    assert wrong.exit_code == 2
    assert "--van: write the month as YYYY-MM" in wrong.output


def test_the_default_is_the_twelve_months_up_to_this_one() -> None:
    assert months(None, None, today=datetime(2026, 12, 7).date()) == ("2026-01", "2026-12")
    assert months(None, "2026-03", today=datetime(2026, 12, 7).date()) == ("2025-04", "2026-03")
    with pytest.raises(ValueError, match="comes after"):
        months("2026-12", "2026-01", today=datetime(2026, 12, 7).date())
