"""Browser tests: Debian's Chromium, driven by Playwright, over the demo stack the portal tests
use (hub, dev IdP and sandboxes on loopback, the demo associations and offerings).

Every portal page a test visits goes through `check_page`: axe-core's WCAG 2.1 A and AA rules
at 1280 and at 320 px wide, no console errors (a Content-Security-Policy violation is one), no
horizontal scrolling at 320 px wide nor at 200% zoom, and a screenshot at phone and at desktop
width in `test-artifacts/screenshots/`.

Playwright's sync API marks its own event loop as running between calls, so the browser lives
in a package-scoped fixture: it is gone before any async test of another package runs, and the
tests here are plain functions. Chromium and axe-core missing: the tests skip, or fail when
HUB_REQUIRE_SERVICES=1 (CI).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Frame,
    Page,
    ViewportSize,
    expect,
    sync_playwright,
)

from demo.personas import Persona
from tests.portal import conftest as portal_stack
from tests.portal.conftest import Portaal
from tests.utils.services import services_required

portaal = portal_stack.portaal  # the portal tests' demo stack, started once for this package too

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "tools" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DESKTOP: ViewportSize = {"width": 1280, "height": 800}
PHONE: ViewportSize = {"width": 360, "height": 740}
NARROWEST: ViewportSize = {"width": 320, "height": 640}
# 200% zoom of a 1280 px wide window: half as many CSS pixels, each drawn twice as large.
ZOOMED = {"width": 640, "height": 400, "deviceScaleFactor": 2, "mobile": False}


class CheckPage(Protocol):
    def __call__(self, page: Page, name: str) -> None: ...


@dataclass
class Console:
    """What the current document logged as an error (cleared when the tab loads another)."""

    errors: list[str] = field(default_factory=list)
    _document: str = ""

    def watch(self, page: Page) -> None:
        page.on("console", self._message)
        page.on("pageerror", lambda error: self.errors.append(f"uncaught: {error}"))
        page.on("framenavigated", lambda frame: self._navigated(page, frame))

    def _message(self, message: ConsoleMessage) -> None:
        url = message.location.get("url", "")
        if message.type == "error" and not self._expected(message.text, url):
            self.errors.append(f"{message.text} ({url})")

    def _expected(self, text: str, url: str) -> bool:
        # The document's own status (a refused form answers 400) is the test's business; the
        # icon is what the browser asks for by itself, no page links one.
        return "Failed to load resource" in text and (url == self._document or url.endswith("/favicon.ico"))

    def _navigated(self, page: Page, frame: Frame) -> None:
        if frame == page.main_frame:
            self._document = frame.url
            self.errors.clear()


def _needed(problem: str) -> None:
    if services_required():
        pytest.fail(problem)
    pytest.skip(problem)


@pytest.fixture(scope="package", autouse=True)
def fresh_screenshots() -> None:
    """The artifacts show this run's pages only."""
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    SCREENSHOTS.mkdir(parents=True)


@pytest.fixture(scope="package")
def axe_source() -> str:
    if not AXE.exists():
        _needed(f"axe-core is not installed at {AXE.relative_to(ROOT)} (make axe-tools)")
    return AXE.read_text("utf-8")


@pytest.fixture(scope="package")
def chromium_executable() -> str:
    """Debian's Chromium: Playwright's own browser download is not used."""
    executable = shutil.which("chromium") or CHROMIUM
    if not Path(executable).exists():
        _needed(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    return executable


@pytest.fixture(scope="package")
def chromium(chromium_executable: str, portaal: Portaal) -> Iterator[Browser]:
    """Asks for the demo stack first: starting it runs an event loop, which Playwright's sync
    API would refuse once it is running."""
    # Chromium's sandbox needs user namespaces, which a root user in a container lacks.
    args = ["--no-sandbox"] if os.geteuid() == 0 else []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_executable, headless=True, args=args)
        yield browser
        browser.close()


@pytest.fixture
def hub(portaal: Portaal) -> str:
    return portaal.hub


@pytest.fixture
def console() -> Console:
    return Console()


@pytest.fixture
def context(chromium: Browser) -> Iterator[BrowserContext]:
    """A fresh browser profile: no cookies, Dutch (Belgium) as the browser's language. The
    pages' Content-Security-Policy applies as it does for visitors."""
    context = chromium.new_context(viewport=DESKTOP, locale="nl-BE")
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext, console: Console) -> Page:
    tab = context.new_page()
    console.watch(tab)
    return tab


