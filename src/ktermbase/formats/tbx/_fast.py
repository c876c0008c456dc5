"""The fast path of the TBX reader: entries in the shape a TBX writer produces (ktermbase's own
exports, and most files from CAT tools, whose transaction groups it keeps verbatim as the
general reader does) are mapped in one tight pass without warnings or validation overhead;
anything else (an unknown element, a value that needs interpreting, an
empty element, markup inside a value, a repeated data category …) makes ``fast_entry`` return
``None`` and the general reader in ``reading`` reads the entry from scratch, with its warnings.

So the fast path never decides anything the general reader would decide differently: it only
accepts what the general reader would take as it is, and builds the same models.

``_cfast.c`` is this reading compiled (built at install when a C compiler is there): it walks
libxml2's nodes instead of lxml's proxies, with this module's tables and helpers, 3.3 times
faster. ``fast_entry`` is the compiled one when it was built, ``python_fast_entry`` always this
module's. ``tests/test_tbx_fast.py`` checks that both give the general reader's entries on every
sample file, on exports and on generated markup, and each other's answers.

>>> from lxml import etree
>>> el = etree.fromstring('''<termEntry id="c1"><descrip type="subjectField">law</descrip>
... <langSet xml:lang="en"><tig><term>chip</term>
... <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig></langSet>
... </termEntry>''')
>>> entry, targets = fast_entry(el)
>>> entry.id, entry.subjects, entry.terms[0].text, entry.terms[0].status.value
('c1', ('law',), 'chip', 'preferred')
>>> fast_entry(etree.fromstring('<termEntry id="c2"><langSet xml:lang="EN"/></termEntry>'))
"""

from __future__ import annotations

import os
from collections.abc import Callable
from enum import Enum
from typing import Any

from lxml import etree

from ...model import _ID, Entry, PartOfSpeech, Status, Term, TermType, shared_fields_set, trusted
from .._langtag import normalize_lang
from ._tables import (
    KNOWN_ELEMENTS,
    KNOWN_TYPES,
    NOTE_TARGETS,
    POS_VALUES,
    SOURCE_NOTE_LANG,
    STATUS_TYPES,
    STATUS_VALUES,
    TBX_NS,
    TERM_TARGETS,
    TERM_TYPE_VALUES,
    XML_LANG,
)
from ._xml import decode_id, in_lang_section, line_of, unknown_parts, verbatim

__all__ = [
    "COMPILED",
    "ENTRY_FIELDS",
    "PACK",
    "TERM_ENUMS",
    "TERM_FIELDS",
    "UNPACK",
    "fast_entry",
    "python_fast_entry",
]

# (id, verbatim element, line) of each crossReference with a target, resolved once all is read
Targets = list[tuple[str, str, int | None]]

# The fields-set of every entry read here (shared, as the terms' are: see ``_given``).
_ENTRY_GIVEN = shared_fields_set(
    {"id", "subjects", "definitions", "notes", "sources", "related", "terms", "extra"}
)
# (termNote type, value) → (field, value) for the standard spellings of each picklist
_TERM_NOTES: dict[tuple[str | None, str], tuple[str, object]] = {
    **{(t, v): ("status", s) for t in STATUS_TYPES for v, s in STATUS_VALUES[t].items()},
    **{("partOfSpeech", v): ("pos", p) for v, p in POS_VALUES.items()},
    **{("termType", v): ("type", t) for v, t in TERM_TYPE_VALUES.items()},
}


def _names(*names: str) -> dict[str, str]:
    """Element tags, without and with the TBX v3 namespace, to their local names."""
    return {n: n for n in names} | {f"{{{TBX_NS}}}{n}": n for n in names}


_CONCEPT = _names("descrip", "note", "admin", "ref", "langSec", "langSet", "transacGrp")
_LANG_SECTION = _names("termSec", "tig", "descrip", "transacGrp")


class _NotPlainError(Exception):
    """The entry needs the general reader."""


def _value(el: etree._Element) -> str:
    """A leaf element's text, as the general reader takes it without a warning. (No check for
    characters XML cannot carry: the parser refuses them, even as character references.)"""
    if len(el):
        raise _NotPlainError
    text = el.text
    if not text or text.isspace():
        raise _NotPlainError
    return text


