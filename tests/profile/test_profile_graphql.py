"""The profile across connected systems, through GraphQL over real HTTP: the hub asks the KIOSK
sandbox and a sport federation's subgraph with tokens exchanged at the dev IdP, merges what they
know with the register, and starts a request with only the data the person chose to share."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from typing import Any

import httpx
import pytest
from pydantic import SecretStr
from sqlalchemy import Insert, Table, event

from connectors.sdk import Connector
from demo.personas import AN, DEMO_CLIENT_ID, PIETER
from hub.settings import Settings
from registry.associations.service import VerenigingenRegister
from registry.db import Database
from registry.toegangslog.tables import toegang_table
from tests.profile.stack import SECRET, World, ask, hub_for, token_for
from tests.routing.fakes import ManualClock
from tests.utils.servers import free_port

SCRAPER_TOKEN = "scraper-token-of-at-least-32-characters"
SCRAPER = {"Authorization": f"Bearer {SCRAPER_TOKEN}"}

PROFIEL = """
query($v: ID!) { vereniging(vCode: $v) {
  gekendeGegevens { feiten { naam waarde bron verouderd } conflicten { naam feiten { bron waarde } } }
  dossiers { totaal items { id status bron actieNodig uiterlijk link } }
} }
"""
DELING = """
query($v: ID!, $d: String!) {
  vereniging(vCode: $v) { delingVoorAanvraag(dienst: $d) { ontvanger gegevens { naam waarde } } }
}
"""
START = """
mutation($v: ID!, $d: String!, $g: [String!]!) {
  startAanvraag(vCode: $v, dienst: $d, gedeeldeGegevens: $g) { link deling { gegevens { naam } } }
}
"""
LOG = "query($v: ID!) { vereniging(vCode: $v) { toegangslog(first: 5) { items { handeling onderdeel } } } }"


async def test_the_profile_merges_the_register_kiosk_and_the_sport_federation(
    world: World, hub: httpx.AsyncClient
) -> None:
    token = await token_for(world, AN.insz)

    body = await ask(hub, token, PROFIEL, v="V0001001")

    assert "errors" not in body
    profiel = body["data"]["vereniging"]
    bronnen = {f["bron"] for f in profiel["gekendeGegevens"]["feiten"]}
    assert bronnen == {
        "Verenigingsregister",
        "KIOSK",
        "Sportfederatie",
        "Gemeente Gent",
        "Gemeente Liedekerke",
    }
    assert not any(f["verouderd"] for f in profiel["gekendeGegevens"]["feiten"])
    dossiers = profiel["dossiers"]["items"]
    assert profiel["dossiers"]["totaal"] == len(dossiers)
    assert {d["bron"] for d in dossiers} == {"kiosk", "gemeente-gent", "gemeente-liedekerke"}
    assert dossiers[0]["status"] == "actie_nodig"  # what needs the association first
    deadlines = [d["uiterlijk"] for d in dossiers if d["status"] == "actie_nodig"]
    assert deadlines == sorted(deadlines)
    kiosk_links = [d["link"] for d in dossiers if d["bron"] == "kiosk"]
    assert all(link.startswith(f"http://127.0.0.1:{world.ports.kiosk}/dossiers/") for link in kiosk_links)


async def test_another_association_is_closed_across_every_system(
    world: World, hub: httpx.AsyncClient
) -> None:
    token = await token_for(world, AN.insz)

    body = await ask(hub, token, PROFIEL, v="V0001002")

    assert body["data"]["vereniging"] == {"gekendeGegevens": None, "dossiers": None}
    assert {e["extensions"]["code"] for e in body["errors"]} == {"FORBIDDEN"}


async def test_a_request_starts_with_only_the_chosen_data_and_the_sharing_is_logged(
    world: World, hub: httpx.AsyncClient
) -> None:
    token = await token_for(world, PIETER.insz)
    offered = (await ask(hub, token, DELING, v="V0001002", d="kiosk/jeugdsport"))["data"]["vereniging"]

    started = await ask(hub, token, START, v="V0001002", d="kiosk/jeugdsport", g=["naam", "e-mail"])
    log = (await ask(hub, token, LOG, v="V0001002"))["data"]["vereniging"]["toegangslog"]["items"]

    gegevens = {g["naam"] for g in offered["delingVoorAanvraag"]["gegevens"]}
    assert offered["delingVoorAanvraag"]["ontvanger"] == "kiosk"
    assert {"naam", "vCode", "e-mail", "contactpersoon"} <= gegevens
    result = started["data"]["startAanvraag"]
    assert result["link"].startswith(f"http://127.0.0.1:{world.ports.kiosk}/aanvragen/")
    assert {g["naam"] for g in result["deling"]["gegevens"]} == {"naam", "e-mail"}
    assert ("gedeeld", "kiosk/jeugdsport: naam, e-mail") in {(e["handeling"], e["onderdeel"]) for e in log}


async def test_sharing_data_that_was_not_offered_is_refused(world: World, hub: httpx.AsyncClient) -> None:
    token = await token_for(world, PIETER.insz)

    refused = await ask(hub, token, START, v="V0001002", d="kiosk/jeugdsport", g=["naam", "wachtwoord"])

    assert refused["data"] is None
    error = refused["errors"][0]
    assert error["extensions"]["code"] == "VALIDATION_FAILED"
    assert error["extensions"]["fouten"][0]["veld"] == "gedeeldeGegevens"
    assert "wachtwoord" in error["extensions"]["fouten"][0]["melding"]


async def test_a_system_that_is_down_leaves_the_others_and_says_which_it_is(
    world: World, settings: Settings, db: Database, seeded: VerenigingenRegister
) -> None:
    kiosk, sport = world.services.connectors[:2]
    down = type(sport)(sport.config.model_copy(update={"base_url": f"http://127.0.0.1:{free_port()}"}))
    token = await token_for(world, AN.insz)

    async with await hub_for(world, settings, db, [kiosk, down]) as hub:
        body = await ask(hub, token, PROFIEL, v="V0001001")

    bronnen = {f["bron"] for f in body["data"]["vereniging"]["gekendeGegevens"]["feiten"]}
    assert bronnen == {"Verenigingsregister", "KIOSK"}
    assert body["data"]["vereniging"]["dossiers"]["totaal"] == 3
    assert [(e["path"], e["extensions"]) for e in body["errors"]] == [
        (["vereniging", "gekendeGegevens"], {"code": "SERVICE_UNAVAILABLE", "service": "sportfederatie"})
    ]
    assert "sportfederatie" in body["errors"][0]["message"]


class Flaky:
    """A remote that fails with 500 until told to recover, then answers like the real sandbox."""

    def __init__(self, real: str) -> None:
        self.real = real
        self.recovered = False

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        if not self.recovered:
            return httpx.Response(500, json={"detail": "storing"})
        async with httpx.AsyncClient() as client:
            answer = await client.send(
                httpx.Request(
                    request.method, f"{self.real}{request.url.raw_path.decode()}", headers=request.headers
                )
            )
        return httpx.Response(
            answer.status_code, content=answer.content, headers={"content-type": "application/json"}
        )


async def silent(_: httpx.Request) -> httpx.Response:
    """A system that never answers: only the hub's deadline ends the wait for it."""
    await asyncio.Event().wait()
    raise AssertionError("the wait for a system that never answers ended without a deadline")


