"""What an anonymous stranger can send, against a running hub over real HTTP: every attack is
refused with a clear error before any SQL runs (counted by the database engine's own events),
nothing answers `INTERNAL_SERVER_ERROR`, and `/healthz` on the same process answers right after.

Each test runs on SQLite and PostgreSQL: the stores differ in what an unbounded input would
break first (SQL variables, expression depth, pattern length).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import event

from demo.personas import AN
from hub.app import create_app
from hub.settings import Settings
from tests.utils.factories import REGISTREER, registratie
from tests.utils.hub_process import hub_process
from tests.utils.principals import PrincipalSwitch
from tests.utils.servers import serving

LIMITS = Settings()


@dataclass
class Statements:
    """Every SQL statement the hub's engines send."""

    seen: list[str] = field(default_factory=list)

    def __call__(self, _connection: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        self.seen.append(statement)


@dataclass
class Hub:
    http: httpx.AsyncClient
    statements: Statements
    principal: PrincipalSwitch

    async def post(self, body: bytes | str, **headers: str) -> httpx.Response:
        content = body.encode() if isinstance(body, str) else body
        return await self.http.post(
            "/graphql", content=content, headers={"content-type": "application/json", **headers}
        )

    async def graphql(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        response = await self.post(json.dumps({"query": query, "variables": variables or {}}))
        assert response.status_code == 200, response.text[:500]
        body: dict[str, Any] = response.json()
        return body

    async def refused(
        self, query: str, variables: dict[str, Any] | None = None, *, code: str
    ) -> list[dict[str, Any]]:
        """The errors of an operation that must be refused with `code` before any SQL."""
        before = len(self.statements.seen)
        body = await self.graphql(query, variables)
        assert body.get("data") is None, body
        errors: list[dict[str, Any]] = body["errors"]
        assert [e["extensions"]["code"] for e in errors] == [code] * len(errors), errors
        assert self.statements.seen[before:] == []
        await self.healthy()
        return errors

    async def too_large(self, body: bytes) -> dict[str, Any]:
        """The answer to a body over `HUB_MAX_BODY_BYTES`: 413, before any SQL."""
        before = len(self.statements.seen)
        response = await self.post(body)
        assert response.status_code == 413
        assert self.statements.seen[before:] == []
        await self.healthy()
        answer: dict[str, Any] = response.json()
        return answer

    async def healthy(self) -> None:
        assert (await self.http.get("/healthz")).json() == {"status": "ok"}


@pytest.fixture
def hub_settings(settings: Settings, database_url: str) -> Settings:
    return settings.model_copy(update={"database_url": database_url})


@pytest.fixture
async def hub(hub_settings: Settings) -> AsyncIterator[Hub]:
    principal = PrincipalSwitch()
    app = create_app(hub_settings, principal_resolver=principal)
    statements = Statements()
    database = app.state.database
    for engine in database.engines:
        event.listen(engine, "before_cursor_execute", statements)
    with serving(app) as base:
        async with httpx.AsyncClient(base_url=base, timeout=60) as http:
            hub = Hub(http, statements, principal)
            await hub.healthy()
            yield hub


def fan_out(n: int) -> str:
    """Fragment Fk spreads F(k+1) twice: 2**n selections of `__typename` in 1 KB or so."""
    fragments = "\n".join(f"fragment F{k} on Query {{ ...F{k + 1} ...F{k + 1} }}" for k in range(n))
    return f"query {{ ...F0 }}\n{fragments}\nfragment F{n} on Query {{ __typename }}"


@pytest.mark.parametrize("n", [20, 30, 60])
async def test_fragment_fan_out_is_refused_by_its_expanded_size(hub: Hub, n: int) -> None:
    errors = await hub.refused(fan_out(n), code="QUERY_TOO_COMPLEX")
    [error] = [e for e in errors if e["extensions"]["limiet"] == "fields"]

    assert error["extensions"]["limiet"] == "fields"
    assert error["extensions"]["maximum"] == LIMITS.graphql_max_fields
    assert error["extensions"]["gemeten"] > LIMITS.graphql_max_fields
    assert str(LIMITS.graphql_max_fields) in error["message"]


async def test_introspection_fan_out_is_refused(hub: Hub) -> None:
    level = "fields {{ name type {{ name ofType {{ name fields {{ name type {{ {} }} }} }} }} }}"
    inner = "name"
    for _ in range(6):
        inner = level.format(inner)
    query = f'{{ __type(name: "Vereniging") {{ {inner} }} }}'

    errors = await hub.refused(query, code="QUERY_TOO_COMPLEX")

    assert {e["extensions"]["limiet"] for e in errors} & {"fields", "depth", "cost"}


async def test_the_same_field_ten_thousand_times_is_refused(hub: Hub) -> None:
    written = "{ " + "__typename " * 10_000 + "}"
    repeated = (
        "query { ...R ...R }\nfragment R on Query { "
        + " ".join(["__typename"] * (LIMITS.graphql_max_repeats + 1))
        + " }"
    )

    [too_long] = await hub.refused(written, code="QUERY_TOO_COMPLEX")
    [too_often] = await hub.refused(repeated, code="QUERY_TOO_COMPLEX")

    assert too_long["extensions"]["limiet"] == "bytes"
    assert too_often["extensions"]["limiet"] == "repeats"
    assert "__typename" in too_often["message"]


async def test_a_thousand_aliases_are_refused(hub: Hub) -> None:
    written = "{ " + " ".join(f"a{n}: __typename" for n in range(1000)) + " }"
    # Aliases of a fragment count wherever it is spread: 40 of them, spread 20 times.
    spread = (
        "query { " + " ".join(f'f{n}: __type(name: "Vereniging") {{ ...A }}' for n in range(20)) + " }\n"
        "fragment A on __Type { " + " ".join(f"a{n}: name" for n in range(40)) + " }"
    )

    [too_long] = await hub.refused(written, code="QUERY_TOO_COMPLEX")
    [too_many] = await hub.refused(spread, code="QUERY_TOO_COMPLEX")

    assert too_long["extensions"]["limiet"] == "tokens"  # 3 tokens an alias: refused as it is read
    assert too_many["extensions"] == {
        "code": "QUERY_TOO_COMPLEX",
        "limiet": "aliases",
        "maximum": LIMITS.graphql_max_aliases,
        "gemeten": 820,
    }


async def test_a_20_mb_body_is_refused_before_it_is_read(hub: Hub) -> None:
    body = json.dumps({"query": "{ __typename }", "variables": {"x": "a" * 20_000_000}}).encode()

    answer = await hub.too_large(body)

    assert answer["errors"][0]["extensions"] == {
        "code": "PAYLOAD_TOO_LARGE",
        "maximum": LIMITS.max_body_bytes,
    }


async def test_a_body_sent_in_chunks_is_refused_once_it_passes_the_limit(hub: Hub) -> None:
    sent: list[int] = []

    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(400):  # 40 MB if it were all read
            sent.append(1)
            yield b" " * 100_000

    response = await hub.http.post("/graphql", content=chunks(), headers={"content-type": "application/json"})

    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"
    await hub.healthy()


def test_sixty_distinct_5_mb_documents_leave_no_memory_behind(tmp_path: Path) -> None:
    padding = b"x" * 5_000_000
    with hub_process(tmp_path) as hub, httpx.Client(base_url=hub.url, timeout=60) as http:
        http.post("/graphql", json={"query": "{ __typename }"}).raise_for_status()
        start = hub.rss_bytes()

        answers = [
            http.post("/graphql", content=b'{"query": "{ __typename } #%d ' % n + padding + b'"}')
            for n in range(60)
        ]

        assert {a.status_code for a in answers} == {413}
        assert hub.rss_bytes() - start < 50 * 1024 * 1024
        assert http.get("/healthz").json() == {"status": "ok"}


@pytest.mark.parametrize("field_name", ["verenigingen", "diensten"])
async def test_half_a_million_search_words_are_refused(hub: Hub, field_name: str) -> None:
    total = "totaal" if field_name == "verenigingen" else "totalCount"
    query = f"query($q: String) {{ {field_name}(zoekterm: $q) {{ {total} }} }}"
    many = " ".join(["a"] * 500_000)
    within_the_body = " ".join(["a"] * 20_000)
    eleven = " ".join(["kaas"] * 11)

    await hub.too_large(json.dumps({"query": query, "variables": {"q": many}}).encode())
    [long_term] = await hub.refused(query, {"q": within_the_body}, code="VALIDATION_FAILED")
    before = len(hub.statements.seen)
    body = await hub.graphql(query, {"q": eleven})

    assert long_term["extensions"]["fouten"][0]["veld"] == "$q"
    assert long_term["extensions"]["fouten"][0]["code"] == "te_lang"
    [too_many_words] = body["errors"]
    assert too_many_words["extensions"]["code"] == "VALIDATION_FAILED"
    assert too_many_words["extensions"]["fouten"][0] == {
        "veld": "zoekterm",
        "code": "te_veel_woorden",
        "melding": "Zoek met hoogstens 10 woorden (hier: 11).",
    }
    assert hub.statements.seen[before:] == []


@pytest.mark.parametrize("filter_name", ["gemeenten", "postcodes"])
async def test_two_hundred_thousand_filter_values_are_refused(hub: Hub, filter_name: str) -> None:
    query = f"query($v: [String!]) {{ verenigingen({filter_name}: $v) {{ totaal }} }}"
    values = [str(1000 + n % 9000) for n in range(200_000)]

    await hub.too_large(json.dumps({"query": query, "variables": {"v": values}}).encode())
    [error] = await hub.refused(query, {"v": values[:51]}, code="VALIDATION_FAILED")
    written = "{ verenigingen(" + filter_name + ": [" + ", ".join(['"9000"'] * 51) + "]) { totaal } }"
    [in_the_document] = await hub.refused(written, code="VALIDATION_FAILED")

    assert error["extensions"]["fouten"] == [
        {"veld": "$v", "code": "te_veel", "melding": "Deze lijst kan hoogstens 50 items bevatten (hier: 51)."}
    ]
    assert in_the_document["extensions"]["fouten"][0]["veld"] == filter_name


async def test_two_hundred_thousand_representations_are_refused(hub: Hub) -> None:
    query = "query($r: [_Any!]!) { _entities(representations: $r) { ... on Vereniging { naam } } }"
    representation = {"__typename": "Vereniging", "vCode": "V0001001"}
    over = LIMITS.graphql_max_representations + 1

    await hub.too_large(json.dumps({"query": query, "variables": {"r": [representation] * 200_000}}).encode())
    [error] = await hub.refused(query, {"r": [representation] * over}, code="VALIDATION_FAILED")

    assert error["extensions"]["fouten"][0]["code"] == "te_veel"
    assert (
        f"hoogstens {LIMITS.graphql_max_representations} items" in error["extensions"]["fouten"][0]["melding"]
    )


async def test_eight_thousand_locaties_are_refused(hub: Hub) -> None:
    hub.principal.person(AN)
    locatie = registratie()["locaties"][0] | {"isPrimair": False}
    invoer = registratie(locaties=[locatie] * 8000)
    few_too_many = registratie(locaties=[locatie] * 51)

    await hub.too_large(json.dumps({"query": REGISTREER, "variables": {"input": invoer}}).encode())
    [error] = await hub.refused(REGISTREER, {"input": few_too_many}, code="VALIDATION_FAILED")

    assert error["extensions"]["fouten"][0]["veld"] == "$input.locaties"
    assert error["extensions"]["fouten"][0]["code"] == "te_veel"


@pytest.mark.parametrize(
    ("overrides", "veld", "code"),
    [
        pytest.param({"naam": "Honden\x00club"}, "naam", "controleteken", id="nul"),
        pytest.param({"naam": "Honden\x1b[2Jclub\x07"}, "naam", "controleteken", id="esc-bel"),
        pytest.param({"naam": "Hondenclub \u202egnuoj"}, "naam", "richtingsteken", id="bidi-override"),
        pytest.param({"naam": "\u200b\u200b\u200b"}, "naam", "verplicht", id="only-zero-width"),
        pytest.param({"startdatum": "0001-01-01"}, "startdatum", "datum_buiten_bereik", id="year-1"),
        pytest.param(
            {
                "locaties": [
                    registratie()["locaties"][0]
                    | {"adres": registratie()["locaties"][0]["adres"] | {"postcode": "ABCDEFG"}}
                ]
            },
            "locaties[0].adres.postcode",
            "ongeldige_postcode",
            id="postcode",
        ),
    ],
)
async def test_text_that_is_not_text_is_refused_before_anything_is_stored(
    hub: Hub, overrides: dict[str, Any], veld: str, code: str
) -> None:
    hub.principal.person(AN)

    [error] = await hub.refused(REGISTREER, {"input": registratie(**overrides)}, code="VALIDATION_FAILED")

    assert [(f["veld"], f["code"]) for f in error["extensions"]["fouten"]] == [(veld, code)]
    shown = [error["message"], *(f["melding"] for f in error["extensions"]["fouten"])]
    assert [text for text in shown if any(raw in text for raw in "\x00\x1b\x07\u202e\u200b")] == []


HOW = "a date is written YYYY-MM-DD, for example 2027-01-31"


@pytest.mark.parametrize(
    ("written", "why"),
    [
        pytest.param("2027-W05-1", HOW, id="week-date"),
        pytest.param("20270201", HOW, id="no-dashes"),
        pytest.param("2027-02-30", "2027-02-30 is not a day of the calendar", id="not-a-day"),
        pytest.param("2027-2-1", HOW, id="short"),
        pytest.param("\uff12\uff10\uff12\uff17-02-01", HOW, id="fullwidth-digits"),
        pytest.param("2027-02-01T00:00", HOW, id="with-a-time"),
        pytest.param(20270201, HOW, id="a-number"),
    ],
)
async def test_a_date_not_written_yyyy_mm_dd_is_refused_saying_how_to_write_it(
    hub: Hub, written: object, why: str
) -> None:
    hub.principal.person(AN)

    [error] = await hub.refused(
        REGISTREER, {"input": registratie(startdatum=written)}, code="GRAPHQL_VALIDATION_FAILED"
    )

    assert error["message"].startswith("Variable '$input' has invalid value at .startdatum:")
    assert why in error["message"]


async def test_a_date_written_yyyy_mm_dd_is_taken(hub: Hub) -> None:
    hub.principal.person(AN)

    body = await hub.graphql(REGISTREER, {"input": registratie(startdatum="2024-02-29")})

    assert "errors" not in body, body


async def test_a_long_vcode_is_not_echoed_back(hub: Hub) -> None:
    query = "query($v: ID!) { vereniging(vCode: $v) { naam } }"

    await hub.too_large(json.dumps({"query": query, "variables": {"v": "V" + "9" * 5_000_000}}).encode())
    [long] = await hub.refused(query, {"v": "V" + "9" * 150_000}, code="VALIDATION_FAILED")
    before = len(hub.statements.seen)
    answer = await hub.graphql(query, {"v": "V" + "9" * 9_000})

    assert len(json.dumps(long)) < 500
    [not_found] = answer["errors"]
    assert not_found["extensions"]["code"] == "NOT_FOUND"
    assert len(not_found["message"]) < 120
    assert hub.statements.seen[before:] == []


async def test_a_content_length_of_thousands_of_digits_is_read_as_the_number_it_is(hub: Hub) -> None:
    body = b'{"query": "{ __typename }"}'
    host, port = hub.http.base_url.host, hub.http.base_url.port
    reader, writer = await asyncio.open_connection(host, port)
    writer.write(
        b"POST /graphql HTTP/1.1\r\nHost: hub\r\nContent-Type: application/json\r\n"
        + b"Content-Length: "
        + b"0" * 5000
        + str(len(body)).encode()
        + b"\r\nConnection: close\r\n\r\n"
        + body
    )
    await writer.drain()
    answer = await reader.read()
    writer.close()

    assert answer.startswith(b"HTTP/1.1 200")
    assert answer.endswith(b'{"data":{"__typename":"Query"}}')
    await hub.healthy()


async def test_a_page_address_that_cannot_be_is_answered_without_echoing_it(hub: Hub) -> None:
    response = await hub.http.get("/gegevens/locaties/" + "\u202e" * 7000 + "/wijzigen")

    assert response.status_code == 422
    assert "\u202e" not in response.text
    assert len(response.content) < 2000
