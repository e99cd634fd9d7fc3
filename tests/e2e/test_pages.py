"""Every portal page outside the journey, once each in a real browser, through `check_page`:
axe-core's WCAG 2.1 A and AA rules, no console errors, no sideways scrolling at 320 px wide and at
200% zoom, screenshots at phone and desktop width. Also: the keyboard way in."""

from __future__ import annotations

import asyncio
import csv
import io
import re
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from demo.personas import AN, GRIET, JEF, KARIM, LOTTE, PIETER
from hub.mail.berichten import Opsteller
from registry.db import Database
from registry.meldingen.voorkeur import Voorkeur
from registry.meldingen.voorkeuren import Voorkeuren
from tests.e2e.conftest import DESKTOP, CheckPage, act_for, choose_persona, log_in, until_focused
from tests.portal.conftest import Portaal

VROLIJKE_BAS = "FWA De vrolijke BA's"
KOOR = "Koor Cantate Brugge"


def test_welcome_page(page: Page, hub: str, check_page: CheckPage) -> None:
    page.goto(hub)

    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom bij het V-loket")
    expect(page.get_by_role("link", name="Aanmelden")).to_be_visible()
    check_page(page, "welkom")


def test_welcome_page_in_english(page: Page, hub: str, check_page: CheckPage) -> None:
    page.goto(hub)
    page.get_by_role("link", name="English").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome to V-loket")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    check_page(page, "welkom-en")


def test_anyone_finds_an_offering_and_after_logging_in_sees_why_it_fits(
    page: Page, hub: str, check_page: CheckPage
) -> None:
    page.goto(hub)
    page.get_by_role("link", name="Zoek in al het aanbod voor verenigingen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Aanbod voor verenigingen")
    check_page(page, "catalogus")
    page.get_by_label("Zoek op woorden").fill("fuifzaal")
    page.get_by_role("button", name="Zoeken").click()
    offering = page.get_by_role("main").get_by_role("heading", level=3).get_by_role("link").first
    titel = offering.inner_text()
    offering.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(titel)
    expect(page.get_by_role("heading", level=2, name="Past dit bij uw vereniging?")).to_be_visible()
    check_page(page, "aanbod-open")
    address = page.url

    page.get_by_role("main").get_by_role("link", name="Aanmelden").click()
    choose_persona(page, PIETER)
    page.wait_for_url(address)
    page.get_by_role("main").get_by_role("link", name="Vereniging kiezen").click()
    page.get_by_role("button", name=re.compile("^Verder als ")).first.click()
    page.wait_for_url(address)

    expect(page.get_by_role("heading", level=1)).to_have_text(titel)
    expect(page.get_by_role("heading", level=2, name=re.compile("^Waarom dit past bij "))).to_be_visible()


def test_the_register_searched_without_logging_in(page: Page, hub: str, check_page: CheckPage) -> None:
    page.goto(hub)
    page.get_by_role("link", name="Zoek een vereniging in het register").click()
    page.get_by_label("Naam of een stuk ervan").fill("vrolijke")
    page.get_by_role("button", name="Zoeken").click()

    expect(page.get_by_role("heading", level=3, name=VROLIJKE_BAS)).to_be_visible()
    check_page(page, "verenigingen")


def test_help_page(page: Page, hub: str, check_page: CheckPage) -> None:
    page.goto(f"{hub}/hulp")

    expect(page.get_by_role("heading", level=1)).to_have_text("Hulp en contact")
    check_page(page, "hulp")


@pytest.mark.parametrize(
    ("link", "titel", "naam"),
    [
        ("Privacy", "Privacyverklaring", "privacy"),
        ("Toegankelijkheid", "Toegankelijkheidsverklaring", "toegankelijkheid"),
        ("Klachten", "Klachten", "klachten"),
        ("Cookies", "Cookies", "cookies"),
        ("Cijfers", "Cijfers", "cijfers"),
    ],
)
def test_the_legal_pages_from_the_footer(
    page: Page, hub: str, check_page: CheckPage, link: str, titel: str, naam: str
) -> None:
    page.goto(hub)
    page.get_by_role("navigation", name="Over het V-loket").get_by_role("link", name=link).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(titel)
    check_page(page, naam)


