"""The events tests run the demo's systems (`world`) as the profile tests do."""

from collections.abc import Iterator

import pytest

from hub.migrate import upgrade_store
from hub.settings import Settings
from tests.conftest import require_postgres
from tests.profile.conftest import world
from tests.utils.services import scratch_postgres_database

__all__ = ["engine_database", "world"]


@pytest.fixture
def engine_database(settings: Settings) -> Iterator[str]:
    """A PostgreSQL store of this test's own, with the register's and the engine's tables."""
    require_postgres(settings)
    with scratch_postgres_database(settings) as url:
        upgrade_store(url)
        yield url
