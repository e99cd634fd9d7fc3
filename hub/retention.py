"""Retention periods: the access log and feedback are removed once older than their period
(`HUB_ACCESS_LOG_RETENTION_DAYS`, `HUB_FEEDBACK_RETENTION_DAYS`), every hour, by the job engine
(`vloket.bewaren` in the workers, on PostgreSQL) or the embedded worker (SQLite). The privacy
statement reads the same periods."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Final

import structlog

from hub.settings import Settings
from registry.db import Database
from registry.feedback import Feedback
from registry.toegangslog.service import Toegangslog

log = structlog.get_logger("hub.retention")

EVERY: Final = timedelta(hours=1)
"""How often what has outlived its period is looked for."""
FIRST_AFTER: Final = timedelta(minutes=1)
"""When first, after a hub on SQLite starts: not in the middle of what runs at start (migrations,
a command's own writes), which hold SQLite's lock."""


@dataclass(frozen=True)
class Bewaartermijnen:
    toegangslog: timedelta
    feedback: timedelta

    @classmethod
    def of(cls, settings: Settings) -> Bewaartermijnen:
        return cls(
            toegangslog=timedelta(days=settings.access_log_retention_days),
            feedback=timedelta(days=settings.feedback_retention_days),
        )


class Opruiming:
    """One round removes, from each, what is older than its period."""

    def __init__(
        self,
        toegangslog: Toegangslog,
        feedback: Feedback,
        termijnen: Bewaartermijnen,
        *,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        first_after: timedelta = FIRST_AFTER,
    ) -> None:
        self.first_after = first_after
        self.toegangslog = toegangslog
        self.feedback = feedback
        self.termijnen = termijnen
        self.clock = clock

    @classmethod
    def of(cls, settings: Settings, db: Database) -> Opruiming:
        return cls(Toegangslog(db), Feedback(db), Bewaartermijnen.of(settings))

    async def ronde(self) -> dict[str, int]:
        """How many entries of each were removed."""
        nu = self.clock()
        removed = {
            "toegangslog": await self.toegangslog.vergeet(nu - self.termijnen.toegangslog),
            "feedback": await self.feedback.vergeet(nu - self.termijnen.feedback),
        }
        if any(removed.values()):
            log.info("removed what outlived its retention period", **removed)
        return removed
