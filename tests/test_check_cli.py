"""``ktermbase check`` and ``ktermbase fix`` on real files: compiler-style output, JSON,
exit codes, standard input, bad input and atomic output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from ktermbase.cli import cli

DATA = Path(__file__).parent / "data"


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    en = tmp_path / "en.txt"
    zh = tmp_path / "zh.txt"
    en.write_text("Title\n\nWe studied carbon neutralization in our city.\n", encoding="utf-8")
    zh.write_text("标题\n\n我们研究了我市的碳中和。\n", encoding="utf-8")
    return en, zh


def run(*args: str, stdin: str | bytes | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_check_prints_issues_as_a_compiler_does(files: tuple[Path, Path]) -> None:
    en, zh = files
    code, out, err = run(
        "check", str(en), "--source", str(zh), "--termbase", str(DATA / "check_termbase.toml")
    )
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith(f"{en}:3:12: error deprecated-term: 'carbon neutralization'")
    assert lines[0].endswith("→ carbon neutrality")
    assert lines[1] == "    We studied carbon neutralization in our city."
    assert lines[2] == "               " + "^" * len("carbon neutralization")
    assert f"{en}:3:37: error literal-rendering" in out
    assert "2 errors" in err


def test_check_json_has_issues_and_fixed_text(files: tuple[Path, Path]) -> None:
    en, zh = files
    code, out, _ = run(
        "check",
        str(en),
        "--source",
        str(zh),
        "--format",
        "json",
        "--termbase",
        str(DATA / "check_termbase.toml"),
    )
    data = json.loads(out)
    assert code == 1
    assert {i["rule"] for i in data["issues"]} == {"deprecated-term", "literal-rendering"}
    first = data["issues"][0]
    assert set(first) >= {"rule", "severity", "start", "end", "text", "message", "replacements"}
    assert data["fixed"] == "Title\n\nWe studied carbon neutrality in the city.\n"


def test_min_severity_sets_what_fails(tmp_path: Path) -> None:
    en = tmp_path / "en.txt"
    en.write_text("Energy safety matters.\n", encoding="utf-8")
    tb = str(DATA / "check_termbase.toml")
    assert run("check", str(en), "--termbase", tb)[0] == 1
    assert run("check", str(en), "--termbase", tb, "--min-severity", "error")[0] == 0


def test_check_reads_standard_input() -> None:
    code, out, _ = run("check", "-", "--min-severity", "error", stdin="Our country's plan.\n")
    assert code == 1
    assert out.startswith("<stdin>:1:1: error literal-rendering")


def test_bad_input_exits_2_with_a_clear_message(tmp_path: Path) -> None:
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("caf\xe9\n".encode("latin-1"))
    code, _, err = run("check", str(bad))
    assert code == 2 and "not UTF-8" in err and str(bad) in err
    code, _, err = run("check", str(tmp_path / "missing.txt"))
    assert code == 2 and "cannot read" in err


def test_fix_writes_text_diff_or_file(files: tuple[Path, Path], tmp_path: Path) -> None:
    en, zh = files
    tb = str(DATA / "check_termbase.toml")
    code, out, err = run("fix", str(en), "--source", str(zh), "--termbase", tb)
    assert (code, out) == (0, "Title\n\nWe studied carbon neutrality in the city.\n")
    assert "2 fixes applied" in err
    code, out, _ = run("fix", str(en), "--source", str(zh), "--termbase", tb, "--diff")
    assert out.splitlines()[:2] == [f"--- {en}", f"+++ {en} (fixed)"]
    assert "+We studied carbon neutrality in the city." in out.splitlines()
    target = tmp_path / "out" / "fixed.txt"
    code, out, _ = run("fix", str(en), "--source", str(zh), "--termbase", tb, "-o", str(target))
    assert code == 0 and out == ""
    assert target.read_text(encoding="utf-8").endswith("in the city.\n")
    assert [p.name for p in target.parent.iterdir()] == ["fixed.txt"]


def test_colour_on_a_terminal(files: tuple[Path, Path]) -> None:
    en, _ = files
    tb = str(DATA / "check_termbase.toml")
    result = CliRunner().invoke(cli, ["check", str(en), "--termbase", tb], color=True)
    assert "\x1b[31m" in result.stdout  # the severity and the span in red
    assert "\x1b[32m^" in result.stdout  # the caret underline in green


def test_text_and_source_cannot_both_come_from_stdin() -> None:
    code, _, err = run("check", "-", "--source", "-", stdin="x")
    assert code == 2 and "standard input" in err
