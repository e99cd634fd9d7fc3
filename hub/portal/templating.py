"""The template environment, one per language: the pages' words from the portal's catalogs, the
register's code lists in the visitor's words, dates, times and periods as the visitor writes
them, and every printed value neutralised."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import cache

from babel.dates import format_date, format_datetime
from babel.units import format_unit
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from hub.portal import woorden
from hub.portal.i18n import translations
from registry.i18n import Language
from registry.kalender import BRUSSEL
from registry.text import neutralise


@cache
def environment(taal: Language) -> Environment:
    env = Environment(
        loader=PackageLoader("hub.portal"),
        autoescape=select_autoescape(default=True),
        extensions=["jinja2.ext.i18n"],
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_shown,
    )
    env.install_gettext_translations(translations(taal), newstyle=True)  # type: ignore[attr-defined]
    gettext = translations(taal).gettext
    # The register's code lists in the visitor's words, for every template.
    env.globals["ACTIVITEITEN"] = {code: gettext(naam) for code, naam in woorden.ACTIVITEITEN.items()}
    env.globals["VERENIGINGSTYPES"] = {code: gettext(naam) for code, naam in woorden.VERENIGINGSTYPES.items()}
    env.filters["datum"] = lambda value: _datum(value, taal)
    env.filters["tijdstip"] = lambda value: _tijdstip(value, taal)
    env.filters["duur"] = lambda value: _duur(value, taal)
    return env


def _shown(value: object) -> object:
    """Every value a template prints, neutralised (`registry.text.neutralise`): text stored
    before the register refused control and bidirectional characters cannot reach a page. Markup
    too (a translated sentence holds its parameters), and it stays markup."""
    return neutralise(value) if isinstance(value, str) else value


def _datum(value: date | datetime | None, taal: Language) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    return format_date(value, format="long", locale=taal)


DUUR_EENHEDEN = (("duration-day", 86_400), ("duration-hour", 3600), ("duration-minute", 60))


def _duur(value: timedelta, taal: Language) -> str:
    """A period exactly, in the largest unit it is a whole number of (36 hours, never
    "2 days"): what a legal page states must not be rounded."""
    seconden = int(value.total_seconds())
    for eenheid, grootte in DUUR_EENHEDEN:
        if seconden and seconden % grootte == 0:
            return str(format_unit(seconden // grootte, eenheid, locale=taal))
    return str(format_unit(seconden, "duration-second", locale=taal))


def _tijdstip(value: datetime | None, taal: Language) -> str:
    if value is None:
        return ""
    return format_datetime(value, format="d MMM y, HH:mm", locale=taal, tzinfo=BRUSSEL)
