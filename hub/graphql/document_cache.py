"""A least-recently-used cache of what was worked out per GraphQL document, bounded in bytes.

Clients send the same few documents over and over, so parsing, measuring and validating each
once saves most of the work per request. Documents are keyed by a hash of their text (the text
itself is not kept as a key), and each entry weighs what its parsed document holds: about a
hundred bytes per character of source at most, measured on dense documents. When the weights
pass the budget the least recently used entries go, so a stream of distinct documents cannot
make the process grow.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from typing import Final, Generic, TypeVar

BYTES_PER_CHARACTER: Final = 100
ENTRY_OVERHEAD: Final = 2_000

V = TypeVar("V")


def document_key(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def weight_of(text: str) -> int:
    return ENTRY_OVERHEAD + BYTES_PER_CHARACTER * len(text)


class DocumentCache(Generic[V]):
    def __init__(self, budget_bytes: int) -> None:
        self.budget = budget_bytes
        self.used = 0
        self._entries: OrderedDict[bytes, tuple[V, int]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: bytes) -> V | None:
        found = self._entries.get(key)
        if found is None:
            return None
        self._entries.move_to_end(key)
        return found[0]

    def put(self, key: bytes, value: V, weight: int) -> None:
        """Keep `value`, dropping the least recently used entries to stay within the budget;
        an entry heavier than an eighth of the budget is not kept at all."""
        if weight > self.budget // 8:
            return
        previous = self._entries.pop(key, None)
        if previous is not None:
            self.used -= previous[1]
        while self._entries and self.used + weight > self.budget:
            _, (_, dropped) = self._entries.popitem(last=False)
            self.used -= dropped
        self._entries[key] = (value, weight)
        self.used += weight
