"""A simulated gemeente e-loket over real HTTP, one app per municipality, for demos and tests: the
JSON API the connector calls (bearer tokens checked against the provider's keys, for that
gemeente's audience, from an allowed actor) and the pages deep links land on (the gemeente's own
login, kept by the provider's single sign-on)."""

from demo.sandboxes.municipality.app import create_sandbox
from demo.sandboxes.municipality.config import GemeenteSandboxConfig

__all__ = ["GemeenteSandboxConfig", "create_sandbox"]
