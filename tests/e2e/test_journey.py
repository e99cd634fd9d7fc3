"""The way a person goes through the portal, in one browser, by what the pages say: log in at the
IdP, choose on whose behalf, correct a contact detail (a bad one refused with its message), find
a sport subsidy, start the request and land logged in at KIOSK with the data shared, submit it
there, see KIOSK's dossier of the first association show the corrected address (KIOSK subscribes
to the register's changes), see the new dossier in the portal, look at two pages in English, log
out. Every portal page on the way passes `check_page`; the IdP's and KIOSK's pages (not the
portal) only get screenshots.

V0001001 (FWA De vrolijke BA's) has no sport among its activities, so no sport subsidy is
`aanbod op maat` for it: An switches to her football club for that part, as she would."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from demo.personas import AN
from tests.e2e.conftest import CheckPage, Console, choose_persona, save_screenshots
from tests.portal.conftest import Portaal

VROLIJKE_BAS = "FWA De vrolijke BA's"
VOETBALCLUB = "Voetbalclub Sterrebeek United"
SUBSIDIE = "Werkingssubsidie jeugdsport"
EMAIL = "secretariaat@vrolijkebas.be"


def test_a_representative_corrects_data_starts_a_request_and_follows_it_up(
    page: Page, hub: str, portaal: Portaal, check_page: CheckPage, console: Console
) -> None:
    page.goto(hub)
    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom bij het V-loket")
    check_page(page, "reis-01-welkom")

    page.get_by_role("link", name="Aanmelden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Aanmelden")
    save_screenshots(page, "reis-02-idp-aanmelden")
    choose_persona(page, AN)

    expect(page.get_by_role("heading", name="Op wiens naam?")).to_be_visible()
    check_page(page, "reis-03-kies")
    page.get_by_role("button", name=f"Verder als {VROLIJKE_BAS}").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Dag An Janssens")
    expect(page.get_by_text(f"U handelt namens {VROLIJKE_BAS}.")).to_be_visible()
    check_page(page, "reis-04-overzicht")

    _correct_the_email_address(page, check_page)
    _start_a_sport_subsidy_at_kiosk(page, hub, check_page, console)
    _kiosk_has_the_corrected_address(page, portaal)
    _see_the_new_dossier(page, hub, check_page)
    _in_english(page, check_page)
    _log_out(page, hub, check_page)


def _correct_the_email_address(page: Page, check_page: CheckPage) -> None:
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    menu.get_by_role("link", name="Onze gegevens", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Onze gegevens")
    check_page(page, "reis-05-gegevens")

    contactgegevens = page.get_by_role("region", name="Contactgegevens")
    contactgegevens.get_by_role("link", name=re.compile(r"^Wijzigen\W+bestuur@vrolijkebas\.be$")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Contactgegeven wijzigen")
    check_page(page, "reis-06-contactgegeven")

    waarde = page.get_by_label("E-mailadres, telefoonnummer of webadres")
    waarde.fill("secretariaat-at-vrolijkebas")
    page.get_by_role("button", name="Opslaan").click()

    summary = page.get_by_role("alert").filter(has_text="Er is een probleem")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_attribute("href", "#veld-waarde")
    expect(waarde).to_have_attribute("aria-invalid", "true")
    expect(waarde).to_have_value("secretariaat-at-vrolijkebas")
    message = page.locator("#fout-waarde")
    expect(message).to_be_visible()
    melding = message.inner_text().removeprefix("Fout:").strip()
    # The summary names the field before the message next to it.
    expect(summary.get_by_role("link")).to_have_text(f"E-mailadres, telefoonnummer of webadres: {melding}")
    check_page(page, "reis-07-contactgegeven-fout")

    summary.get_by_role("link").click()
    expect(waarde).to_be_focused()
    waarde.fill(EMAIL)
    page.get_by_role("button", name="Opslaan").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Onze gegevens")
    expect(page.get_by_role("status").filter(has_text="Gelukt")).to_be_visible()
    expect(contactgegevens.get_by_text(f"E-mail: {EMAIL}")).to_be_visible()
    expect(contactgegevens.get_by_text("bestuur@vrolijkebas.be")).to_have_count(0)
    check_page(page, "reis-08-gegevens-gewijzigd")


def _start_a_sport_subsidy_at_kiosk(page: Page, hub: str, check_page: CheckPage, console: Console) -> None:
    page.get_by_role("link", name="Andere vereniging kiezen").click()
    page.get_by_role("button", name=f"Verder als {VOETBALCLUB}").click()
    expect(page.get_by_text(f"U handelt namens {VOETBALCLUB}.")).to_be_visible()

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Aanbod op maat").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Aanbod op maat")
    check_page(page, "reis-09-aanbod")

    page.get_by_label("Zoek op woorden").fill("jeugdsport")
    page.get_by_label("Alleen wat u digitaal kunt aanvragen").check()
    page.get_by_role("button", name="Zoeken").click()
    expect(page.get_by_role("heading", name=re.compile(r"gevonden$"))).to_be_visible()
    check_page(page, "reis-10-aanbod-gezocht")

    page.get_by_role("link", name=SUBSIDIE, exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(SUBSIDIE)
    check_page(page, "reis-11-aanbod-detail")

    page.get_by_role("link", name="Aanvraag starten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Aanvraag starten: {SUBSIDIE}")
    shared = page.get_by_role("group", name=re.compile("Welke gegevens mag het V-loket doorgeven"))
    expect(
        shared.get_by_role("checkbox", name=re.compile(f"Naam van de vereniging: {VOETBALCLUB}"))
    ).to_be_checked()
    check_page(page, "reis-12-aanvraag-starten")

    page.get_by_role("button", name=re.compile("^Gegevens doorgeven en verder naar KIOSK")).click()
    try:
        page.wait_for_url(lambda url: not url.startswith(hub))
    except PlaywrightTimeoutError:
        pytest.fail(f"the browser stayed at {page.url}; its console: {console.errors}")

    # KIOSK's own page, logged in through the same IdP session: no login form on the way.
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Nieuwe aanvraag: {SUBSIDIE}")
    expect(page.get_by_text("Aangemeld als An Janssens")).to_be_visible()
    expect(page.get_by_role("radio")).to_have_count(0)
    expect(page.get_by_role("definition").filter(has_text=VOETBALCLUB)).to_be_visible()
    save_screenshots(page, "reis-13-kiosk-aanvraag")

    # Completed and submitted at KIOSK, it becomes a dossier there.
    expect(page.get_by_label("Contactpersoon")).to_have_value("An Janssens")
    page.get_by_label("E-mailadres voor dit dossier").fill("jeugd@sterrebeekunited.be")
    page.get_by_label("Rekeningnummer (IBAN)").fill("BE68 5390 0754 7034")
    page.get_by_role("button", name="Aanvraag indienen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(SUBSIDIE)
    save_screenshots(page, "reis-14-kiosk-dossier")


def _kiosk_has_the_corrected_address(page: Page, portaal: Portaal) -> None:
    """Once-only: KIOSK subscribes to the register's changes, so its dossier of the association
    shows the address corrected in the portal, without anyone telling KIOSK again."""
    kiosk = next(c for c in portaal.services.connectors if c.name == "kiosk").config.base_url
    page.goto(f"{kiosk}/dossiers/KIOSK-2025-0101")
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Geen toegang")
    expect(page.locator("#verenigingscontact")).to_contain_text(EMAIL)
    save_screenshots(page, "reis-14b-kiosk-kent-het-nieuwe-adres")


def _see_the_new_dossier(page: Page, hub: str, check_page: CheckPage) -> None:
    page.goto(hub)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Dossiers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dossiers")
    dossier = page.get_by_role("listitem").filter(has=page.get_by_role("heading", level=3, name=SUBSIDIE))
    expect(dossier).to_contain_text("Ingediend")
    expect(dossier.get_by_role("link", name=re.compile("^Open bij"))).to_be_visible()
    check_page(page, "reis-15-dossiers")


def _in_english(page: Page, check_page: CheckPage) -> None:
    page.get_by_role("link", name="English").click()
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Overview", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello An Janssens")
    check_page(page, "reis-16-overzicht-en")
    page.get_by_role("navigation", name="Main menu").get_by_role(
        "link", name="Our details", exact=True
    ).click()
    page.get_by_role("region", name="Contact details").get_by_role(
        "link", name=re.compile(r"^Change\W")
    ).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change a contact detail")
    check_page(page, "reis-17-contactgegeven-en")
    page.get_by_role("link", name="Nederlands").click()


def _log_out(page: Page, hub: str, check_page: CheckPage) -> None:
    page.get_by_role("button", name="Afmelden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom bij het V-loket")
    expect(page).to_have_url(f"{hub}/")
    check_page(page, "reis-18-afgemeld")

    page.goto(f"{hub}/gegevens")
    expect(page.get_by_role("heading", level=1)).to_have_text("Aanmelden")
    expect(page.get_by_role("group", name="Als wie meld je aan?")).to_be_visible()
    assert not page.url.startswith(hub), page.url
