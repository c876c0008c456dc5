"""Checks against the term base's English terms: renderings recorded as deprecated or
superseded (rules "official-name", "literal-rendering", "deprecated-term"), and two accepted
renderings of one concept in one text ("consistency").

Which rule: "official-name" when the entry's preferred English term is a proper noun (a
truncated or altered name of a programme, law or body), "literal-rendering" for entries of
the subject field "academic-writing" (我国 → "my country"), otherwise "deprecated-term".

How sure: with a Chinese source, a rendering is an **error** when the source holds one of
the entry's Chinese terms. When it does not, the English is not a rendering of that concept:
nothing is reported, except a warning for an official name or a literal rendering written
in more than one ordinary word. Without a source, a rendering is an error only when it is
never right, which the data decides: it is recorded as *deprecated* (not merely
superseded), no entry accepts the same text, it is a term rather than a general phrase
(a rendering typed "phrase", such as "research shows", is right in some contexts: info),
it is an official name or a literal rendering (wrong in any context), and it is not a single
ordinary English word (those, such as "network", are only info); other deprecated
renderings are warnings.

>>> from ktermbase import load
>>> from .context import Context, load_data
>>> ctx = Context("Self-discipline matters to my country's firms.", None, load())
>>> for i in check_deprecated(ctx):
...     print(i.rule, i.text, i.replacements[0], i.severity.value, sep=" | ")
deprecated-term | Self-discipline | Autonomy | info
literal-rendering | my country | China | error
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from collections.abc import Iterator

from ..model import ACCEPTED, Entry, PartOfSpeech, Status, Term, TermType
from .context import Context, load_data
from .index import Rendering, Spot, en_key
from .issue import Issue, Severity
from .spelling import dictionary
from .text import gerund, inflect_last, match_case, past, third_person

__all__ = [
    "check_consistency",
    "check_deprecated",
    "check_form",
    "replacements_for",
    "rule_for",
    "same_words",
    "verb_form",
    "verb_forms",
    "verb_in_form",
]

_SHORT = (TermType.SHORT_FORM, TermType.ACRONYM, TermType.ABBREVIATION)


def rule_for(entry: Entry) -> str:
    """The rule id under which a deprecated rendering of ``entry`` is reported.

    >>> from ktermbase import load
    >>> tb = load()
    >>> rule_for(tb["k-program"]), rule_for(tb["china-self-reference"]), rule_for(tb["cyberspace"])
    ('official-name', 'literal-rendering', 'deprecated-term')
    """
    literal = load_data("english.toml")["literal_rendering_subjects"]
    if any(subject in entry.subjects for subject in literal):
        return "literal-rendering"
    best = entry.preferred("en")
    if best is not None and best.pos is PartOfSpeech.PROPER_NOUN:
        return "official-name"
    return "deprecated-term"


def same_words(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` are forms of the same words, word for word (spelling,
    derivation or number), not different words.

    >>> same_words("science and technology security", "Scientific and Technological Security")
    True
    >>> same_words("main features", "main characteristics")
    False
    """
    wa, wb = en_key(a).replace("-", " ").split(), en_key(b).replace("-", " ").split()
    if len(wa) != len(wb):
        return False
    for x, y in zip(wa, wb, strict=True):
        common = next(
            (k for k, (p, q) in enumerate(zip(x, y, strict=False)) if p != q), min(len(x), len(y))
        )
        if x != y and (common < 4 or common < 0.6 * min(len(x), len(y))) and y not in verb_forms(x):
            return False
    return True


def verb_forms(word: str) -> frozenset[str]:
    """Every form of the irregular verb ``word`` is a form of (english.toml's
    ``irregular_verbs``), in lower case; empty for any other word.

    >>> sorted(verb_forms("built")), sorted(verb_forms("kept")), verb_forms("improve")
    (['build', 'built'], ['keep', 'kept'], frozenset())
    """
    return _verb_forms().get(word.lower(), frozenset())


