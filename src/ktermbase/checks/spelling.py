"""Spelling: every word checked against a real English dictionary (pyspellchecker) and the
term base's own vocabulary (a regular plural of a known word, a known word closed by a
particle such as "rollout", and a British spelling are accepted). Names (capitalised words
inside a sentence), acronyms, words joined to digits, URLs and e-mail addresses are never
flagged. Suggestions are ranked with the term base as context: a candidate that completes
a term base phrase with the words before it comes first. A correction is an error (which
``fix`` applies) only for a lowercase word one edit away whose best correction clearly
beats the next; a capitalised word (perhaps a name) gets a warning at most.

>>> from ktermbase import load
>>> from .context import Context
>>> [(i.text, i.replacements[0], i.severity.value)
...  for i in check_spelling(Context("our research and development layou", None, load()))]
[('layou', 'layout', 'error')]
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace

from spellchecker import SpellChecker

from .context import Context, load_data
from .issue import Issue, Severity
from .text import match_case, singularize

__all__ = ["check_spelling", "dictionary"]

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_SKIP = re.compile(
    r"https?://\S+|www\.\S+|\b[\w.+-]+@[\w-]+\.[\w.-]+|\b\w+\.(?:com|org|net|gov|edu|cn|jp)\b\S*"
)
_CONTEXT_WORDS = 3
_TWO_CAPITALS = re.compile(r"[A-Z].*[A-Z]")
# A misspelling seldom repeats letter for letter; a name or a piece of jargon does.
_REPEATED = 3


@functools.cache
def dictionary() -> SpellChecker:
    """The English dictionary (loaded once; about 0.2 s).

    >>> "situation" in dictionary(), "stituation" in dictionary()
    (True, False)
    """
    return SpellChecker(language="en", distance=2)


@functools.cache
def _abbreviations() -> frozenset[str]:
    return frozenset(load_data("english.toml")["abbreviations"])


def _british_ok(word: str, spell: SpellChecker) -> bool:
    for british, american in load_data("english.toml")["british"]:
        if word.endswith(british) and word[: -len(british)] + american in spell:
            return True
    return False


def _known(word: str, vocabulary: frozenset[str], spell: SpellChecker) -> bool:
    lower = word.lower().replace("’", "'")
    if lower.endswith("'s"):
        lower = lower[:-2]
    if lower in vocabulary or lower in spell or lower in _abbreviations():
        return True
    if "'" in lower and all(
        p in spell or p in ("s", "t", "ll", "re", "ve", "d") for p in lower.split("'")
    ):
        return True
    single = singularize(lower)
    if single is not None and single in spell:  # a plural of a known word
        return True
    if not re.search(r"[aeiouy]", lower):  # no vowel: an abbreviation ("npm", "txt")
        return True
    return _derived(lower, spell)


def _derived(lower: str, spell: SpellChecker) -> bool:
    """A known word in another form: with a common prefix or suffix ("untrusted",
    "implementors"), closed by a particle ("rollout"), or spelt the British way."""
    data = load_data("english.toml")
    for prefix in data["prefixes"]:
        rest = lower[len(prefix) :].lstrip("-")
        if lower.startswith(prefix) and len(rest) >= 4 and (rest in spell or _derived(rest, spell)):
            return True
    for suffix in data["suffixes"]:
        stem = lower[: -len(suffix)]
        if lower.endswith(suffix) and len(stem) >= 4 and (stem in spell or stem + "e" in spell):
            return True
    compound = any(
        lower.endswith(p) and len(lower) - len(p) >= 3 and lower[: -len(p)] in spell
        for p in data["compound_particles"]
    )
    return compound or _british_ok(lower, spell)


def _looks_like_name(word: str, text: str, start: int, body_start: bool, title: bool) -> bool:
    if _TWO_CAPITALS.search(word):  # acronyms, CamelCase
        return True
    if start > 0 and (text[start - 1].isdigit() or text[start - 1] in "_@/\\"):
        return True
    if (
        start > 1
        and text[start - 1] == "-"
        and re.search(r"(?<![\w-])[A-Z][\w-]*-$", text[max(0, start - 30) : start])
    ):
        return True  # the rest of a hyphenated name ("Dai-ichi")
    end = start + len(word)
    if end < len(text) and (text[end].isdigit() or text[end] in "_@"):
        return True
    return word[0].isupper() and not body_start and not title


def check_spelling(ctx: Context) -> Iterator[Issue]:
    """Unknown words, with ranked corrections; ``error`` when one correction is clearly
    best (one edit away and favoured by the term base or by frequency), else ``warning``."""
    text, spell, vocabulary = ctx.text, dictionary(), ctx.index.vocabulary
    masked = _SKIP.sub(lambda m: " " * len(m.group()), text)
    verdicts: dict[str, bool] = {}
    counts: Counter[str] | None = None
    for sentence in ctx.sentences:
        for m in _WORD.finditer(masked, sentence.start, sentence.end):
            word = m.group()
            if not 2 <= len(word) <= 40 or not word.isascii():  # names, loanwords, CJK
                continue
            first = not masked[sentence.body : m.start()].strip(" \"'“‘(")
            title = sentence.kind in ("title", "keywords")
            if _looks_like_name(word, masked, m.start(), first, title):
                continue
            known = verdicts.get(word)
            if known is None:
                known = verdicts[word] = _known(word, vocabulary, spell)
            if known:
                continue
            issue = _issue(ctx, m.start(), m.end(), word, strict=title and word[0].isupper())
            if issue is None:
                continue
            if issue.severity is Severity.ERROR:
                if counts is None:
                    counts = Counter(w.lower() for w in _WORD.findall(masked))
                if counts[word.lower()] >= _REPEATED:  # a name or jargon used throughout
                    issue = replace(issue, severity=Severity.WARNING)
            yield issue


@functools.lru_cache(maxsize=4096)
def _candidates(word: str) -> tuple[tuple[str, ...], int, frozenset[str]]:
    """Dictionary corrections of ``word``, their edit distance, and every string one edit
    away (to match against the term base's vocabulary)."""
    spell = dictionary()
    edits = frozenset(spell.edit_distance_1(word))
    near = spell.known(edits)
    if near:
        return tuple(near), 1, edits
    far = spell.candidates(word) or set()
    return tuple(w for w in far if w != word), 2, edits


def _issue(ctx: Context, start: int, end: int, word: str, *, strict: bool) -> Issue | None:
    lower = word.lower()
    candidates, distance, edits = _candidates(lower)
    vocabulary = ctx.index.vocabulary
    near_vocab = edits & vocabulary
    pool = set(candidates) | near_vocab
    if not pool or (strict and distance > 1 and not near_vocab):
        return None
    before = " ".join(
        re.findall(r"[A-Za-z&'’-]+", ctx.text[max(0, start - 60) : start])[-_CONTEXT_WORDS:]
    )
    spell = dictionary()

    def score(candidate: str) -> tuple[int, int, float]:
        phrase = f"{before} {candidate}"
        spots = ctx.index.spot_en(phrase)
        in_term = any(s.end == len(phrase) and s.start < len(before) for s in spots)
        return (int(in_term), int(candidate in vocabulary), spell.word_usage_frequency(candidate))

    scores = {c: score(c) for c in pool}
    ranked = sorted(pool, key=lambda c: (scores[c], c), reverse=True)
    best = scores[ranked[0]]
    runner_up = scores[ranked[1]] if len(ranked) > 1 else (0, 0, 0.0)
    # A capitalised unknown word may be a name at the start of a sentence: never sure.
    confident = (
        word[0].islower()
        and (distance == 1 or ranked[0] in near_vocab)
        and (
            len(ranked) == 1 or best[:2] > runner_up[:2] or best[2] >= 5 * max(runner_up[2], 1e-12)
        )
    )
    replacements = tuple(match_case(word, c) for c in ranked[:5])
    return Issue(
        "spelling",
        Severity.ERROR if confident else Severity.WARNING,
        start,
        end,
        word,
        f"'{word}' is not an English word"
        + (f"; did you mean '{replacements[0]}'?" if replacements else ""),
        replacements,
    )
