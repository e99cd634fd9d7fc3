"""The sandbox's dossiers and draft aanvragen, in memory, with KIOSK's rules: a rekeningnummer
changes only before the advice phase and only to a valid IBAN; a draft is prefilled only with
fields of the aanvraag form, for a regeling KIOSK knows."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import quote

from email_validator import EmailNotValidError, validate_email

from connectors.kiosk.contract import (
    AANVRAAG_VELDEN,
    VANAF_ADVIESFASE,
    AanvraagVoorstel,
    DossierDocument,
    DossierWijzigingDocument,
    Gebeurtenis,
    KioskStatus,
)
from connectors.sdk.eloket import Actie, Contactpersoon
from demo.sandboxes.kiosk.iban import iban
from demo.sandboxes.refusals import Conflict, Invalid, Unknown

MAX_TEKST = 300
BESLISSINGEN = {
    "toegekend": "toegekend",
    "gedeeltelijk_toegekend": "gedeeltelijk toegekend",
    "afgewezen": "afgewezen",
}
"""The decisions a caseworker can take, as the hub's events name them, with their words."""


@dataclass(frozen=True)
class Aanvraag:
    """A draft aanvraag, waiting at KIOSK for the person who started it to complete it."""

    id: str
    v_code: str
    regeling: str
    titel: str
    gegevens: Mapping[str, str]
    sub: str
    """Who started it (the token's subject): only they see the draft."""
    aangemaakt: datetime


