"""Fuzzy matching with rapidfuzz's ``WRatio``, kept interactive on a million terms by
scoring only the few candidates that can reach the top.

Two inverted indexes, both built with numpy in a few vectorised passes:

* ``GramIndex`` (alphabetic terms): trigrams of each word padded with spaces, so that word
  order does not change them. A query's candidates are ranked by a length-aware estimate of
  ``WRatio`` from the trigrams they share (Dice for terms of similar length, containment for
  much longer or shorter ones, as ``WRatio`` switches to partial matching), and the best
  ``candidates`` of them are scored exactly.
* ``CharIndex`` (Chinese terms): characters. Shared characters give an *upper bound* of
  ``WRatio``; candidates are scored best bound first, stopping when no bound left can beat
  the current top: the result is exactly the exhaustive one.

``WRatio`` scores a short term found inside the query as high as the query found inside a
longer term (``战略`` for ``战略自住性`` below). Search returns ``WRatio``'s best (so that it
can be measured against the exhaustive scan) but orders them by ``relevance``.

>>> keys = ["strategic autonomy", "strategic indispensability", "economic security"]
>>> [(keys[i], round(s)) for i, s in GramIndex(keys).top("startegic autonmy", limit=2)]
[('strategic autonomy', 91), ('strategic indispensability', 65)]
>>> zh = ["战略自主性", "战略", "经济安全"]
>>> [(zh[i], round(s)) for i, s in CharIndex(zh).top("战略自住性", limit=2)]
[('战略', 90), ('战略自主性', 80)]
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process

__all__ = ["CharIndex", "GramIndex", "relevance", "wratio"]

Ids = npt.NDArray[np.integer[Any]]
Mask = npt.NDArray[np.bool_]
Counts = npt.NDArray[Any]  # integer counts, or float weights
_SEP = 0  # code point that separates terms in the concatenated text
_SHORT = 6  # keys up to this length are also found as substrings of the query


def wratio(query: str, choices: Sequence[str]) -> npt.NDArray[np.float32]:
    """``fuzz.WRatio`` of ``query`` against each choice, in one C++ call.

    >>> wratio("strategic autonomy", ["autonomy strategic", "strategic auton"]).round().tolist()
    [95.0, 91.0]
    """
    if not choices:
        return np.zeros(0, dtype=np.float32)
    result = process.cdist([query], choices, scorer=fuzz.WRatio, dtype=np.float32, workers=1)
    return np.asarray(result[0], dtype=np.float32)


def relevance(query: str, key: str, score: float) -> float:
    """Rank a fuzzy hit (its ``WRatio`` ``score``) by how much of the query it explains.

    ``WRatio`` gives 90 to a short term found inside a longer query and, through partial
    matching, a little more to a longer term that starts like the query than to a term of
    the query's length with one character wrong. A user means the latter. So a term shorter
    than the query is scaled by the share of it it covers (times 1.5), a longer one loses
    up to a tenth for the extra length, and neither falls below their plain ``fuzz.ratio``.

    >>> round(relevance("经济安全保障推近法", "经济安全", 90.0), 1)
    61.5
    >>> round(relevance("经济安泉", "经济安全保障担当大臣", 77.1), 1)
    72.5
    >>> relevance("strategic autonomy", "autonomy strategic", 95.0)
    95.0
    """
    shorter, longer = sorted((len(query), len(key)))
    share = shorter / max(longer, 1)
    factor = min(1.0, 1.5 * share) if len(key) < len(query) else 0.9 + 0.1 * share
    return max(score * factor, float(fuzz.ratio(query, key)))


def _code_points(keys: Sequence[str], pad: bool) -> tuple[npt.NDArray[np.int64], Ids]:
    """All keys' code points in one array (separated by ``_SEP``) and the key of each."""
    texts = [" " + k.replace(" ", "  ") + " " for k in keys] if pad else list(keys)
    joined = "\0".join(texts) + "\0"
    cps = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    lengths = np.fromiter((len(t) + 1 for t in texts), dtype=np.int64, count=len(texts))
    owner = np.repeat(np.arange(len(texts), dtype=np.int32), lengths)
    return cps, owner