@functools.cache
def _verb_forms() -> dict[str, frozenset[str]]:
    forms: dict[str, set[str]] = {}
    for base, others in load_data("english.toml")["irregular_verbs"].items():
        group = {base, *others}
        for form in group:
            forms.setdefault(form, set()).update(group)
    return {form: frozenset(group) for form, group in forms.items()}


def verb_form(word: str) -> str:
    """The inflection ``word`` shows as a verb: "s", "ed" (past or participle), "ing", or ""
    for a base form or a word that shows none. A regular ending counts only when what it ends
    leaves a dictionary word of four letters or more ("speed" and "need" are not pasts).

    >>> [verb_form(w) for w in ("perfected", "kept", "improves", "building", "speed", "pace")]
    ['ed', 'ed', 's', 'ing', '', '']
    """
    lower = word.lower()
    irregular = _verb_forms().get(lower)
    if irregular is not None:
        english = load_data("english.toml")
        if lower in english["irregular_verbs"]:
            return ""
        return "s" if lower in english["irregular_third_person"] else "ed"

    def known(*stems: str) -> bool:
        return any(len(stem) >= 4 and stem in dictionary() for stem in stems)

    if lower.endswith("ing") and known(lower[:-3], lower[:-3] + "e", lower[:-4]):
        return "ing"
    if lower.endswith("ied") and known(lower[:-3] + "y"):
        return "ed"
    if lower.endswith("ed") and known(lower[:-2], lower[:-1], lower[:-3]):
        return "ed"
    if lower.endswith("ies") and known(lower[:-3] + "y"):
        return "s"
    if lower.endswith("s") and not lower.endswith("ss") and known(lower[:-1], lower[:-2]):
        return "s"
    return ""


def verb_in_form(verb: str, form: str) -> str | None:
    """The verb ``verb`` (a base form) in ``form`` (as ``verb_form`` names it), or ``None`` when
    that cannot be told: the past of an irregular verb whose past and participle differ.

    >>> [verb_in_form("improve", f) for f in ("ed", "s", "ing", "")]
    ['improved', 'improves', 'improving', 'improve']
    >>> verb_in_form("keep", "ed"), verb_in_form("plan", "ed"), verb_in_form("give", "ed")
    ('kept', 'planned', None)
    """
    if form == "ing":
        return gerund(verb)
    if form == "s":
        return third_person(verb)
    if form != "ed":
        return verb
    irregular = load_data("english.toml")["irregular_verbs"].get(verb.lower())
    if irregular is not None:
        return irregular[0] if len(irregular) == 1 else None
    return past(verb)


def _ordinary_word(text: str) -> bool:
    parts = re.findall(r"[A-Za-z]+", text)
    return " " not in text.strip() and all(p.lower() in dictionary() for p in parts)


def _pick(ctx: Context, spot: Spot, found: list[Rendering]) -> Rendering:
    """Of several entries recording this text, the one the source speaks of."""
    near = ctx.source_entries_near(spot.start) if ctx.source else set()
    return min(
        found,
        key=lambda r: (
            r.entry.id not in near,
            r.entry.id not in ctx.source_entries,
            r.term.status.rank,
        ),
    )


def replacements_for(ctx: Context, spot: Spot, rendering: Rendering) -> tuple[str, ...]:
    """The entry's accepted renderings for the span, best first, in its case and number."""
    return _spelled(ctx, spot, rendering, _ranked(ctx, spot, rendering))


def _spelled(ctx: Context, spot: Spot, rendering: Rendering, terms: list[Term]) -> tuple[str, ...]:
    """``terms`` in the span's case, nouns in its number, without repeats."""
    span, initial = ctx.text[spot.start : spot.end], ctx.initial(spot.start)
    out = [
        match_case(
            span,
            inflect_last(t.text, rendering.form) if t.pos in (None, PartOfSpeech.NOUN) else t.text,
            initial=initial,
        )
        for t in terms
    ]
    return tuple(dict.fromkeys(out))