def garbage(_: httpx.Request) -> httpx.Response:
    return httpx.Response(200, content=b"<html>onderhoud</html>", headers={"content-type": "text/html"})


async def test_slow_failing_and_garbled_systems_each_get_their_own_error(
    world: World, settings: Settings, db: Database, seeded: VerenigingenRegister
) -> None:
    kiosk = world.services.connectors[0]
    flaky = Flaky(f"http://127.0.0.1:{world.ports.kiosk}")

    def twin(name: str, handler: Any) -> Connector[Any]:
        return type(kiosk)(
            kiosk.config.model_copy(update={"name": name}), transport=httpx.MockTransport(handler)
        )

    connectors = [kiosk, twin("traag", silent), twin("kapot", flaky), twin("onzin", garbage)]
    token = await token_for(world, AN.insz)
    # The deadline ends the wait for the silent system; the real sandbox (and a token exchange
    # at the IdP) must answer well within it on a busy machine.
    quick = settings.model_copy(update={"routing_deadline_seconds": 3.0})
    query = 'query { vereniging(vCode: "V0001001") { dossiers { totaal items { bron } } } }'

    async with await hub_for(world, quick, db, connectors) as hub:
        first = await ask(hub, token, query)  # the silent system does not hold it back
        flaky.recovered = True
        second = await ask(hub, token, query)

    assert {i["bron"] for i in first["data"]["vereniging"]["dossiers"]["items"]} == {"kiosk"}
    assert {(e["extensions"]["service"], e["extensions"]["code"]) for e in first["errors"]} == {
        ("traag", "TIMEOUT"),
        ("kapot", "SERVICE_UNAVAILABLE"),
        ("onzin", "SERVICE_UNAVAILABLE"),
    }
    assert {i["bron"] for i in second["data"]["vereniging"]["dossiers"]["items"]} == {"kiosk", "kapot"}
    assert {e["extensions"]["service"] for e in second["errors"]} == {"traag", "onzin"}


