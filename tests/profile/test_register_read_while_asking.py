"""The register's own date for its facts is read while the connected systems answer: every
question is out before the read starts, so the read adds nothing to what a person waits."""

from __future__ import annotations

from datetime import UTC, date, datetime

from hub.auth.principal import Principal
from hub.profile.facts import REGISTER
from hub.profile.service import ProfileService
from hub.routing import Router
from hub.store import MemoryStore
from registry.associations.model import Vereniging
from tests.profile.test_facts_and_dossiers import vereniging
from tests.routing.fakes import FactService, answers

CHANGED = datetime(2026, 11, 20, 14, 30, tzinfo=UTC)


async def test_every_service_is_asked_before_the_register_is_read() -> None:
    services = [FactService(name, answers("12", delay=0.05)) for name in ("bond-1", "bond-2", "bond-3")]
    router = Router(services, store=MemoryStore())
    asked_when_read: list[int] = []

    async def sinds() -> datetime:
        asked_when_read.append(sum(service.calls for service in services))
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