class KioskStore:
    def __init__(
        self,
        dossiers: Iterable[DossierDocument],
        *,
        regelingen: Mapping[str, str],
        public_url: str,
        now: Callable[[], datetime],
    ) -> None:
        self._public_url = public_url.rstrip("/")
        self._regelingen = regelingen
        self._now = now
        self._dossiers = {
            d.kiosk_nummer: d.model_copy(update={"link": self.page("dossiers", d.kiosk_nummer)})
            for d in dossiers
        }
        self._aanvragen: dict[str, Aanvraag] = {}
        self._indieners: dict[str, str] = {}
        """Who submitted a dossier here (the token's subject): they may open it at KIOSK."""

    def page(self, kind: str, key: str) -> str:
        return f"{self._public_url}/{kind}/{quote(key, safe='')}"

    def dossiers_of(self, v_code: str) -> list[DossierDocument]:
        return [d for d in self._dossiers.values() if d.v_code == v_code]

    def dossier(self, kiosk_nummer: str, *, v_code: str | None = None) -> DossierDocument:
        """The dossier; when `v_code` is given, only when it is that association's."""
        found = self._dossiers.get(kiosk_nummer)
        if found is None or (v_code is not None and found.v_code != v_code):
            raise Unknown("onbekend_dossier", f"KIOSK kent geen dossier {kiosk_nummer} van deze vereniging.")
        return found

    def wijzig_rekeningnummer(self, v_code: str, kiosk_nummer: str, rekeningnummer: str) -> DossierDocument:
        return self.wijzig(v_code, kiosk_nummer, DossierWijzigingDocument(rekeningnummer=rekeningnummer))

    def wijzig(self, v_code: str, kiosk_nummer: str, wijziging: DossierWijzigingDocument) -> DossierDocument:
        """Everything checked first, then changed at once: a refused part changes nothing."""
        dossier = self.dossier(kiosk_nummer, v_code=v_code)
        update: dict[str, object] = {}
        gewijzigd: list[str] = []
        if wijziging.rekeningnummer is not None:
            update["rekeningnummer"] = self._rekeningnummer(dossier, wijziging.rekeningnummer)
            gewijzigd.append("rekeningnummer")
        if wijziging.contactpersoon is not None or wijziging.email is not None:
            update["contactpersoon"] = self._contactpersoon(dossier, wijziging)
            gewijzigd.append("contactpersoon")
        if not gewijzigd:
            raise Invalid("niets_te_wijzigen", "Geef aan wat er aan het dossier verandert.")
        omschrijving = " en ".join(gewijzigd).capitalize() + " gewijzigd"
        event = Gebeurtenis(tijdstip=self._now(), status=dossier.status, omschrijving=omschrijving)
        changed = dossier.model_copy(update={**update, "historiek": (*dossier.historiek, event)})
        self._dossiers[kiosk_nummer] = changed
        return changed

    @staticmethod
    def _rekeningnummer(dossier: DossierDocument, rekeningnummer: str) -> str:
        if dossier.status in VANAF_ADVIESFASE:
            raise Conflict(
                "adviesfase",
                f"Het rekeningnummer van dossier {dossier.kiosk_nummer} kan niet meer gewijzigd worden: "
                "het dossier heeft de adviesfase bereikt.",
            )
        nieuw = iban(rekeningnummer)
        if nieuw is None:
            raise Invalid(
                "ongeldig_rekeningnummer", f"'{rekeningnummer[:40]}' is geen geldig IBAN-rekeningnummer."
            )
        return nieuw

    @staticmethod
    def _contactpersoon(dossier: DossierDocument, wijziging: DossierWijzigingDocument) -> Contactpersoon:
        naam = (
            dossier.contactpersoon.naam
            if wijziging.contactpersoon is None
            else wijziging.contactpersoon.strip()
        )
        email = dossier.contactpersoon.email if wijziging.email is None else wijziging.email.strip()
        if not naam:
            raise Invalid("ongeldige_contactpersoon", "Geef de naam van de contactpersoon.")
        try:
            adres = validate_email(email, check_deliverability=False).normalized
        except EmailNotValidError as error:
            raise Invalid("ongeldig_email", f"'{email[:60]}' is geen geldig e-mailadres.") from error
        return Contactpersoon(naam=naam, email=adres)

    def nieuwe_aanvraag(self, voorstel: AanvraagVoorstel, *, sub: str) -> Aanvraag:
        titel = self._regelingen.get(voorstel.regeling)
        if titel is None:
            raise Unknown("onbekende_regeling", f"KIOSK kent geen regeling {voorstel.regeling!r}.")
        vreemd = sorted(set(voorstel.gegevens) - set(AANVRAAG_VELDEN))
        if vreemd:
            raise Invalid("onbekende_velden", f"Het aanvraagformulier heeft geen velden {', '.join(vreemd)}.")
        aanvraag = Aanvraag(
            id=secrets.token_urlsafe(12),
            v_code=voorstel.v_code,
            regeling=voorstel.regeling,
            titel=titel,
            gegevens=dict(voorstel.gegevens),
            sub=sub,
            aangemaakt=self._now(),
        )
        self._aanvragen[aanvraag.id] = aanvraag
        return aanvraag

    def dien_in(
        self, aanvraag_id: str, *, sub: str, contactpersoon: str, email: str, rekeningnummer: str
    ) -> DossierDocument:
        """Submit a draft: it becomes a dossier of its association, in phase INGEDIEND. Every
        field is checked first; a refused submission leaves the draft as it was."""
        aanvraag = self.aanvraag(aanvraag_id)
        if aanvraag.sub != sub:
            raise Unknown("onbekende_aanvraag", "Deze aanvraag bestaat niet (meer) bij KIOSK.")
        nummer = f"KIOSK-{self._now().year}-{len(self._dossiers) + 1001:04d}"
        concept = DossierDocument(
            kiosk_nummer=nummer,
            v_code=aanvraag.v_code,
            titel=aanvraag.titel,
            regeling=aanvraag.regeling,
            status=KioskStatus.INGEDIEND,
            ingediend_op=self._now().date(),
            contactpersoon=Contactpersoon(naam=contactpersoon, email=email),
            rekeningnummer="",
        )
        persoon = self._contactpersoon(
            concept, DossierWijzigingDocument(contactpersoon=contactpersoon, email=email)
        )
        rekening = self._rekeningnummer(concept, rekeningnummer)
        event = Gebeurtenis(
            tijdstip=self._now(), status=KioskStatus.INGEDIEND, omschrijving="Aanvraag ingediend"
        )
        dossier = concept.model_copy(
            update={
                "contactpersoon": persoon,
                "rekeningnummer": rekening,
                "historiek": (event,),
                "link": self.page("dossiers", nummer),
            }
        )
        del self._aanvragen[aanvraag_id]
        self._dossiers[nummer] = dossier
        self._indieners[nummer] = sub
        return dossier

    def alle(self) -> list[DossierDocument]:
        return sorted(self._dossiers.values(), key=lambda d: d.kiosk_nummer)

    def vraag_actie(self, kiosk_nummer: str, omschrijving: str, uiterlijk: date) -> DossierDocument:
        """The caseworker asks the association for something by a date: the dossier waits on it."""
        dossier = self.dossier(kiosk_nummer)
        if dossier.status in {KioskStatus.BESLIST, KioskStatus.AFGESLOTEN}:
            raise Conflict("al_beslist", f"Over dossier {kiosk_nummer} is al beslist.")
        tekst = " ".join(omschrijving.split())
        if not 1 <= len(tekst) <= MAX_TEKST:
            raise Invalid("ongeldige_actie", f"Beschrijf wat nodig is in 1 tot {MAX_TEKST} tekens.")
        if uiterlijk < self._now().date():
            raise Invalid("ongeldige_datum", "De uiterste datum ligt in het verleden.")
        event = Gebeurtenis(
            tijdstip=self._now(), status=KioskStatus.VERVOLLEDIGEN, omschrijving=f"Gevraagd: {tekst}"
        )
        return self._vervang(
            dossier,
            status=KioskStatus.VERVOLLEDIGEN,
            actie=Actie(omschrijving=tekst, uiterlijk=uiterlijk),
            historiek=(*dossier.historiek, event),
        )

    def beslis(self, kiosk_nummer: str, beslissing: str, toelichting: str) -> DossierDocument:
        dossier = self.dossier(kiosk_nummer)
        if dossier.status in {KioskStatus.BESLIST, KioskStatus.AFGESLOTEN}:
            raise Conflict("al_beslist", f"Over dossier {kiosk_nummer} is al beslist.")
        if beslissing not in BESLISSINGEN:
            raise Invalid("ongeldige_beslissing", f"Kies een beslissing: {', '.join(BESLISSINGEN.values())}.")
        tekst = " ".join(toelichting.split())
        if len(tekst) > MAX_TEKST:
            raise Invalid("ongeldige_toelichting", f"Een toelichting telt hoogstens {MAX_TEKST} tekens.")
        omschrijving = f"Beslist: {BESLISSINGEN[beslissing]}" + (f". {tekst}" if tekst else "")
        event = Gebeurtenis(tijdstip=self._now(), status=KioskStatus.BESLIST, omschrijving=omschrijving)
        return self._vervang(
            dossier, status=KioskStatus.BESLIST, actie=None, historiek=(*dossier.historiek, event)
        )

    def _vervang(self, dossier: DossierDocument, **update: object) -> DossierDocument:
        changed = dossier.model_copy(update=update)
        self._dossiers[dossier.kiosk_nummer] = changed
        return changed

    def ingediend_door(self, kiosk_nummer: str) -> str | None:
        return self._indieners.get(kiosk_nummer)

    def aanvraag(self, aanvraag_id: str) -> Aanvraag:
        found = self._aanvragen.get(aanvraag_id)
        if found is None:
            raise Unknown("onbekende_aanvraag", "Deze aanvraag bestaat niet (meer) bij KIOSK.")
        return found
