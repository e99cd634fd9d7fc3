"""Aanbod op maat: the offerings that fit the association, why each fits (in the visitor's
language), searched and filtered; an offering's details; and starting a request at the service
that handles it, sharing only the data the person ticks (once-only), the same way the GraphQL
`startAanvraag` does.

What fits, and why, is the offerings register's answer (`AanbodOpMaat`): the portal only filters
that answer and words each reason from the data behind it, so an English page gets English
reasons instead of the register's Dutch sentences.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from urllib.parse import urlencode

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from connectors.sdk import ConnectorError
from hub.auth.principal import ensure_may_change
from hub.auth.resolver import origin_of
from hub.graphql.errors import service_message
from hub.portal.algemeen import BezoekDep
from hub.portal.i18n import N_, translations
from hub.portal.invoer import getal
from hub.portal.waarom import waarom
from hub.portal.web import Bezoek, PortalRefusal
from hub.portal.woorden import THEMAS, TYPES, themanaam
from hub.profile.model import Deling
from registry.associations.model import Vereniging
from registry.errors import ValidationFailed
from registry.offerings.model import Dienst, Diensttype, Match
from registry.text import fold
from registry.toegangslog.service import Handeling

router = APIRouter(include_in_schema=False)

PAGINA = 20
DEADLINE_KEUZES = (7, 14, 30, 90)

GEGEVENS: dict[str, str] = {
    "naam": N_("Naam van de vereniging"),
    "vCode": N_("vCode (het nummer van uw vereniging in het Verenigingsregister)"),
    "kboNummer": N_("Ondernemingsnummer (KBO)"),
    "startdatum": N_("Startdatum"),
    "e-mail": N_("E-mailadres"),
    "telefoon": N_("Telefoonnummer"),
    "website": N_("Website"),
    "adres": N_("Adres"),
    "rekeningnummer": N_("Rekeningnummer"),
    "contactpersoon": N_("Contactpersoon (uzelf)"),
}
"""The names of shared data (`Deling.gegevens`, `benodigde_gegevens`) in words."""


# --- search and filters ------------------------------------------------------------------------


@dataclass(frozen=True)
class Zoekopdracht:
    """The list's search and filters, as the GET form sends them (never the association)."""

    q: str = ""
    type: str = ""
    thema: str = ""
    digitaal: bool = False
    binnen: int | None = None
    pagina: int = 1

    @classmethod
    def van(cls, params: Mapping[str, str], bezoek: Bezoek) -> tuple[Zoekopdracht, dict[str, str]]:
        """The search in `params`, and a message per field it could not read."""
        fouten: dict[str, str] = {}
        soort = params.get("type", "").strip()
        if soort and soort not in {t.value for t in Diensttype}:
            fouten["type"] = bezoek.gettext("Kies een soort aanbod uit de lijst.")
            soort = ""
        dagen = params.get("binnen", "").strip()
        binnen = getal(dagen, maximum=366)
        if dagen and not binnen:
            fouten["binnen"] = bezoek.gettext("Kies een termijn uit de lijst.")
        pagina = getal(params.get("pagina", "1"), maximum=100_000)
        zoek = cls(
            q=params.get("q", "").strip()[:200],
            type=soort,
            thema=params.get("thema", "").strip(),
            digitaal=params.get("digitaal") == "1",
            binnen=binnen or None,
            pagina=pagina or 1,
        )
        return zoek, fouten

    @property
    def gefilterd(self) -> bool:
        return bool(self.q or self.type or self.thema or self.digitaal or self.binnen)

    def past(self, match: Match, vandaag: date) -> bool:
        """Whether the offering answers this search: every word (as the offerings search reads
        them: case and accents aside) in its title or description, and each filter."""
        inhoud = match.dienst.inhoud
        tekst = fold(f"{inhoud.titel} {inhoud.beschrijving}")
        if not all(woord in tekst for woord in fold(self.q).split()):
            return False
        if self.type and inhoud.type != self.type:
            return False
        if self.thema and fold(self.thema) not in {fold(t) for t in inhoud.themas}:
            return False
        if self.digitaal and not inhoud.kanaal.digitaal:
            return False
        return self.binnen is None or (
            match.deadline is not None and match.deadline <= vandaag + timedelta(days=self.binnen)
        )

    def link(self, pagina: int = 1) -> str:
        """This search, at `pagina`."""
        zoek = replace(self, pagina=pagina)
        params = {
            "q": zoek.q,
            "type": zoek.type,
            "thema": zoek.thema,
            "digitaal": "1" if zoek.digitaal else "",
            "binnen": str(zoek.binnen or ""),
            "pagina": str(zoek.pagina) if zoek.pagina > 1 else "",
        }
        query = urlencode({k: v for k, v in params.items() if v})
        return "/aanbod" + (f"?{query}" if query else "")


# --- the pages ---------------------------------------------------------------------------------


@router.get("/aanbod", response_class=HTMLResponse)
async def lijst(bezoek: BezoekDep) -> Response:
    vereniging = await bezoek.vereniging()
    zoek, fouten = Zoekopdracht.van(bezoek.request.query_params, bezoek)
    vandaag = bezoek.portal.register.today()
    matches = await bezoek.portal.op_maat.voor(vereniging, vandaag=vandaag)
    gevonden = [m for m in matches if zoek.past(m, vandaag)]
    begin = (zoek.pagina - 1) * PAGINA
    pagina = gevonden[begin : begin + PAGINA]
    themas = {t: themanaam(t, bezoek.gettext) for m in matches for t in m.dienst.inhoud.themas}
    return bezoek.render(
        "pagina/aanbod.html",
        status_code=400 if fouten else 200,
        vereniging=vereniging,
        zoek=zoek,
        fouten=fouten,
        items=[(m, waarom(m, vereniging), m.dienst.inhoud.kanaal.start_dienst) for m in pagina],
        totaal=len(gevonden),
        alles=len(matches),
        begin=begin,
        volgende=zoek.link(pagina=zoek.pagina + 1) if begin + PAGINA < len(gevonden) else None,
        types=[(t.value, bezoek.gettext(TYPES[t]) if t in TYPES else t.value) for t in Diensttype],
        themas=sorted(themas.items(), key=lambda keuze: fold(keuze[1])),
        termijnen=_termijnen(bezoek),
        themanamen=THEMAS,
        typenamen=TYPES,
        vandaag=vandaag,
    )