def _ranked(ctx: Context, spot: Spot, rendering: Rendering) -> list[Term]:
    """The entry's accepted English terms for the span, best first.

    A proper name gets its full form in running text and its short form in titles, keyword
    lists or once the full form is already in the text (an acronym only once the text has
    introduced it); a common noun gets a short form first when that has as many words as
    the span (a list item "biology" → "bio").
    """
    entry, span = rendering.entry, ctx.text[spot.start : spot.end]
    accepted = [t for t in entry.terms_in("en") if t.status in ACCEPTED]
    sentence = ctx.sentences[ctx.sentence_at(spot.start)] if ctx.sentences else None
    heading = sentence is not None and sentence.kind in ("title", "keywords")
    spotted = ctx.accepted_in_text.get(entry.id, frozenset())
    has_full = any(t.text in spotted and t.type not in _SHORT for t in accepted)
    official = rule_for(entry) == "official-name"

    def order(t: Term) -> tuple[int, int]:
        short = t.type in _SHORT
        if official:
            prefer_short = heading or has_full
            if t.type in (TermType.ACRONYM, TermType.ABBREVIATION):  # only once introduced
                return (0 if prefer_short and t.text in spotted else 2, t.status.rank)
            return (int(short != prefer_short), t.status.rank)
        same_length = short and len(t.text.split()) == len(span.split())
        return (int(not same_length), t.status.rank)

    return sorted(accepted, key=order)


_THE = re.compile(r"(?:^|(?<=\W))(the|The)\s+$")


def _article_before_verb(text: str, start: int, replacement: Term) -> int:
    """Where a replacement should start: a verbal term (the term base gives it ``pos =
    "verb"``, as for the gerund phrase "tackling key core technologies") takes a "the" in
    front of the span with it ("in the tackling key core technologies" is not English)."""
    if replacement.pos is not PartOfSpeech.VERB:
        return start
    m = _THE.search(text, max(0, start - 5), start)
    return m.start() if m else start


def check_deprecated(ctx: Context) -> Iterator[Issue]:
    """Deprecated and superseded English renderings, with the preferred replacement."""
    for spot in ctx.spots:
        bad = [r for r in spot.renderings if r.term.status not in ACCEPTED]
        if not bad:
            continue
        accepted_elsewhere = any(r.term.status in ACCEPTED for r in spot.renderings)
        rendering = _pick(ctx, spot, bad)
        entry, term = rendering.entry, rendering.term
        rule = rule_for(entry)
        span = ctx.text[spot.start : spot.end]
        never_right = (
            term.status is Status.DEPRECATED
            and term.type is not TermType.PHRASE
            and not accepted_elsewhere
        )
        if ctx.source is not None:
            if entry.id in ctx.source_entries:
                # right for another concept only if the source speaks of that one too
                # ('biology' for 生物学 is right, for the K Program's bio domain 生物 it is not)
                accepted_there = any(
                    r.term.status in ACCEPTED and r.entry.id in ctx.source_entries
                    for r in spot.renderings
                )
                severity = Severity.WARNING if accepted_there else Severity.ERROR
            elif rule != "deprecated-term" and not _ordinary_word(span):
                severity = Severity.WARNING
            else:
                continue  # the source does not speak of this concept
        elif _ordinary_word(span) or term.type is TermType.PHRASE:
            severity = Severity.INFO
        elif never_right and rule != "deprecated-term":
            severity = Severity.ERROR
        else:
            severity = Severity.WARNING
        ranked = _ranked(ctx, spot, rendering)
        replacements = _spelled(ctx, spot, rendering, ranked)
        if not replacements:
            continue
        zh = entry.preferred("zh")
        message = (
            f"'{span}' is a {term.status.value} rendering (entry '{entry.id}'"
            + (f", {zh.text}" if zh else "")
            + f"): use '{replacements[0]}'"
            + (f". {term.note}" if term.note else "")
        )
        if rule != "official-name" and ctx.accepted_in_text.get(entry.id):
            message += " The text also uses an accepted rendering: keep one."
        start = _article_before_verb(ctx.text, spot.start, ranked[0])
        if start != spot.start:
            span = ctx.text[start : spot.end]
            replacements = tuple(
                match_case(span, r, initial=ctx.initial(start)) for r in replacements
            )
        yield Issue(rule, severity, start, spot.end, span, message, replacements, entry.id)


