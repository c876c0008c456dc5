"""Bulk loading without the cyclic garbage collector.

A reader of 100k entries creates millions of small objects that all stay alive; each of them
triggers CPython's cyclic collector, whose full passes then walk every object read so far. The
readers create no reference cycles, so pausing the collector while they run changes nothing but
the time: reading the 100k-entry TBX benchmark file takes 4.3 s instead of 7.3 s
(benchmarks/exchange.md).

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
from collections.abc import Iterator

__all__ = ["paused_gc"]


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector for the block (restored as it was, even on error)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
