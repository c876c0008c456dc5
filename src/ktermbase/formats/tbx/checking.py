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
from ._tables import DIALECT_RULES, KNOWN_ELEMENTS, TBX_NS, XML_LANG
from ._xml import TBX_ELEMENT, classify, line_of, local, refuse_entities, safe_parser, text_of

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
        return "TBX-Basic-V4" if _V4_ONLY(root) else "TBX-Basic"
    return kind if kind in DIALECT_RULES else None


_V4_ONLY = etree.XPath(
    "boolean(//*[local-name()='termNote'][@type='usageStatus' or "
    "(@type='partOfSpeech' and normalize-space()='properNoun')] | "
    "//*[local-name()='transac'][normalize-space()='creation'])"
)


def check_tbx(path: str | os.PathLike[str]) -> list[Problem]:
    """Every structural and dialect violation in the TBX file at ``path``, with its line.

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
    try:
        doc = etree.parse(os.fspath(path), safe_parser())
    except etree.XMLSyntaxError as exc:
        line, column = exc.position if exc.position else (exc.lineno, None)
        return [Problem(name, f"malformed XML: {exc.msg}", line, column)]
    except OSError as exc:
        return [Problem(name, f"cannot read: {exc}")]
    try:
        refuse_entities(doc, name)
    except TBXError as exc:
        return list(exc.problems)
    root = doc.getroot()
    problems: list[Problem] = []

    def report(message: str, el: etree._Element) -> None:
        problems.append(Problem(name, message, line_of(el)))

    _check_root(root, report)
    dialect = dialect_of(root)
    ids = {el.get("id") for el in root.iter() if isinstance(el.tag, str) and el.get("id")}
    seen: set[str] = set()
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        kind = local(el.tag)
        if kind in ("conceptEntry", "termEntry"):
            _check_entry(el, seen, report)
        elif kind in ("langSec", "langSet"):
            if not el.get(XML_LANG):
                report(f"<{kind}> has no xml:lang", el)
            if not any(local(c.tag) in ("termSec", "tig", "ntig") for c in _children(el)):
                report(f"<{kind}> has no term section", el)
        elif kind in ("termSec", "tig", "ntig"):
            _check_term_section(el, report)
        elif kind not in KNOWN_ELEMENTS and TBX_ELEMENT.match(el.tag) and _level(el):
            report(f"unknown element <{kind}>", el)
        target = el.get("target")
        local_ref = kind not in ("ec", "sc", "xref") and not (target or "").startswith(_HTTP)
        if target and local_ref and target not in ids:
            report(
                f"<{kind}> target {target!r} is neither an id in this file nor an http(s) URL", el
            )
        if dialect is not None and kind in _TYPED:
            _check_category(el, dialect, report)
    return problems


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
