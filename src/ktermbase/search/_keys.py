"""Sorted string keys grouped by length, for prefix lookups that return the shortest
(closest) completions first without scanning everything that shares the prefix.

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
        bucket_of = np.asarray(buckets, dtype=np.int32)
        order = np.lexsort((encoded, bucket_of)) if len(encoded) else np.zeros(0, np.intp)
        self._keys = encoded[order]
        self._ids = np.asarray(ids, dtype=np.int32)[order]
        sorted_buckets = bucket_of[order]
        values, starts = np.unique(sorted_buckets, return_index=True)
        ends = [*starts[1:].tolist(), len(order)]
        self._ranges = list(zip(values.tolist(), starts.tolist(), ends, strict=True))

    def __len__(self) -> int:
        return len(self._keys)

    def nbytes(self) -> int:
        """Memory held by the arrays."""
        return int(self._keys.nbytes + self._ids.nbytes)

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
        for bucket, start, end in self._ranges:
            if bucket < first_bucket:
                continue
            segment = self._keys[start:end]
            i = start + int(np.searchsorted(segment, low))
            j = start + int(np.searchsorted(segment, high))
            for at in range(i, j, _CHUNK):
                for term_id in self._ids[at : min(j, at + _CHUNK)].tolist():
                    if accept is None or accept(term_id):
                        yield bucket, term_id
