"""The hub's reading of GraphQL's `Date`: a calendar date written YYYY-MM-DD, and nothing else.

strawberry's own `Date` takes whatever `date.fromisoformat` takes, which on Python 3.11 is also
a week date (`2027-W05-1`) and a date without dashes (`20270201`): forms no form of ours shows
and a person does not mean. This one takes its place through the schema's `scalar_map`."""

from __future__ import annotations

import re
from datetime import date

import strawberry

CALENDAR_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_date(value: object) -> date:
    """`value` as a date, if it is one written YYYY-MM-DD (a ValueError that says so if not;
    graphql-core names the variable or argument and shows the value, shortened)."""
    if not isinstance(value, str) or not CALENDAR_DATE.fullmatch(value):
        raise ValueError("a date is written YYYY-MM-DD, for example 2027-01-31")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value} is not a day of the calendar") from None


Date = strawberry.scalar(
    name="Date",
    description="Een kalenderdatum, geschreven JJJJ-MM-DD (ISO 8601), bijvoorbeeld 2027-01-31.",
    serialize=date.isoformat,
    parse_value=parse_date,
)
