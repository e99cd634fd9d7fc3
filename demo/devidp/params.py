"""Request parameters as the OAuth specifications read them: each at most once, and a parameter
without a value counts as absent (RFC 6749 §3.1)."""

from __future__ import annotations

from collections.abc import Iterable

from fastapi import Request


def single_valued(items: Iterable[tuple[str, object]]) -> dict[str, str] | None:
    """The parameters by name, or `None` when one is repeated."""
    params: dict[str, str] = {}
    seen: set[str] = set()
    for name, value in items:
        if name in seen:
            return None
        seen.add(name)
        if isinstance(value, str) and value:
            params[name] = value
    return params


async def form_items(request: Request) -> list[tuple[str, object]]:
    form = await request.form()
    return list(form.multi_items())
