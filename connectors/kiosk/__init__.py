"""KIOSK, the Flemish sport administration's e-loket: the connector (`connector.py`), the API it
speaks (`contract.py`), and a sandbox that simulates KIOSK over HTTP (`sandbox/`)."""
