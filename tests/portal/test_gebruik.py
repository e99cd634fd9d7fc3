"""The operators' usage page: for whoever runs the loket (the login role `VloketBeheerder`), the
figures of `vloket rapport` per month and per service or page, and the same as CSV; refused to
everyone else; months checked and bounded."""

from __future__ import annotations

import csv
import io

import httpx

from demo.personas import KARIM, PIETER
from registry.kalender import vandaag
from registry.rapport.report import KOLOMMEN
from tests.portal.conftest import Portaal


async def test_an_operator_sees_usage_per_month_and_downloads_it_as_csv(
    portaal: Portaal, browser: httpx.AsyncClient
) -> None:
    await portaal.log_in(browser, KARIM.insz)
    deze_maand = vandaag().strftime("%Y-%m")

    pagina = await portaal.get(browser, "/beheer/gebruik")
    bestand = await portaal.get(browser, "/beheer/gebruik.csv", van=deze_maand, tot=deze_maand)
    rijen = list(csv.reader(io.StringIO(bestand.text)))

    assert pagina.status_code == 200
    assert 'href="/beheer/gebruik" aria-current="page"' in pagina.text  # in the menu
    assert "<h1>Gebruik van het loket</h1>" in pagina.text
    assert "Aanvragen gestart, per dienst" in pagina.text
    assert bestand.status_code == 200
    assert bestand.headers["content-type"] == "text/csv; charset=utf-8"
    assert (
        bestand.headers["content-disposition"]
        == f'attachment; filename="gebruik-{deze_maand}-{deze_maand}.csv"'
    )
    assert tuple(rijen[0]) == KOLOMMEN
    logins = [int(r[3]) for r in rijen[1:] if r[0] == deze_maand and r[1] == "aanmeldingen"]
    assert logins
    assert logins[0] >= 1  # Karim's own login at least
    assert KARIM.insz not in bestand.text
    assert KARIM.insz not in pagina.text


async def test_the_usage_page_is_refused_to_everyone_who_does_not_run_the_loket(
    portaal: Portaal, browser: httpx.AsyncClient
) -> None:
    anoniem = await portaal.get(browser, "/beheer/gebruik")
    anoniem_csv = await portaal.get(browser, "/beheer/gebruik.csv")
    await portaal.log_in(browser, PIETER.insz)
    vertegenwoordiger = await portaal.get(browser, "/beheer/gebruik")
    vertegenwoordiger_csv = await portaal.get(browser, "/beheer/gebruik.csv")

    assert anoniem.status_code == 303
    assert anoniem.headers["location"].startswith("/auth/login")
    assert anoniem_csv.status_code == 303
    assert vertegenwoordiger.status_code == 403
    assert "Alleen voor wie het V-loket beheert" in vertegenwoordiger.text
    assert 'href="/beheer/gebruik"' not in vertegenwoordiger.text
    assert vertegenwoordiger_csv.status_code == 403


async def test_months_that_cannot_be_are_said_and_a_span_is_bounded(
    portaal: Portaal, browser: httpx.AsyncClient
) -> None:
    await portaal.log_in(browser, KARIM.insz)

    verkeerd = await portaal.get(browser, "/beheer/gebruik", van="2026-13", tot="2026-12")
    omgekeerd = await portaal.get(browser, "/beheer/gebruik", van="2026-12", tot="2026-01")
    te_lang = await portaal.get(browser, "/beheer/gebruik", van="2020-01", tot="2026-12")
    csv_te_lang = await portaal.get(browser, "/beheer/gebruik.csv", van="1900-01", tot="2026-12")
    drie_jaar = await portaal.get(browser, "/beheer/gebruik", van="2024-01", tot="2026-12")

    vreemd = [
        await portaal.get(browser, pad, van=van, tot=tot)
        for pad in ("/beheer/gebruik", "/beheer/gebruik.csv")
        for van, tot in (
            ("0000-01", "0000-01"),
            ("9999-12", "9999-12"),
            ("", "0001-05"),
            ("\u0662\u0660\u0662\u0666-01", "\u0662\u0660\u0662\u0666-12"),  # Arabic-Indic digits
            ("\uff12\uff10\uff12\uff16-01", "2026-12"),  # fullwidth digits
        )
    ]

    for geweigerd in (verkeerd, omgekeerd, *vreemd):
        assert geweigerd.status_code == 400, geweigerd.request.url
        assert "Kies maanden als jjjj-mm" in geweigerd.text
    assert te_lang.status_code == 400
    assert "Kies hoogstens 36 maanden tegelijk." in te_lang.text
    assert csv_te_lang.status_code == 400
    assert drie_jaar.status_code == 200