def python_fast_entry(el: etree._Element) -> tuple[Entry, Targets] | None:
    """The entry ``el`` and its crossReference targets, or ``None`` when ``el`` needs the
    general reader: this module's reading, which ``_cfast.c`` compiles (``fast_entry``)."""
    try:
        return _entry(el)
    except _NotPlainError:
        return None


def _entry(el: etree._Element) -> tuple[Entry, Targets]:
    raw = el.get("id")
    if not raw or not (raw := raw.strip()):
        raise _NotPlainError
    entry_id = decode_id(raw)
    if not _ID.match(entry_id):  # the model's id rule: the general reader reports the error
        raise _NotPlainError
    subjects: list[str] = []
    notes: list[str] = []
    sources: list[str] = []
    related: list[str] = []
    targets: Targets = []
    definitions: dict[str, str] = {}
    terms: list[Term] = []
    extra: list[str] = []
    for child in el[:]:  # type: ignore[index]  # a list built in C: 4x faster than `in el`
        name = _CONCEPT.get(child.tag)
        if name == "langSec" or name == "langSet":
            _lang_section(child, definitions, terms, extra)
        elif name == "transacGrp":
            extra.append(_kept(child))
        elif name == "descrip" and child.get("type") == "subjectField":
            subjects.append(_value(child))
        elif name == "note" and (lang := child.get(XML_LANG)) in (None, SOURCE_NOTE_LANG):
            (notes if lang is None else sources).append(_value(child))
        elif name == "admin" and child.get("type") == "source" and child.get(XML_LANG) is None:
            sources.append(_value(child))
        elif (
            name == "ref"
            and child.get("type") == "crossReference"
            and child.get("target")
            and not len(child)
        ):
            found = _reference(child)
            related.append(found[0])
            targets.append(found)
        else:
            raise _NotPlainError
    if not terms:
        raise _NotPlainError
    entry = trusted(
        Entry,
        {
            "id": entry_id,
            "subjects": tuple(subjects),
            "definitions": definitions,
            "notes": tuple(notes),
            "sources": tuple(sources),
            "related": tuple(related),
            "terms": tuple(terms),
            "extra": tuple(extra),
        },
        _ENTRY_GIVEN,
    )
    return entry, targets


def _lang_section(
    el: etree._Element, definitions: dict[str, str], terms: list[Term], extra: list[str]
) -> None:
    lang = el.get(XML_LANG)
    if not lang or normalize_lang(lang) != lang:  # a tag the model takes as it is
        raise _NotPlainError
    for child in el[:]:  # type: ignore[index]  # a list built in C: 4x faster than `in el`
        name = _LANG_SECTION.get(child.tag)
        if name == "termSec" or name == "tig":
            terms.append(_term(child, lang))
        elif name == "descrip" and child.get("type") == "definition" and lang not in definitions:
            definitions[lang] = _value(child)
        elif name == "transacGrp":
            extra.append(in_lang_section(lang, _kept(child)))
        else:
            raise _NotPlainError


def _kept_or_none(el: etree._Element) -> str | None:
    """A transaction group (who made or changed what, when: CAT tools write one on most
    entries and terms) verbatim for ``extra``, where the general reader keeps it too without
    a warning; ``None`` when anything in it no dialect knows (the general reader's to report)."""
    return None if unknown_parts(el) else verbatim(el)


def _kept(el: etree._Element) -> str:
    """``_kept_or_none``, for the Python reading: not plain instead of ``None``."""
    kept = _kept_or_none(el)
    if kept is None:
        raise _NotPlainError
    return kept


def _reference(el: etree._Element) -> tuple[str, str, int | None]:
    """A crossReference's (target id, verbatim element, line), resolved once all is read."""
    target = decode_id(el.get("target", ""))
    return target, verbatim(el), line_of(el)


# Each field a term section can set, as a bit: a mask records what is set, so a repeated data
# category (the general reader's business) is caught with one test, and a term's shared
# fields-set (``shared_fields_set``) is found by its mask.
_FIELDS = ("text", "status", "pos", "type", "pinyin", "context", "note", "source")
_BITS = {name: 1 << i for i, name in enumerate(_FIELDS)}
_TEXT, _POS = _BITS["text"], _BITS["pos"]
_GIVEN: dict[int, set[str]] = {}


