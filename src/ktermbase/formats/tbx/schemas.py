"""Validation against the official TBX schema files (RelaxNG, Schematron, DTD), which carry no
licence and so are not bundled: the caller names the folder that holds them, laid out as
``shared/tbx/schemas`` (see its PROVENANCE.md).

lxml runs XSLT-1 Schematron only, and the official files declare ``queryBinding="xslt2"``. They
are loaded with the binding switched **in memory** (the files are never edited) and with the two
XPath-2 expressions of the TBX-Basic v1.2.1 / TBX-Core files rewritten to XPath 1:
``matches(@target,'https?://.+')`` becomes ``starts-with(@target,'http://') or
starts-with(@target,'https://')``, and ``contains(./local-name(),'Grp')`` becomes
``contains(local-name(),'Grp')``. Schematron reports with ``role="info"`` (advice) are not
violations.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

from lxml import etree, isoschematron  # type: ignore[attr-defined]

from ...errors import Problem
from ._xml import line_of, local, safe_parser
from .checking import dialect_of

__all__ = ["schema_files", "validate_official"]

_SVRL = "{http://purl.oclc.org/dsdl/svrl}"
_XPATH2 = {
    "matches(@target,'https?://.+')": (
        "(starts-with(@target,'http://') or starts-with(@target,'https://'))"
    ),
    "./local-name()": "local-name()",
}


def schema_files(doc: etree._ElementTree, schemas: Path) -> list[Path]:
    """The official files that apply to ``doc``: by TBX version, dialect and, for TBX-Basic,
    version (``checking.dialect_of``). DCT-style files get the core RelaxNG only: the DCT
    Schematron files need XPath 2 throughout (``matches``, ``root()``, ``is``), which lxml
    cannot run."""
    root = doc.getroot()
    kind = root.get("type") or ""
    if local(root.tag) == "martif":
        if kind.startswith("TBX-Basic"):
            return [
                schemas / "tbx2008-basic/TBXBasiccoreStructV02.dtd",
                schemas / "tbx2008-basic/TBXBasicRNGV02.rng",
            ]
        return [
            schemas / "tbx2008-default/TBXcoreStructV02.dtd",
            schemas / "tbx2008-default/TBX_RNGV02.rng",
        ]
    files = [schemas / "tbx-core-rng/TBXcoreStructV03.rng"]
    if root.get("style") == "dct":
        return files
    if kind == "TBX-Core":
        files.append(schemas / "tbx-core/TBX-Core.sch")
    elif kind == "TBX-Min":
        files.append(schemas / "tbx-min/DCA/TBX-Min_DCA.sch")
    elif kind == "TBX-Basic":
        if dialect_of(root) == "TBX-Basic-V4":
            files = [
                schemas / "iso-tr24633-2-core/core_schema.rng",
                schemas / "tbx-basic-v4/basic_schema.sch",
            ]
        else:
            files.append(schemas / "tbx-basic-v1.2.1/DCA/TBX-Basic_DCA.sch")
    return files


def validate_official(
    path: str | os.PathLike[str],
    schemas: str | os.PathLike[str],
    *,
    files: list[Path] | None = None,
) -> list[Problem]:
    """Every violation of the official schemas that apply to the TBX file at ``path`` (or of
    ``files``), each with its line; an empty list when it is valid.

    >>> validate_official("x.tbx", "/nonexistent")  # doctest: +ELLIPSIS
    [Problem(file='x.tbx', message='cannot read: ...)]
    """
    name = str(path)
    try:
        doc = etree.parse(os.fspath(path), safe_parser())
    except (OSError, etree.XMLSyntaxError) as exc:
        return [Problem(name, f"cannot read: {exc}")]
    problems: list[Problem] = []
    for schema in files if files is not None else schema_files(doc, Path(schemas)):
        if not schema.is_file():
            problems.append(Problem(name, f"schema file {schema} not found"))
            continue
        label = schema.name
        if schema.suffix == ".sch":
            problems += _schematron(doc, schema, name, label)
            continue
        validator = _load(str(schema))
        if not validator.validate(doc):
            for err in validator.error_log:  # type: ignore[union-attr]
                problems.append(Problem(name, f"{label}: {err.message}", err.line or None))
    return problems


@functools.cache
def _load(schema: str) -> etree.RelaxNG | etree.DTD:
    if schema.endswith(".dtd"):
        return etree.DTD(schema)
    return etree.RelaxNG(etree.parse(schema, safe_parser()))


@functools.cache
def _load_schematron(schema: str) -> isoschematron.Schematron:
    text = Path(schema).read_text(encoding="utf-8-sig")
    text = text.replace('queryBinding="xslt2"', 'queryBinding="xslt1"')
    for xpath2, xpath1 in _XPATH2.items():
        text = text.replace(xpath2, xpath1)
    tree = etree.fromstring(text.encode("utf-8"), safe_parser())
    return isoschematron.Schematron(tree, store_report=True)


def _schematron(doc: etree._ElementTree, schema: Path, name: str, label: str) -> list[Problem]:
    try:
        validator = _load_schematron(str(schema))
    except etree.XSLTParseError as exc:
        return [Problem(name, f"{label} cannot run in lxml's XSLT 1 ({exc}); not checked")]
    validator.validate(doc)
    report = validator.validation_report
    problems = []
    for item in report.iter(f"{_SVRL}failed-assert", f"{_SVRL}successful-report"):
        if item.get("role") == "info":
            continue
        text = " ".join("".join(str(t) for t in item.itertext()).split())
        line = None
        location = item.get("location")
        if location:
            try:
                found = doc.xpath(location)
            except etree.XPathError:
                found = []
            if isinstance(found, list) and found and isinstance(found[0], etree._Element):
                line = line_of(found[0])
        problems.append(Problem(name, f"{label}: {text}", line))
    return problems
