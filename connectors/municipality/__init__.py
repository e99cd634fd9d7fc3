"""A municipality (gemeente) as the V-loket sees it: one connector class configured once per
gemeente (`connector.py`), the API it speaks (`contract.py`), and a sandbox that simulates one
gemeente's e-loket over HTTP (`sandbox/`)."""
