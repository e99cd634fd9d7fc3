"""The events tests run the demo's systems (`world`) as the profile tests do."""

from tests.profile.conftest import world

__all__ = ["world"]
