"""Real HTTP on loopback for the tests: the SDK testkit's own helper, which connector authors use
too (`serving(app)` runs an ASGI app with uvicorn in a thread until the block ends)."""

from __future__ import annotations

from connectors.sdk.testkit.loopback import free_port, free_ports, serving, serving_all

__all__ = ["free_port", "free_ports", "serving", "serving_all"]