def check_consistency(ctx: Context) -> Iterator[Issue]:
    """A concept rendered two accepted ways in one text: unify on the best rendering used
    (the preferred one when it is among them).

    Only full multi-word renderings count (a full form beside its short form or acronym is
    normal usage, and single words vary legitimately). Two forms of the same words
    ("science and technology security" / "scientific and technological security") are an
    error when the source holds the concept or no source is given; two different wordings
    (synonyms a writer may vary on purpose) are a warning.

    >>> from ktermbase import load
    >>> from .context import Context, load_data
    >>> text = ("S&T security, science and technology security and "
    ...         "scientific and technological security.")
    >>> [(i.text, i.replacements[0]) for i in check_consistency(Context(text, None, load()))]
    [('scientific and technological security', 'science and technology security')]
    """
    seen: dict[str, list[tuple[Spot, Rendering]]] = {}
    for spot in ctx.spots:
        entries = {r.entry.id for r in spot.renderings}
        if len(entries) != 1:
            continue
        r = spot.renderings[0]
        if r.term.status not in ACCEPTED or r.term.type in (*_SHORT, TermType.FULL_FORM):
            continue
        if " " not in r.term.text.strip():
            continue
        seen.setdefault(r.entry.id, []).append((spot, r))
    for uses in seen.values():
        texts = {en_key(r.term.text) for _, r in uses}
        if len(texts) < 2:
            continue
        entry = uses[0][1].entry
        target = min((r.term for _, r in uses), key=lambda t: (t.status.rank, entry.terms.index(t)))
        for spot, r in uses:
            if en_key(r.term.text) == en_key(target.text):
                continue
            variant = same_words(r.term.text, target.text)
            severity = (
                Severity.ERROR
                if variant and (ctx.source is None or entry.id in ctx.source_entries)
                else Severity.WARNING
            )
            span = ctx.text[spot.start : spot.end]
            replacement = match_case(
                span, inflect_last(target.text, r.form), initial=ctx.initial(spot.start)
            )
            yield Issue(
                "consistency",
                severity,
                spot.start,
                spot.end,
                span,
                f"'{span}' and '{target.text}' render one concept (entry '{entry.id}') in one "
                f"text: use '{target.text}' throughout",
                (replacement,),
                entry.id,
            )


def check_form(ctx: Context) -> Iterator[Issue]:
    """A term written with hyphens or spaces where the term base has the other
    ("public private collaboration", "K-program"), and which is no term itself: an error
    for an official name or where the source holds the concept, else a warning.

    >>> from ktermbase import load
    >>> from .context import Context
    >>> ctx = Context("Public private collaboration, as the K-program calls it.", None, load())
    >>> [(i.text, i.replacements[0], i.severity.value) for i in check_form(ctx)]
    [('Public private collaboration', 'Public-private collaboration', 'warning'), \
('K-program', 'K Program', 'error')]
    """
    spots = ctx.spots
    starts = [s.start for s in spots]
    for spot in ctx.index.spot_en_loose(ctx.text):
        k = bisect_right(starts, spot.start) - 1
        if k >= 0 and spots[k].end >= spot.end:
            continue  # the span is (inside) a term as written
        rendering = _pick(ctx, spot, list(spot.renderings))
        entry, term = rendering.entry, rendering.term
        span = ctx.text[spot.start : spot.end]
        official = rule_for(entry) == "official-name"
        replacement = (
            term.text if official else match_case(span, term.text, initial=ctx.initial(spot.start))
        )
        if ctx.source is not None and entry.id not in ctx.source_entries and not official:
            continue  # the source does not speak of this concept
        confirmed = official or (ctx.source is not None and entry.id in ctx.source_entries)
        yield Issue(
            "term-form",
            Severity.ERROR if confirmed else Severity.WARNING,
            spot.start,
            spot.end,
            span,
            f"'{span}' is written '{term.text}' in the term base (entry '{entry.id}'): "
            f"use '{replacement}'",
            (replacement,),
            entry.id,
        )
