"""What every check reads: the text, the Chinese source if any, the term base and its
index, and what is worked out once and shared (sentences, terms spotted on both sides, and
which source sentences each English sentence translates).

>>> from ktermbase import load
>>> ctx = Context("Title\\nAbstract: China grows. It works.",
...               "标题\\n摘要：我国发展迅速，运行良好。", load())
>>> [s.text for s in ctx.sentences]
['Title', 'Abstract: China grows.', 'It works.']
>>> [ctx.source_sentences[i].text for i in ctx.aligned(1)]
['摘要：我国发展迅速，运行良好。']
"""

from __future__ import annotations

import functools
import math
import re
import tomllib
from bisect import bisect_right
from importlib import resources
from typing import Any

from ..model import ACCEPTED
from ..termbase import TermBase
from .index import Rendering, Spot, TermIndex, term_index
from .text import Sentence, split_sentences

__all__ = ["Context", "load_data"]


@functools.cache
def load_data(name: str) -> dict[str, Any]:
    """A TOML data file shipped in ``ktermbase/checks/`` (rules kept as data, not code), read
    once; callers must not change it.

    >>> sorted(load_data("english.toml"))[:2]
    ['abbreviations', 'abstract_markers']
    """
    with resources.files(__package__).joinpath(name).open("rb") as f:
        return tomllib.load(f)


class Context:
    """The shared, lazily computed view of one check run."""

    def __init__(self, text: str, source: str | None, termbase: TermBase) -> None:
        self.text = text
        self.source = source
        self.termbase = termbase
        self.index: TermIndex = term_index(termbase)

    @functools.cached_property
    def sentences(self) -> list[Sentence]:
        """The sentences of the text (titles and keyword lines included)."""
        return split_sentences(self.text)

    @functools.cached_property
    def source_sentences(self) -> list[Sentence]:
        """The sentences of the Chinese source (empty without one)."""
        return split_sentences(self.source, lang="zh") if self.source else []

    @functools.cached_property
    def spots(self) -> list[Spot]:
        """English terms found in the text."""
        return self.index.spot_en(self.text)

    @functools.cached_property
    def source_spots(self) -> list[Spot]:
        """Chinese terms found in the source."""
        return self.index.spot_zh(self.source) if self.source else []

    @functools.cached_property
    def source_entries(self) -> frozenset[str]:
        """Ids of the entries whose Chinese terms the source holds."""
        return frozenset(r.entry.id for s in self.source_spots for r in s.renderings)

    @functools.cached_property
    def is_abstract(self) -> bool:
        """True when the text (or its source) reads as an abstract: it has a keyword line (as
        sentence splitting finds it), or a label such as "Abstract:" or a marker phrase from
        ``english.toml``."""
        if any(s.kind == "keywords" for s in (*self.sentences, *self.source_sentences)):
            return True
        markers = load_data("english.toml")["abstract_markers"]
        both = self.text + "\n" + (self.source or "")
        return any(re.search(m, both, re.I | re.M) for m in markers)

    @functools.cached_property
    def _starts(self) -> tuple[list[int], list[int]]:
        return [s.start for s in self.sentences], [s.start for s in self.source_sentences]

    def sentence_at(self, offset: int) -> int:
        """Index of the sentence holding ``offset`` (the nearest one before it)."""
        return max(0, bisect_right(self._starts[0], offset) - 1)

    def initial(self, offset: int) -> bool:
        """Whether ``offset`` starts its sentence (or title), after any label."""
        if not self.sentences:
            return True
        return offset <= self.sentences[self.sentence_at(offset)].body

    def source_sentence_at(self, offset: int) -> int:
        """Index of the source sentence holding ``offset``."""
        return max(0, bisect_right(self._starts[1], offset) - 1)

    @functools.cached_property
    def spotted(self) -> dict[str, list[Rendering]]:
        """The renderings spotted in the text, by entry id."""
        out: dict[str, list[Rendering]] = {}
        for spot in self.spots:
            for r in spot.renderings:
                out.setdefault(r.entry.id, []).append(r)
        return out

    @functools.cached_property
    def accepted_in_text(self) -> dict[str, frozenset[str]]:
        """The accepted renderings spotted in the text, by entry id."""
        return {
            entry: frozenset(r.term.text for r in found if r.term.status in ACCEPTED)
            for entry, found in self.spotted.items()
        }

    def source_entries_near(self, offset: int) -> set[str]:
        """Ids of the entries the source sentences translated by the sentence at ``offset``
        speak of."""
        zh_sets = self._entry_sets[1]
        return set().union(*(zh_sets[i] for i in self.aligned(self.sentence_at(offset))))

    @functools.cached_property
    def _alignment(self) -> list[tuple[list[int], list[int]]]:
        return _align(self.sentences, self.source_sentences, self._entry_sets)

    @functools.cached_property
    def _entry_sets(self) -> tuple[list[set[str]], list[set[str]]]:
        """The ids of the entries each sentence (and each source sentence) speaks of."""
        en: list[set[str]] = [set() for _ in self.sentences]
        zh: list[set[str]] = [set() for _ in self.source_sentences]
        for spot in self.spots if en else ():
            en[self.sentence_at(spot.start)].update(r.entry.id for r in spot.renderings)
        for spot in self.source_spots if zh else ():
            zh[self.source_sentence_at(spot.start)].update(r.entry.id for r in spot.renderings)
        return en, zh

    @functools.cached_property
    def _maps(self) -> tuple[dict[int, list[int]], dict[int, list[int]]]:
        to_zh: dict[int, list[int]] = {}
        to_en: dict[int, list[int]] = {}
        for en, zh in self._alignment:
            for i in en:
                to_zh[i] = zh
            for j in zh:
                to_en[j] = en
        return to_zh, to_en

    def aligned(self, sentence: int) -> list[int]:
        """The source sentences that English sentence ``sentence`` translates."""
        return self._maps[0].get(sentence, [])

    def translation_of(self, source_sentence: int) -> list[int]:
        """The English sentences that translate source sentence ``source_sentence``."""
        return self._maps[1].get(source_sentence, [])


