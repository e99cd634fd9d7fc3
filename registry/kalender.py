"""The day as it is in Flanders.

Moments are kept in UTC; a day (a deadline, an application period, "today") is a Belgian
calendar day. Between midnight in Brussels and midnight UTC the two disagree by a day, so every
"today" the hub decides on goes through here.

Example::

    >>> from datetime import UTC, datetime
    >>> vandaag(datetime(2026, 11, 23, 23, 30, tzinfo=UTC))
    datetime.date(2026, 11, 24)
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

BRUSSEL = ZoneInfo("Europe/Brussels")


def vandaag(moment: datetime | None = None) -> date:
    """The Belgian calendar day of `moment` (an aware datetime), or of now."""
    return (moment or datetime.now(UTC)).astimezone(BRUSSEL).date()


def maand_erna(dag: date) -> date:
    """The first day of the month after `dag`'s."""
    return date(dag.year + dag.month // 12, dag.month % 12 + 1, 1)


def maanden_tot(dag: date, aantal: int) -> list[date]:
    """The first day of `dag`'s month and of the `aantal - 1` months before it, newest first."""
    eerste, gevonden = dag.replace(day=1), []
    for _ in range(aantal):
        gevonden.append(eerste)
        eerste = (eerste - timedelta(days=1)).replace(day=1)
    return gevonden
