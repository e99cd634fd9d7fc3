"""The access log: each private read and each change, with who, when, for whom, through which
client; readable by the association's representatives only, and not editable through the API."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import Table
from sqlalchemy.ext.asyncio import AsyncSession

from demo.personas import AN, LOTTE, MOHAMED
from registry.db import Database
from registry.toegangslog.service import AccessLogUnavailable, Handeling, Toegang, Toegangslog
from tests.auth.test_on_whose_behalf import KIES, PRIVATE, PUBLIC, WIJZIG, codes, person
from tests.utils.token_forge import TokenForge

LOG = """
query($v: ID!, $first: Int, $after: String) {
  vereniging(vCode: $v) {
    toegangslog(first: $first, after: $after) {
      items { tijdstip handeling onderdeel door doorNaam namens clientId }
      volgende
    }
  }
}
"""


async def test_private_reads_and_changes_are_logged_with_who_for_whom_and_client(
    api: httpx.AsyncClient, forge: TokenForge
) -> None:
    lotte = person(api, forge, LOTTE, client_id="portaal")
    await lotte(KIES, v="V0001001")
    await lotte(PRIVATE, v="V0001001")
    versie = (await lotte(PUBLIC, v="V0001001"))["data"]["vereniging"]["versie"]
    await lotte(WIJZIG, v="V0001001", versie=versie)

    an = person(api, forge, AN, client_id="boekhouding")
    log = (await an(LOG, v="V0001001", first=10))["data"]["vereniging"]["toegangslog"]

    entries = [(e["handeling"], e["onderdeel"], e["door"], e["namens"], e["clientId"]) for e in log["items"]]
    assert entries == [
        ("gewijzigd", "wijzigBasisgegevens", LOTTE.insz, "V0001001", "portaal"),
        ("gelezen", "vertegenwoordigers", LOTTE.insz, "V0001001", "portaal"),
    ]
    assert log["items"][0]["doorNaam"] == "Lotte Claes"
    moment = datetime.fromisoformat(log["items"][0]["tijdstip"])
    assert abs(datetime.now(UTC) - moment) < timedelta(minutes=1)


async def test_reading_the_log_is_itself_logged(api: httpx.AsyncClient, forge: TokenForge) -> None:
    an = person(api, forge, AN)
    await an(LOG, v="V0001001")

    second = (await an(LOG, v="V0001001"))["data"]["vereniging"]["toegangslog"]["items"]

    assert [(e["handeling"], e["onderdeel"]) for e in second] == [("gelezen", "toegangslog")]


async def test_public_reads_and_refused_reads_are_not_logged(
    api: httpx.AsyncClient, forge: TokenForge
) -> None:
    await person(api, forge, MOHAMED)(PUBLIC, v="V0001001")
    await person(api, forge, MOHAMED)(PRIVATE, v="V0001001")

    log = (await person(api, forge, AN)(LOG, v="V0001001"))["data"]["vereniging"]["toegangslog"]

    assert log["items"] == []


async def test_the_log_is_private(api: httpx.AsyncClient, forge: TokenForge) -> None:
    anonymous = (await api.post("/graphql", json={"query": LOG, "variables": {"v": "V0001001"}})).json()
    stranger = await person(api, forge, MOHAMED)(LOG, v="V0001001")

    assert codes(anonymous) == {"UNAUTHENTICATED"}
    assert codes(stranger) == {"FORBIDDEN"}
    assert stranger["data"]["vereniging"]["toegangslog"] is None


async def test_the_log_pages_newest_first(api: httpx.AsyncClient, forge: TokenForge) -> None:
    an = person(api, forge, AN)
    for _ in range(3):
        await an(PRIVATE, v="V0001001")  # one entry per request
    first = (await an(LOG, v="V0001001", first=2))["data"]["vereniging"]["toegangslog"]
    rest = (await an(LOG, v="V0001001", first=2, after=first["volgende"]))["data"]["vereniging"][
        "toegangslog"
    ]

    assert len(first["items"]) == 2
    assert len(rest["items"]) == 1
    assert rest["volgende"] is None


async def test_a_bad_cursor_or_page_size_is_a_clear_error(api: httpx.AsyncClient, forge: TokenForge) -> None:
    an = person(api, forge, AN)

    bad_cursor = await an(LOG, v="V0001001", after="nonsense")
    too_many = await an(LOG, v="V0001001", first=100000)

    assert codes(bad_cursor) == {"VALIDATION_FAILED"}
    assert bad_cursor["errors"][0]["extensions"]["fouten"][0]["veld"] == "after"
    assert codes(too_many) == {"VALIDATION_FAILED"}
    assert too_many["errors"][0]["extensions"]["fouten"][0]["veld"] == "first"


async def test_no_mutation_can_edit_the_log(api: httpx.AsyncClient) -> None:
    schema = (
        await api.post("/graphql", json={"query": "{ __schema { mutationType { fields { name } } } }"})
    ).json()

    names = [field["name"].lower() for field in schema["data"]["__schema"]["mutationType"]["fields"]]
    assert not [name for name in names if "toegang" in name or "log" in name]


def _entry() -> Toegang:
    return Toegang(
        v_code="V0001001",
        handeling=Handeling.GELEZEN,
        onderdeel="vertegenwoordigers",
        door=AN.insz,
        door_naam="An Janssens",
        namens="V0001001",
        client_id="portaal",
    )


@dataclass
class HeldWrites:
    """The batches appended to a database: each waits for `release` once `entered` is set."""

    entered: asyncio.Event = field(default_factory=asyncio.Event)
    release: asyncio.Event = field(default_factory=asyncio.Event)
    batches: list[int] = field(default_factory=list)
    """Rows per batch written."""
    progress: asyncio.Condition = field(default_factory=asyncio.Condition)

    async def written(self, rows: int) -> None:
        """Returns once `rows` rows in all have been written."""
        async with self.progress:
            await self.progress.wait_for(lambda: sum(self.batches) >= rows)


def hold_writes(db: Database, monkeypatch: pytest.MonkeyPatch) -> HeldWrites:
    held = HeldWrites()
    append = db.append

    async def held_append(table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
        held.entered.set()
        await held.release.wait()
        await append(table, rows)
        async with held.progress:
            held.batches.append(len(rows))
            held.progress.notify_all()

    monkeypatch.setattr(db, "append", held_append)
    return held


async def test_an_entry_is_committed_before_it_is_noted(db: Database) -> None:
    writer, other_reader = Toegangslog(db), Toegangslog(db)

    await writer.schrijf([_entry()])

    assert len((await other_reader.lees("V0001001", first=10)).items) == 1


async def test_a_private_read_is_in_the_log_by_the_time_its_answer_arrives(
    api: httpx.AsyncClient, forge: TokenForge, db: Database
) -> None:
    await person(api, forge, AN)(PRIVATE, v="V0001001")

    # Read by another reader, as after a crash: nothing was left to write.
    logged = (await Toegangslog(db).lees("V0001001", first=10)).items
    assert [(t.door, t.handeling) for t in logged] == [(AN.insz, Handeling.GELEZEN)]


async def test_what_is_noted_while_a_write_is_under_way_shares_the_next_write(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    writer = Toegangslog(db)
    held = hold_writes(db, monkeypatch)
    first = asyncio.ensure_future(writer.schrijf([_entry()]))
    await held.entered.wait()  # the first write has taken its row and waits
    others = [asyncio.ensure_future(writer.schrijf([_entry()])) for _ in range(3)]
    await asyncio.sleep(0)  # each of the three notes its row

    held.release.set()
    await asyncio.gather(first, *others)

    assert held.batches == [1, 3]


async def test_a_failed_write_fails_the_requests_in_it_and_the_next_write_goes_on(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    writer = Toegangslog(db)
    append = db.append
    failures = [OSError("disk full")]

    async def failing_once(table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
        if failures:
            raise failures.pop()
        await append(table, rows)

    monkeypatch.setattr(db, "append", failing_once)

    with pytest.raises(AccessLogUnavailable):
        await writer.schrijf([_entry()])
    await writer.schrijf([_entry()])

    assert len((await Toegangslog(db).lees("V0001001", first=10)).items) == 1


async def test_a_write_cut_short_tells_every_request_waiting_on_it_and_the_next_write_goes_on(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    writer = Toegangslog(db)
    append = db.append
    entered, release = asyncio.Event(), asyncio.Event()
    cut = [asyncio.CancelledError()]

    async def cut_short_once(table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
        if cut:
            entered.set()
            await release.wait()
            raise cut.pop()
        await append(table, rows)

    monkeypatch.setattr(db, "append", cut_short_once)
    first = asyncio.ensure_future(writer.schrijf([_entry()]))
    await entered.wait()
    meanwhile = asyncio.ensure_future(writer.schrijf([_entry()]))
    await asyncio.sleep(0)  # it takes its first step: noted for the next write
    release.set()

    outcomes = await asyncio.gather(first, meanwhile, return_exceptions=True)
    await writer.schrijf([_entry()])

    assert [type(outcome) for outcome in outcomes] == [AccessLogUnavailable, AccessLogUnavailable]
    assert len((await Toegangslog(db).lees("V0001001", first=10)).items) == 1


async def test_a_private_read_whose_entry_cannot_be_written_answers_no_data(
    api: httpx.AsyncClient, forge: TokenForge, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def failing(table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(db, "append", failing)

    answer = await api.post(
        "/graphql",
        json={"query": PRIVATE, "variables": {"v": "V0001001"}},
        headers={"Authorization": f"Bearer {forge.token(AN)}"},
    )

    body = answer.json()
    assert body["data"] is None
    assert [e["extensions"] for e in body["errors"]] == [
        {"code": "ACCESS_LOG_UNAVAILABLE", "retryable": True}
    ]
    assert AN.insz not in answer.text


async def test_a_read_waits_for_a_batch_being_written(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    writer = Toegangslog(db)
    held = hold_writes(db, monkeypatch)
    read = db.read
    read_after_release: list[bool] = []

    def noted_read() -> AbstractAsyncContextManager[AsyncSession]:
        read_after_release.append(held.release.is_set())
        return read()

    monkeypatch.setattr(db, "read", noted_read)
    noting = asyncio.ensure_future(writer.schrijf([_entry()]))
    await held.entered.wait()
    reading = asyncio.ensure_future(writer.lees("V0001001", first=10))
    await asyncio.sleep(0)  # the read takes its first step: a read that did not wait reads now
    held.release.set()

    assert len((await reading).items) == 1
    assert read_after_release == [True]  # it waited for the row being written instead of missing it
    await noting
