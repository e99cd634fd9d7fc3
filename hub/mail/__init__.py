"""Notices by e-mail: composing each mail in the representative's language, sending it over SMTP,
and the rounds that decide who gets what (at once, daily, never)."""
