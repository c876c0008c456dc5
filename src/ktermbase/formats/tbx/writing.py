"""Writing TBX: v3 (ISO 30042:2019, DCA style) as TBX-Basic v1.2.1 (the default: what CAT tools
read today), TBX-Basic Version 4 or TBX-Core, and TBX 2008 (``martif``, TBX-Basic) for tools that
read only that. Output is streamed chunk by chunk and written atomically.

Where each model field goes (TBX-Basic; TBX 2008 the same with termEntry/langSet/tig):

=================  ==========================================================================
Entry.id           ``conceptEntry/@id`` (ids that are not xsd:IDs encoded, see ``_xml``)
Entry.subjects     ``descrip type="subjectField"`` at concept level
Entry.definitions  ``descrip type="definition"`` in the language's langSec (concept level with
                   ``xml:lang`` for a language without terms); V4: in a ``descripGrp`` with the
                   entry's sources
Entry.notes        ``note`` at concept level
Entry.sources      ``admin type="source"`` at concept level (V4: see definitions; without a
                   definition, ``note xml:lang="x-ktb-source"``, as V4 has no other place)
Entry.related      ``ref type="crossReference"`` (``target`` when the entry is in the file)
Term.status        ``termNote type="administrativeStatus"`` ``preferredTerm-admn-sts`` …;
                   V4: ``termNote type="usageStatus"`` ``preferred`` …
Term.pos, .type    ``termNote type="partOfSpeech"``, ``termNote type="termType"``
Term.context       ``descrip type="context"`` in the termSec
Term.source        ``admin type="source"`` in the termSec
Term.note          ``note`` in the termSec
Term.pinyin        ``note xml:lang="zh-Latn-pinyin"`` in the termSec
extra              written back verbatim where it was read (concept, language or term level)
=================  ==========================================================================

TBX-Core has no data categories: it keeps ids, terms, notes and pinyin only.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from typing import Literal

from lxml import etree

from ...errors import Problem, TBXError
from ...model import Entry, PartOfSpeech, Term
from .. import Progress
from .._atomic import atomic_open
from ._tables import (
    PINYIN_LANG,
    POS_NOTE_LANG,
    POS_OUT,
    SOURCE_NOTE_LANG,
    STATUS_OUT,
    TBX_NS,
    XML_LANG,
)
from ._xml import encode_id, esc, esc_attr, not_xml, parse_extra

__all__ = ["DIALECTS", "iter_tbx", "write_tbx"]

Dialect = Literal["TBX-Basic", "TBX-Basic-V4", "TBX-Core"]
DIALECTS: tuple[Dialect, ...] = ("TBX-Basic", "TBX-Basic-V4", "TBX-Core")

# Processing instructions that let editors (oXygen, VS Code XML) validate the file.
_XML_MODELS = {
    "TBX-Basic": (
        "https://raw.githubusercontent.com/LTAC-Global/TBX_Core_RNG/master/TBXcoreStructV03.rng",
        "https://raw.githubusercontent.com/LTAC-Global/TBX-Basic_dialect/master/DCA/TBX-Basic_DCA.sch",
    ),
    "TBX-Core": (
        "https://raw.githubusercontent.com/LTAC-Global/TBX_Core_RNG/master/TBXcoreStructV03.rng",
        "https://raw.githubusercontent.com/LTAC-Global/TBX-Core_dialect/master/Schemas/TBX-Core.sch",
    ),
}
_RNG_NS = "http://relaxng.org/ns/structure/1.0"
_SCH_NS = "http://purl.oclc.org/dsdl/schematron"


def write_tbx(
    entries: Iterable[Entry],
    path: str | os.PathLike[str],
    *,
    dialect: Dialect = "TBX-Basic",
    version: Literal[2, 3] = 3,
    title: str = "ktermbase export",
    progress: Progress = None,
) -> int:
    """Write ``entries`` as TBX to ``path``, atomically; return the number of entries.

    ``version=3`` (ISO 30042:2019) in ``dialect`` TBX-Basic (v1.2.1), TBX-Basic-V4 or TBX-Core;
    ``version=2`` is TBX 2008 (``martif``, TBX-Basic). ``TBXError`` (and no file) when an entry
    holds something XML cannot carry.

    >>> import tempfile, pathlib
    >>> from ktermbase.model import Term
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "out.tbx"
    >>> write_tbx([Entry(id="a", terms=(Term(lang="en", text="R&D"),))], p)
    1
    >>> "<term>R&amp;D</term>" in p.read_text(encoding="utf-8")
    True
    """
    count = 0

    def counting(n: int) -> None:
        nonlocal count
        count = n
        if progress is not None:
            progress(n)

    with atomic_open(path) as f:
        for chunk in iter_tbx(
            entries,
            dialect=dialect,
            version=version,
            title=title,
            progress=counting,
            file=str(path),
        ):
            f.write(chunk)
    return count


def iter_tbx(
    entries: Iterable[Entry],
    *,
    dialect: Dialect = "TBX-Basic",
    version: Literal[2, 3] = 3,
    title: str = "ktermbase export",
    progress: Progress = None,
    file: str = "<tbx>",
) -> Iterator[str]:
    """The TBX document as text chunks (one per entry), for streaming to a file or stdout.

    >>> from ktermbase.model import Term
    >>> text = "".join(iter_tbx([Entry(id="a", terms=(Term(lang="en", text="x"),))],
    ...                         dialect="TBX-Core"))
    >>> '<tbx type="TBX-Core" style="dca"' in text
    True
    """
    if dialect not in DIALECTS:
        raise ValueError(f"unknown TBX dialect {dialect!r} (known: {', '.join(DIALECTS)})")
    if version == 2 and dialect != "TBX-Basic":
        raise ValueError("TBX 2008 (version 2) is written as TBX-Basic only")
    entries = list(entries)
    ids = {e.id for e in entries}
    writer = _EntryWriter(dialect, version, ids, file)
    yield writer.header(title, bool(entries))
    for n, entry in enumerate(entries, start=1):
        chunk = writer.entry(entry)
        bad = not_xml(chunk)
        if bad is not None:
            raise TBXError(
                [
                    Problem(
                        file, f"character U+{ord(bad):04X} cannot be written in XML", entry=entry.id
                    )
                ]
            )
        yield chunk
        if progress is not None and (n % 1000 == 0 or n == len(entries)):
            progress(n)
    yield writer.footer(bool(entries))


class _EntryWriter:
    """Serialises entries in one dialect and version."""

    def __init__(self, dialect: Dialect, version: int, ids: set[str], file: str) -> None:
        self.dialect = dialect
        self.v2 = version == 2
        self.core = dialect == "TBX-Core"
        self.v4 = dialect == "TBX-Basic-V4"
        self.ids = ids
        self.file = file
        self.status = STATUS_OUT.get(dialect, STATUS_OUT["TBX-Basic"])
        self.pos_ok = POS_OUT.get(dialect, POS_OUT["TBX-Basic"])
        self.entry_tag, self.lang_tag, self.term_tag = (
            ("termEntry", "langSet", "tig") if self.v2 else ("conceptEntry", "langSec", "termSec")
        )

    def header(self, title: str, any_entries: bool) -> str:
        out = ['<?xml version="1.0" encoding="UTF-8"?>\n']
        if self.v2:
            out.append('<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">\n')
            out.append('<martif type="TBX-Basic" xml:lang="en">\n<martifHeader>')
        else:
            for href, ns in zip(
                _XML_MODELS.get(self.dialect, ()), (_RNG_NS, _SCH_NS), strict=False
            ):
                out.append(
                    f'<?xml-model href="{href}" type="application/xml" schematypens="{ns}"?>\n'
                )
            kind = "TBX-Basic" if self.v4 else self.dialect
            out.append(
                f'<tbx type="{kind}" style="dca" xml:lang="en" xmlns="{TBX_NS}">\n<tbxHeader>'
            )
        out.append(
            f"<fileDesc><titleStmt><title>{esc(title)}</title></titleStmt>"
            "<sourceDesc><p>Exported by ktermbase</p></sourceDesc></fileDesc>"
        )
        if self.v2:
            out.append('<encodingDesc><p type="XCSURI">TBXBasicXCSV02.xcs</p></encodingDesc>')
            out.append("</martifHeader>\n<text>\n")
        else:
            out.append("</tbxHeader>\n<text>\n")
        # TBX v3 allows a text without body; TBX 2008 needs at least one entry regardless.
        if any_entries or self.v2:
            out.append("<body>\n")
        return "".join(out)

    def footer(self, any_entries: bool) -> str:
        body = "</body>\n" if any_entries or self.v2 else ""
        return body + "</text>\n" + ("</martif>\n" if self.v2 else "</tbx>\n")

    def _problem(self, entry: Entry, message: str) -> TBXError:
        return TBXError([Problem(self.file, message, entry=entry.id)])

    # --- one entry --------------------------------------------------------------------------
    def entry(self, entry: Entry) -> str:
        out = [f'<{self.entry_tag} id="{esc_attr(encode_id(entry.id))}">\n']
        lang_extra, concept_extra = self._split_extra(entry)
        term_langs = {t.lang for t in entry.terms}
        definitions = {} if self.core else entry.definitions
        grouped = self.v4 and entry.sources and definitions
        source_lang = next(iter(definitions)) if grouped else None
        if not self.core:
            for subject in entry.subjects:
                out.append(f'  <descrip type="subjectField">{esc(subject)}</descrip>\n')
            for lang, text in definitions.items():
                if lang not in term_langs:
                    out.append(
                        self._definition(entry, lang, text, source_lang, "  ", with_lang=True)
                    )
            if not grouped:
                for source in entry.sources:
                    if self.v4:
                        out.append(f'  <note xml:lang="{SOURCE_NOTE_LANG}">{esc(source)}</note>\n')
                    else:
                        out.append(f'  <admin type="source">{esc(source)}</admin>\n')
        for note in entry.notes:
            out.append(f"  <note>{esc(note)}</note>\n")
        if not self.core:
            for rel in entry.related:
                target = f' target="{esc_attr(encode_id(rel))}"' if rel in self.ids else ""
                out.append(f'  <ref type="crossReference"{target}>{esc(rel)}</ref>\n')
            for lang, items in lang_extra.items():
                if lang not in term_langs:
                    concept_extra.extend(items)
            out.extend(f"  {x}\n" for x in concept_extra)
        done: set[str] = set()
        current: str | None = None
        for term in entry.terms:
            if term.lang != current:
                if current is not None:
                    out.append(f"  </{self.lang_tag}>\n")
                current = term.lang
                out.append(f'  <{self.lang_tag} xml:lang="{esc_attr(current)}">\n')
                if current not in done:
                    done.add(current)
                    if current in definitions:
                        out.append(
                            self._definition(
                                entry, current, definitions[current], source_lang, "    "
                            )
                        )
                    out.extend(f"    {x}\n" for x in lang_extra.get(current, ()))
            out.append(self._term(entry, term))
        out.append(f"  </{self.lang_tag}>\n</{self.entry_tag}>\n")
        return "".join(out)

    def _definition(
        self,
        entry: Entry,
        lang: str,
        text: str,
        source_lang: str | None,
        indent: str,
        *,
        with_lang: bool = False,
    ) -> str:
        attr = f' xml:lang="{esc_attr(lang)}"' if with_lang else ""
        descrip = f'<descrip type="definition"{attr}>{esc(text)}</descrip>'
        if lang != source_lang:
            return f"{indent}{descrip}\n"
        sources = "".join(f'<admin type="source">{esc(s)}</admin>' for s in entry.sources)
        return f"{indent}<descripGrp>{descrip}{sources}</descripGrp>\n"

    def _term(self, entry: Entry, term: Term) -> str:
        out = [f"    <{self.term_tag}>\n      <term>{esc(term.text)}</term>\n"]
        notes_extra: list[str] = []
        other_extra: list[str] = []
        if not self.core:
            for item in term.extra:
                self._check_extra(entry, item)
                (notes_extra if item.startswith("<termNote") else other_extra).append(item)
            pos = term.pos
            if pos is not None:
                written = pos if pos in self.pos_ok else PartOfSpeech.NOUN
                out.append(f'      <termNote type="partOfSpeech">{written.value}</termNote>\n')
            if term.type is not None:
                out.append(f'      <termNote type="termType">{term.type.value}</termNote>\n')
            kind, value = self.status[term.status]
            out.append(f'      <termNote type="{kind}">{value}</termNote>\n')
            out.extend(f"      {x}\n" for x in notes_extra)
            if term.context is not None:
                out.append(f'      <descrip type="context">{esc(term.context)}</descrip>\n')
            if term.source is not None:
                out.append(f'      <admin type="source">{esc(term.source)}</admin>\n')
        if term.note is not None:
            out.append(f"      <note>{esc(term.note)}</note>\n")
        if term.pinyin is not None:
            out.append(f'      <note xml:lang="{PINYIN_LANG}">{esc(term.pinyin)}</note>\n')
        if not self.core and term.pos is not None and term.pos not in self.pos_ok:
            out.append(f'      <note xml:lang="{POS_NOTE_LANG}">{term.pos.value}</note>\n')
        out.extend(f"      {x}\n" for x in other_extra)
        out.append(f"    </{self.term_tag}>\n")
        return "".join(out)

    def _check_extra(self, entry: Entry, item: str) -> etree._Element:
        try:
            return parse_extra(item)
        except ValueError as exc:
            raise self._problem(entry, str(exc)) from None

    def _split_extra(self, entry: Entry) -> tuple[dict[str, list[str]], list[str]]:
        """Entry extras by language (those read from a langSec) and at concept level."""
        by_lang: dict[str, list[str]] = {}
        concept: list[str] = []
        if self.core:
            return by_lang, concept
        for item in entry.extra:
            el = self._check_extra(entry, item)
            if el.tag == "langSec" and el.get(XML_LANG):
                by_lang.setdefault(el.get(XML_LANG) or "", []).extend(
                    etree.tostring(child, encoding="unicode", with_tail=False)
                    for child in el
                    if isinstance(child.tag, str)
                )
            else:
                concept.append(item)
        return by_lang, concept