def _distinct(values: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """Sorted distinct values (by sorting in place: faster than ``np.unique`` here)."""
    values.sort()
    if len(values) == 0:
        return values
    keep = np.empty(len(values), dtype=np.bool_)
    keep[0] = True
    np.not_equal(values[1:], values[:-1], out=keep[1:])
    return values[keep]


class _Postings:
    """Sorted distinct features (int64 codes) → the sorted ids of keys holding them."""

    def __init__(self, features: npt.NDArray[np.int64], owners: Ids, size: int) -> None:
        self.size = size
        self.codes, inverse = np.unique(features, return_inverse=True)
        pairs = _distinct(inverse.astype(np.int64) * size + owners)
        self.ids: Ids = (pairs % size).astype(np.int32)
        self.offsets = np.searchsorted(pairs // size, np.arange(len(self.codes) + 1))
        self.per_key = np.bincount(self.ids, minlength=size).astype(np.int32)

    def lookup(self, codes: Sequence[int]) -> npt.NDArray[np.int64]:
        """Positions in ``self.codes`` of those of ``codes`` that are indexed (-1 if not)."""
        wanted = np.asarray(codes, dtype=np.int64)
        if len(self.codes) == 0:
            return np.full(len(wanted), -1, dtype=np.int64)
        pos = np.minimum(np.searchsorted(self.codes, wanted), len(self.codes) - 1)
        return np.where(self.codes[pos] == wanted, pos, -1)

    def count(
        self, features: npt.NDArray[np.int64], weights: Sequence[float] | None = None
    ) -> Counts:
        """How many (or what weight) of ``features`` each key holds."""
        slices = [self.ids[self.offsets[f] : self.offsets[f + 1]] for f in features if f >= 0]
        if not slices:
            return np.zeros(self.size, dtype=np.intp)
        ids = np.concatenate(slices)
        if weights is None:
            return np.bincount(ids, minlength=self.size)
        w = [wt for f, wt in zip(features, weights, strict=True) if f >= 0]
        sizes = [len(s) for s in slices]
        return np.bincount(ids, weights=np.repeat(w, sizes), minlength=self.size)


def _deletions(word: str) -> set[str]:
    """``word`` with one character left out, each way.

    >>> sorted(_deletions("bank")) == sorted(["ank", "bnk", "bak", "ban"])
    True
    """
    return {word[:i] + word[i + 1 :] for i in range(len(word))} if len(word) > 1 else set()


def _query_grams(key: str) -> list[int]:
    padded = " " + key.replace(" ", "  ") + " "
    grams = {padded[i : i + 3] for i in range(len(padded) - 2)}
    return sorted((ord(g[0]) << 42) | (ord(g[1]) << 21) | ord(g[2]) for g in grams if "  " not in g)


class GramIndex:
    """Word-padded trigrams of alphabetic keys (key ids are positions in ``keys``)."""

    def __init__(self, keys: Sequence[str], *, candidates: int = 1000) -> None:
        self.keys = keys
        self.candidates = candidates
        # Short keys found anywhere inside a query score high through partial matching yet
        # share few trigrams with it: they are looked up by substring. A short key with one
        # typo in it ("bnak" for "bank") may share none: each short key is also found by its
        # forms with one character deleted, as is the query (one edit apart, transpositions
        # included, the two share such a form).
        self._short: dict[str, list[int]] = {}
        self._near: dict[str, list[int]] = {}
        for i, key in enumerate(keys):
            if len(key) <= _SHORT:
                self._short.setdefault(key, []).append(i)
                for form in _deletions(key):
                    self._near.setdefault(form, []).append(i)
        self.lengths = np.fromiter((len(k) for k in keys), dtype=np.int32, count=len(keys))
        cps, owner = _code_points(keys, pad=True)
        a, b, c = cps[:-2], cps[1:-1], cps[2:]
        valid = (a != _SEP) & (b != _SEP) & (c != _SEP) & ~((b == 32) & ((a == 32) | (c == 32)))
        grams = (a << 42) | (b << 21) | c
        self._postings = _Postings(grams[valid], owner[:-2][valid], len(keys))

    def top(
        self, query: str, *, limit: int = 10, allowed: Mask | None = None
    ) -> list[tuple[int, float]]:
        """The ``limit`` best keys by ``WRatio`` among the best-estimated candidates, as
        (key id, score), best first."""
        if not self.keys:
            return []
        grams = _query_grams(query)
        if not grams:
            return []
        counts = self._postings.count(self._postings.lookup(grams))
        if allowed is not None:
            counts[~allowed] = 0
        cand = np.flatnonzero(counts)
        if len(cand) > self.candidates:
            estimate = self._estimate(counts[cand], cand, len(grams), len(query))
            cand = cand[np.argpartition(-estimate, self.candidates)[: self.candidates]]
        inside = self._inside(query, allowed) + self._one_edit(query, allowed)
        if inside:
            cand = np.union1d(cand, np.asarray(inside, dtype=cand.dtype))
        return _best(query, self.keys, cand, limit)

    def _one_edit(self, query: str, allowed: Mask | None) -> list[int]:
        """Short keys one edit (an insertion, deletion, substitution or transposition) from a
        short ``query``: "bnak" shares no trigram with "bank".

        >>> keys = ["bank", "bunker", "blank check"]
        >>> [keys[i] for i, _ in GramIndex(keys).top("bnak", limit=1)]
        ['bank']
        """
        if len(query) > _SHORT + 1:
            return []
        shorter = _deletions(query)  # the query with a character too many: a key itself
        found = [i for form in {query, *shorter} for i in self._near.get(form, ())]
        found += [i for form in shorter for i in self._short.get(form, ())]
        return [i for i in found if allowed is None or allowed[i]]

    def _inside(self, query: str, allowed: Mask | None) -> list[int]:
        """Short keys that occur in ``query`` and are long enough for partial matching
        (``WRatio`` scales it down for keys under an eighth of the query's length)."""
        found: list[int] = []
        shortest = max(1, -(-len(query) // 8))
        for n in range(shortest, min(_SHORT, len(query)) + 1):
            for start in range(len(query) - n + 1):
                found.extend(self._short.get(query[start : start + n], ()))
        if allowed is not None:
            found = [i for i in found if allowed[i]]
        return found

    def _estimate(
        self, shared: Counts, cand: Ids, query_grams: int, query_len: int
    ) -> npt.NDArray[np.float64]:
        term_grams = self._postings.per_key[cand]
        lengths = self.lengths[cand]
        ratio = np.maximum(lengths, query_len) / np.maximum(np.minimum(lengths, query_len), 1)
        scale = np.where(ratio < 1.5, 0.95, np.where(ratio < 8, 0.9, 0.6))
        dice = 2.0 * shared / (query_grams + term_grams)
        cover = shared / np.minimum(query_grams, term_grams)
        return np.maximum(dice, scale * cover)


class CharIndex:
    """Characters of Chinese keys (key ids are positions in ``keys``); exact top-k."""

    def __init__(self, keys: Sequence[str], *, batch: int = 128) -> None:
        self.keys = keys
        self.batch = batch
        self.lengths = np.fromiter((len(k) for k in keys), dtype=np.int32, count=len(keys))
        self.spaced = np.fromiter((" " in k for k in keys), dtype=np.bool_, count=len(keys))
        cps, owner = _code_points(keys, pad=False)
        valid = (cps != _SEP) & (cps != 32)
        self._postings = _Postings(cps[valid], owner[valid], len(keys))

    def top(
        self, query: str, *, limit: int = 10, allowed: Mask | None = None
    ) -> list[tuple[int, float]]:
        """Exactly the ``limit`` best keys by ``WRatio`` (ties at the last place broken
        arbitrarily), as (key id, score), best first."""
        chars = Counter(query.replace(" ", ""))
        if not chars or not self.keys:
            return []
        features = self._postings.lookup([ord(c) for c in chars])
        shared = self._postings.count(features, weights=[float(n) for n in chars.values()])
        if allowed is not None:
            shared[~allowed] = 0
        cand = np.flatnonzero(shared)
        bound = self._bound(shared[cand], cand, len(query), " " in query)
        scored: dict[int, float] = {}
        todo = np.ones(len(cand), dtype=np.bool_)
        kth = -1.0
        while True:
            # A candidate whose bound cannot beat the current last place could at most tie.
            open_ = np.flatnonzero(todo & (bound > kth + 1e-4))
            if len(open_) == 0:
                break
            if len(open_) > self.batch:
                open_ = open_[np.argpartition(-bound[open_], self.batch)[: self.batch]]
            todo[open_] = False
            ids = cand[open_]
            for i, s in zip(ids.tolist(), wratio(query, [self.keys[i] for i in ids]), strict=True):
                scored[i] = float(s)
            if len(scored) >= limit:
                kth = sorted(scored.values(), reverse=True)[limit - 1]
        best = sorted(scored.items(), key=lambda kv: (-kv[1], kv[0]))
        return best[:limit]

    def _bound(
        self, shared: Counts, cand: Ids, query_len: int, query_spaced: bool
    ) -> npt.NDArray[np.float64]:
        """An upper bound of ``WRatio`` from shared characters and lengths: the longest
        common subsequence is at most the shared characters, partial matching at most their
        share of the shorter string."""
        lengths = self.lengths[cand]
        short = np.maximum(np.minimum(lengths, query_len), 1)
        ratio = np.maximum(lengths, query_len) / short
        spaces = query_spaced | self.spaced[cand]
        near = 2.0 * shared / (lengths + query_len)
        # partial_ratio also aligns the shorter string with shorter windows at the ends of the
        # longer one: 2c / (short + window) with window >= c.
        partial = np.minimum(2.0 * shared / (short + np.minimum(shared, short)), 1.0)
        scale = np.where(ratio < 1.5, np.where(spaces, 0.95, 0.0), np.where(ratio < 8, 0.9, 0.6))
        return 100.0 * np.maximum(near, scale * partial)  # type: ignore[no-any-return]


def _best(query: str, keys: Sequence[str], cand: Ids, limit: int) -> list[tuple[int, float]]:
    ids = cand.tolist()
    scores = wratio(query, [keys[i] for i in ids])
    ranked = sorted(zip(ids, scores.tolist(), strict=True), key=lambda kv: (-kv[1], kv[0]))
    return ranked[:limit]