async def test_the_reads_access_log_entry_is_written_while_the_systems_are_asked(
    world: World, settings: Settings, db: Database, seeded: VerenigingenRegister
) -> None:
    """The entry of a private read is written while the hub waits on the connected systems, not
    after their answers: a system that answers only once the entry's insert ran is answered."""
    kiosk = world.services.connectors[0]
    forward = Flaky(f"http://127.0.0.1:{world.ports.kiosk}")
    forward.recovered = True
    loop = asyncio.get_running_loop()
    inserted = asyncio.Event()

    def watch(_: object, statement: object, *__: object) -> None:
        if isinstance(statement, Insert) and statement.table is toegang_table:
            loop.call_soon_threadsafe(inserted.set)

    async def once_logged(request: httpx.Request) -> httpx.Response:
        # Were the entry written only after the answers, the hub's deadline would end this wait
        # and the system's facts would be missing.
        await inserted.wait()
        return await forward(request)

    logboek = type(kiosk)(
        kiosk.config.model_copy(update={"name": "logboek"}), transport=httpx.MockTransport(once_logged)
    )
    token = await token_for(world, AN.insz)
    query = 'query { vereniging(vCode: "V0001001") { gekendeGegevens { feiten { bron } } } }'
    event.listen(db.engine.sync_engine, "after_execute", watch)
    try:
        async with await hub_for(world, settings, db, [logboek]) as hub:
            answer = await ask(hub, token, query)
            log = await ask(hub, token, LOG, v="V0001001")
    finally:
        event.remove(db.engine.sync_engine, "after_execute", watch)

    assert "errors" not in answer, answer
    assert "KIOSK" in {f["bron"] for f in answer["data"]["vereniging"]["gekendeGegevens"]["feiten"]}
    items = log["data"]["vereniging"]["toegangslog"]["items"]
    assert {"handeling": "gelezen", "onderdeel": "gekendeGegevens"} in items


