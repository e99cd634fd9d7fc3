"""Rendering a new connector project from the templates next to this module: a package with the
connector, its config model and a sandbox, tests that enable the conformance suite, and a
pyproject that declares the `vloket.connectors` entry point.

Example::

    project = render_connector("mijn-dienst", output=Path("."))  # ./mijn-dienst/
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined

from connectors.sdk.scaffold.names import ConnectorNames, connector_names

FILES: dict[str, str] = {
    "pyproject.toml.jinja": "pyproject.toml",
    "README.md.jinja": "README.md",
    "package_init.py.jinja": "{package}/__init__.py",
    "config.py.jinja": "{package}/config.py",
    "connector.py.jinja": "{package}/connector.py",
    "sandbox.py.jinja": "{package}/sandbox.py",
    "py.typed.jinja": "{package}/py.typed",
    "test_conformance.py.jinja": "tests/test_conformance.py",
    "test_sandbox.py.jinja": "tests/test_sandbox.py",
}
"""Template -> where its rendering goes in the new project."""


class TargetExists(FileExistsError):
    """The directory a new connector would be written to is already there."""


def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("connectors.sdk.scaffold", "templates"),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,  # noqa: S701 - renders Python, TOML and Markdown, never HTML
    )


def rendered_files(names: ConnectorNames) -> dict[Path, str]:
    """Every file of the new project, by its path inside the project."""
    environment = _environment()
    values = dataclasses.asdict(names)
    return {
        Path(destination.format(package=names.package)): environment.get_template(template).render(values)
        for template, destination in FILES.items()
    }


def render_connector(name: str, *, output: Path) -> Path:
    """Write a new connector project to `output/<name>` and return that directory; refuses a
    name that is not a connector name and a directory that already exists."""
    names = connector_names(name)
    target = output / names.name
    files = rendered_files(names)  # all of it first: a failing template leaves nothing behind
    try:
        target.mkdir(parents=True, exist_ok=False)
    except FileExistsError as error:
        raise TargetExists(f"{target} already exists; choose another --output or name") from error
    for relative, text in files.items():
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    return target
