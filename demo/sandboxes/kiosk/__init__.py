"""A simulated KIOSK over real HTTP, for demos and tests: the JSON API the connector calls (bearer
tokens checked against the provider's keys, for the sandbox's audience, from an allowed actor)
and the pages deep links land on (KIOSK's own login, kept by the provider's single sign-on)."""

from demo.sandboxes.kiosk.app import create_sandbox
from demo.sandboxes.kiosk.config import SandboxConfig

__all__ = ["SandboxConfig", "create_sandbox"]
