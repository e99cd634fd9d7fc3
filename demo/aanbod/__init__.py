"""The demo catalog's content: offering templates per bestuursniveau, written in plain Dutch."""
