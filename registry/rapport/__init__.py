"""Usage figures per month, without personal data: logins, associations active, requests started
per service, started requests that became dossiers, and feedback per page."""

from registry.rapport.service import Cijfer, Gebruik

__all__ = ["Cijfer", "Gebruik"]
