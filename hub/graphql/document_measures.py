"""What one GraphQL document may ask for and what it was measured to ask for: the limits it
must stay within (`Bounds`) and its measures (`Measures`), compared limit by limit. `measure.py`
takes the measures."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Bounds:
    """The limits one document must stay within."""

    max_fields: int
    max_depth: int
    max_aliases: int
    max_cost: int
    max_repeats: int
    default_list_size: int
    max_page_size: int


@dataclass(frozen=True, slots=True)
class Measures:
    fields: int
    """Field selections, every fragment counted each time it is spread."""
    depth: int
    """Levels of fields below the operation (a root field is level 1)."""
    aliases: int
    cost: int
    repeats: int
    """The most times one response name is selected in one selection set, fragments included."""
    repeated: str | None
    """That response name."""
    irregular: bool
    """Names something the schema lacks, or fragments spread in a cycle: it cannot run."""
    visited: int
    """Selections looked at to measure it: each written selection at most once, however often
    its fragment is spread."""

    def exceeded(self, bounds: Bounds) -> list[tuple[str, int, int]]:
        """Each limit this document is over: (which, the limit, the measure)."""
        pairs = (
            ("fields", bounds.max_fields, self.fields),
            ("depth", bounds.max_depth, self.depth),
            ("aliases", bounds.max_aliases, self.aliases),
            ("cost", bounds.max_cost, self.cost),
            ("repeats", bounds.max_repeats, self.repeats),
        )
        return [(name, limit, value) for name, limit, value in pairs if value > limit]
