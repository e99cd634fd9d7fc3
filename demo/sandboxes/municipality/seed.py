"""A gemeente sandbox's demo data: the dossiers of the two demo verenigingen at that gemeente,
one of every dienst and in every phase a person meets (dates relative to `today`, so deadlines
stay ahead in any demo), and what the gemeente knows about them."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from connectors.municipality.contract import (
    Actie,
    Contactpersoon,
    DossierDocument,
    FeitDocument,
    GemeenteStatus,
    Stap,
)

DAY = timedelta(days=1)

_AN = Contactpersoon(naam="An Janssens", email="an.janssens@vrolijkebas.be")
_LOTTE = Contactpersoon(naam="Lotte Claes", email="penningmeester@vrolijkebas.be")
_PIETER = Contactpersoon(naam="Pieter Maes", email="info@vissenachterhetnet.be")


def _stap(day: date, omschrijving: str) -> Stap:
    return Stap(tijdstip=datetime.combine(day, time(10, 0), UTC), omschrijving=omschrijving)


def demo_dossiers(gemeente: str, nis_code: str, today: date) -> tuple[DossierDocument, ...]:
    """Dossier numbers start with the NIS-code, so they differ from one gemeente to the next."""

    def dossier(volgnummer: int, **fields: object) -> DossierDocument:
        return DossierDocument.model_validate({"nummer": f"{nis_code}-{volgnummer:04d}", **fields})

    return (
        dossier(
            12,
            v_code="V0001001",
            dienst="zaal",
            titel=f"Zaal in het gemeenschapscentrum van {gemeente} voor het jaarlijkse eetfestijn",
            status=GemeenteStatus.AANVULLING_GEVRAAGD,
            aangevraagd_op=today - 10 * DAY,
            beslissing_verwacht=today + 10 * DAY,
            wanneer=today + 45 * DAY,
            actie=Actie(omschrijving="Bezorg het attest brandverzekering.", uiterlijk=today + 7 * DAY),
            contactpersoon=_AN,
            historiek=(
                _stap(today - 10 * DAY, "Reservatie aangevraagd"),
                _stap(today - 2 * DAY, "Attest gevraagd"),
            ),
        ),
        dossier(
            9,
            v_code="V0001001",
            dienst="evenement",
            titel="Evenementenvergunning voor de buurtbarbecue",
            status=GemeenteStatus.IN_BEHANDELING,
            aangevraagd_op=today - 20 * DAY,
            beslissing_verwacht=today + 15 * DAY,
            wanneer=today + 60 * DAY,
            contactpersoon=_LOTTE,
            historiek=(
                _stap(today - 20 * DAY, "Aanvraag ingediend"),
                _stap(today - 18 * DAY, "Advies politie gevraagd"),
            ),
        ),
        dossier(
            5,
            v_code="V0001001",
            dienst="materiaal",
            titel="Uitleendienst: 20 tafels en 80 stoelen",
            status=GemeenteStatus.GOEDGEKEURD,
            aangevraagd_op=today - 40 * DAY,
            wanneer=today - 5 * DAY,
            contactpersoon=_AN,
            historiek=(
                _stap(today - 40 * DAY, "Reservatie aangevraagd"),
                _stap(today - 35 * DAY, "Goedgekeurd"),
            ),
        ),
        dossier(
            7,
            v_code="V0001002",
            dienst="subsidie",
            titel=f"Werkingssubsidie {gemeente} {today.year}",
            status=GemeenteStatus.AANGEVRAAGD,
            aangevraagd_op=today - 3 * DAY,
            beslissing_verwacht=today + 50 * DAY,
            contactpersoon=_PIETER,
            historiek=(_stap(today - 3 * DAY, "Aanvraag ingediend"),),
        ),
    )


def demo_feiten(gemeente: str, today: date) -> dict[str, tuple[FeitDocument, ...]]:
    return {
        "V0001001": (
            FeitDocument(naam="erkendDoorDeGemeente", waarde="ja", datum=today - 400 * DAY),
            FeitDocument(naam="adviesraad", waarde=f"Sportraad {gemeente}", datum=today - 300 * DAY),
        ),
        "V0001002": (FeitDocument(naam="erkendDoorDeGemeente", waarde="nee", datum=today - 30 * DAY),),
    }
