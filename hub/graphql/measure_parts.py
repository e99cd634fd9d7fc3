"""The measures of one selection set or fragment (`Part`), for its parent to add up, in
arithmetic that saturates at `CAP` so that a document which expands exponentially is simply
larger than any limit."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

CAP = 2**62
"""Every measure stops growing here: an exponential document is simply 'more than any limit'."""


@dataclass(slots=True)
class Part:
    """The measures of one selection set (or fragment), for its parent to add up.

    The cost is `fixed + per_item * n`, with `n` the page size the parent field asked for,
    since the lists at this level are resolved once per item of that page."""

    fields: int = 0
    depth: int = 0
    aliases: int = 0
    fixed: int = 0
    per_item: int = 0
    names: Counter[str] = field(default_factory=Counter)

    def add(self, other: Part) -> None:
        self.fields = saturating_sum(self.fields, other.fields)
        self.depth = max(self.depth, other.depth)
        self.aliases = saturating_sum(self.aliases, other.aliases)
        self.fixed = saturating_sum(self.fixed, other.fixed)
        self.per_item = saturating_sum(self.per_item, other.per_item)
        for name, count in other.names.items():
            self.names[name] = saturating_sum(self.names[name], count)

    def cost(self, page: int) -> int:
        return saturating_sum(self.fixed, saturating_product(self.per_item, page))


def saturating_sum(a: int, b: int) -> int:
    return min(a + b, CAP)


def saturating_product(a: int, b: int) -> int:
    return min(a * b, CAP)