def test_feedback_is_thanked_for(page: Page, hub: str, check_page: CheckPage) -> None:
    page.goto(f"{hub}/hulp")
    feedback = page.get_by_role("complementary", name="Wat vindt u van deze pagina?")
    feedback.get_by_label("Goed").check()
    feedback.get_by_label("Wat kan beter? Schrijf geen persoonsgegevens.").fill("Duidelijke uitleg.")
    feedback.get_by_role("button", name="Feedback sturen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Bedankt voor uw feedback")
    check_page(page, "feedback-bedankt")
    page.get_by_role("link", name="Terug naar de pagina").click()
    expect(page).to_have_url(f"{hub}/hulp")


def test_someone_representing_several_associations_chooses_one(
    page: Page, hub: str, check_page: CheckPage
) -> None:
    log_in(page, hub, LOTTE)

    expect(page.get_by_role("heading", level=2, name="Op wiens naam?")).to_be_visible()
    expect(page.get_by_role("button", name=f"Verder als {VROLIJKE_BAS}")).to_be_visible()
    expect(page.get_by_role("button", name="Verder als Vissen achter het net")).to_be_visible()
    check_page(page, "kies")


def test_the_overview_in_english(page: Page, hub: str, check_page: CheckPage) -> None:
    act_for(page, hub, AN, VROLIJKE_BAS)
    page.get_by_role("link", name="English").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Hello An Janssens")
    expect(page.get_by_role("navigation", name="Main menu")).to_be_visible()
    check_page(page, "overzicht-en")


def test_notices(page: Page, hub: str, check_page: CheckPage) -> None:
    act_for(page, hub, LOTTE, VROLIJKE_BAS)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Meldingen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Meldingen")
    expect(page.get_by_role("heading", level=2, name="Meldingen per e-mail")).to_be_visible()
    check_page(page, "meldingen")


def test_notices_by_mail_refused_saved_confirmed_and_unsubscribed(
    page: Page, hub: str, check_page: CheckPage, portaal: Portaal
) -> None:
    act_for(page, hub, AN, VROLIJKE_BAS)
    page.goto(f"{hub}/meldingen")
    page.get_by_label("Meteen, bij elke nieuwe melding").check()
    page.get_by_label("E-mailadres").fill("an@@voorbeeld")
    page.get_by_role("button", name="Keuze bewaren").click()

    summary = page.get_by_role("alert").filter(has_text="Er is een probleem")
    expect(summary).to_be_visible()
    expect(page.get_by_label("E-mailadres")).to_have_attribute("aria-invalid", "true")
    check_page(page, "meldingen-mail-fout")

    page.get_by_label("E-mailadres").fill("an@voorbeeld.be")
    page.get_by_role("button", name="Keuze bewaren").click()
    expect(page.get_by_role("status").filter(has_text="klik op de link erin")).to_be_visible()
    check_page(page, "meldingen-mail-bewaard")

    # The link in the mail: a page with a button, then the confirmation; then the unsubscribe
    # page a notice mail links to.
    assert portaal.sink is not None
    [mail] = [m for m in portaal.sink.wait_for(1, timeout=20) if m.aan == ("an@voorbeeld.be",)]
    page.goto(next(url for url in mail.links if "/meldingen/mail/bevestig" in url))
    expect(page.get_by_role("heading", level=1)).to_have_text("Bevestig uw e-mailadres")
    check_page(page, "meldingen-mail-bevestigen")
    page.get_by_role("button", name="Ja, dit is mijn adres").click()
    expect(page.get_by_text("Uw e-mailadres is bevestigd.")).to_be_visible()
    check_page(page, "meldingen-mail-bevestigd")

    # (Playwright's sync API runs an event loop in this thread: the store is read in another.)
    with ThreadPoolExecutor(1) as other:
        voorkeur = other.submit(asyncio.run, _voorkeur(portaal, AN.insz)).result()
    opsteller = Opsteller(
        portaal.settings.public_url,
        "x@loket.example",
        portaal.settings.secret_key.get_secret_value().encode(),
    )
    page.goto(opsteller.afmeld_link(voorkeur))
    check_page(page, "meldingen-mail-afmelden")
    page.get_by_role("button", name="Geen mails meer").click()
    expect(page.get_by_role("status").filter(has_text="U krijgt geen meldingen")).to_be_visible()
    check_page(page, "meldingen-mail-afgemeld")


async def _voorkeur(portaal: Portaal, insz: str) -> Voorkeur:
    db = Database(portaal.settings.database_url)
    try:
        found = await Voorkeuren(db).van(insz, "V0001001")
    finally:
        await db.dispose()
    assert found is not None
    return found


