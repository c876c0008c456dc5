"""``check_tbx``: a TBX file's structure and its dialect's rules, checked without the official
schema files (which are not bundled; ``schemas.validate_official`` runs them when you have them).

It lists every violation with its line: the root element and its attributes, entry ids (present,
xsd:IDs, unique), the nesting concept → language → term section, term notes right after the term,
each data category allowed by the dialect at its level with a value from its picklist, and
cross-reference targets that resolve.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable

from lxml import etree

from ...errors import Problem, TBXError
from ._tables import DIALECT_RULES, ENTRY_ELEMENTS, KNOWN_ELEMENTS, TBX_NS, XML_LANG
from ._xml import (
    SAFE_OPTIONS,
    TBX_ELEMENT,
    classify,
    drop_read,
    line_of,
    local,
    malformed,
    refuse_entities,
    text_of,
)

__all__ = ["check_tbx", "dialect_of"]

_LEVELS = {
    "conceptEntry": "concept",
    "termEntry": "concept",
    "langSec": "lang",
    "langSet": "lang",
    "termSec": "term",
    "tig": "term",
    "ntig": "term",
}
_NCNAME = re.compile(r"[A-Za-z_][\w.-]*\Z")
_HTTP = ("http://", "https://")
_Report = Callable[[str, etree._Element], None]
_TYPED = frozenset({"admin", "descrip", "ref", "termNote", "transac", "transacNote", "xref"})


def dialect_of(root: etree._Element) -> str | None:
    """The dialect whose rules apply, or ``None`` when no rules are known (TBX-Default and
    private dialects). Both TBX-Basic versions say ``type="TBX-Basic"``: Version 4 is told by
    what only it has (``usageStatus``, ``properNoun``, the ``creation`` transaction).

    >>> dialect_of(etree.fromstring('<tbx type="TBX-Core"/>'))
    'TBX-Core'
    """
    kind = root.get("type") or ""
    if kind.startswith("TBX-Basic"):
        v4 = any(_v4_only(e, local(e.tag)) for e in root.iter("{*}termNote", "{*}transac"))
        return "TBX-Basic-V4" if v4 else "TBX-Basic"
    return kind if kind in DIALECT_RULES else None


def check_tbx(path: str | os.PathLike[str]) -> list[Problem]:
    """Every structural and dialect violation in the TBX file at ``path``, with its line, in
    the order of the file. Streamed like the reader (each entry cleared once checked), so a
    file of any size is checked in little memory.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "t.tbx"
    >>> _ = p.write_text('<tbx type="TBX-Basic" style="dca" xmlns="urn:iso:std:iso:30042:ed-2">'
    ...     '<text><body><conceptEntry id="c1"><langSec xml:lang="en"><termSec><term>x</term>'
    ...     '<termNote type="administrativeStatus">best</termNote></termSec></langSec>'
    ...     '</conceptEntry></body></text></tbx>', encoding="utf-8")
    >>> [p.message for p in check_tbx(p)]
    ["administrativeStatus 'best' is not in the TBX-Basic picklist (admittedTerm-admn-sts, ...)"]
    """
    name = str(path)
    check = _Check(name)
    try:
        check.run(os.fspath(path))
    except etree.XMLSyntaxError as exc:
        return [malformed(name, exc)]
    except OSError as exc:
        return [Problem(name, f"cannot read: {exc}")]
    except TBXError as exc:
        return list(exc.problems)
    return check.problems()


class _Check:
    """One streamed pass over a file. Two things are known only at its end, so what depends
    on them waits: whether a TBX-Basic file is Version 4 (told by what only V4 has, anywhere
    in the file: each data category is checked against both versions' rules and the version's
    list kept), and whether a cross-reference target is an id in the file."""

    def __init__(self, name: str) -> None:
        self.name = name
        # (dialect the problem belongs to, or None for any; problem, or a target to resolve)
        self.found: list[tuple[str | None, Problem | tuple[str, Problem]]] = []
        self.ids: set[str] = set()  # every id in the file, for cross-reference targets
        self.seen: set[str] = set()  # entry ids so far, for duplicates
        self.dialects: tuple[str, ...] = ()
        self.v4 = False

    def report(self, message: str, el: etree._Element, dialect: str | None = None) -> None:
        self.found.append((dialect, Problem(self.name, message, line_of(el))))

    def reporter(self, dialect: str) -> _Report:
        """``report`` for the problems that belong to ``dialect``'s rules only."""
        return lambda message, el: self.report(message, el, dialect)

    def run(self, path: str) -> None:
        root: etree._Element | None = None
        for _, el in etree.iterparse(path, events=("end",), collect_ids=False, **SAFE_OPTIONS):
            if root is None:
                tree = el.getroottree()
                refuse_entities(tree, self.name)
                root = tree.getroot()
                self.start(root)
            self.element(el)
            if local(el.tag) in ENTRY_ELEMENTS:
                drop_read(el)

    def start(self, root: etree._Element) -> None:
        _check_root(root, self.report)
        kind = root.get("type") or ""
        if kind.startswith("TBX-Basic"):
            self.dialects = ("TBX-Basic", "TBX-Basic-V4")
        elif kind in DIALECT_RULES:
            self.dialects = (kind,)

    def element(self, el: etree._Element) -> None:
        kind = local(el.tag)
        own_id = el.get("id")
        if own_id:
            self.ids.add(own_id)
        if kind in ENTRY_ELEMENTS:
            _check_entry(el, self.seen, self.report)
        elif kind in ("langSec", "langSet"):
            if not el.get(XML_LANG):
                self.report(f"<{kind}> has no xml:lang", el)
            if not any(local(c.tag) in ("termSec", "tig", "ntig") for c in _children(el)):
                self.report(f"<{kind}> has no term section", el)
        elif kind in ("termSec", "tig", "ntig"):
            _check_term_section(el, self.report)
        elif kind not in KNOWN_ELEMENTS and TBX_ELEMENT.match(el.tag) and _level(el):
            self.report(f"unknown element <{kind}>", el)
        target = el.get("target")
        if target and kind not in ("ec", "sc", "xref") and not target.startswith(_HTTP):
            message = f"<{kind}> target {target!r} is neither an id in this file nor an http(s) URL"
            self.found.append((None, (target, Problem(self.name, message, line_of(el)))))
        if kind in _TYPED:
            self.v4 = self.v4 or _v4_only(el, kind)
            for dialect in self.dialects:
                _check_category(el, dialect, self.reporter(dialect))

    def problems(self) -> list[Problem]:
        """What was found, for the file's dialect, in the order of the file."""
        dialect = self.dialects[0] if self.dialects else None
        if len(self.dialects) == 2 and self.v4:
            dialect = self.dialects[1]
        out: list[Problem] = []
        for belongs, item in self.found:
            if belongs is not None and belongs != dialect:
                continue
            if isinstance(item, tuple):
                target, problem = item
                if target in self.ids:
                    continue
                item = problem
            out.append(item)
        # children end before their parents: back into the order of the file (stable, so
        # problems on one line keep the order they were found in)
        return sorted(out, key=lambda p: p.line or 0)


