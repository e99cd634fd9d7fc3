"""The hub's copy of each association's dossiers at connected services, kept from the events the
services push (`service.py`), with every event kept as the dossier's history."""