@pytest.fixture
def check_page(axe_source: str, console: Console) -> CheckPage:
    """`check_page(page, "name")` on every portal page a test reaches."""

    def check(page: Page, name: str) -> None:
        assert not console.errors, f"{name}: the browser console shows errors:\n" + "\n".join(console.errors)
        _assert_accessible(page, name, axe_source)
        _assert_links_within_the_page_land(page, name)
        save_screenshots(page, name)
        _assert_reflows(page, name, axe_source)

    return check


def save_screenshots(page: Page, name: str) -> None:
    """The whole page at phone and at desktop width; the tab is left at desktop width."""
    page.set_viewport_size(PHONE)
    page.screenshot(path=SCREENSHOTS / f"{name}-phone.png", full_page=True)
    page.set_viewport_size(DESKTOP)
    page.screenshot(path=SCREENSHOTS / f"{name}-desktop.png", full_page=True)


def _assert_accessible(page: Page, name: str, axe_source: str) -> None:
    # Evaluated over the DevTools protocol, which the page's Content-Security-Policy does not
    # govern: the product's policy stays as strict as it is for visitors.
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source)
    violations: list[dict[str, Any]] = page.evaluate(
        """options => axe.run(document, options).then(results => results.violations)""",
        {"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]},
    )
    assert not violations, f"{name} ({page.url}) breaks WCAG 2.1 AA rules:\n" + "\n".join(
        _violation(v) for v in violations
    )


DANGLING = """() => [...document.querySelectorAll('a[href^="#"]')]
  .map(a => a.getAttribute('href').slice(1))
  .filter(id => id && !document.getElementById(id))"""


def _assert_links_within_the_page_land(page: Page, name: str) -> None:
    """The skip link and every link of an error summary go to an element that exists."""
    dangling: list[str] = page.evaluate(DANGLING)
    assert not dangling, f"{name}: links to #{', #'.join(dangling)}, which the page does not have"


def _violation(violation: dict[str, Any]) -> str:
    nodes = "\n".join(
        f"    {' '.join(map(str, node['target']))}: {node.get('failureSummary', '')}".replace("\n", " ")
        for node in violation["nodes"]
    )
    return f"  {violation['id']} ({violation['impact']}): {violation['help']}\n{nodes}"


WIDER_THAN_WINDOW = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)
  .slice(0, 5)
  .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
    [...e.classList].map(c => '.' + c).join(''))"""


def _assert_reflows(page: Page, name: str, axe_source: str) -> None:
    """At 320 px wide, and at 200% zoom of a 1280 px wide window (WCAG 1.4.10 Reflow): nothing
    scrolls sideways, and at 320 px the page passes the same WCAG rules as at 1280 px (a table
    that scrolls in its own region must be reachable by keyboard there)."""
    page.set_viewport_size(NARROWEST)
    _assert_fits(page, f"{name} at 320 px wide")
    _assert_accessible(page, f"{name} at 320 px wide", axe_source)
    devtools = page.context.new_cdp_session(page)
    try:
        devtools.send("Emulation.setDeviceMetricsOverride", ZOOMED)
        _assert_fits(page, f"{name} at 200% zoom")
        devtools.send("Emulation.clearDeviceMetricsOverride")
    finally:
        devtools.detach()
        page.set_viewport_size(DESKTOP)


def _assert_fits(page: Page, where: str) -> None:
    fits = page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    if not fits:
        wide: list[str] = page.evaluate(WIDER_THAN_WINDOW)
        pytest.fail(f"{where}: the page scrolls sideways; too wide: {', '.join(wide)}")


def until_focused(page: Page, selector: str, *, tabs: int = 40) -> None:
    """Press Tab until the element `selector` has the focus, as a keyboard user would."""
    for _ in range(tabs):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement?.matches(s) ?? false", selector):
            return
    pytest.fail(f"{tabs} presses of Tab never reached {selector}")


def log_in(page: Page, hub: str, persona: Persona) -> None:
    """From the welcome page, through the dev IdP's page, back at the portal."""
    page.goto(hub)
    page.get_by_role("link", name="Aanmelden").click()
    choose_persona(page, persona)
    page.wait_for_url(f"{hub}/**")


def choose_persona(page: Page, persona: Persona) -> None:
    """On the dev IdP's page: who, with which key."""
    page.get_by_label(f"{persona.voornaam} {persona.achternaam} (INSZ {persona.insz})").check()
    page.get_by_label("eID (elektronische identiteitskaart)").check()
    page.get_by_role("button", name="Aanmelden").click()


def act_for(page: Page, hub: str, persona: Persona, vereniging: str) -> None:
    """Log in and choose on whose behalf: the overview of `vereniging`."""
    log_in(page, hub, persona)
    page.get_by_role("button", name=f"Verder als {vereniging}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Dag {persona.voornaam} {persona.achternaam}")