def _v4_only(el: etree._Element, kind: str) -> bool:
    """``el`` is something only TBX-Basic Version 4 has (see ``dialect_of``)."""
    if kind == "termNote":
        kind_type = el.get("type")
        return kind_type == "usageStatus" or (
            kind_type == "partOfSpeech" and " ".join(text_of(el).split()) == "properNoun"
        )
    return kind == "transac" and " ".join(text_of(el).split()) == "creation"


def _children(el: etree._Element) -> list[etree._Element]:
    return [c for c in el if isinstance(c.tag, str)]


def _check_root(root: etree._Element, report: _Report) -> None:
    kind = local(root.tag)
    if kind == "tbx":
        if not root.tag.startswith("{" + TBX_NS + "}"):
            report(f"<tbx> is not in the TBX namespace {TBX_NS}", root)
        if not root.get("type"):
            report("<tbx> has no type (the dialect, e.g. TBX-Basic)", root)
        if root.get("style") not in ("dca", "dct"):
            report(f"<tbx> style must be 'dca' or 'dct', not {root.get('style')!r}", root)
    elif kind == "martif":
        if not root.get("type"):
            report("<martif> has no type", root)
        if not root.get(XML_LANG):
            report("<martif> has no xml:lang", root)
    else:
        report(f"the root element is <{kind}>, not <tbx> or <martif>", root)


def _check_entry(el: etree._Element, seen: set[str], report: _Report) -> None:
    kind = local(el.tag)
    entry_id = el.get("id")
    if not entry_id:
        report(f"<{kind}> has no id", el)
    elif not _NCNAME.match(entry_id):
        report(f"<{kind}> id {entry_id!r} is not an xsd:ID (it must start with a letter or _)", el)
    elif entry_id in seen:
        report(f"duplicate id {entry_id!r}", el)
    if entry_id:
        seen.add(entry_id)
    if not any(local(c.tag) in ("langSec", "langSet") for c in _children(el)):
        report(f"<{kind}> has no language section", el)


def _check_term_section(el: etree._Element, report: _Report) -> None:
    children = _children(el)
    if local(el.tag) == "ntig":
        grp = [c for c in children if local(c.tag) == "termGrp"]
        children = _children(grp[0]) if grp else []
    if not children or local(children[0].tag) != "term":
        report(f"<{local(el.tag)}> does not start with <term>", el)
        return
    if not text_of(children[0]).strip():
        report("empty <term>", children[0])
    after: str | None = None
    for child in children[1:]:
        kind = local(child.tag)
        if kind in ("termNote", "termNoteGrp"):
            if after is not None:
                report(f"<termNote> after <{after}>: term notes must follow the term", child)
                return
        else:
            after = kind


def _level(el: etree._Element) -> str | None:
    parent = el.getparent()
    while parent is not None:
        level = _LEVELS.get(local(parent.tag))
        if level is not None:
            return level
        parent = parent.getparent()
    return None


def _check_category(el: etree._Element, dialect: str, report: _Report) -> None:
    allowed, picklists = DIALECT_RULES[dialect]
    kind, dtype = classify(el)
    if not dtype:
        report(f"<{kind}> has no type", el)
        return
    levels = allowed.get((kind, dtype))
    if levels is None:
        report(f'<{kind} type="{dtype}"> is not a {dialect} data category', el)
        return
    level = _level(el)
    if level is not None and level not in levels:
        where = ", ".join(sorted(levels))
        report(f'<{kind} type="{dtype}"> is not allowed at {level} level ({where} only)', el)
    values = picklists.get(dtype)
    value = text_of(el)
    if values is not None and value not in values:
        report(
            f"{dtype} {value!r} is not in the {dialect} picklist ({', '.join(sorted(values))})", el
        )