def _termijnen(bezoek: Bezoek) -> list[tuple[str, str]]:
    vertaling = translations(bezoek.taal)
    return [
        (
            str(dagen),
            vertaling.ngettext("Deadline binnen %(num)d dag", "Deadline binnen %(num)d dagen", dagen)
            % {"num": dagen},
        )
        for dagen in DEADLINE_KEUZES
    ]


async def _aanbod(bezoek: Bezoek, dienst_id: str) -> tuple[Vereniging, Dienst, Match | None]:
    vereniging = await bezoek.vereniging()
    dienst = await bezoek.portal.diensten.get(dienst_id)
    matches = await bezoek.portal.op_maat.voor(vereniging, vandaag=bezoek.portal.register.today())
    return vereniging, dienst, next((m for m in matches if m.dienst.id == dienst.id), None)


@router.get("/aanbod/{dienst_id}", response_class=HTMLResponse)
async def detail(bezoek: BezoekDep, dienst_id: str) -> Response:
    """Open to everyone (the open catalog links here); for someone acting for an association,
    also why it fits. Public data of the offering and of the association only: nothing to log."""
    vereniging: Vereniging | None = None
    match: Match | None = None
    if bezoek.persoon is not None and bezoek.persoon.namens is not None:
        vereniging, dienst, match = await _aanbod(bezoek, dienst_id)
    else:
        dienst = await bezoek.portal.diensten.get(dienst_id)
    return bezoek.render(
        "pagina/aanbod_detail.html",
        vereniging=vereniging,
        dienst=dienst,
        match=match,
        redenen=waarom(match, vereniging) if match and vereniging else [],
        start=dienst.inhoud.kanaal.start_dienst,
        typenamen=TYPES,
        themanamen=THEMAS,
        gegevensnamen=GEGEVENS,
        vandaag=bezoek.portal.register.today(),
    )


async def _te_starten(bezoek: Bezoek, dienst_id: str) -> tuple[Vereniging, Dienst, str]:
    vereniging = await bezoek.vereniging()
    ensure_may_change(bezoek.aangemeld(), vereniging)
    dienst = await bezoek.portal.diensten.get(dienst_id)
    start = dienst.inhoud.kanaal.start_dienst
    if start is None:
        raise PortalRefusal(
            bezoek.gettext("Dit start u niet via het V-loket"),
            bezoek.gettext(
                "Dit aanbod vraagt u aan bij de dienst zelf. Op de pagina van het aanbod staat hoe."
            ),
            status_code=404,
        )
    return vereniging, dienst, start


@router.get("/aanbod/{dienst_id}/starten", response_class=HTMLResponse)
async def starten(bezoek: BezoekDep, dienst_id: str) -> Response:
    vereniging, dienst, start = await _te_starten(bezoek, dienst_id)
    deling = bezoek.portal.profile.deling(bezoek.aangemeld(), vereniging, start)
    await bezoek.log(vereniging.v_code, Handeling.GELEZEN, f"portaal: te delen gegevens voor {start}")
    return _startpagina(bezoek, dienst, deling, [naam for naam, _ in deling.gegevens])


@router.post("/aanbod/{dienst_id}/starten", response_class=HTMLResponse)
async def start_aanvraag(bezoek: BezoekDep, dienst_id: str) -> Response:
    form = await bezoek.formulier()
    vereniging, dienst, start = await _te_starten(bezoek, dienst_id)
    persoon = ensure_may_change(bezoek.aangemeld(), vereniging)
    gekozen = [str(naam) for naam in form.getlist("gedeeld")]
    aangeboden = bezoek.portal.profile.deling(persoon, vereniging, start)
    try:
        _, resultaat = await bezoek.portal.profile.start_aanvraag(persoon, vereniging, start, gekozen)
    except ValidationFailed as refused:
        fouten = {"gedeeld": " ".join(f.message(bezoek.taal) for f in refused.fouten)}
        return _startpagina(bezoek, dienst, aangeboden, gekozen, fouten=fouten, status_code=400)
    except ConnectorError as failed:
        bericht = service_message(failed.code, failed.service, failed.reason, bezoek.taal)[0]
        status = 503 if failed.retryable else 502
        return _startpagina(bezoek, dienst, aangeboden, gekozen, algemeen=bericht, status_code=status)
    return bezoek.redirect(resultaat.link)


def _startpagina(
    bezoek: Bezoek,
    dienst: Dienst,
    deling: Deling,
    gekozen: list[str],
    *,
    fouten: dict[str, str] | None = None,
    algemeen: str = "",
    status_code: int = 200,
) -> HTMLResponse:
    # The form's answer sends the browser on to the service: the page's Content-Security-Policy
    # (form-action) must allow that origin, or the browser stops after the post.
    adres = bezoek.portal.profile.adres(deling.dienst)
    return bezoek.render(
        "pagina/aanbod_starten.html",
        form_targets=origin_of(adres) if adres else "",
        status_code=status_code,
        dienst=dienst,
        deling=deling,
        gekozen=set(gekozen),
        gegevensnamen=GEGEVENS,
        fouten=fouten or {},
        algemeen=algemeen,
    )
