"""`vloket connectors new NAME`: a new connector project that passes the conformance suite.

Example::

    from connectors.sdk.scaffold import render_connector

    project = render_connector("mijn-dienst", output=Path("."))
"""

from connectors.sdk.scaffold.names import ConnectorNames, InvalidConnectorName, check_name, connector_names
from connectors.sdk.scaffold.render import TargetExists, render_connector, rendered_files

__all__ = [
    "ConnectorNames",
    "InvalidConnectorName",
    "TargetExists",
    "check_name",
    "connector_names",
    "render_connector",
    "rendered_files",
]
