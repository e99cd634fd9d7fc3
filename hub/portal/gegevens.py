"""Onze gegevens: everything government knows about the association, grouped, each fact with its
source and date, and the register's data changed in place, one small form per part.

The register decides what may change: its rules refuse what only KBO may change, and the page
shows edit controls only where the register's model allows them (parts with bron KBO and the
KBO-held basisgegevens are shown read-only, with where to correct them). Every form carries the
version it was rendered from; when someone else changed the association meanwhile, the form
comes back (409) with the person's input kept, the new version, and what is stored now beside it.
The vCode acted on is always the active association, never a value from the form.

This module has the page and the basisgegevens; `gegevens_onderdelen.py` the parts.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import FormData

from hub.graphql.export import ExportFormaat, contents
from hub.portal import onderdelen
from hub.portal.formulier import (
    Formulier,
    terug,
    verschillen_tussen,
    versie_van,
    vertegenwoordigd,
    weigering,
    wijzig,
    wijzigbaar,
)
from hub.portal.i18n import N_
from hub.portal.invoer import getal
from hub.portal.onderdelen import Soort, Waarden
from hub.portal.web import Bezoek, bezoek
from hub.profile.facts import REGISTER, BronFeit
from hub.security_headers import page_headers
from registry.associations import changes
from registry.associations.codes import HOOFDACTIVITEITEN, NIET_VAN_TOEPASSING, werkingsgebieden
from registry.associations.commands import (
    UNSET,
    BasisgegevensWijziging,
    DoelgroepInvoer,
    Maybe,
)
from registry.associations.model import Status, Vereniging
from registry.errors import ValidationFailed, VersionConflict
from registry.toegangslog.service import Handeling

BezoekDep = Annotated[Bezoek, Depends(bezoek)]
router = APIRouter(include_in_schema=False)

GELUKT: dict[str, str] = {
    "basisgegevens": N_("De basisgegevens zijn opgeslagen."),
    "contactgegeven-toegevoegd": N_("Het contactgegeven is toegevoegd."),
    "contactgegeven-gewijzigd": N_("Het contactgegeven is opgeslagen."),
    "contactgegeven-verwijderd": N_("Het contactgegeven is verwijderd."),
    "locatie-toegevoegd": N_("De locatie is toegevoegd."),
    "locatie-gewijzigd": N_("De locatie is opgeslagen."),
    "locatie-verwijderd": N_("De locatie is verwijderd."),
    "vertegenwoordiger-toegevoegd": N_("De vertegenwoordiger is toegevoegd."),
    "vertegenwoordiger-gewijzigd": N_("De vertegenwoordiger is opgeslagen."),
    "vertegenwoordiger-verwijderd": N_("De vertegenwoordiger is verwijderd."),
}
"""The success message after a change, by the flag in `/gegevens?gewijzigd=...` (never data)."""

ONGELDIGE_DATUM = N_("Schrijf de datum als jjjj-mm-dd, bijvoorbeeld 2015-09-01.")
ONGELDIGE_LEEFTIJD = N_("Schrijf een leeftijd in cijfers, bijvoorbeeld 12.")
NIET_VAN_TOEPASSING_TEKST = N_("Niet van toepassing")


# --- the page ----------------------------------------------------------------------------------


@router.get("/gegevens", response_class=HTMLResponse)
async def gegevens(bezoek: BezoekDep, gewijzigd: str = "") -> Response:
    vereniging, persoon = await vertegenwoordigd(bezoek)
    gewijzigd_op: datetime | None = None

    async def sinds() -> datetime | None:  # read while the connected systems are asked
        nonlocal gewijzigd_op
        gewijzigd_op = await _gewijzigd_op(bezoek, vereniging.v_code)
        return gewijzigd_op

    gekend, failures = await bezoek.portal.profile.gekende_gegevens(persoon, vereniging, sinds=sinds)
    await bezoek.log(vereniging.v_code, Handeling.GELEZEN, "portaal: gegevens")
    bronnen: dict[str, list[BronFeit]] = {}
    for feit in gekend.feiten:
        if feit.feit.bron != REGISTER:
            bronnen.setdefault(feit.feit.bron, []).append(feit)
    return bezoek.render(
        "pagina/gegevens.html",
        vereniging=vereniging,
        gewijzigd_op=gewijzigd_op,
        wijzigbaar=vereniging.status is Status.ACTIEF and not persoon.alleen_bekijkt(vereniging),
        eigen_recht=not persoon.via_verleend_mandaat(vereniging),
        kbo_velden=set(changes.KBO_BASISGEGEVENS) if vereniging.uit_kbo else set(),
        gebieden=werkingsgebieden(),
        bronnen=bronnen,
        conflicten=gekend.conflicten,
        # A service that does not know the association has nothing to say about it: no failure.
        storingen=bezoek.storingen([f for f in failures if f.code != "NOT_FOUND"]),
        gelukt=GELUKT.get(gewijzigd, ""),
    )


@router.get("/gegevens/download/{formaat}")
async def download(bezoek: BezoekDep, formaat: ExportFormaat) -> Response:
    """Our data to take along, as the API gives it (`Vereniging.gegevensExport`): a file to save,
    never kept in a shared cache, in the access log."""
    vereniging, _ = await vertegenwoordigd(bezoek)
    await bezoek.log(vereniging.v_code, Handeling.GEDOWNLOAD, f"portaal: gegevens ({formaat.value})")
    bestand = contents(vereniging, formaat)
    return Response(
        bestand.inhoud.encode("utf-8"),
        media_type=bestand.mediatype,
        headers={
            **page_headers(),
            "Content-Disposition": f'attachment; filename="{bestand.bestandsnaam}"',
        },
    )


async def _gewijzigd_op(bezoek: Bezoek, v_code: str) -> datetime | None:
    return (await bezoek.portal.register.gewijzigd_op([v_code])).get(v_code)


# --- basisgegevens -----------------------------------------------------------------------------

BASISGEGEVENS: dict[str, Soort] = {
    **dict.fromkeys(("naam", "korteNaam", "korteBeschrijving", "roepnaam", "startdatum"), Soort.TEKST),
    **dict.fromkeys(("minimumleeftijd", "maximumleeftijd"), Soort.TEKST),
    **dict.fromkeys(("hoofdactiviteitenVerenigingsloket", "werkingsgebieden"), Soort.LIJST),
}


def _basis_van(vereniging: Vereniging) -> Waarden:
    """The basisgegevens the register lets this association change, as its form shows them:
    for one from KBO not those KBO holds, and the roepnaam only for one from KBO."""
    document = vereniging.document()
    waarden = onderdelen.van({**document, **document["doelgroep"]}, BASISGEGEVENS)
    niet = [Vereniging.model_fields[n].alias or n for n in changes.KBO_BASISGEGEVENS]
    for naam in niet if vereniging.uit_kbo else ["roepnaam"]:
        del waarden[naam]
    return waarden


def _basis_uit(form: FormData) -> Waarden:
    waarden = onderdelen.lees(form, BASISGEGEVENS)
    nieuw = form.get("werkingsgebiedNieuw")
    if isinstance(nieuw, str) and nieuw:
        waarden["werkingsgebieden"] = tuple(
            dict.fromkeys([*onderdelen.lijst(waarden, "werkingsgebieden"), nieuw])
        )
    return waarden


def _basis_wijziging(w: Waarden) -> tuple[BasisgegevensWijziging | None, dict[str, str]]:
    """The change the form asks for, or what the portal could not read (a date, an age)."""
    fouten: dict[str, str] = {}
    startdatum: Maybe[date | None] = UNSET
    if "startdatum" in w:
        tekst = onderdelen.tekst(w, "startdatum").strip()
        try:
            startdatum = date.fromisoformat(tekst) if tekst else None
        except ValueError:
            fouten["startdatum"] = ONGELDIGE_DATUM
    leeftijden: dict[str, int | None] = {}
    for veld in ("minimumleeftijd", "maximumleeftijd"):
        tekst = onderdelen.tekst(w, veld).strip()
        leeftijd = getal(tekst, maximum=999)
        if tekst and leeftijd is None:
            fouten[veld] = ONGELDIGE_LEEFTIJD
        leeftijden[veld] = leeftijd
    if fouten:
        return None, fouten
    return BasisgegevensWijziging(
        naam=onderdelen.gezonden(w, "naam"),
        korte_naam=onderdelen.gezonden(w, "korteNaam"),
        korte_beschrijving=onderdelen.gezonden(w, "korteBeschrijving"),
        roepnaam=onderdelen.gezonden(w, "roepnaam"),
        startdatum=startdatum,
        doelgroep=DoelgroepInvoer(**leeftijden),
        hoofdactiviteiten=onderdelen.lijst(w, "hoofdactiviteitenVerenigingsloket"),
        werkingsgebieden=onderdelen.lijst(w, "werkingsgebieden"),
    ), {}


def _toon_basis(
    bezoek: Bezoek, vereniging: Vereniging, waarden: Waarden, formulier: Formulier
) -> HTMLResponse:
    return bezoek.render(
        "pagina/gegevens_basisgegevens.html",
        status_code=formulier.status_code,
        vereniging=vereniging,
        waarden=defaultdict(str, waarden),
        bewerkbaar=set(_basis_van(vereniging)),
        formulier=formulier,
        hoofdactiviteiten=list(HOOFDACTIVITEITEN),
        gebieden=werkingsgebieden(),
        gebieden_keuzes=[
            (code, bezoek.gettext(NIET_VAN_TOEPASSING_TEKST) if code == NIET_VAN_TOEPASSING else naam)
            for code, naam in werkingsgebieden().items()
        ],
    )


@router.get("/gegevens/basisgegevens/wijzigen", response_class=HTMLResponse)
async def basisgegevens_formulier(bezoek: BezoekDep) -> Response:
    vereniging = await wijzigbaar(bezoek)
    await bezoek.log(vereniging.v_code, Handeling.GELEZEN, "portaal: gegevens basisgegevens")
    return _toon_basis(bezoek, vereniging, _basis_van(vereniging), Formulier(versie=vereniging.versie))


@router.post("/gegevens/basisgegevens", response_class=HTMLResponse)
async def basisgegevens_bewaren(bezoek: BezoekDep) -> Response:
    form = await bezoek.formulier()
    vereniging = await bezoek.vereniging()
    versie = versie_van(form)
    waarden = _basis_uit(form)
    wijziging, onleesbaar = _basis_wijziging(waarden)
    if wijziging is None:
        return _toon_basis(bezoek, vereniging, waarden, Formulier(versie=versie, fouten=onleesbaar))
    try:
        await wijzig(
            bezoek,
            vereniging,
            versie,
            lambda v, checks: changes.wijzig_basisgegevens(
                v, wijziging, today=bezoek.portal.register.today(), checks=checks
            ),
        )
    except ValidationFailed as refused:
        velden = set(_basis_van(vereniging))
        geweigerd = weigering(bezoek, refused, velden, prefix="doelgroep.", versie=versie)
        return _toon_basis(bezoek, vereniging, waarden, geweigerd)
    except VersionConflict:
        nu = await bezoek.portal.register.get(vereniging.v_code)
        opgeslagen = _basis_van(nu)
        verschillen = verschillen_tussen(opgeslagen, waarden, opgeslagen)
        conflict = Formulier(versie=nu.versie, conflict=True, verschillen=verschillen)
        return _toon_basis(bezoek, nu, waarden, conflict)
    await bezoek.log(vereniging.v_code, Handeling.GEWIJZIGD, "portaal: basisgegevens gewijzigd")
    return bezoek.redirect(terug("basisgegevens", "basisgegevens"))


# --- contactgegevens, locaties, vertegenwoordigers -------------------------------------------------
