"""The register's own date for its facts is read while the connected systems answer: every
question is out before the read starts, so the read adds nothing to what a person waits."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime

import pytest

from hub.auth.principal import Principal
from hub.profile.facts import REGISTER
from hub.profile.service import ProfileService
from hub.routing import Router
from hub.store import MemoryStore
from registry.associations.model import Vereniging
from tests.profile.test_facts_and_dossiers import vereniging
from tests.routing.fakes import FactService, answers, hangs, never

CHANGED = datetime(2026, 11, 20, 14, 30, tzinfo=UTC)


async def test_every_service_is_asked_before_the_register_is_read() -> None:
    read = asyncio.Event()  # the services answer only after the register has been read
    services = [FactService(name, answers("12", after=read.wait)) for name in ("bond-1", "bond-2", "bond-3")]
    router = Router(services, store=MemoryStore())
    asked_when_read: list[int] = []

    async def sinds() -> datetime:
        asked_when_read.append(sum(service.calls for service in services))
        read.set()
        return CHANGED

    association: Vereniging = vereniging()
    try:
        gegevens, failures = await ProfileService(router, exchanger=None).gekende_gegevens(
            Principal(sub="an", namens=association.v_code), association, sinds=sinds
        )
    finally:
        await router.aclose()

    assert failures == []
    assert asked_when_read == [3]
    feiten = [gekend.feit for gekend in gegevens.feiten]
    eigen = [feit for feit in feiten if feit.bron == REGISTER]
    assert eigen
    assert {feit.datum for feit in eigen} == {date(2026, 11, 20)}
    assert {feit.bron for feit in feiten} >= {"bond-1", "bond-2", "bond-3"}


async def test_a_profile_given_up_leaves_no_question_running() -> None:
    services = [FactService(name, hangs()) for name in ("bond-1", "bond-2")]
    router = Router(services, store=MemoryStore())
    association: Vereniging = vereniging()
    reading = asyncio.Event()

    async def sinds() -> datetime:
        reading.set()
        await never()
        return CHANGED

    asking = asyncio.ensure_future(
        ProfileService(router, exchanger=None).gekende_gegevens(
            Principal(sub="an", namens=association.v_code), association, sinds=sinds
        )
    )
    for service in services:
        await service.called()
    await reading.wait()
    asking.cancel()
    try:
        with pytest.raises(asyncio.CancelledError):
            await asking
        await asyncio.sleep(0)  # what was cancelled runs its last step
    finally:
        await router.aclose()

    assert [service.calls for service in services] == [1, 1]
    assert [service.cancelled for service in services] == [1, 1]
    leftover = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
    assert leftover == []
