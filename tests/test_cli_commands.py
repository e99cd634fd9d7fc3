"""The `vloket` console script: the commands of other installed packages (the demo's) are listed
and run, and a product command does not import them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

VLOKET = Path(sys.executable).with_name("vloket")

IMPORTS_OF = """
import sys
from hub.cli import main
sys.argv = ["vloket", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
print("demo imported:", "demo.cli" in sys.modules)
"""


def run(*arguments: str) -> str:
    done = subprocess.run(  # noqa: S603 - our own console script
        [str(VLOKET), *arguments], capture_output=True, text=True, timeout=60, check=True
    )
    return done.stdout


def imports_demo(*arguments: str) -> bool:
    done = subprocess.run(  # noqa: S603 - this interpreter, a fixed script
        [sys.executable, "-c", IMPORTS_OF, *arguments], capture_output=True, text=True, timeout=60, check=True
    )
    return "demo imported: True" in done.stdout


def test_the_list_of_commands_names_the_installed_ones_too() -> None:
    listed = run("--help")

    assert " serve " in listed
    assert " demo " in listed
    assert " demo-idp " in listed


def test_an_installed_command_runs_when_asked_for() -> None:
    assert "--port" in run("demo-idp", "--help")


def test_a_product_command_does_not_import_the_demo() -> None:
    assert not imports_demo("serve", "--help")
    assert imports_demo("demo", "--help")