def _given(mask: int) -> set[str]:
    """The (shared) fields-set of a term whose data categories make ``mask``."""
    given = _GIVEN.get(mask)
    if given is None:
        names = {"lang", "extra"} | {n for n, b in _BITS.items() if mask & b}
        given = _GIVEN[mask] = shared_fields_set(names)
    return given


# A term section's children: element → kind, then per kind what the child sets, as
# (field's bit, field[, value]). One dictionary lookup per child: this is the hot loop.
_TERM_ELEMENT, _TERM_NOTE, _NOTE, _DESCRIP_ADMIN, _TRANSACTIONS = 1, 2, 3, 4, 5
_KINDS = {
    **dict.fromkeys(_names("term"), _TERM_ELEMENT),
    **dict.fromkeys(_names("termNote"), _TERM_NOTE),
    **dict.fromkeys(_names("note"), _NOTE),
    **dict.fromkeys(_names("descrip", "admin"), _DESCRIP_ADMIN),
    **dict.fromkeys(_names("transacGrp"), _TRANSACTIONS),
}
_NOTE_VALUES = {key: (_BITS[field], field, value) for key, (field, value) in _TERM_NOTES.items()}
_NOTE_LANGS = {lang: (_BITS[field], field) for lang, field in NOTE_TARGETS.items()}
_DESCRIPS_ADMINS: dict[tuple[str, str | None], tuple[int, str]] = {
    (tag, kind): (_BITS[field], field)
    for (name, kind), field in TERM_TARGETS.items()
    if name in ("descrip", "admin")
    for tag in _names(name)
}
# no field: the general reader interprets or keeps the child
_NOTHING: tuple[int, str, object] = (0, "", None)
_NO_FIELD = (0, "")
_SOURCE = _BITS["source"]


# The models' fields in their order, and for each term field its enumeration (value ->
# member) or None: the layout in which the two-process reader packs entries (``_parallel``),
# here and in C.
ENTRY_FIELDS = tuple(Entry.model_fields)
TERM_FIELDS = tuple(Term.model_fields)
_ENUMS: dict[str, type[Enum]] = {"status": Status, "pos": PartOfSpeech, "type": TermType}
TERM_ENUMS: tuple[dict[str, Enum] | None, ...] = tuple(
    {m.value: m for m in _ENUMS[f]} if f in _ENUMS else None for f in TERM_FIELDS
)

# A term's fields before its data categories are read, in the model's order.
_TERM_DEFAULTS: dict[str, object] = {
    "lang": None,
    "text": None,
    "status": Status.ADMITTED,
    "pos": None,
    "type": None,
    "pinyin": None,
    "context": None,
    "note": None,
    "source": None,
    "extra": (),
}


def _term(el: etree._Element, lang: str) -> Term:
    values = _TERM_DEFAULTS.copy()
    values["lang"] = lang
    mask = 0
    after_notes = False  # TBX wants term notes right after the term
    extra: list[str] = []
    for child in el[:]:  # type: ignore[index]  # a list built in C: 4x faster than `in el`
        kind = _KINDS.get(child.tag)
        if kind == _TRANSACTIONS:
            after_notes = True
            extra.append(_kept(child))
            continue
        value: object = child.text  # a leaf's text, as in ``_value`` (inlined: the hot loop)
        if not value or len(child) or value.isspace():  # type: ignore[attr-defined]
            raise _NotPlainError
        if kind == _TERM_NOTE:
            if after_notes:
                raise _NotPlainError
            bit, target, value = _NOTE_VALUES.get((child.get("type"), value), _NOTHING)  # type: ignore[arg-type]
        elif kind == _TERM_ELEMENT:
            bit, target = _TEXT, "text"
        elif kind == _NOTE:
            after_notes = True
            bit, target = _NOTE_LANGS.get(child.get(XML_LANG), _NO_FIELD)
            if bit == _POS:  # a properNoun note overrides the noun termNote
                if values["pos"] not in (None, PartOfSpeech.NOUN):
                    raise _NotPlainError
                mask &= ~_POS
                value = POS_VALUES.get(value)  # type: ignore[call-overload]
                if value is None:
                    raise _NotPlainError
        elif kind == _DESCRIP_ADMIN:
            after_notes = True
            bit, target = _DESCRIPS_ADMINS.get((child.tag, child.get("type")), _NO_FIELD)
            if bit == _SOURCE and child.get(XML_LANG) is not None:
                raise _NotPlainError
        else:
            raise _NotPlainError
        if not bit or mask & bit:
            raise _NotPlainError
        mask |= bit
        values[target] = value
    if not mask & _TEXT:
        raise _NotPlainError
    if extra:
        values["extra"] = tuple(extra)
    return trusted(Term, values, _GIVEN.get(mask) or _given(mask))


