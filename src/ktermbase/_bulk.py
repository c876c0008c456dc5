"""Bulk building without the cyclic garbage collector: the file readers and the search and
check indexes use it.

A reader of 100k entries creates millions of small objects that all stay alive, and so does an
index build; each of them triggers CPython's cyclic collector, whose full passes then walk
every object made so far. Neither creates reference cycles, so pausing the collector while they
run changes nothing but the time: reading the 100k-entry TBX benchmark file took 7.3 s with the
collector running and 4.3 s without it (benchmarks/exchange.md).

When the collector is switched back on, everything allocated meanwhile sits in its youngest
generation, and the next allocation starts a collection that walks all of it (0.5 s for the
1.4 million objects of that file), then another when they move to the middle generation. Those
objects are long-lived by construction, so ``paused_gc`` hands them straight to the oldest
generation, where a collection of it sees them like any other old data: ``gc.freeze()`` moves
every tracked object to the permanent generation and ``gc.unfreeze()`` moves them all to the
oldest. Objects of the program that were young get promoted with them (so a cycle among them
that is already garbage is freed at the next full collection instead of the next young one).
Nothing is done when the program has frozen objects of its own (a pre-fork server): unfreezing
would undo its freeze.

>>> import gc
>>> with paused_gc():
...     gc.isenabled()
False
>>> gc.isenabled()
True
"""

from __future__ import annotations

import contextlib
import gc
import weakref
from collections.abc import Callable, Iterator
from typing import TypeVar

__all__ = ["built_once", "paused_gc"]

_K = TypeVar("_K")
_V = TypeVar("_V")


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector for the block (restored as it was, even on error)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if gc.get_freeze_count() == 0:
            gc.freeze()
            gc.unfreeze()
        if was_enabled:
            gc.enable()


def built_once(cache: weakref.WeakKeyDictionary[_K, _V], key: _K, build: Callable[[_K], _V]) -> _V:
    """``cache[key]``, made by ``build(key)`` (collector paused) the first time: the indexes
    that search and check keep per term base, for as long as the term base lives.

    >>> class Base: pass
    >>> cache: weakref.WeakKeyDictionary[Base, list[int]] = weakref.WeakKeyDictionary()
    >>> b = Base()
    >>> built_once(cache, b, lambda _: [1]) is built_once(cache, b, lambda _: [2])
    True
    """
    value = cache.get(key)
    if value is None:
        with paused_gc():
            value = cache[key] = build(key)
    return value
