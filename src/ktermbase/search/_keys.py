"""Sorted string keys grouped by length, for prefix lookups that return the shortest
(closest) completions first without scanning everything that shares the prefix."""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator

__all__ = ["BucketedKeys"]


class BucketedKeys:
    """Keys with a term id each, sorted within buckets (a bucket is usually a length).

    >>> keys = BucketedKeys([("zhan lue", 2, 0), ("zhan", 1, 1), ("zhan lue zi", 3, 2)])
    >>> list(keys.scan("zhan lue"))
    [(2, 0), (3, 2)]
    >>> [term_id for _, term_id in keys.scan("zhan", first_bucket=1)]
    [1, 0, 2]
    """

    def __init__(self, items: Iterable[tuple[str, int, int]]) -> None:
        grouped: dict[int, list[tuple[str, int]]] = {}
        for key, bucket, term_id in items:
            grouped.setdefault(bucket, []).append((key, term_id))
        self._buckets: list[int] = sorted(grouped)
        self._keys: dict[int, list[str]] = {}
        self._ids: dict[int, array[int]] = {}
        for bucket, pairs in grouped.items():
            pairs.sort()
            self._keys[bucket] = [k for k, _ in pairs]
            self._ids[bucket] = array("i", (i for _, i in pairs))

    def __len__(self) -> int:
        return sum(len(k) for k in self._keys.values())

    def scan(
        self,
        prefix: str,
        *,
        first_bucket: int = 0,
        accept: Callable[[int], bool] | None = None,
    ) -> Iterator[tuple[int, int]]:
        """``(bucket, term id)`` of the keys that start with ``prefix``, bucket by bucket from
        ``first_bucket`` up, in key order within a bucket; ``accept`` filters term ids."""
        for bucket in self._buckets:
            if bucket < first_bucket:
                continue
            keys, ids = self._keys[bucket], self._ids[bucket]
            i = bisect_left(keys, prefix)
            while i < len(keys) and keys[i].startswith(prefix):
                if accept is None or accept(ids[i]):
                    yield bucket, ids[i]
                i += 1