# The compiled fast path's helpers and configuration (see the module's docstring).


def _serialized(el: etree._Element) -> str:
    """``verbatim(el)`` for an element with no namespace in it or in scope."""
    return etree.tostring(el, encoding="unicode", with_tail=False)


_TBX_DECLARATION = f' xmlns="{TBX_NS}"'


def _serialized_tbx(el: etree._Element) -> str:
    """``verbatim(el)`` for an element wholly in the TBX v3 namespace, declared as the default
    one, with nothing else in scope: lxml writes the declaration on its start tag, first."""
    return _serialized(el).replace(_TBX_DECLARATION, "", 1)


def _compiled() -> Any:
    """The compiled module, configured, or ``None`` when it was not built or
    ``KTERMBASE_NO_EXTENSION`` is set (to compare, or to rule it out)."""
    if os.environ.get("KTERMBASE_NO_EXTENSION"):
        return None
    try:
        from . import _cfast  # type: ignore[attr-defined]
    except (ImportError, TypeError):  # not built, or built against another lxml's C API
        return None
    _cfast.configure(
        {
            "concept_names": _CONCEPT,
            "section_names": _LANG_SECTION,
            "term_kinds": _KINDS,
            "note_values": _NOTE_VALUES,
            "note_langs": _NOTE_LANGS,
            "descrips_admins": _DESCRIPS_ADMINS,
            "pos_values": POS_VALUES,
            "decode_id": decode_id,
            "id_ok": _ID.match,
            "lang_ok": lambda lang: normalize_lang(lang) == lang,
            "kept": _kept_or_none,
            "serialize": _serialized,
            "serialize_tbx": _serialized_tbx,
            "in_lang_section": in_lang_section,
            "known_elements": KNOWN_ELEMENTS,
            "known_types": KNOWN_TYPES,
            "tbx_ns": TBX_NS,
            "reference": _reference,
            "given": _given,
            "entry_cls": Entry,
            "term_cls": Term,
            "entry_given": _ENTRY_GIVEN,
            "admitted": Status.ADMITTED,
            "noun": PartOfSpeech.NOUN,
            "source_lang": SOURCE_NOTE_LANG,
            "element_type": etree._Element,
            "nothing": _NOTHING,
            "no_field": _NO_FIELD,
            "entry_fields": ENTRY_FIELDS,
            "term_fields": TERM_FIELDS,
            "entry_template": dict.fromkeys(ENTRY_FIELDS, ()),
            "term_template": _TERM_DEFAULTS,
            "term_enums": TERM_ENUMS,
            "kind_term": _TERM_ELEMENT,
            "kind_term_note": _TERM_NOTE,
            "kind_note": _NOTE,
            "kind_descrip_admin": _DESCRIP_ADMIN,
            "kind_transactions": _TRANSACTIONS,
            "bit_text": _TEXT,
            "bit_pos": _POS,
            "bit_source": _SOURCE,
        }
    )
    return _cfast


_CFAST = _compiled()
COMPILED = _CFAST is not None
fast_entry: Callable[[etree._Element], tuple[Entry, Targets] | None] = (
    _CFAST.entry if COMPILED else python_fast_entry
)
"""The fast path's answer for ``el``: the compiled one when it was built, else this module's."""
PACK: Callable[[list[Entry]], tuple[list[Any], list[set[str]]]] | None = (
    _CFAST.pack if COMPILED else None
)
"""The compiled packing of entries for the two-process reader's pipe (see ``_parallel``)."""
UNPACK: Callable[[list[Any], list[set[str]]], list[Entry]] | None = (
    _CFAST.models if COMPILED else None
)
"""The compiled rebuilding of what ``PACK`` packed."""
