"""What `serve` keeps of one generation of pages for the next: a value (a record's view, its row of a download) is
made again only when one of the inputs it was made from is no longer the same object, nor equal to it.

An edit makes new Record objects only for the records it changed (pipeline.StagedDocs.edit), so after an edit of
one case the other cases' values are found here. A build keeps nothing: it uses `fresh`."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")
Keep = Callable[[Hashable, tuple, Callable[[], T]], T]  # keep(key, inputs, make) -> the value


def fresh(key: Hashable, inputs: tuple, make: Callable[[], T]) -> T:
    """No memo (a build): every value is made."""
    return make()


class Kept:
    """key -> (the inputs a value was made from, the value)."""

    def __init__(self):
        self.values: dict[Hashable, tuple[tuple, Any]] = {}

    def __call__(self, key: Hashable, inputs: tuple, make: Callable[[], T]) -> T:
        """The value kept under `key` if it was made from these inputs, else make() (kept from now on)."""
        held = self.values.get(key)
        if held is not None and same(held[0], inputs):
            return held[1]
        value = make()
        self.values[key] = (inputs, value)
        return value

    def clear(self) -> None:
        self.values.clear()


def same(a, b) -> bool:
    """The same object, or equal: lists and tuples item by item, so that unchanged records compare by identity
    (cheap) and only new ones by value."""
    if a is b:
        return True
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(map(same, a, b))
    return a == b
