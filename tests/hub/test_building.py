"""A server process imports and builds the hub with the cyclic collector off, exempts what the
imports made from it (`keep_imported`), then collects once and freezes what the build made
(`hub.serving.building`, used by `hub.asgi:app` and `vloket`'s entry point)."""

from __future__ import annotations

import gc
import subprocess
import sys
from collections.abc import Iterator

import pytest

from hub.asgi import app
from hub.serving import building, keep_imported


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


@pytest.mark.usefixtures("thawed")
def test_what_the_imports_made_is_kept_out_of_collections_and_the_collector_stays_as_it_was() -> None:
    gc.unfreeze()
    gc.disable()
    imported = [[n] for n in range(10_000)]  # as a module's objects are

    keep_imported()

    assert not gc.isenabled()
    assert gc.get_freeze_count() >= len(imported)


def test_the_console_script_runs_its_command_with_the_collector_on_and_the_imports_frozen() -> None:
    probe = (
        "import gc, sys\n"
        "from hub.start import main\n"
        "sys.argv = ['vloket', '--help']\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(gc.isenabled(), gc.get_freeze_count(), file=sys.stderr)\n"
    )
    done = subprocess.run(  # noqa: S603 - this interpreter, a fixed probe
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )

    enabled, frozen = done.stderr.split()[-2:]
    assert enabled == "True"
    assert int(frozen) > 100_000  # the hub's modules and libraries, not what the command makes
