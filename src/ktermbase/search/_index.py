"""The search indexes of one term base: built once, lazily, and cached per ``TermBase``.

>>> from ktermbase import load
>>> index = index_for(load())
>>> index is index_for(load())
True
>>> [index.keys[i] for i in index.exact("strategic autonomy")]
['strategic autonomy']
>>> [index.keys[i] for i in index.completions("k计划", None)][:2]
['k计划会议', 'k计划基金']
"""

from __future__ import annotations

import functools
import weakref
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, TypeVar

import numpy as np

from .._bulk import built_once, paused_gc
from ..model import Entry, Term, primary_lang
from ..normalize import has_han
from ._keys import BucketedKeys
from .fuzzy import CharIndex, GramIndex, Ids, Mask
from .normalize import is_pure_han, search_key
from .pinyin import PinyinIndex

if TYPE_CHECKING:
    from ..termbase import TermBase

__all__ = ["SearchIndex", "index_for"]

T = TypeVar("T")

_PREFIX_WIDTH = 48  # bytes of each key kept for prefix lookups (longer ones are checked)


def _built(method: Callable[[SearchIndex], T]) -> functools.cached_property[T]:
    """``functools.cached_property`` that builds with the garbage collector paused."""

    @functools.wraps(method)
    def build(self: SearchIndex) -> T:
        with paused_gc():
            return method(self)

    return functools.cached_property(build)


class SearchIndex:
    """Every term of a term base flattened to a term id, with its search key; the exact,
    prefix, fuzzy and pinyin indexes are built on first use."""

    def __init__(self, entries: tuple[Entry, ...]) -> None:
        self.entries = entries
        owners: list[int] = []
        self.terms: list[Term] = []
        for i, entry in enumerate(entries):
            owners.extend([i] * len(entry.terms))
            self.terms.extend(entry.terms)
        self.entry_of: Ids = np.asarray(owners, dtype=np.int32)
        self.keys: list[str] = [search_key(t.text) for t in self.terms]
        self.langs: list[str] = [primary_lang(t.lang) for t in self.terms]
        self._masks: dict[tuple[str | None, str | None], Mask | None] = {}

    def __len__(self) -> int:
        return len(self.terms)

    def build(self) -> None:
        """Build every index now (instead of on first use)."""
        for name in ("_exact", "prefixes", "han", "grams", "pinyin"):
            getattr(self, name)

    @_built
    def _exact(self) -> tuple[dict[str, int], dict[str, list[int]]]:
        first: dict[str, int] = {}
        more: dict[str, list[int]] = {}
        for term_id, key in enumerate(self.keys):
            if first.setdefault(key, term_id) != term_id:
                more.setdefault(key, []).append(term_id)
        return first, more

    def exact(self, key: str) -> list[int]:
        """The term ids whose search key is ``key``."""
        first, more = self._exact
        found = first.get(key)
        return [] if found is None else [found, *more.get(key, ())]

    @_built
    def prefixes(self) -> BucketedKeys:
        """Search keys by length, for completions of a partial query."""
        lengths = np.fromiter((len(k) for k in self.keys), dtype=np.int32, count=len(self.keys))
        return BucketedKeys(
            self.keys,
            buckets=np.minimum(lengths, np.iinfo(np.int16).max),
            ids=np.arange(len(self.keys), dtype=np.int32),
            width=_PREFIX_WIDTH,
        )

    def completions(self, key: str, mask: Mask | None) -> Iterator[int]:
        """Term ids whose search key starts with ``key`` (and is longer), shortest first."""
        for _, term_id in self.prefixes.scan(key, first_bucket=len(key), accept=self.accept(mask)):
            found = self.keys[term_id]
            if found != key and found.startswith(key):
                yield term_id

    @_built
    def _is_han(self) -> Mask:
        return np.fromiter((has_han(k) for k in self.keys), dtype=np.bool_, count=len(self.keys))

    @_built
    def han(self) -> tuple[CharIndex, Ids]:
        """Character index of the keys holding Chinese characters, and their term ids."""
        ids = np.flatnonzero(self._is_han).astype(np.int32)
        return CharIndex([self.keys[i] for i in ids.tolist()]), ids

    @_built
    def grams(self) -> tuple[GramIndex, Ids]:
        """Trigram index of the keys holding anything but Chinese characters (so mixed
        keys such as ``k计划`` are in both indexes), and their term ids."""
        pure_han = np.fromiter(
            (is_pure_han(k) for k in self.keys),
            dtype=np.bool_,
            count=len(self.keys),
        )
        ids = np.flatnonzero(~pure_han).astype(np.int32)
        return GramIndex([self.keys[i] for i in ids.tolist()]), ids

    @_built
    def pinyin(self) -> tuple[PinyinIndex, Ids]:
        """Pinyin index of the Chinese terms, and their term ids."""
        ids = np.flatnonzero(
            self._is_han & np.fromiter((g == "zh" for g in self.langs), dtype=np.bool_)
        ).astype(np.int32)
        id_list = ids.tolist()
        overrides = {
            local: self.terms[term_id].pinyin
            for local, term_id in enumerate(id_list)
            if self.terms[term_id].pinyin
        }
        return PinyinIndex([self.keys[i] for i in id_list], overrides), ids  # type: ignore[arg-type]

    def mask(self, lang: str | None, subject: str | None) -> Mask | None:
        """Which term ids pass the language and subject filters (``None``: all)."""
        if lang is None and subject is None:
            return None
        key = (primary_lang(lang) if lang else None, subject)
        if key not in self._masks:
            keep_entry = np.fromiter(
                (subject is None or subject in e.subjects for e in self.entries),
                dtype=np.bool_,
                count=len(self.entries),
            )
            keep = keep_entry[self.entry_of]
            if key[0] is not None:
                keep &= np.fromiter((g == key[0] for g in self.langs), dtype=np.bool_)
            if len(self._masks) > 16:
                self._masks.clear()
            self._masks[key] = keep
        return self._masks[key]

    def accept(self, mask: Mask | None, ids: Ids | None = None) -> Callable[[int], bool] | None:
        """A predicate on (local) ids for ``mask``; ``ids`` maps local ids to term ids."""
        if mask is None:
            return None
        local = mask if ids is None else mask[ids]
        return lambda i: bool(local[i])


_INDEXES: weakref.WeakKeyDictionary[TermBase, SearchIndex] = weakref.WeakKeyDictionary()


def index_for(tb: TermBase) -> SearchIndex:
    """The search index of ``tb``, built on the first call and kept while ``tb`` lives."""
    return built_once(_INDEXES, tb, lambda base: SearchIndex(base.entries))
