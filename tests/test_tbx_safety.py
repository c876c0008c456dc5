"""Untrusted TBX never hurts: no external entity, no DTD loading, no entity expansion; malformed
XML reported with line and column; an interrupted export leaves the old file in place."""

from __future__ import annotations

from pathlib import Path

import pytest

from ktermbase.errors import TBXError
from ktermbase.formats.tbx import read_tbx, write_tbx
from ktermbase.model import Entry, Term

BODY = (
    '<tbx type="TBX-Basic" style="dca" xmlns="urn:iso:std:iso:30042:ed-2"><tbxHeader><fileDesc>'
    "<sourceDesc><p>x</p></sourceDesc></fileDesc></tbxHeader><text><body>"
    '<conceptEntry id="c1"><langSec xml:lang="en"><termSec><term>{term}</term></termSec>'
    "</langSec></conceptEntry></body></text></tbx>"
)


def _write(tmp_path: Path, name: str, doctype: str, term: str) -> Path:
    path = tmp_path / name
    path.write_text(f'<?xml version="1.0"?>\n{doctype}\n{BODY.format(term=term)}', "utf-8")
    return path


def test_xxe_reading_a_local_file_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", "utf-8")
    path = _write(
        tmp_path, "xxe.tbx", f'<!DOCTYPE tbx [<!ENTITY xxe SYSTEM "file://{secret}">]>', "&xxe;"
    )
    with pytest.raises(TBXError) as exc:
        read_tbx(path)
    assert "external entity" in str(exc.value) and "'xxe'" in str(exc.value)
    assert "TOP-SECRET" not in str(exc.value)


def test_billion_laughs_is_refused_without_expansion(tmp_path: Path) -> None:
    decls = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">'
        for i in range(1, 10)
    ]
    path = _write(tmp_path, "lol.tbx", f"<!DOCTYPE tbx [{''.join(decls)}]>", "&lol9;")
    with pytest.raises(TBXError) as exc:
        read_tbx(path)
    assert "entity declarations are refused" in str(exc.value)
    assert "lollol" not in str(exc.value)


def test_external_dtd_is_not_loaded(tmp_path: Path) -> None:
    (tmp_path / "evil.dtd").write_text('<!ENTITY ext "EXPANDED">', "utf-8")
    path = _write(tmp_path, "ext.tbx", '<!DOCTYPE tbx SYSTEM "evil.dtd">', "&ext;")
    with pytest.raises(TBXError) as exc:
        read_tbx(path)
    assert "&ext; is not expanded" in str(exc.value)
    assert "EXPANDED" not in str(exc.value)


def test_an_external_dtd_without_entities_is_harmless(tmp_path: Path) -> None:
    path = _write(
        tmp_path, "ok.tbx", '<!DOCTYPE tbx SYSTEM "http://example.invalid/x.dtd">', "chip"
    )
    assert read_tbx(path).entries[0].terms[0].text == "chip"


def test_malformed_xml_reports_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "broken.tbx"
    text = BODY.format(term="chip").replace("</term>", "</trem>", 1).replace("><", ">\n<")
    path.write_text(text, "utf-8")
    bad_line = next(i for i, line in enumerate(text.splitlines(), 1) if "</trem>" in line)
    with pytest.raises(TBXError) as exc:
        read_tbx(path)
    problem = exc.value.problems[0]
    assert "malformed XML" in problem.message and "trem" in problem.message
    assert problem.line == bad_line and problem.column is not None


def test_not_a_tbx_file(tmp_path: Path) -> None:
    path = tmp_path / "x.tbx"
    path.write_text("<html><body/></html>", "utf-8")
    with pytest.raises(TBXError, match="root element is <html>"):
        read_tbx(path)


def test_interrupted_export_leaves_old_file_and_no_temp_file(tmp_path: Path) -> None:
    out = tmp_path / "base.tbx"
    out.write_text("OLD", "utf-8")

    def entries() -> object:
        yield Entry(id="a", terms=(Term(lang="en", text="a"),))
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_tbx(entries(), out)  # type: ignore[arg-type]
    assert out.read_text("utf-8") == "OLD"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["base.tbx"]


def test_export_gets_ordinary_permissions_not_the_temporary_files(tmp_path: Path) -> None:
    import os

    entries = [Entry(id="a", terms=(Term(lang="en", text="a"),))]
    old = os.umask(0o022)
    try:
        write_tbx(entries, tmp_path / "new.tbx")
        kept = tmp_path / "kept.tbx"
        kept.write_text("OLD", "utf-8")
        kept.chmod(0o640)
        write_tbx(entries, kept)
    finally:
        os.umask(old)
    assert (tmp_path / "new.tbx").stat().st_mode & 0o777 == 0o644  # as open() would make it
    assert kept.stat().st_mode & 0o777 == 0o640  # an existing file keeps its permissions


def test_unwritable_character_is_a_clear_error_and_no_file(tmp_path: Path) -> None:
    bad = Entry.model_construct(
        id="bell", terms=(Term.model_construct(lang="en", text="ring\x07"),)
    )
    out = tmp_path / "bell.tbx"
    with pytest.raises(TBXError, match="U\\+0007 cannot be written in XML"):
        write_tbx([bad], out)
    assert not out.exists()


def test_progress_is_reported_while_streaming(tmp_path: Path) -> None:
    entries = [Entry(id=f"e{i}", terms=(Term(lang="en", text=f"t{i}"),)) for i in range(2500)]
    out = tmp_path / "big.tbx"
    written: list[int] = []
    write_tbx(entries, out, progress=written.append)
    read: list[int] = []
    assert len(read_tbx(out, progress=read.append).entries) == 2500
    assert written == [1000, 2000, 2500] and read == [1000, 2000]


def test_entity_bomb_in_an_attribute_is_refused_by_the_parser(tmp_path: Path) -> None:
    """Attribute values cannot hold entity references, so libxml2 would expand them before
    ktermbase sees the DOCTYPE; its amplification limit (kept by huge_tree=False) stops it."""
    decls = ['<!ENTITY lol "lollollollollol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">'
        for i in range(1, 10)
    ]
    path = tmp_path / "attr.tbx"
    path.write_text(
        f'<!DOCTYPE tbx [{"".join(decls)}]><tbx a="&lol9;" xmlns="urn:iso:std:iso:30042:ed-2"/>',
        "utf-8",
    )
    with pytest.raises(TBXError, match="amplification"):
        read_tbx(path)
