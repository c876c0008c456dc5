"""Reading TBX: v3 (ISO 30042:2019; TBX-Basic v1.2.1 and Version 4, TBX-Core, TBX-Min; DCA and
DCT style) and TBX 2008 (``martif``), streamed entry by entry so a file of any size is never held
whole.

Data categories the model has a field for are mapped (see ``_tables``); everything else is kept
verbatim in ``extra`` and written back on export. Values that bend the standard (``preferred``
as an administrativeStatus, ``Noun``, empty elements, ids that are not xsd:IDs …) are read with a
warning naming the element and its line. Unsafe XML (entity declarations, entity references) is
refused; malformed XML is reported with its line and column; nothing is half-loaded.

A file of 16 MiB or more is read in two processes where that is safe (``_parallel``): the same
result, in about three quarters of the time (benchmarks/exchange.md).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Protocol, TypeVar

from lxml import etree
from pydantic import ValidationError

from ..._bulk import paused_gc
from ...errors import Problem, TBXError, validation_problems
from ...model import Entry, PartOfSpeech, Term
from .. import Location, Progress, ReadResult, tick
from .._langtag import normalize_lang
from ._fast import fast_entry
from ._parallel import read_in_two
from ._tables import (
    ENTRY_ELEMENTS,
    LEVELS,
    NOTE_TARGETS,
    POS_ALIASES,
    POS_VALUES,
    SOURCE_NOTE_LANG,
    STATUS_ALIASES,
    STATUS_VALUES,
    TERM_TARGETS,
    TERM_TYPE_ALIASES,
    TERM_TYPE_VALUES,
    XML_LANG,
    alias_key,
)
from ._xml import (
    SAFE_OPTIONS,
    classify,
    decode_id,
    drop_read,
    in_lang_section,
    line_of,
    local,
    malformed,
    refuse_entities,
    text_of,
    unknown_parts,
    verbatim,
)

__all__ = ["read_tbx"]

_ROOT_TAGS = frozenset({"tbx", "martif"})
_E = TypeVar("_E", bound=Enum)


class _Stream(Protocol):
    """What lxml reads a document from, besides a path."""

    def read(self, size: int = -1, /) -> bytes: ...


def read_tbx(path: str | os.PathLike[str], *, progress: Progress = None) -> ReadResult:
    """Read a TBX file of any version and dialect into entries; ``TBXError`` lists every
    problem when it cannot be read (nothing is loaded then). ``progress(n)`` is called every
    1000 entries.

    >>> import pathlib, tempfile
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "t.tbx"
    >>> _ = p.write_text('''<martif type="TBX" xml:lang="en"><martifHeader><fileDesc>
    ... <sourceDesc><p>x</p></sourceDesc></fileDesc></martifHeader><text><body>
    ... <termEntry id="c1"><langSet xml:lang="en"><tig><term>chip</term>
    ... <termNote type="administrativeStatus">preferred</termNote></tig></langSet></termEntry>
    ... </body></text></martif>''', encoding="utf-8")
    >>> r = read_tbx(p)
    >>> r.entries[0].terms[0].status.value, [w.message for w in r.warnings]
    ('preferred', ["administrativeStatus 'preferred' read as 'preferred'"])
    """
    with paused_gc():
        return _read(path, progress)


def _read(path: str | os.PathLike[str], progress: Progress) -> ReadResult:
    file = str(path)
    try:
        reader = _Reader(file, progress)
        if not read_in_two(file, reader):
            reader = _Reader(file, progress)
            read_stream(reader, file)
    except etree.XMLSyntaxError as exc:
        raise TBXError([malformed(file, exc)]) from None
    except OSError as exc:
        raise TBXError([Problem(file, f"cannot read: {exc.strerror or exc}")]) from None
    if reader.errors:
        raise TBXError(reader.errors)
    if not reader.entries and not reader.warnings:  # (else they say why: entries skipped …)
        reader.warn("the file holds no entries", None)
    reader.resolve_targets()
    return ReadResult(reader.entries, reader.locations, reader.warnings)


def read_stream(reader: _Reader, source: str | _Stream) -> None:
    """Read ``source`` (a path or a binary stream) into ``reader`` in one stream of entries
    (``iterparse``), clearing each once mapped."""
    file = reader.file
    context = etree.iterparse(
        source,
        events=("start", "end"),
        tag=("{*}tbx", "{*}martif", "{*}conceptEntry", "{*}termEntry", "{*}back"),
        collect_ids=False,  # no lookups by id here: the hash table of ids only costs time
        **SAFE_OPTIONS,
    )
    for event, el in context:
        name = local(el.tag)
        if event == "start":
            if name in _ROOT_TAGS and el.getparent() is None:
                refuse_entities(el.getroottree(), file)
                reader.root_lang = el.get(XML_LANG)
            continue
        if name == "back":
            reader.back(el)
        if name not in ENTRY_ELEMENTS:
            continue
        reader.entry(el)
        drop_read(el)
    root = context.root
    if root is None or local(root.tag) not in _ROOT_TAGS:
        tag = local(root.tag) if root is not None else "none"
        raise TBXError(
            [Problem(file, f"not a TBX file: the root element is <{tag}>, not <tbx> or <martif>")]
        )


@dataclass
class _Parts:
    """What one entry collects while its elements are read."""

    id: str
    line: int | None
    subjects: list[str] = field(default_factory=list)
    definitions: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    # crossReferences with a target attribute: (id, verbatim, line), checked once all is read
    targets: list[tuple[str, str, int | None]] = field(default_factory=list)


class _Reader:
    """The state of one file being read: entries so far, warnings, errors."""

    def __init__(self, file: str, progress: Progress = None, *, fast: bool = True) -> None:
        self.file = file
        self.progress = progress
        self.fast = fast  # try the fast path (``_fast``) first
        self.root_lang: str | None = None
        self.entries: list[Entry] = []
        self.locations: list[Location] = []
        self.warnings: list[Problem] = []
        self.errors: list[Problem] = []
        self.named_by_line = False  # an entry without an id was named after its line
        self.ids: set[str] = set()
        self.targets: dict[int, list[tuple[str, str, int | None]]] = {}

    def resolve_targets(self) -> None:
        """A crossReference whose target is in no entry of the file (it points at back matter
        or another file) is kept verbatim instead, with a warning, so the entries load."""
        for index, targets in self.targets.items():
            entry = self.entries[index]
            missing = [t for t in targets if t[0] not in self.ids]
            if not missing:
                continue
            for target, _, line in missing:
                self.warn(
                    f"crossReference to {target!r}, which is not in this file, kept verbatim",
                    line,
                    entry.id,
                )
            gone = {t[0] for t in missing}
            self.entries[index] = entry.model_copy(
                update={
                    "related": tuple(r for r in entry.related if r not in gone),
                    "extra": entry.extra + tuple(t[1] for t in missing),
                }
            )

    def back(self, el: etree._Element) -> None:
        if len(el):
            self.warn(
                "back matter (<back>: people, sources … that entries point to) is not imported",
                line_of(el),
            )

    def warn(self, message: str, line: int | None, entry: str | None = None) -> None:
        self.warnings.append(Problem(self.file, message, line, entry=entry))

    # --- entry ------------------------------------------------------------------------------
    def entry(self, el: etree._Element) -> None:
        line = line_of(el)
        fast = fast_entry(el) if self.fast else None
        if fast is not None and fast[0].id not in self.ids:
            self._add(fast[0], fast[1], line)
            return
        for ent in el.iter(etree.Entity):
            self.errors.append(
                Problem(
                    self.file,
                    f"entity reference {ent.text} is not expanded (DTDs and entities are "
                    "never loaded, for safety)",
                    line_of(ent) or line,
                )
            )
            return
        parts = _Parts(self._entry_id(el.get("id"), line), line)
        for child in el.iterchildren(etree.Element):
            kind, dtype = classify(child)
            if kind in ("langSec", "langSet"):
                self._lang_section(child, parts)
            else:
                self._concept_item(child, kind, dtype, parts)
        if not parts.terms:
            self.warn("entry has no term and was skipped", line, parts.id)
            return
        try:
            entry = Entry(
                id=parts.id,
                subjects=tuple(parts.subjects),
                definitions=parts.definitions,
                notes=tuple(parts.notes),
                sources=tuple(parts.sources),
                related=tuple(parts.related),
                terms=tuple(parts.terms),
                extra=tuple(parts.extra),
            )
        except ValidationError as exc:
            self.errors += validation_problems(exc, self.file, line, parts.id)
            return
        self._add(entry, parts.targets, line)

    def _add(
        self, entry: Entry, targets: list[tuple[str, str, int | None]], line: int | None
    ) -> None:
        self.ids.add(entry.id)
        if targets:
            self.targets[len(self.entries)] = targets
        self.entries.append(entry)
        self.locations.append(Location(self.file, line))
        tick(self.progress, len(self.entries))

    def _entry_id(self, raw: str | None, line: int | None) -> str:
        entry_id = decode_id(raw.strip()) if raw and raw.strip() else ""
        if not entry_id:
            entry_id = f"tbx-line-{line}"
            self.named_by_line = True
            self.warn(f"entry has no id; named {entry_id!r}", line)
        if entry_id in self.ids:
            n = 2
            while f"{entry_id}-{n}" in self.ids:
                n += 1
            self.warn(f"duplicate entry id {entry_id!r}; renamed {entry_id}-{n}", line)
            entry_id = f"{entry_id}-{n}"
        return entry_id

    def _value(self, el: etree._Element, what: str, parts: _Parts) -> str | None:
        if len(el):
            self.warn(
                f"markup inside {_describe(el, what)} read as plain text", line_of(el), parts.id
            )
            value: str | None = text_of(el)
        else:
            value = el.text
        if not value or value.isspace():
            self.warn(f"empty {_describe(el, what)} ignored", line_of(el), parts.id)
            return None
        return value

    def _keep(self, el: etree._Element, level: str, parts: _Parts) -> str:
        """``el`` verbatim for ``extra``, with a warning for what no TBX dialect knows or
        what sits at a level TBX-Basic does not allow."""
        kind, dtype = classify(el)
        allowed = LEVELS.get((kind, dtype or ""))
        if allowed is not None and level not in allowed:
            where = " or ".join(sorted(allowed))
            self.warn(
                f"{_describe(el, dtype)} at {level} level (TBX-Basic allows it at {where} "
                "level) kept verbatim",
                line_of(el),
                parts.id,
            )
        for message, line in unknown_parts(el):
            self.warn(message, line, parts.id)
        return verbatim(el)

    def _concept_item(
        self, el: etree._Element, kind: str, dtype: str | None, parts: _Parts
    ) -> None:
        lang = el.get(XML_LANG)
        if kind == "descrip" and dtype == "subjectField":
            value = self._value(el, "subjectField", parts)
            if value is not None:
                parts.subjects.append(value)
            return
        if kind == "descrip" and dtype == "definition":
            lang = self._lang(lang or self.root_lang or "", line_of(el), parts, "definition")
            if lang and lang not in parts.definitions:
                value = self._value(el, "definition", parts)
                if value is not None:
                    parts.definitions[lang] = value
                return
        elif kind == "note" and lang is None:
            value = self._value(el, "note", parts)
            if value is not None:
                parts.notes.append(value)
            return
        elif (kind == "note" and lang == SOURCE_NOTE_LANG) or (
            kind == "admin" and dtype == "source" and lang is None
        ):
            value = self._value(el, "source", parts)
            if value is not None:
                parts.sources.append(value)
            return
        elif kind == "ref" and dtype == "crossReference":
            target = el.get("target") or text_of(el).strip()
            if target:
                parts.related.append(decode_id(target))
                if el.get("target"):
                    parts.targets.append((decode_id(target), verbatim(el), line_of(el)))
                return
        elif kind == "descripGrp" and self._definition_group(el, lang or self.root_lang, parts):
            return
        parts.extra.append(self._keep(el, "concept", parts))

    def _definition_group(self, el: etree._Element, lang: str | None, parts: _Parts) -> bool:
        """A descripGrp of a definition and its sources (TBX-Basic V4's way)."""
        children = [c for c in el if isinstance(c.tag, str)]
        if not children or classify(children[0]) != ("descrip", "definition"):
            return False
        if any(classify(c) != ("admin", "source") or c.get(XML_LANG) for c in children[1:]):
            return False
        lang = self._lang(children[0].get(XML_LANG) or lang or "", line_of(el), parts, "definition")
        if not lang or lang in parts.definitions:
            return False
        value = self._value(children[0], "definition", parts)
        if value is None:
            return False
        parts.definitions[lang] = value
        for c in children[1:]:
            source = self._value(c, "source", parts)
            if source is not None:
                parts.sources.append(source)
        return True

    # --- language section -------------------------------------------------------------------
    def _lang_section(self, el: etree._Element, parts: _Parts) -> None:
        lang = self._lang(el.get(XML_LANG) or "", line_of(el), parts)
        if lang is None:
            return
        for child in el.iterchildren(etree.Element):
            kind, dtype = classify(child)
            if kind in ("termSec", "tig", "ntig"):
                self._term(child, lang, parts)
            elif kind == "descrip" and dtype == "definition" and lang not in parts.definitions:
                value = self._value(child, "definition", parts)
                if value is not None:
                    parts.definitions[lang] = value
            elif not (kind == "descripGrp" and self._definition_group(child, lang, parts)):
                parts.extra.append(in_lang_section(lang, self._keep(child, "lang", parts)))

    def _lang(
        self, raw: str, line: int | None, parts: _Parts, what: str = "language section"
    ) -> str | None:
        if not raw.strip():
            self.warn(f"{what} without xml:lang skipped", line, parts.id)
            return None
        lang = normalize_lang(raw)
        if lang is None:
            self.warn(f"{what} with unknown language {raw!r} skipped", line, parts.id)
            return None
        if lang != raw:
            self.warn(f"xml:lang {raw!r} read as {lang!r}", line, parts.id)
        return lang

    # --- term -----------------------------------------------------------------------------
    def _term(self, el: etree._Element, lang: str, parts: _Parts) -> None:
        children: list[etree._Element] = []
        for child in el.iterchildren(etree.Element):
            if local(child.tag) == "termGrp":  # TBX 2008 ntig
                children.extend(child.iterchildren(etree.Element))
            else:
                children.append(child)
        fields: dict[str, object] = {}
        extra: list[str] = []
        text: str | None = None
        after_notes: str | None = None
        misordered = False
        for child in children:
            kind, dtype = classify(child)
            if kind == "term":
                if text is None:
                    text = self._value(child, "term", parts)
                    continue  # a second term is kept verbatim
            else:
                if kind == "termNote" and after_notes is not None and not misordered:
                    misordered = True
                    self.warn(
                        f"<termNote type={dtype!r}> after <{after_notes}>: TBX wants term notes "
                        "right after the term (read anyway)",
                        line_of(child),
                        parts.id,
                    )
                elif kind not in ("termNote", "termNoteGrp"):
                    after_notes = kind
                if self._term_field(child, kind, dtype, fields, parts) is not None:
                    continue
            extra.append(self._keep(child, "term", parts))
        if text is None:
            self.warn("term section without a term skipped", line_of(el), parts.id)
            return
        try:
            parts.terms.append(Term(lang=lang, text=text, extra=tuple(extra), **fields))
        except ValidationError as exc:
            self.errors += validation_problems(exc, self.file, line_of(el), parts.id, "term.")

    def _term_field(
        self,
        el: etree._Element,
        kind: str,
        dtype: str | None,
        fields: dict[str, object],
        parts: _Parts,
    ) -> str | None:
        """Map one child of a term section (not the term) onto ``fields``; the field's name,
        or ``None`` when the element is kept verbatim."""
        lang = el.get(XML_LANG)
        if kind == "note":
            target = NOTE_TARGETS.get(lang)
        else:
            target = TERM_TARGETS.get((kind, dtype or ""))
            if target == "source" and lang is not None:
                target = None
        if target is None or (target in fields and not (target == "pos" and kind == "note")):
            return None
        value = self._value(el, dtype or kind, parts)
        if value is None:
            return target  # empty: warned and dropped
        if target == "status":
            status = self._pick(
                value, STATUS_VALUES[dtype or ""], STATUS_ALIASES, dtype or "", el, parts
            )
            if status is None:
                return None
            fields["status"] = status
        elif target == "pos":
            pos = self._pick(value, POS_VALUES, POS_ALIASES, "partOfSpeech", el, parts)
            if pos is None:
                return None
            if kind == "note" and fields.get("pos") not in (None, PartOfSpeech.NOUN):
                return None
            fields["pos"] = pos
        elif target == "type":
            term_type = self._pick(
                value, TERM_TYPE_VALUES, TERM_TYPE_ALIASES, "termType", el, parts
            )
            if term_type is None:
                return None
            fields["type"] = term_type
        else:
            fields[target] = value
        return target

    def _pick(
        self,
        value: str,
        exact: Mapping[str, _E],
        aliases: Mapping[str, _E],
        what: str,
        el: etree._Element,
        parts: _Parts,
    ) -> _E | None:
        if value in exact:
            return exact[value]
        found = aliases.get(alias_key(value))
        if found is not None:
            self.warn(f"{what} {value!r} read as {found.value!r}", line_of(el), parts.id)
            return found
        self.warn(f"unknown {what} {value!r} kept verbatim (not mapped)", line_of(el), parts.id)
        return None


def _describe(el: etree._Element, what: str | None) -> str:
    name = local(el.tag)
    return f'<{name} type="{what}">' if what and what != name else f"<{name}>"
