"""What associations think of a publisher's offerings: Griet (Gent) sees the ratings and
comments given on Gent's offering pages, a month at a time; Jef (another municipality) does not
see them, and someone without a publisher role is refused."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, time, timedelta

import httpx

from demo.personas import AN, GRIET, JEF
from registry.db import Database
from registry.feedback import Feedback, FeedbackBericht
from registry.kalender import vandaag
from tests.portal.conftest import Portaal

VAN_GENT = 'query { diensten(bestuur: "44021", first: 1) { nodes { id titel } } }'


async def een_aanbod_van_gent(portaal: Portaal) -> tuple[str, str]:
    async with httpx.AsyncClient(timeout=30) as client:
        answer = await client.post(f"{portaal.hub}/graphql", json={"query": VAN_GENT})
    [node] = answer.json()["data"]["diensten"]["nodes"]
    return node["id"], node["titel"]


async def test_a_publisher_sees_the_feedback_on_their_own_offerings_by_month(
    portaal: Portaal, browser: httpx.AsyncClient
) -> None:
    dienst_id, titel = await een_aanbod_van_gent(portaal)
    opmerking, vroeger = f"Duidelijke uitleg {uuid.uuid4().hex[:8]}", f"Oud {uuid.uuid4().hex[:8]}"
    pagina = await portaal.get(browser, f"/aanbod/{dienst_id}")  # anyone, not logged in
    sent = await portaal.post(
        browser,
        "/feedback",
        {"pagina": f"/aanbod/{dienst_id}", "dienst": dienst_id, "oordeel": "goed", "tekst": opmerking},
        van=pagina,
    )
    assert sent.status_code == 200, sent.text
    twee_maanden_terug = (vandaag().replace(day=1) - timedelta(days=40)).replace(day=15)
    db = Database(portaal.settings.database_url)
    try:
        await Feedback(db).bewaar(
            FeedbackBericht(
                pagina=f"/aanbod/{dienst_id}",
                tekst=vroeger,
                taal="nl",
                oordeel="slecht",
                dienst=dienst_id,
                tijdstip=datetime.combine(twee_maanden_terug, time(12), tzinfo=UTC),
            )
        )
    finally:
        await db.dispose()

    await portaal.log_in(browser, GRIET.insz)
    lijst = await portaal.get(browser, "/beheer/aanbod")
    deze_maand = await portaal.get(browser, "/beheer/feedback")
    die_maand = await portaal.get(browser, "/beheer/feedback", maand=twee_maanden_terug.strftime("%Y-%m"))

    assert 'href="/beheer/feedback"' in lijst.text
    assert deze_maand.status_code == die_maand.status_code == 200
    assert opmerking in deze_maand.text
    assert vroeger not in deze_maand.text
    assert vroeger in die_maand.text
    assert opmerking not in die_maand.text
    rij = re.search(
        rf'<th scope="row"><a href="/beheer/aanbod/{dienst_id}" lang="nl">[^<]+</a></th>(.*?)</tr>',
        deze_maand.text,
        re.S,
    )
    assert rij, deze_maand.text
    goed, kan_beter, slecht, zonder, samen = map(int, re.findall(r"<td>(\d+)</td>", rij.group(1)))
    assert goed >= 1
    assert samen == goed + kan_beter + slecht + zonder
    assert titel in deze_maand.text


async def test_another_administration_and_people_without_the_role_do_not_see_it(
    portaal: Portaal, browser: httpx.AsyncClient
) -> None:
    dienst_id, _ = await een_aanbod_van_gent(portaal)
    opmerking = f"Alleen voor Gent {uuid.uuid4().hex[:8]}"
    pagina = await portaal.get(browser, f"/aanbod/{dienst_id}")
    await portaal.post(
        browser,
        "/feedback",
        {"pagina": f"/aanbod/{dienst_id}", "dienst": dienst_id, "tekst": opmerking},
        van=pagina,
    )

    await portaal.log_in(browser, JEF.insz)
    jef = await portaal.get(browser, "/beheer/feedback")
    async with httpx.AsyncClient(timeout=30) as other:
        await portaal.log_in(other, AN.insz)
        an = await portaal.get(other, "/beheer/feedback")
    fout = await portaal.get(browser, "/beheer/feedback", maand="1999-13")

    assert jef.status_code == 200
    assert opmerking not in jef.text
    assert an.status_code == 403
    assert fout.status_code == 400
    assert "Kies een maand uit de lijst." in fout.text