async def test_an_answer_withheld_for_want_of_its_log_entry_says_only_that(
    world: World,
    settings: Settings,
    db: Database,
    seeded: VerenigingenRegister,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """No data, and nothing the private fields met on the way either (a service's failure)."""
    kiosk = world.services.connectors[0]
    down = type(kiosk)(
        kiosk.config.model_copy(update={"name": "onbereikbaar"}),
        transport=httpx.MockTransport(Flaky(f"http://127.0.0.1:{world.ports.kiosk}")),
    )

    async def failing(table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(db, "append", failing)
    token = await token_for(world, AN.insz)

    async with await hub_for(world, settings, db, [kiosk, down]) as hub:
        answer = await ask(hub, token, PROFIEL, v="V0001001")

    assert answer["data"] is None
    assert [e["extensions"] for e in answer["errors"]] == [
        {"code": "ACCESS_LOG_UNAVAILABLE", "retryable": True}
    ]


async def test_a_system_the_idp_makes_no_token_for_is_a_configuration_error(
    world: World, settings: Settings, db: Database, seeded: VerenigingenRegister
) -> None:
    kiosk = world.services.connectors[0]
    stranger = type(kiosk)(kiosk.config.model_copy(update={"name": "vreemd", "audience": "niet-toegelaten"}))
    token = await token_for(world, AN.insz)
    query = 'query { vereniging(vCode: "V0001001") { dossiers { items { bron } } } }'

    async with await hub_for(world, settings, db, [kiosk, stranger]) as hub:
        body = await ask(hub, token, query)

    assert {i["bron"] for i in body["data"]["vereniging"]["dossiers"]["items"]} == {"kiosk"}
    assert [e["extensions"] for e in body["errors"]] == [
        {"code": "CONNECTOR_CONFIG_ERROR", "service": "vreemd"}
    ]


async def test_a_login_the_idp_no_longer_accepts_asks_to_log_in_again(
    world: World, settings: Settings, db: Database, seeded: VerenigingenRegister
) -> None:
    """Revoked at the IdP (logged out elsewhere), the token still passes the hub's own signature
    and expiry check; the exchange is refused, and that is the person's login, not the link."""
    token = await token_for(world, AN.insz)
    async with httpx.AsyncClient(auth=(DEMO_CLIENT_ID, SECRET)) as backend:
        revoked = await backend.post(f"{world.services.issuer}/revoke", data={"token": token})
    assert revoked.status_code == 200
    query = 'query { vereniging(vCode: "V0001001") { gekendeGegevens { feiten { bron } } } }'

    async with await hub_for(world, settings, db, world.services.connectors[:1]) as hub:
        body = await ask(hub, token, query)

    bronnen = {f["bron"] for f in body["data"]["vereniging"]["gekendeGegevens"]["feiten"]}
    assert bronnen == {"Verenigingsregister"}
    [error] = body["errors"]
    assert error["extensions"] == {"code": "TOKEN_REFUSED", "service": "kiosk"}
    assert "Meld u opnieuw aan" in error["message"]


def breaker_state(metrics: str, service: str) -> float:
    prefix = f'vloket_routing_breaker_state{{service="{service}"}}'
    line = next(line for line in metrics.splitlines() if line.startswith(prefix))
    return float(line.rsplit(" ", 1)[1])


async def test_the_breaker_opens_after_repeated_failures_and_closes_when_the_system_recovers(
    world: World, settings: Settings, db: Database, seeded: VerenigingenRegister
) -> None:
    kiosk = world.services.connectors[0]
    flaky = Flaky(f"http://127.0.0.1:{world.ports.kiosk}")
    calls = 0

    async def counted(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        return await flaky(request)

    twin = type(kiosk)(
        kiosk.config.model_copy(update={"name": "kapot"}), transport=httpx.MockTransport(counted)
    )
    forgiving = settings.model_copy(
        update={
            "routing_breaker_failures": 3,
            "routing_breaker_cooldown_seconds": 30.0,
            "routing_cache_seconds": 0.0,
            "metrics_token": SecretStr(SCRAPER_TOKEN),
        }
    )
    token = await token_for(world, AN.insz)
    query = 'query { vereniging(vCode: "V0001001") { dossiers { items { bron } } } }'

    def codes(body: dict[str, Any]) -> set[tuple[str, str]]:
        return {(e["extensions"]["service"], e["extensions"]["code"]) for e in body.get("errors", [])}

    clock = ManualClock()
    async with await hub_for(world, forgiving, db, [kiosk, twin], routing_clock=clock) as hub:
        failing = [await ask(hub, token, query) for _ in range(3)]
        calls_when_open = calls
        refused = await ask(hub, token, query)
        open_metrics = (await hub.get("/metrics", headers=SCRAPER)).text
        clock.advance(30.0)  # the cool-down
        flaky.recovered = True
        recovered = await ask(hub, token, query)
        closed_metrics = (await hub.get("/metrics", headers=SCRAPER)).text

    assert all(codes(body) == {("kapot", "SERVICE_UNAVAILABLE")} for body in failing)
    # Open: the system is not called at all, the query still answers with the others' data.
    assert codes(refused) == {("kapot", "CIRCUIT_OPEN")}
    assert calls == calls_when_open + 1  # only the trial call after the cool-down
    assert {i["bron"] for i in refused["data"]["vereniging"]["dossiers"]["items"]} == {"kiosk"}
    assert breaker_state(open_metrics, "kapot") == 2
    # After the cool-down one trial call goes through; it succeeds and the breaker closes.
    assert codes(recovered) == set()
    assert {i["bron"] for i in recovered["data"]["vereniging"]["dossiers"]["items"]} == {"kiosk", "kapot"}
    assert breaker_state(closed_metrics, "kapot") == 0
