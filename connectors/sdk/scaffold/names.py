"""What a connector is called: its kind (the entry point name, also its first instance's name),
and the Python and distribution names derived from it.

Example::

    names = connector_names("mijn-dienst")
    names.package, names.cls  # ("vloket_mijn_dienst", "MijnDienst")
"""

from __future__ import annotations

import keyword
import re
from dataclasses import dataclass

KIND = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
"""Lowercase letters, digits and single dashes; starts with a letter, ends with a letter or digit."""
MAX_LENGTH = 63
TAKEN = frozenset(
    {
        *("CallContext", "Connector", "ConnectorConfig", "ConnectorConfigError", "ConnectorError"),
        *("ConnectorRejected", "ConnectorUnavailable", "Dossier", "DossierStatus", "NotFound"),
        *("RemoteDossier", "RemoteDossiers", "ConformanceSuite", "Responses", "FastAPI", "Header"),
        *("HTTPException", "BaseModel", "ConfigDict", "Field", "ValidationError", "Annotated"),
    }
)
"""Names the new project's modules import or define beside the connector class."""


class InvalidConnectorName(ValueError):
    """A name a connector cannot have; the message says what a good one looks like."""


@dataclass(frozen=True)
class ConnectorNames:
    name: str
    """The kind, entry point name and first instance name, e.g. `mijn-dienst`."""
    package: str
    """The import package, e.g. `vloket_mijn_dienst`."""
    cls: str
    """The connector class, e.g. `MijnDienst` (its config: `MijnDienstConfig`)."""
    title: str
    """For people, e.g. `Mijn dienst`."""
    distribution: str
    """The package on an index, e.g. `vloket-connector-mijn-dienst`."""


def check_name(name: str) -> str:
    if len(name) > MAX_LENGTH or not KIND.match(name):
        raise InvalidConnectorName(
            f"{name!r} is not a connector name: use lowercase letters, digits and single dashes, "
            f"start with a letter, at most {MAX_LENGTH} characters (e.g. 'mijn-dienst', 'gemeente-gent')"
        )
    return name


def connector_names(name: str) -> ConnectorNames:
    words = check_name(name).split("-")
    cls = "".join(word.capitalize() for word in words)
    if keyword.iskeyword(cls) or {cls, f"{cls}Config"} & TAKEN:
        raise InvalidConnectorName(
            f"{name!r} would name the connector class {cls}, a name Python or the new project "
            "already uses; choose another name"
        )
    return ConnectorNames(
        name=name,
        package="vloket_" + "_".join(words),
        cls=cls,
        title=" ".join(words).capitalize(),
        distribution=f"vloket-connector-{name}",
    )