def test_access_log(page: Page, hub: str, check_page: CheckPage) -> None:
    act_for(page, hub, LOTTE, VROLIJKE_BAS)
    page.get_by_role("link", name="Wie bekeek onze gegevens").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Wie bekeek onze gegevens")
    expect(page.get_by_role("table")).to_be_visible()
    check_page(page, "toegangslog")


def test_our_data_downloads_from_its_page_and_the_access_log_shows_it(page: Page, hub: str) -> None:
    act_for(page, hub, LOTTE, VROLIJKE_BAS)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Onze gegevens", exact=True
    ).click()
    with page.expect_download() as started:
        page.get_by_role("link", name="Download als CSV").click()
    download = started.value
    rows = list(csv.DictReader(io.StringIO(Path(download.path()).read_text("utf-8"), newline="")))
    page.goto(f"{hub}/toegangslog")

    assert download.suggested_filename == "V0001001-gegevens.csv"
    assert ("basisgegevens", "naam", VROLIJKE_BAS) in {
        (r["onderdeel"], r["gegeven"], r["waarde"]) for r in rows
    }
    expect(page.get_by_role("table").get_by_role("row").filter(has_text="Gedownload").first).to_contain_text(
        "portaal: gegevens (csv)"
    )


def test_a_mandate_granted_lets_the_mandatee_see_the_association_until_it_is_withdrawn(
    page: Page, hub: str, check_page: CheckPage, chromium: Browser
) -> None:
    act_for(page, hub, LOTTE, VROLIJKE_BAS)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Mandaten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mandaten")
    check_page(page, "mandaten")
    page.get_by_label("Rijksregisternummer").fill(JEF.insz)
    page.get_by_label("Naam").fill("Boekhouder Jef")
    page.get_by_role("radio", name=re.compile("^Alleen bekijken")).check()
    page.get_by_label("Tot en met").fill((date.today() + timedelta(days=60)).isoformat())
    page.get_by_role("button", name="Mandaat geven").click()
    expect(page.get_by_role("status").filter(has_text="Het mandaat is gegeven")).to_be_visible()

    with chromium.new_context(viewport=DESKTOP, locale="nl-BE") as other:
        jef = other.new_page()
        log_in(jef, hub, JEF)
        expect(jef.get_by_text(f"U handelt namens {VROLIJKE_BAS}.")).to_be_visible()
        jef.get_by_role("link", name="Onze gegevens", exact=True).click()
        expect(jef.get_by_role("heading", level=1)).to_have_text("Onze gegevens")
        expect(jef.get_by_role("link", name=re.compile("^Wijzigen"))).to_have_count(0)

        page.get_by_role("button", name="Mandaat van Boekhouder Jef intrekken").click()
        expect(page.get_by_role("status").filter(has_text="Het mandaat is ingetrokken")).to_be_visible()
        check_page(page, "mandaten-ingetrokken")

        jef.reload()
        expect(jef.get_by_text("U vertegenwoordigt nog geen vereniging in het register.")).to_be_visible()


def test_dossiers(page: Page, hub: str, check_page: CheckPage) -> None:
    act_for(page, hub, LOTTE, VROLIJKE_BAS)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Dossiers").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Dossiers")
    check_page(page, "dossiers")


def test_a_decision_letter_downloads_from_the_dossiers_page(
    page: Page, hub: str, check_page: CheckPage
) -> None:
    act_for(page, hub, PIETER, "Vissen achter het net")
    expect(page.get_by_text("U handelt namens Vissen achter het net.")).to_be_visible()
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Dossiers").click()
    expect(page.get_by_role("link", name=re.compile("^Beslissingsbrief"))).to_be_visible()
    check_page(page, "dossiers-documenten")

    with page.expect_download() as started:
        page.get_by_role("link", name=re.compile("^Beslissingsbrief")).click()
    download = started.value

    assert download.suggested_filename == "KIOSK-2024-0198-beslissingsbrief.pdf"
    assert Path(download.path()).read_bytes().startswith(b"%PDF-")


