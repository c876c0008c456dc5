"""Checks against the Chinese source: every concept the source holds needs a rendering in
the sentences that translate it ("missing-term"; where those sentences hold one of its terms
of three words or more with one word changed or its words reordered, that is reported
instead: an "official-name" error for a name, a "mistranslated-term" warning otherwise), and
a keyword list is aligned item by item with the source's ("keyword-mismatch").

>>> from ktermbase import load
>>> from .context import Context, load_data
>>> ctx = Context("Abstract: It studies policy.", "摘要：本文研究我国政策。", load())
>>> [(i.rule, i.severity.value, i.entry) for i in check_missing(ctx)]
[('missing-term', 'warning', 'this-paper'), ('missing-term', 'warning', 'china-self-reference')]
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterator, Sequence

from ..model import ACCEPTED, Entry, PartOfSpeech, Status, Term
from ..normalize import fold
from .context import Context, load_data
from .index import Rendering, en_key
from .issue import Issue, Severity
from .terms import replacements_for, rule_for, same_words, verb_form, verb_forms, verb_in_form
from .text import inflect_last, keyword_items, match_case, singularize

__all__ = ["check_keywords", "check_missing"]


@functools.lru_cache(maxsize=65536)
def _pattern(term: str, inflected: bool) -> re.Pattern[str]:
    """A pattern for ``term`` that takes hyphens and spaces alike (a misspelt "public private
    collaboration" is check_form's to report, not a missing term) and, when ``inflected``,
    lets each word take an inflection ("selects and deploys" holds "select and deploy", "built
    and improved" holds "build and improve"); otherwise it holds the words as written ("… and
    Innovation" does not hold "Innovations"). An inflected term's articles may be left out: a
    missing "a" is the grammar rules' to report, the term is there.

    >>> bool(_pattern("keep pace with the times", True).search("it kept pace with the times"))
    True
    >>> bool(_pattern("provide a reference for", True).search("provides reference for"))
    True
    """
    pattern = ""
    joined = False  # a word is in the pattern, so the next one needs a separator
    for word in re.split(r"[\s-]+", en_key(term).strip()):
        if inflected and word in _ARTICLES:
            piece = re.escape(word)
            pattern += rf"(?:[\s-]+{piece})?" if joined else rf"(?:{piece}[\s-]+)?"
            continue
        if inflected and word.isalpha() and len(word) >= 3:
            stem = singularize(word) or word
            stem = stem[:-1] if stem[-1] in "ey" else stem
            regular = re.escape(stem) + "[a-z]{0,4}"
            irregular = sorted(verb_forms(word) - {word})
            # a group only where needed: a pattern that starts with a literal searches faster
            piece = "(?:" + "|".join([regular, *irregular]) + ")" if irregular else regular
        else:
            piece = re.escape(word)
        pattern += (r"[\s-]+" if joined else "") + piece
        joined = True
    return re.compile(r"(?<![\w&-])" + pattern + r"(?![\w&-])")


_ARTICLES = frozenset({"a", "an", "the"})


def _patterns(entry: Entry) -> list[re.Pattern[str]]:
    """The patterns of the entry's English terms, of any status: a name only word for word,
    other terms in any form."""
    inflected = rule_for(entry) != "official-name"
    return [_pattern(t.text, inflected) for t in entry.terms_in("en")]


def _holds(key: str, entry: Entry) -> bool:
    """Whether ``key`` (an ``en_key``) holds any rendering of ``entry``."""
    return any(p.search(key) for p in _patterns(entry))


def _forms(entry: Entry) -> list[str]:
    out = []
    for term in entry.terms_in("en"):
        out.append(term.text)
        last = term.text.rsplit(" ", 1)[-1]
        if last.isalpha() and last.islower():
            out.append(inflect_last(term.text, "singular" if singularize(last) else "plural"))
    return out


def _evidence(term: Term) -> bool:
    """Whether a Chinese term, found in the source, shows that the concept is there: its
    preferred term does, and so does any other of three characters or more; a short
    synonym such as 不足 (for 局限性) is too often an ordinary word."""
    return term.status is Status.PREFERRED or len(term.text) >= 3


def check_missing(ctx: Context) -> Iterator[Issue]:
    """Source concepts with no rendering (of any status) where the translation should have
    one: reported as a warning on the English sentence(s) translating the source sentence,
    with the expected rendering; the neighbouring sentences are searched too, to forgive
    small reorderings."""
    if not ctx.source:
        return
    reported: set[tuple[str, int]] = set()
    windows: dict[int, str] = {}
    mentions: Counter[tuple[int, str]] | None = None  # counted when first needed
    sentences = ctx.source_sentences
    for spot in ctx.source_spots:
        if not any(_evidence(r.term) for r in spot.renderings):
            continue
        index = ctx.source_sentence_at(spot.start)
        if not sentences or sentences[index].kind == "keywords":
            continue
        group = ctx.translation_of(index)
        if not group:
            continue
        window_ids = [i for i in range(group[0] - 1, group[-1] + 2) if 0 <= i < len(ctx.sentences)]
        window_ids = [
            i for i in window_ids if ctx.sentences[i].kind == ctx.sentences[group[0]].kind
        ]
        window = windows.get(index)
        if window is None:
            window = windows[index] = en_key(" ".join(ctx.sentences[i].text for i in window_ids))
        entries = {r.entry.id: r.entry for r in spot.renderings}
        held = [e for e in entries.values() if _holds(window, e)]
        if held:
            # rendered, but maybe fewer times than the source sentence names it: a second
            # mention written with one word changed ("supply chain toughness") is wrong
            entry = held[0]
            if (entry.id, group[0]) in reported:
                continue
            if mentions is None:
                mentions = _mentions(ctx)
            named = mentions.get((index, entry.id), 0)
            if named < 2:
                continue  # named once and rendered: the common case, settled without a search
            places = {m.start() for p in _patterns(entry) for m in p.finditer(window)}
            if named <= len(places):
                continue
            reported.add((entry.id, group[0]))  # only in the sentences translating this one
            issue = _near_miss_issue(ctx, group, entry, ctx.source[spot.start : spot.end])
            if issue is not None:
                yield issue
            continue
        entry = min(
            entries.values(),
            key=lambda e: min(r.term.status.rank for r in spot.renderings if r.entry is e),
        )
        found = next(r.term for r in spot.renderings if r.entry is entry)
        expected = entry.equivalent(found, "en")  # K计划 → "K Program", not the full name
        if expected is None or (entry.id, group[0]) in reported:
            continue
        reported.add((entry.id, group[0]))
        first, last = ctx.sentences[group[0]], ctx.sentences[group[-1]]
        zh = ctx.source[spot.start : spot.end]
        near = _near_miss_issue(ctx, window_ids, entry, zh)
        if near is not None:
            yield near
            continue
        yield Issue(
            "missing-term",
            Severity.WARNING,
            first.start,
            last.end,
            ctx.text[first.start : last.end],
            f"The source's 「{zh}」 (entry '{entry.id}') has no rendering in this sentence: "
            f"expected '{expected.text}'",
            (),
            entry.id,
        )


_WORD = re.compile(r"[A-Za-z][\w'’-]*")


@functools.lru_cache(maxsize=4096)  # sentences and terms recur within and across checks
def _words(text: str) -> tuple[tuple[int, ...], tuple[int, ...], tuple[str, ...]]:
    """The words of ``text``: their starts, their ends, and the words in lower case."""
    found = list(_WORD.finditer(text))
    return (
        tuple(m.start() for m in found),
        tuple(m.end() for m in found),
        tuple(m.group().lower() for m in found),
    )


@functools.lru_cache(maxsize=4096)
def _vocabulary(text: str) -> frozenset[str]:
    """The words of ``text``, in lower case."""
    return frozenset(_words(text)[2])


def _mentions(ctx: Context) -> Counter[tuple[int, str]]:
    """How many times each source sentence names each entry: (sentence, entry id) → count."""
    return Counter(
        (ctx.source_sentence_at(spot.start), entry_id)
        for spot in ctx.source_spots
        for entry_id in {r.entry.id for r in spot.renderings}
    )


def _near_miss_issue(ctx: Context, sentence_ids: list[int], entry: Entry, zh: str) -> Issue | None:
    """The issue for a rendering of the source's 「zh」 with one word changed, if there is one:
    an error for a name (it must be exact), else a warning (a paraphrase may be fair)."""
    name = rule_for(entry) == "official-name"
    near = _near_miss(ctx, sentence_ids, entry, name=name)
    if near is None:
        return None
    start, end, term, how = near
    span = ctx.text[start:end]
    better = (
        term.text
        if name
        else _mended(span, term) or match_case(span, term.text, initial=ctx.initial(start))
    )
    return Issue(
        "official-name" if name else "mistranslated-term",
        Severity.ERROR if name else Severity.WARNING,
        start,
        end,
        span,
        f"'{span}' renders the source's 「{zh}」 (entry '{entry.id}') with {how}: use '{better}'",
        (better,),
        entry.id,
    )


def _inflected(found: str, word: str) -> bool:
    """Whether ``found`` is ``word`` or another form of it (plural, or a verb's inflection).

    >>> _inflected("kept", "keep"), _inflected("perfected", "improve"), _inflected("tasks", "task")
    (True, False, True)
    """
    return found in _inflections(word)


@functools.lru_cache(maxsize=65536)
def _inflections(word: str) -> frozenset[str]:
    """``word`` and its other forms: plural or third person, past, -ing, irregular forms."""
    forms = {verb_in_form(word, form) for form in ("s", "ed", "ing")}
    return frozenset({word, *verb_forms(word), *(f for f in forms if f is not None)})


def _wrong(found: Sequence[str], expected: Sequence[str], *, forms: bool) -> list[int]:
    """Where the words ``found`` differ from the term's words ``expected`` (as many), not
    counting, when ``forms``, another form of the term's word.

    >>> _wrong(["kept", "speed", "with"], ["keep", "pace", "with"], forms=True)
    [1]
    """
    return [
        i
        for i, (a, b) in enumerate(zip(found, expected, strict=True))
        if a != b and not (forms and _inflected(a, b))
    ]


def _mended(span: str, term: Term) -> str | None:
    """``span`` with its one wrong word replaced by the term's, the rest as written: a verb of
    the term in the form the span's word has ("established and perfected" → "established and
    improved"); ``None`` when the span is not the term's words with one changed, or when that
    form cannot be made.

    >>> t = Term(lang="en", text="keep pace with the times", pos="verb")
    >>> _mended("kept speed with the times", t)
    'kept pace with the times'
    """
    starts, ends, found = _words(span)
    expected = _words(term.text)[2]
    if len(found) != len(expected):
        return None
    wrong = _wrong(found, expected, forms=True)
    if len(wrong) != 1:
        return None
    i = wrong[0]
    word = expected[i]
    if term.pos is PartOfSpeech.VERB:
        inflected = verb_in_form(word, verb_form(found[i]))
        if inflected is None:
            return None
        word = inflected
    original = span[starts[i] : ends[i]]
    return span[: starts[i]] + match_case(original, word) + span[ends[i] :]


def _near_miss(
    ctx: Context, sentence_ids: list[int], entry: Entry, *, name: bool = False
) -> tuple[int, int, Term, str] | None:
    """(start, end, term, how): the first place in the sentences where one of the entry's
    accepted English terms of three words or more stands as ``_difference`` says.

    >>> from ktermbase import load
    >>> tb = load()
    >>> ctx = Context("Japan passed the Economic Security Promotion Bill.", None, tb)
    >>> start, end, term, how = _near_miss(ctx, [0], tb["economic-security-promotion-act"])
    >>> ctx.text[start:end], term.text, how
    ('Economic Security Promotion Bill', 'Economic Security Promotion Act', 'one word changed')
    """
    terms = [
        (t, expected)
        for t in entry.terms_in("en")
        if t.status in ACCEPTED and len(expected := _words(t.text)[2]) >= 3
    ]
    for i in sentence_ids:
        sentence = ctx.sentences[i]
        starts, ends, lowered = _words(sentence.text)
        present = _vocabulary(sentence.text)
        for term, expected in terms:
            k = len(expected)
            hits = sum(w in present for w in expected)
            if hits < k - 1 and not name:  # the term's words in other forms count too
                hits = sum(not present.isdisjoint(_inflections(w)) for w in expected)
            if hits < k - 1:
                continue  # at least all words but one must be there: the usual case, at once
            for n in (k, k - 1) if k >= 4 else (k,):
                for j in range(len(lowered) - n + 1):
                    how = _difference(lowered[j : j + n], expected, name=name)
                    if how is not None:
                        offset = sentence.start
                        return offset + starts[j], offset + ends[j + n - 1], term, how
    return None


def _difference(found: Sequence[str], expected: Sequence[str], *, name: bool) -> str | None:
    """How the words ``found`` miss the term's words ``expected`` narrowly enough to be a wrong
    rendering of it: one word replaced by a different content word (not another form of it,
    not "its" or "the"), the words reordered, or one content word inside a term of four words
    or more left out; ``None`` otherwise. In a ``name`` any change counts ("Innovations" for
    "Innovation", "for" for "of").

    >>> _difference(["security", "promotion", "bill"], ["security", "promotion", "act"], name=False)
    'one word changed'
    >>> _difference(["its", "supply", "chains"], ["strengthening", "supply", "chains"], name=False)
    >>> _difference(["a", "c", "d"], ["a", "b", "c", "d"], name=False)
    "'b' left out"
    """
    function_words = _function_words()
    if len(found) == len(expected):
        # in a name any change counts; elsewhere another form of a term's word is that word
        changed = [(found[i], expected[i]) for i in _wrong(found, expected, forms=not name)]
        if len(changed) == 1 and (
            name or not (same_words(*changed[0]) or function_words.intersection(changed[0]))
        ):
            return "one word changed"
        if len(changed) > 1 and sorted(found) == sorted(expected):
            return "its words reordered"
        return None
    for gap in range(1, len(expected) - 1):  # a word inside the term left out
        if (name or expected[gap] not in function_words) and list(found) == [
            *expected[:gap],
            *expected[gap + 1 :],
        ]:
            return f"'{expected[gap]}' left out"
    return None


@functools.cache
def _function_words() -> frozenset[str]:
    """Words whose change does not make another rendering of a term ("its supply chains" is
    not "strengthening supply chains" gone wrong): english.toml's ``function_words``."""
    return frozenset(load_data("english.toml")["function_words"])


def check_keywords(ctx: Context) -> Iterator[Issue]:
    """Keyword lists aligned item by item: an English keyword that renders another concept
    (or nothing known) where the source's keyword is a term base concept.

    >>> from ktermbase import load
    >>> from .context import Context, load_data
    >>> ctx = Context("Keywords: basic research; open science", "关键词：应用研究；开放科学",
    ...               load())
    >>> [(i.text, i.replacements[0], i.severity.value) for i in check_keywords(ctx)]
    [('basic research', 'applied research', 'error')]
    """
    if not ctx.source:
        return
    en_lines = [s for s in ctx.sentences if s.kind == "keywords"]
    zh_lines = [s for s in ctx.source_sentences if s.kind == "keywords"]
    if not en_lines or not zh_lines:
        return
    en_items, zh_items = keyword_items(en_lines[0]), keyword_items(zh_lines[0])
    if len(en_items) != len(zh_items):
        line = en_lines[0]
        yield Issue(
            "keyword-mismatch",
            Severity.WARNING,
            line.body,
            line.end,
            ctx.text[line.body : line.end],
            f"{len(en_items)} keywords here, {len(zh_items)} in the source: they cannot be "
            "aligned item by item",
        )
        return
    tb = ctx.termbase
    for (es, ee), (zs, ze) in zip(en_items, zh_items, strict=True):
        zh, en = ctx.source[zs:ze], ctx.text[es:ee]
        found = tb.find(zh, lang="zh")
        if not found:
            continue
        entry = found[0][0]
        forms = {fold(f) for f in _forms(entry)}
        if fold(en) in forms:
            continue
        other = tb.find(en, lang="en") or tb.find(singularize(en) or en, lang="en")
        if any(e.id == entry.id for e, _ in other):
            continue  # the source's concept (a deprecated rendering is check_deprecated's)
        expected = entry.preferred("en")
        if expected is None:
            continue
        spot = next((s for s in ctx.spots if s.start == es and s.end == ee), None)
        replacements = (
            replacements_for(ctx, spot, Rendering(entry, expected))
            if spot is not None
            else (match_case(en, expected.text),)
        )
        severity = Severity.ERROR if other else Severity.WARNING
        what = f"renders '{other[0][0].id}'" if other else "is not a rendering the term base knows"
        yield Issue(
            "keyword-mismatch",
            severity,
            es,
            ee,
            en,
            f"Keyword '{en}' {what}, but the source keyword is 「{zh}」 (entry '{entry.id}'): "
            f"use '{replacements[0]}'",
            replacements,
            entry.id,
        )
