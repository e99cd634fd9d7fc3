"""Mandates an association grants in the hub: a person (by INSZ) may act for it, view only or
manage, until an end date, until withdrawn."""

from registry.mandaten.service import Mandaat, MandaatInvoer, Mandaten, Reikwijdte

__all__ = ["Mandaat", "MandaatInvoer", "Mandaten", "Reikwijdte"]