_MOVES = {(1, 1): 0.0, (1, 2): 0.5, (2, 1): 0.5, (1, 3): 1.0, (3, 1): 1.0, (1, 0): 2.0, (0, 1): 2.0}


def _align(
    en: list[Sentence], zh: list[Sentence], entries: tuple[list[set[str]], list[set[str]]]
) -> list[tuple[list[int], list[int]]]:
    """Align sentences: titles with titles, keyword lines with keyword lines, paragraphs
    with paragraphs when both texts have as many, and the sentences of each by dynamic
    programming on length ratio (Gale-Church style), rewarding groups that share term base
    concepts."""
    pairs: list[tuple[list[int], list[int]]] = []
    rest_en, rest_zh = list(range(len(en))), list(range(len(zh)))
    for kind in ("title", "keywords"):
        e = [i for i in rest_en if en[i].kind == kind]
        z = [i for i in rest_zh if zh[i].kind == kind]
        if e and z:
            pairs.append((e[:1], z[:1]))
            rest_en.remove(e[0])
            rest_zh.remove(z[0])
    if not rest_en or not rest_zh:
        return pairs
    en_lines = _by_line(en, rest_en)
    zh_lines = _by_line(zh, rest_zh)
    if len(en_lines) == len(zh_lines):
        for e_part, z_part in zip(en_lines, zh_lines, strict=True):
            pairs.extend(_dp(en, zh, e_part, z_part, entries))
    else:
        pairs.extend(_dp(en, zh, rest_en, rest_zh, entries))
    return sorted(pairs, key=lambda p: p[0][0])


def _by_line(sentences: list[Sentence], ids: list[int]) -> list[list[int]]:
    lines: dict[int, list[int]] = {}
    for i in ids:
        lines.setdefault(sentences[i].line, []).append(i)
    return list(lines.values())


_BAND = 12


def _dp(
    en: list[Sentence],
    zh: list[Sentence],
    rest_en: list[int],
    rest_zh: list[int],
    entries: tuple[list[set[str]], list[set[str]]],
) -> list[tuple[list[int], list[int]]]:
    n, m = len(rest_en), len(rest_zh)
    ratio = sum(len(en[i].text) for i in rest_en) / max(1, sum(len(zh[i].text) for i in rest_zh))
    # Prefix sums of lengths, and the concepts of each sentence, by position in rest_*.
    le = [0]
    for i in rest_en:
        le.append(le[-1] + len(en[i].text))
    lz = [0.0]
    for j in rest_zh:
        lz.append(lz[-1] + len(zh[j].text) * ratio)
    es = [entries[0][i] for i in rest_en]
    zs = [entries[1][j] for j in rest_zh]
    inf = math.inf
    cost: dict[tuple[int, int], float] = {(0, 0): 0.0}
    back: dict[tuple[int, int], tuple[int, int]] = {}
    for i in range(n + 1):
        centre = i * m // max(1, n)
        for j in range(max(0, centre - _BAND), min(m, centre + _BAND) + 1):
            here = cost.get((i, j), inf)
            if here == inf:
                continue
            for (di, dj), penalty in _MOVES.items():
                if i + di > n or j + dj > m:
                    continue
                c = here + penalty
                c += abs(math.log((le[i + di] - le[i] + 20) / (lz[j + dj] - lz[j] + 20)))
                if di and dj:
                    e_set = es[i] if di == 1 else set().union(*es[i : i + di])
                    z_set = zs[j] if dj == 1 else set().union(*zs[j : j + dj])
                    c -= 0.3 * len(e_set & z_set)
                if c < cost.get((i + di, j + dj), inf):
                    cost[i + di, j + dj] = c
                    back[i + di, j + dj] = (di, dj)
    if (n, m) not in back and (n or m):
        return [(rest_en, rest_zh)]
    i, j, path = n, m, []
    while i or j:
        di, dj = back[i, j]
        path.append((rest_en[i - di : i], rest_zh[j - dj : j]))
        i, j = i - di, j - dj
    return [p for p in reversed(path) if p[0] and p[1]]
