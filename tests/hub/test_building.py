"""A server process builds the hub with the cyclic collector off, then collects once and freezes
what the build made (`hub.serving.building`, used by `hub.asgi:app`)."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from hub.asgi import app
from hub.serving import building


@pytest.fixture
def thawed() -> Iterator[None]:
    """This test process's collector as it was: on, nothing frozen, whatever the test does."""
    enabled = gc.isenabled()
    yield
    gc.unfreeze()
    if enabled:
        gc.enable()


@pytest.mark.usefixtures("thawed")
def test_the_collector_is_off_while_building_and_on_again_after_with_what_was_built_frozen() -> None:
    gc.unfreeze()
    gc.enable()

    with building():
        during = gc.isenabled()
        made = [[n] for n in range(10_000)]  # lives on, as the hub's modules and schema do

    assert during is False
    assert gc.isenabled()
    assert gc.get_freeze_count() >= len(made)


@pytest.mark.usefixtures("thawed")
def test_a_collector_that_was_off_stays_off() -> None:
    gc.disable()

    with building():
        pass

    assert not gc.isenabled()


@pytest.mark.usefixtures("thawed")
def test_a_failed_build_leaves_the_collector_on(monkeypatch: pytest.MonkeyPatch) -> None:
    gc.enable()
    monkeypatch.setenv("HUB_LOG_LEVEL", "LOUD")  # refused by the settings

    with pytest.raises(ValueError, match="log_level"):
        app()

    assert gc.isenabled()
