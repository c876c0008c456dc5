"""export, convert and validate FILE.tbx, run as a user runs them."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from ktermbase.cli import cli
from ktermbase.formats.csv import read_csv
from ktermbase.formats.tbx import read_tbx
from ktermbase.formats.tbx.schemas import validate_official
from ktermbase.formats.toml import read_toml
from ktermbase.termbase import load


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_export_subject_as_tbx_file_reads_back_equal(tmp_path: Path, shared: Path) -> None:
    out = tmp_path / "k.tbx"
    code, _, err = run("export", "--format", "tbx", "--subject", "k-program", "-o", str(out))
    assert code == 0, err
    expected = list(load().filter(subject="k-program"))
    assert f"wrote {len(expected)} entries" in err
    assert read_tbx(out).entries == expected
    assert validate_official(out, shared / "tbx" / "schemas") == []


def test_export_to_stdout_in_every_format() -> None:
    for fmt, marker in [
        ("tbx", 'type="TBX-Basic" style="dca"'),
        ("tbx-v4", '<termNote type="usageStatus">preferred</termNote>'),
        ("tbx-core", 'type="TBX-Core"'),
        ("tbx2", '<martif type="TBX-Basic"'),
        ("csv", "id,subject,zh,en"),
        ("tsv", "id\tsubject\tzh\ten"),
        ("term-sets", "zh,en"),
    ]:
        code, out, err = run("export", "--format", fmt, "--subject", "k-program")
        assert code == 0, err
        assert marker in out, fmt


def test_export_mt_glossary_direction(tmp_path: Path) -> None:
    code, out, _ = run(
        "export", "--format", "mt-tsv", "--lang-pair", "en-zh", "--subject", "k-program"
    )
    assert code == 0
    rows = [line.split("\t") for line in out.splitlines()]
    entry = load()["k-program"]
    preferred_zh = [t for t in entry.terms_in("zh") if t.status.value == "preferred"]
    for term in entry.terms_in("en"):
        sources = [r for r in rows if r[0] == term.text]
        if term.status.value != "preferred":
            assert sources == []
            continue
        same_type = [t.text for t in preferred_zh if t.type is term.type] or [preferred_zh[0].text]
        assert sources == [[term.text, same_type[0]]]
    assert len({r[0] for r in rows}) == len(rows)


def test_export_bad_options() -> None:
    code, _, err = run("export", "--subject", "no-such-subject")
    assert code == 2 and "no entry has the subject" in err
    code, _, err = run("export", "--format", "mt-tsv", "--lang-pair", "zh")
    assert code == 2 and "SOURCE-TARGET" in err


def test_convert_tbx_sample_to_csv_and_back(tmp_path: Path, shared: Path) -> None:
    sample = shared / "tbx/samples/tbx2008-martif/lisa-tbx-basic/TBX-basic-samples.tbx"
    csv_out = tmp_path / "basic.csv"
    code, _, err = run("convert", str(sample), str(csv_out))
    assert code == 0, err
    assert "converted 5 entries" in err and "warning:" in err
    original = read_tbx(sample).entries
    back = read_csv(csv_out).entries
    assert [e.id for e in back] == [e.id for e in original]
    assert [sorted(t.text for t in e.terms) for e in back] == [
        sorted(t.text for t in e.terms) for e in original
    ]
    tbx_out = tmp_path / "again.out"
    code, _, err = run("convert", str(csv_out), str(tbx_out), "--to", "tbx2")
    assert code == 0, err
    assert len(read_tbx(tbx_out).entries) == 5


def test_convert_unknown_target_extension(tmp_path: Path, shared: Path) -> None:
    sample = shared / "tbx/examples/minimal-tbx-basic.tbx"
    code, _, err = run("convert", str(sample), str(tmp_path / "x.docx"))
    assert code == 2 and "use --to" in err


def test_validate_tbx_lists_every_violation_with_its_line(shared: Path) -> None:
    bad = shared / "tbx/samples/tbx-v3/tbx-basic-v4/TBX-Basic-sample-badPOS.tbx"
    code, out, _ = run("validate", str(bad))
    assert code == 1
    assert f"{bad}:62: partOfSpeech 'article' is not in the TBX-Basic-V4 picklist" in out
    assert f"{bad}:32: <ref> target 'xyz'" in out
    code, out, _ = run("validate", str(bad), "--schemas", str(shared / "tbx/schemas"))
    assert code == 1
    assert f"{bad}:62: basic_schema.sch: partOfSpeech must take one of the following values" in out


def test_validate_our_export_is_clean(tmp_path: Path, shared: Path) -> None:
    out = tmp_path / "all.tbx"
    assert run("export", "-o", str(out))[0] == 0
    code, text, _ = run("validate", str(out), "--schemas", str(shared / "tbx/schemas"))
    assert code == 0, text
    assert f"valid: {len(load())} entries" in text


def test_any_command_works_on_an_imported_glossary(tmp_path: Path) -> None:
    glossary = tmp_path / "mine.csv"
    glossary.write_text("id,zh,en\nchip,芯片,chip\nwafer,晶圆,wafer\n", "utf-8")
    code, out, _ = run("lookup", "晶圆", "--termbase", str(glossary))
    assert code == 0 and "wafer" in out
    code, out, _ = run("export", "--format", "tbx2", "--termbase", str(glossary))
    assert code == 0 and "<term>芯片</term>" in out


def test_validate_reports_malformed_xml_once(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tbx"
    bad.write_text('<martif><text><body><termEntry id="a"></body></martif>', "utf-8")
    code, out, _ = run("validate", str(bad))
    assert code == 1
    assert out.count("malformed XML") == 1
    assert "1 error;" in out


def test_convert_from_tsv_reads_tabs_whatever_the_file_is_called(tmp_path: Path) -> None:
    src = tmp_path / "glossary.csv"
    src.write_text("芯片\tchip\n晶圆\twafer\n", "utf-8")
    out = tmp_path / "out.toml"
    code, _, err = run("convert", str(src), str(out), "--from", "tsv")
    assert code == 0, err
    entries = read_toml(out).entries
    assert [[t.text for t in e.terms] for e in entries] == [["芯片", "chip"], ["晶圆", "wafer"]]


def test_loading_a_large_file_counts_entries_on_a_terminal_only(tmp_path: Path) -> None:
    import os
    import pty
    import subprocess
    import sys

    big = tmp_path / "big.csv"
    big.write_text("zh,en\n" + "".join(f"词{i},term {i}\n" for i in range(2500)), "utf-8")
    command = [sys.executable, "-m", "ktermbase", "stats", "--termbase", str(big)]
    master, terminal = pty.openpty()
    done = subprocess.run(command, stdout=subprocess.PIPE, stderr=terminal, timeout=120)
    os.close(terminal)
    shown = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the terminal's other end is closed: all is read
            break
        if not chunk:
            break
        shown += chunk
    os.close(master)
    assert done.returncode == 0 and b"2500 entries" in done.stdout
    assert b"\rloading 1000 entries\rloading 2000 entries\r\n" in shown
    piped = subprocess.run(command, capture_output=True, timeout=120)
    assert piped.returncode == 0 and b"loading" not in piped.stderr


def test_a_write_error_is_a_clear_error_not_a_traceback(tmp_path: Path) -> None:
    blocker = tmp_path / "notes.txt"  # a file where the output's folder would be
    blocker.write_text("x", "utf-8")
    for args in (
        ["export", "-o", str(blocker / "x.tbx")],
        ["export", "--format", "csv", "-o", str(blocker / "x.csv")],
        ["convert", str(tmp_path / "in.csv"), str(blocker / "out.tbx")],
    ):
        (tmp_path / "in.csv").write_text("zh,en\n芯片,chip\n", "utf-8")
        code, _, err = run(*args)
        assert code == 2, args
        assert f"{blocker}" in err and "cannot write" in err and "Traceback" not in err


def test_an_unknown_language_in_lang_pair_is_refused() -> None:
    code, out, err = run("export", "--format", "csv", "--lang-pair", "xx-en")
    assert code == 2 and out == ""
    assert "'xx' is not a language code" in err


def test_an_empty_tbx_file_is_reported_as_empty(tmp_path: Path) -> None:
    empty = tmp_path / "empty.tbx"
    empty.write_bytes(b"")
    code, _, err = run("convert", str(empty), str(tmp_path / "out.csv"))
    assert code == 2 and f"{empty}: the file is empty" in err
    assert not (tmp_path / "out.csv").exists()


def test_a_reader_that_stops_early_ends_the_export_quietly() -> None:
    """``ktermbase export | head -1``: no traceback, no error message."""
    import subprocess
    import sys

    proc = subprocess.Popen(
        [sys.executable, "-m", "ktermbase", "export", "--format", "tbx"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline().startswith(b"<?xml")
    proc.stdout.close()  # as head does after its line
    err = proc.stderr.read()
    assert proc.wait(timeout=60) == 1
    assert err == b""


def test_a_tbx_file_without_entries_says_so(tmp_path: Path) -> None:
    path = tmp_path / "none.tbx"
    path.write_text(
        '<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">'
        "<tbxHeader><fileDesc><sourceDesc><p>x</p></sourceDesc></fileDesc></tbxHeader>"
        "<text><body/></text></tbx>",
        "utf-8",
    )
    code, out, err = run("validate", str(path))
    assert code == 0 and "valid: 0 entries" in out
    assert f"{path}: the file holds no entries" in out + err
