"""XML plumbing shared by the TBX reader, writer and checker: safe parsing, escaping, the
reversible id encoding, and the verbatim form of data categories the model has no field for."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

from lxml import etree

from ...errors import Problem, TBXError
from ...model import _NOT_XML
from ._tables import DCT_ELEMENTS, KNOWN_ELEMENTS, KNOWN_TYPES, TBX_NS

_NS_PREFIX = "{" + TBX_NS + "}"
# A tag of the TBX vocabulary: in the TBX v3 namespace, or in none (TBX 2008).
TBX_ELEMENT = re.compile(r"(\{" + re.escape(TBX_NS) + r"\})?[^{]")


# The settings every untrusted TBX file is parsed with (iterparse takes them too).
SAFE_OPTIONS: dict[str, Any] = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "dtd_validation": False,
    "huge_tree": False,
}


def safe_parser() -> etree.XMLParser:
    """An lxml parser that loads no DTD, resolves no entity, uses no network and refuses huge
    trees: the settings every untrusted TBX file is read with.

    >>> etree.fromstring(b"<a>&amp;</a>", safe_parser()).text
    '&'
    """
    return etree.XMLParser(**SAFE_OPTIONS)


def refuse_entities(tree: etree._ElementTree, name: str) -> None:
    """Raise ``TBXError`` if the document declares entities (the doorway of XXE and
    entity-expansion bombs); ordinary files never need them.

    >>> doc = etree.fromstring(b'<!DOCTYPE a [<!ENTITY x "y">]><a/>', safe_parser())
    >>> refuse_entities(doc.getroottree(), "f.tbx")
    Traceback (most recent call last):
    ...
    ktermbase.errors.TBXError: 1 problem found; nothing was loaded
      f.tbx: the document declares the entity 'x'; ...
    """
    dtd = tree.docinfo.internalDTD
    if dtd is None:
        return
    for ent in dtd.iterentities():  # type: ignore[attr-defined]
        kind = f"external entity (SYSTEM {ent.system_url!r})" if ent.system_url else "entity"
        raise TBXError(
            [
                Problem(
                    name,
                    f"the document declares the {kind} {ent.name!r}; "
                    "entity declarations are refused (they allow external-entity and "
                    "entity-expansion attacks) and were not expanded",
                )
            ]
        )


def malformed(file: str, exc: etree.XMLSyntaxError) -> Problem:
    """The problem a parse error is reported as: its message, line and column (an empty file
    says so: libxml2 gives it no position).

    >>> try:
    ...     etree.fromstring(b"<a><b></a>", safe_parser())
    ... except etree.XMLSyntaxError as exc:
    ...     print(malformed("f.tbx", exc))
    f.tbx:1:11: malformed XML: Opening and ending tag mismatch: b line 1 and a
    """
    line, column = exc.position if exc.position else (exc.lineno, None)
    message = _POSITION.sub("", exc.msg)  # libxml2 appends the position we report anyway
    if not line:
        empty = Path(file).is_file() and Path(file).stat().st_size == 0
        return Problem(file, "the file is empty" if empty else f"malformed XML: {message}")
    return Problem(file, f"malformed XML: {message}", line, column or None)


_POSITION = re.compile(r", line \d+, column \d+$")


def local(tag: str) -> str:
    """An element's name without its namespace.

    >>> local("{urn:iso:std:iso:30042:ed-2}termSec"), local("tig")
    ('termSec', 'tig')
    """
    try:
        return _LOCAL[tag]
    except KeyError:
        return _LOCAL.setdefault(tag, tag.rpartition("}")[2])


_LOCAL: dict[str, str] = {}


def classify(el: etree._Element) -> tuple[str, str | None]:
    """(element kind, data category) of a child element, DCA or DCT style alike.

    >>> classify(etree.fromstring('<descrip type="definition">x</descrip>'))
    ('descrip', 'definition')
    >>> classify(etree.fromstring('<min:subjectField xmlns:min="http://e/min">x</min:subjectField>'))
    ('descrip', 'subjectField')
    """
    tag = el.tag
    dct = _DCT.get(tag)
    if dct is None:
        name = local(tag)
        foreign = tag.startswith("{") and not tag.startswith(_NS_PREFIX) and name in DCT_ELEMENTS
        dct = _DCT.setdefault(tag, (DCT_ELEMENTS[name], name) if foreign else (name, ""))
    return (dct[0], dct[1]) if dct[1] else (dct[0], el.get("type"))


_DCT: dict[str, tuple[str, str]] = {}


def line_of(node: etree._Element) -> int | None:
    """The line an element's start tag ends on (``None`` when lxml does not know).

    libxml2 keeps an element's line in 16 bits: from line 65535 on it answers with the line of
    the element's first child instead, and a text child's line is where that text ends. So an
    element whose text spans newlines (the indentation before its first child element) is
    reported that many lines too late; the text says how many.
    """
    line = node.sourceline
    if not isinstance(line, int):
        return None
    if line >= 65535 and node.text:
        line -= node.text.count("\n")
    return line


def drop_read(el: etree._Element) -> None:
    """Free an element ``iterparse`` has handed over and that has been read, and the siblings
    read before it, so that a streamed document never grows in memory."""
    el.clear()  # its tail goes too (keep_tail is False by default)
    parent = el.getparent()
    if parent is not None:
        while el.getprevious() is not None:
            del parent[0]


def unknown_parts(el: etree._Element) -> list[tuple[str, int | None]]:
    """(message, line) for each element inside ``el`` (itself included) that no TBX dialect
    knows, or whose data category it does not know: what keeping ``el`` verbatim warns of.

    >>> unknown_parts(etree.fromstring('<transacGrp><transac type="transactionType">x</transac>'
    ...     '<date>2024-01-01</date><foo/></transacGrp>'))
    [('unknown element <foo> kept verbatim', 1)]
    """
    found = []
    for sub in el.iter():
        if not isinstance(sub.tag, str) or not TBX_ELEMENT.match(sub.tag):
            continue
        name = local(sub.tag)
        if name not in KNOWN_ELEMENTS:
            found.append((f"unknown element <{name}> kept verbatim", line_of(sub)))
        elif name in KNOWN_TYPES and (kind := sub.get("type")) not in KNOWN_TYPES[name]:
            found.append(
                (f"unknown data category <{name} type={kind!r}> kept verbatim", line_of(sub))
            )
    return found


def in_lang_section(lang: str, kept: str) -> str:
    """A language section's child kept verbatim, as an entry's ``extra`` item: wrapped in its
    language section, so that an export puts it back there.

    >>> in_lang_section("en", '<admin type="customerSubset">K</admin>')
    '<langSec xml:lang="en"><admin type="customerSubset">K</admin></langSec>'
    """
    return f'<langSec xml:lang="{esc_attr(lang)}">{kept}</langSec>'


def text_of(el: etree._Element) -> str:
    """All the text inside ``el`` (inline markup such as ``<hi>`` flattened)."""
    if len(el) == 0:
        return el.text or ""
    return "".join(str(t) for t in el.itertext())


def verbatim(el: etree._Element) -> str:
    """``el`` serialised for ``extra``: TBX elements without a namespace declaration (so the
    same text fits a TBX v3 or a TBX 2008 document), other namespaces kept.

    >>> root = etree.fromstring('<tbx xmlns="urn:iso:std:iso:30042:ed-2">'
    ...                         '<admin type="customerSubset">K</admin></tbx>')
    >>> verbatim(root[0])
    '<admin type="customerSubset">K</admin>'
    """
    el = copy.deepcopy(el)
    el.tail = None
    for sub in el.iter():
        if isinstance(sub.tag, str) and sub.tag.startswith(_NS_PREFIX):
            sub.tag = sub.tag[len(_NS_PREFIX) :]
    etree.cleanup_namespaces(el)
    return etree.tostring(el, encoding="unicode", with_tail=False)


def parse_extra(text: str) -> etree._Element:
    """Parse one ``extra`` item (to place it on export); ``ValueError`` when it is not XML."""
    try:
        return etree.fromstring(text.encode("utf-8"), safe_parser())
    except etree.XMLSyntaxError as exc:
        raise ValueError(f"extra item is not well-formed XML ({exc.msg}): {text[:60]!r}") from None


# --- escaping ------------------------------------------------------------------------------

_TEXT_SPECIAL = re.compile("[&<>\r]")
_ATTR_SPECIAL = re.compile('[&<>"\r\n\t]')
_ESCAPES = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    '"': "&quot;",
    "\r": "&#13;",
    "\n": "&#10;",
    "\t": "&#9;",
}


def _sub(m: re.Match[str]) -> str:
    return _ESCAPES[m.group()]


def esc(text: str) -> str:
    r"""Escape element content (``\r`` too, so that it survives parsing).

    >>> esc("a < b & c\r")
    'a &lt; b &amp; c&#13;'
    """
    return _TEXT_SPECIAL.sub(_sub, text)


def esc_attr(text: str) -> str:
    """Escape an attribute value (white space as character references: parsers normalise it).

    >>> esc_attr('say "hi"\\n')
    'say &quot;hi&quot;&#10;'
    """
    return _ATTR_SPECIAL.sub(_sub, text)


def not_xml(text: str) -> str | None:
    """The first character XML 1.0 cannot carry, or ``None``.

    >>> not_xml("ok"), not_xml("bell\\x07")
    (None, '\\x07')
    """
    m = _NOT_XML.search(text)
    return m.group() if m else None


# --- ids -------------------------------------------------------------------------------------
# conceptEntry/@id must be an xsd:ID (an NCName). Entry ids that are not are written with every
# other character as _xHHHH_ (as .NET's XmlConvert.EncodeName does) and decoded on import; ids
# that are already NCNames (all of the shipped ones) are written unchanged.

_ID_OK = re.compile(r"[A-Za-z_][A-Za-z0-9._-]*\Z")
_ID_ESCAPE = re.compile(r"_x([0-9A-F]{4,6})_")
_ID_CHAR = re.compile(r"[A-Za-z0-9.-]")


def encode_id(entry_id: str) -> str:
    """The xsd:ID an entry id is written as; ``decode_id`` gives it back.

    >>> encode_id("strategic-autonomy"), encode_id("2024:ai")
    ('strategic-autonomy', '_x0032_024_x003A_ai')
    >>> decode_id(encode_id("芯片_x0041_")) == "芯片_x0041_"
    True
    """
    if _ID_OK.match(entry_id) and "_x" not in entry_id:
        return entry_id
    out = []
    for i, ch in enumerate(entry_id):
        plain = _ID_CHAR.match(ch) and not (i == 0 and not ch.isalpha())
        if plain or (ch == "_" and not _ID_ESCAPE.match(entry_id, i)):
            out.append(ch)
        else:
            out.append(f"_x{ord(ch):04X}_")
    return "".join(out)


def decode_id(xml_id: str) -> str:
    """The entry id an xsd:ID stands for (see ``encode_id``).

    >>> decode_id("_x0032_024_x003A_ai")
    '2024:ai'
    """
    if "_x" not in xml_id:
        return xml_id
    return _ID_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), xml_id)
