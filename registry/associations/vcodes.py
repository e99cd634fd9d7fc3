"""vCode allocation: `V` + 7 digits, first `V0001001`, never the same code twice.

PostgreSQL hands out numbers from a sequence (`nextval` never repeats, even across rolled-back
transactions or concurrent sessions). SQLite increments a one-row counter inside the writing
transaction, which SQLite serialises.
"""

from __future__ import annotations

import re
from typing import Final

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

FIRST_NUMBER: Final = 1001
SEQUENCE: Final = "vcode_volgnummer"


_VCODE = re.compile(r"V[0-9]{7}")


def is_vcode(value: str) -> bool:
    """Whether `value` has the form of a vCode (`V` and 7 digits); anything else names nothing."""
    return len(value) == 8 and _VCODE.fullmatch(value) is not None


def format_vcode(number: int) -> str:
    return f"V{number:07d}"


async def allocate_vcode(session: AsyncSession) -> str:
    if session.get_bind().dialect.name == "postgresql":
        number = (await session.execute(text(f"SELECT nextval('{SEQUENCE}')"))).scalar_one()
    else:
        number = (
            await session.execute(
                text("UPDATE vcode_teller SET laatste = laatste + 1 WHERE id = 1 RETURNING laatste")
            )
        ).scalar_one()
    return format_vcode(int(number))


async def allocate_vcodes(session: AsyncSession, count: int) -> list[str]:
    """`count` new vCodes in one round trip (an import of many associations)."""
    if count <= 0:
        return []
    if session.get_bind().dialect.name == "postgresql":
        numbers = (
            await session.execute(
                text(f"SELECT nextval('{SEQUENCE}') FROM generate_series(1, :count)"),  # noqa: S608 - a constant
                {"count": count},
            )
        ).scalars()
        return [format_vcode(int(number)) for number in numbers]
    last = (
        await session.execute(
            text("UPDATE vcode_teller SET laatste = laatste + :count WHERE id = 1 RETURNING laatste"),
            {"count": count},
        )
    ).scalar_one()
    return [format_vcode(number) for number in range(int(last) - count + 1, int(last) + 1)]
