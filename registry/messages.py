"""Plain-language messages for every error the registers raise, in Dutch and English."""

from __future__ import annotations

from typing import Final

from registry.i18n import Language
from registry.text import excerpt

EXCERPT_LIMIT: Final = 60
"""The most characters of an input a message shows."""

CATALOG: Final[dict[Language, dict[str, str]]] = {
    "nl": {
        # what went wrong, for the request as a whole
        "VALIDATION_FAILED": "Niet alle gegevens zijn in orde. Verbeter de velden in de lijst.",
        "NOT_FOUND": "We vinden geen {soort} met id {id}.",
        "VERSION_CONFLICT": (
            "Iemand anders heeft deze vereniging intussen gewijzigd (nu versie {actueel}, u "
            "vertrok van versie {verwacht}). Er is niets gewijzigd. Haal de nieuwste gegevens "
            "op en probeer opnieuw."
        ),
        "POSSIBLE_DUPLICATE": (
            "Er bestaat al een vereniging met deze naam in dezelfde gemeente. Is het de uwe? "
            "Wilt u toch een nieuwe registreren, stuur dan het bevestigingstoken mee."
        ),
        "REGISTER_BUSY": (
            "Het register is nu bezig met een andere wijziging. Er is niets gewijzigd. Probeer "
            "het zo dadelijk opnieuw."
        ),
        "UNAUTHENTICATED": "Meld u aan om dit te doen.",
        "FORBIDDEN": "U vertegenwoordigt deze vereniging niet en mag dit dus niet doen.",
        "FORBIDDEN_ACTING_FOR_OTHER": (
            "U handelt nu namens {namens}. Kies eerst deze vereniging om ze te bekijken of te wijzigen."
        ),
        "TOKEN_REFUSED": "Uw toegangssleutel (token) is niet geldig. Meld u opnieuw aan.",
        "CROSS_SITE": "Dit verzoek komt van een andere website en wordt daarom geweigerd.",
        "PROVIDER_UNAVAILABLE": (
            "De aanmeldingsdienst antwoordt niet. Probeer het over enkele minuten opnieuw."
        ),
        "SERVICE_UNAVAILABLE": "De dienst {service} antwoordt nu niet. Probeer het later opnieuw.",
        "TIMEOUT": "De dienst {service} antwoordde niet op tijd. Probeer het later opnieuw.",
        "CIRCUIT_OPEN": "De dienst {service} heeft problemen. We proberen het over enkele minuten opnieuw.",
        "REJECTED_BY_SERVICE": "De dienst {service} weigerde: {reden}",
        "SERVICE_NOT_FOUND": "De dienst {service} kent dit niet: {reden}",
        "CONNECTOR_CONFIG_ERROR": (
            "De koppeling met {service} is niet goed ingesteld. De helpdesk is verwittigd."
        ),
        "SERVICE_INTERNAL_ERROR": "Bij de dienst {service} liep iets mis.",
        "FORBIDDEN_CHOOSE_FIRST": (
            "U vertegenwoordigt meer dan één vereniging. Kies eerst namens welke vereniging u handelt."
        ),
        "FORBIDDEN_NOT_REPRESENTED": (
            "U vertegenwoordigt {vCode} niet, dus u kunt niet namens die vereniging handelen."
        ),
        "VERENIGING_GESTOPT": "Deze vereniging is gestopt en kan niet meer gewijzigd worden.",
        # offerings
        "FORBIDDEN_BESTUUR": "U beheert geen aanbod voor {bestuur} en mag dit dus niet doen.",
        "VERSION_CONFLICT_DIENST": (
            "Iemand anders heeft dit aanbod intussen gewijzigd (nu versie {actueel}, u vertrok van "
            "versie {verwacht}). Er is niets gewijzigd. Haal de nieuwste versie op en probeer opnieuw."
        ),
        "INTERNAL_SERVER_ERROR": (
            "Er ging iets mis aan onze kant. Probeer later opnieuw of bel 1700 met deze code: "
            "{correlatie_id}."
        ),
        # what is wrong with one field
        "verplicht": "Vul dit veld in.",
        "geen_html": "Gebruik gewone tekst, zonder HTML.",
        "te_lang": "Gebruik hoogstens {max} tekens.",
        "ongeldig_email": "Dit is geen geldig e-mailadres (zoals naam@voorbeeld.be).",
        "ongeldig_telefoon": (
            "Een telefoonnummer bevat alleen cijfers, eventueel met spaties, punten, haakjes, "
            "schuine strepen, streepjes of een +."
        ),
        "ongeldige_url": "Een webadres begint met http:// of https:// en bevat een punt.",
        "ongeldig_insz": (
            "Dit is geen geldig rijksregisternummer of bisnummer: 11 cijfers met een geboortedatum die kan "
            "bestaan en een kloppend controlegetal."
        ),
        "ongeldig_kbo": (
            "Dit is geen geldig ondernemingsnummer: 10 cijfers, beginnend met 0 of 1, met een kloppend "
            "controlegetal."
        ),
        "onbekende_keuze": "'{waarde}' kennen we niet. Kies uit: {keuzes}.",
        "onbekende_code": "De code '{waarde}' kennen we niet.",
        "dubbele_code": "'{waarde}' staat er meer dan één keer in.",
        "nvt_exclusief": "'NVT' (niet van toepassing) kan niet samen met andere werkingsgebieden.",
        "meerdere_primair": "Maar één {soort} kan primair zijn.",
        "dubbel_contactgegeven": "Dit contactgegeven ({type} {waarde}) staat er al.",
        "dubbele_locatie": "Deze locatie staat er al.",
        "meerdere_correspondentie": "Een vereniging heeft hoogstens één correspondentieadres.",
        "locatietype_voorbehouden": "Een locatie van het type '{waarde}' komt alleen uit de KBO.",
        "adres_of_adresid": "Geef een adres of een adresId uit het adressenregister.",
        "ongeldig_adresid": (
            "Een adresId verwijst naar het adressenregister: broncode 'AR' en een bronwaarde "
            "zoals https://data.vlaanderen.be/id/adres/12345."
        ),
        "dubbele_insz": "Deze persoon is al vertegenwoordiger van de vereniging.",
        "laatste_vertegenwoordiger": (
            "Een vereniging heeft altijd minstens één vertegenwoordiger. Voeg eerst een andere toe."
        ),
        "leeftijd_bereik": "Een leeftijd ligt tussen 0 en 150.",
        "minimum_boven_maximum": "De minimumleeftijd mag niet hoger zijn dan de maximumleeftijd.",
        "datum_in_toekomst": "Deze datum ligt in de toekomst.",
        "einddatum_voor_startdatum": "De einddatum ligt voor de startdatum ({startdatum}).",
        "alleen_in_kbo": "Dit gegeven komt uit de KBO. Wijzig het daar (bij uw ondernemingsloket).",
        "roepnaam_alleen_kbo": ("Alleen verenigingen uit de KBO hebben een roepnaam. Wijzig hier de naam."),
        "ongeldig_token": (
            "Deze bevestiging is ongeldig of verlopen, of hoort bij een andere naam of gemeente. "
            "Registreer opnieuw zonder token."
        ),
        "ongeldig_json": "Dit is geen geldige JSON: {fout}.",
        "ongeldig_formaat": "Verwacht: {verwacht}.",
        "niet_aangeboden": "Dit gegeven gaat niet naar deze dienst: {naam}. Kies uit: {aangeboden}.",
        "nvt_niet_voor_aanbod": (
            "'NVT' (niet van toepassing) past niet bij aanbod. Laat de werkingsgebieden leeg als "
            "het aanbod overal geldt."
        ),
        "uitleg_niet_digitaal": "Leg uit hoe men dit aanvraagt, want het kan niet digitaal.",
        "te_veel": "Deze lijst kan hoogstens {max} items bevatten (hier: {aantal}).",
        "te_veel_woorden": "Zoek met hoogstens {max} woorden (hier: {aantal}).",
        "te_diep": "Deze waarde is te diep genest: hoogstens {max} niveaus.",
        "PAYLOAD_TOO_LARGE": "Deze aanvraag is te groot: hoogstens {maximum} bytes.",
        # GraphQL documents over a limit
        "QUERY_TOO_COMPLEX_bytes": "Deze vraag is te lang: {gemeten} bytes, hoogstens {maximum}.",
        "QUERY_TOO_COMPLEX_tokens": "Deze vraag bevat meer dan {maximum} onderdelen (tokens).",
        "QUERY_TOO_COMPLEX_digits": "Een getal in deze vraag telt {gemeten} tekens, hoogstens {maximum}.",
        "QUERY_TOO_COMPLEX_fields": (
            "Deze vraag vraagt meer dan {maximum} velden op, fragmenten meegeteld (minstens {gemeten})."
        ),
        "QUERY_TOO_COMPLEX_depth": "Deze vraag is {gemeten} niveaus diep genest, hoogstens {maximum}.",
        "QUERY_TOO_COMPLEX_aliases": "Deze vraag gebruikt {gemeten} aliassen, hoogstens {maximum}.",
        "QUERY_TOO_COMPLEX_cost": (
            "Deze vraag zou te veel werk vragen: geschat {gemeten}, hoogstens {maximum}. Vraag kleinere "
            "pagina's (first) of minder velden."
        ),
        "QUERY_TOO_COMPLEX_repeats": (
            "Het veld '{veld}' wordt {gemeten} keer op dezelfde plaats gevraagd, hoogstens {maximum}."
        ),
        # text that is not text, lists and dates out of bounds
        "controleteken": (
            "Deze tekst bevat een stuurteken ({teken}) op plaats {positie}. Gebruik alleen gewone tekst."
        ),
        "richtingsteken": (
            "Deze tekst bevat een teken dat de leesrichting omkeert ({teken}) op plaats {positie}. "
            "Laat het weg."
        ),
        "ongeldig_teken": "Deze tekst bevat een ongeldig teken ({teken}) op plaats {positie}.",
        "datum_buiten_bereik": "Een datum ligt hier tussen {van} en {tot}.",
        "ongeldige_postcode": "Een Belgische postcode bestaat uit 4 cijfers, van 1000 tot 9999.",
    },
    "en": {
        "VALIDATION_FAILED": "Some of the data is not right. Correct the fields in the list.",
        "NOT_FOUND": "We cannot find a {soort} with id {id}.",
        "VERSION_CONFLICT": (
            "Someone else changed this association in the meantime (now version {actueel}, you "
            "started from version {verwacht}). Nothing was changed. Fetch the latest data and "
            "try again."
        ),
        "POSSIBLE_DUPLICATE": (
            "An association with this name already exists in the same municipality. Is it "
            "yours? To register a new one anyway, send the confirmation token along."
        ),
        "REGISTER_BUSY": (
            "The register is busy with another change right now. Nothing was changed. Please try "
            "again in a moment."
        ),
        "UNAUTHENTICATED": "Log in to do this.",
        "FORBIDDEN": "You do not represent this association, so you may not do this.",
        "FORBIDDEN_ACTING_FOR_OTHER": (
            "You are acting for {namens} now. Choose this association first to view or change it."
        ),
        "TOKEN_REFUSED": "Your access token is not valid. Please log in again.",
        "CROSS_SITE": "This request comes from another website and is therefore refused.",
        "PROVIDER_UNAVAILABLE": "The login service does not answer. Please try again in a few minutes.",
        "SERVICE_UNAVAILABLE": "The service {service} does not answer now. Please try again later.",
        "TIMEOUT": "The service {service} did not answer in time. Please try again later.",
        "CIRCUIT_OPEN": "The service {service} has problems. We will try again in a few minutes.",
        "REJECTED_BY_SERVICE": "The service {service} refused: {reden}",
        "SERVICE_NOT_FOUND": "The service {service} does not know this: {reden}",
        "CONNECTOR_CONFIG_ERROR": "The link with {service} is not set up right. The helpdesk has been told.",
        "SERVICE_INTERNAL_ERROR": "Something went wrong at the service {service}.",
        "FORBIDDEN_CHOOSE_FIRST": (
            "You represent more than one association. First choose which one you are acting for."
        ),
        "FORBIDDEN_NOT_REPRESENTED": "You do not represent {vCode}, so you cannot act for that association.",
        "VERENIGING_GESTOPT": "This association has stopped and can no longer be changed.",
        "FORBIDDEN_BESTUUR": "You do not manage offerings for {bestuur}, so you may not do this.",
        "VERSION_CONFLICT_DIENST": (
            "Someone else changed this offering in the meantime (now version {actueel}, you started "
            "from version {verwacht}). Nothing was changed. Fetch the latest version and try again."
        ),
        "INTERNAL_SERVER_ERROR": (
            "Something went wrong on our side. Try again later or call 1700 with this code: {correlatie_id}."
        ),
        "verplicht": "Fill in this field.",
        "geen_html": "Use plain text, without HTML.",
        "te_lang": "Use at most {max} characters.",
        "ongeldig_email": "This is not a valid e-mail address (like name@example.be).",
        "ongeldig_telefoon": (
            "A phone number holds digits only, possibly with spaces, dots, brackets, slashes, dashes or a +."
        ),
        "ongeldige_url": "A web address starts with http:// or https:// and contains a dot.",
        "ongeldig_insz": (
            "This is not a valid national number or BIS number: 11 digits with a birth date that can exist "
            "and a matching check."
        ),
        "ongeldig_kbo": (
            "This is not a valid enterprise number: 10 digits, starting with 0 or 1, with a matching check."
        ),
        "onbekende_keuze": "We do not know '{waarde}'. Choose from: {keuzes}.",
        "onbekende_code": "We do not know the code '{waarde}'.",
        "dubbele_code": "'{waarde}' appears more than once.",
        "nvt_exclusief": "'NVT' (not applicable) cannot be combined with other areas.",
        "meerdere_primair": "Only one {soort} can be primary.",
        "dubbel_contactgegeven": "This contact detail ({type} {waarde}) is already there.",
        "dubbele_locatie": "This location is already there.",
        "meerdere_correspondentie": "An association has at most one correspondence address.",
        "locatietype_voorbehouden": "A location of type '{waarde}' only comes from KBO.",
        "adres_of_adresid": "Give an address or an adresId from the address register.",
        "ongeldig_adresid": (
            "An adresId points into the address register: broncode 'AR' and a bronwaarde like "
            "https://data.vlaanderen.be/id/adres/12345."
        ),
        "dubbele_insz": "This person already represents the association.",
        "laatste_vertegenwoordiger": (
            "An association always has at least one representative. Add another one first."
        ),
        "leeftijd_bereik": "An age lies between 0 and 150.",
        "minimum_boven_maximum": "The minimum age may not be higher than the maximum age.",
        "datum_in_toekomst": "This date lies in the future.",
        "einddatum_voor_startdatum": "The end date lies before the start date ({startdatum}).",
        "alleen_in_kbo": "This comes from KBO. Change it there (at your enterprise counter).",
        "roepnaam_alleen_kbo": (
            "Only associations from KBO have a roepnaam (common name). Change the name instead."
        ),
        "ongeldig_token": (
            "This confirmation is invalid or expired, or belongs to another name or "
            "municipality. Register again without a token."
        ),
        "ongeldig_json": "This is not valid JSON: {fout}.",
        "ongeldig_formaat": "Expected: {verwacht}.",
        "niet_aangeboden": "This data does not go to this service: {naam}. Choose from: {aangeboden}.",
        "nvt_niet_voor_aanbod": (
            "'NVT' (not applicable) does not fit an offering. Leave the areas empty when the "
            "offering applies everywhere."
        ),
        "uitleg_niet_digitaal": "Explain how to apply, since it cannot be done digitally.",
        "te_veel": "This list can hold at most {max} items (here: {aantal}).",
        "te_veel_woorden": "Search with at most {max} words (here: {aantal}).",
        "te_diep": "This value is nested too deeply: at most {max} levels.",
        "PAYLOAD_TOO_LARGE": "This request is too large: at most {maximum} bytes.",
        "QUERY_TOO_COMPLEX_bytes": "This query is too long: {gemeten} bytes, at most {maximum}.",
        "QUERY_TOO_COMPLEX_tokens": "This query holds more than {maximum} parts (tokens).",
        "QUERY_TOO_COMPLEX_digits": "A number in this query has {gemeten} characters, at most {maximum}.",
        "QUERY_TOO_COMPLEX_fields": (
            "This query asks for more than {maximum} fields, fragments counted ({gemeten} at least)."
        ),
        "QUERY_TOO_COMPLEX_depth": "This query nests {gemeten} levels deep, at most {maximum}.",
        "QUERY_TOO_COMPLEX_aliases": "This query uses {gemeten} aliases, at most {maximum}.",
        "QUERY_TOO_COMPLEX_cost": (
            "This query would take too much work: an estimated {gemeten}, at most {maximum}. Ask for "
            "smaller pages (first) or fewer fields."
        ),
        "QUERY_TOO_COMPLEX_repeats": (
            "The field '{veld}' is asked {gemeten} times in one place, at most {maximum}."
        ),
        "controleteken": (
            "This text holds a control character ({teken}) at position {positie}. Use plain text only."
        ),
        "richtingsteken": (
            "This text holds a character that reverses the reading direction ({teken}) at position "
            "{positie}. Leave it out."
        ),
        "ongeldig_teken": "This text holds an invalid character ({teken}) at position {positie}.",
        "datum_buiten_bereik": "A date here lies between {van} and {tot}.",
        "ongeldige_postcode": "A Belgian postcode has 4 digits, from 1000 to 9999.",
    },
}


# Parameters holding the register's own words (the choices, what was expected) or a service's
# reason may be longer; any other may echo what was sent and shows only its start.
_LONGER_PARAMS: Final[dict[str, int]] = {
    "keuzes": 400,
    "aangeboden": 400,
    "verwacht": 200,
    "reden": 300,
    "fout": 200,
}


def _shown(name: str, value: object) -> object:
    if value is None or isinstance(value, bool | int | float):
        return value
    return excerpt(str(value), _LONGER_PARAMS.get(name, EXCERPT_LIMIT))


def translate(key: str, language: Language = "nl", /, **params: object) -> str:
    """The message for `key` in `language`, with `params` filled in: each text cut to a short,
    safe excerpt, so no message can echo a long or unprintable input whole."""
    template = CATALOG[language].get(key) or CATALOG["nl"][key]
    return template.format(**{name: _shown(name, value) for name, value in params.items()})
