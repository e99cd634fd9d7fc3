"""Events in and out: what connected services push to the hub (`inbound.py`)."""