def test_a_refused_change_of_our_data_shows_what_is_wrong(
    page: Page, hub: str, check_page: CheckPage
) -> None:
    act_for(page, hub, LOTTE, KOOR)
    page.get_by_role("link", name="Onze gegevens", exact=True).click()
    contactgegevens = page.get_by_role("region", name="Contactgegevens")
    contactgegevens.get_by_role("link", name=re.compile(r"^Wijzigen\W.*@")).first.click()
    waarde = page.get_by_label("E-mailadres, telefoonnummer of webadres")
    waarde.fill("geen e-mailadres")
    page.get_by_role("button", name="Opslaan").click()

    summary = page.get_by_role("alert").filter(has_text="Er is een probleem")
    expect(summary).to_be_focused()
    expect(waarde).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#fout-waarde")).to_be_visible()
    check_page(page, "gegevens-fout")


def test_registering_starts_with_a_first_step_and_says_what_is_missing(
    page: Page, hub: str, check_page: CheckPage
) -> None:
    log_in(page, hub, LOTTE)
    page.get_by_role("link", name="Een nieuwe feitelijke vereniging registreren").click()

    expect(page).to_have_url(f"{hub}/registreren")
    expect(page.get_by_text("Stap 1 van 4")).to_be_visible()
    check_page(page, "registreren")
    page.get_by_role("button", name="Volgende").click()
    expect(page.get_by_role("alert").filter(has_text="Er is een probleem")).to_be_focused()
    expect(page.get_by_label("Naam van de vereniging")).to_have_attribute("aria-invalid", "true")
    check_page(page, "registreren-fout")


def test_a_publisher_reads_the_feedback_on_their_offerings(
    page: Page, hub: str, check_page: CheckPage
) -> None:
    page.goto(f"{hub}/catalogus?gemeente=BE23444021&bestuur=44021")
    page.get_by_role("main").get_by_role("heading", level=3).get_by_role("link").first.click()
    feedback = page.get_by_role("complementary", name="Wat vindt u van deze pagina?")
    feedback.get_by_role("radio", name="Kan beter").check()
    feedback.get_by_label("Wat kan beter? Schrijf geen persoonsgegevens.").fill("Vermeld de openingsuren.")
    feedback.get_by_role("button", name="Feedback sturen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bedankt voor uw feedback")

    log_in(page, hub, GRIET)
    page.get_by_role("link", name="Ons aanbod beheren").click()
    page.get_by_role("link", name="Feedback op ons aanbod").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Feedback op ons aanbod")
    expect(page.get_by_text("Vermeld de openingsuren.").first).to_be_visible()
    check_page(page, "beheer-feedback")


def test_an_operator_reads_the_usage_of_the_loket(page: Page, hub: str, check_page: CheckPage) -> None:
    log_in(page, hub, KARIM)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Gebruik van het loket").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Gebruik van het loket")
    expect(page.get_by_role("link", name="Download als CSV")).to_be_visible()
    check_page(page, "beheer-gebruik")


def test_a_publisher_lists_and_edits_offerings(page: Page, hub: str, check_page: CheckPage) -> None:
    log_in(page, hub, GRIET)
    page.get_by_role("link", name="Ons aanbod beheren").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Ons aanbod beheren")
    check_page(page, "beheer-aanbod")
    offering = page.get_by_role("main").get_by_role("table").get_by_role("link").first
    titel = offering.inner_text()
    offering.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(titel)
    expect(page.get_by_role("heading", level=2, name="Aanbod wijzigen")).to_be_visible()
    expect(page.get_by_role("button", name="Wijzigingen bewaren")).to_be_visible()
    check_page(page, "beheer-aanbod-wijzigen")


def test_the_skip_link_comes_first_and_focus_is_always_visible(page: Page, hub: str) -> None:
    page.goto(hub)

    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    expect(skip).to_have_text("Naar de inhoud")
    assert _focus_visible(page), "the skip link shows no focus"
    page.keyboard.press("Enter")
    expect(page.locator(":focus")).to_have_attribute("id", "inhoud")
    expect(page.locator("main")).to_be_focused()

    until_focused(page, "main a")
    assert _focus_visible(page), "a link in the page shows no focus"
    until_focused(page, "button")
    assert _focus_visible(page), "a button shows no focus"


def _focus_visible(page: Page) -> bool:
    """The focused element draws an outline or a ring (box-shadow) around itself."""
    style: dict[str, str] = page.evaluate(
        """() => {
          const s = getComputedStyle(document.activeElement);
          return {outline: s.outlineStyle, width: s.outlineWidth, shadow: s.boxShadow};
        }"""
    )
    outline = style["outline"] != "none" and style["width"] not in ("0px", "")
    return outline or style["shadow"] != "none"
