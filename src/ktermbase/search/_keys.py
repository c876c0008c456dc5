"""Sorted string keys with a bucket each (usually a length), for prefix lookups that return
the shortest (closest) completions first.

Keys are kept as one numpy array of UTF-8 bytes cut to a fixed width (UTF-8 sorts as code
points do, so prefixes stay contiguous): compact, sorted in one call, and searched with
``searchsorted``. A prefix longer than the width matches every key that shares the width's
worth of it, so callers check what they get back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["BucketedKeys"]

_CHUNK = 64


class BucketedKeys:
    """Keys with a term id each, sorted within buckets (a bucket is usually a length).

    >>> keys = BucketedKeys(["zhan lue", "zhan", "zhan lue zi"], buckets=[2, 1, 3], ids=[0, 1, 2])
    >>> list(keys.scan("zhan lue"))
    [(2, 0), (3, 2)]
    >>> [term_id for _, term_id in keys.scan("zhan", first_bucket=1)]
    [1, 0, 2]
    """

    def __init__(
        self,
        keys: Sequence[str],
        *,
        buckets: Sequence[int] | npt.NDArray[Any],
        ids: Sequence[int] | npt.NDArray[Any],
        width: int = 48,
    ) -> None:
        self.width = width
        encoded = np.array([k.encode()[:width] for k in keys], dtype=f"S{width}")
        order = np.argsort(encoded, kind="stable")
        self._keys = encoded[order]
        self._ids = np.asarray(ids, dtype=np.int32)[order]
        # Small integers: numpy sorts them by radix, so ordering a range by bucket is cheap.
        self._buckets = np.asarray(buckets, dtype=np.int16)[order]

    def __len__(self) -> int:
        return len(self._keys)

    def scan(
        self,
        prefix: str,
        *,
        first_bucket: int = 0,
        accept: Callable[[int], bool] | None = None,
    ) -> Iterator[tuple[int, int]]:
        """``(bucket, term id)`` of the keys that start with ``prefix``, bucket by bucket from
        ``first_bucket`` up, in key order within a bucket; ``accept`` filters term ids."""
        low = prefix.encode()[: self.width - 1]
        high = low + b"\xff"  # no UTF-8 byte is 0xff: above every key starting with ``low``
        i = int(np.searchsorted(self._keys, low))
        j = int(np.searchsorted(self._keys, high))
        buckets = self._buckets[i:j]
        order = np.argsort(buckets, kind="stable")  # by bucket, in key order within one
        order = order[buckets[order] >= first_bucket]
        for at in range(0, len(order), _CHUNK):
            chunk = order[at : at + _CHUNK]
            for bucket, term_id in zip(
                buckets[chunk].tolist(), self._ids[i + chunk].tolist(), strict=True
            ):
                if accept is None or accept(term_id):
                    yield bucket, term_id
