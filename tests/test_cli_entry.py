"""The lookup, stats and validate commands, run as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from ktermbase.cli import cli


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def test_lookup_chinese_shows_english_pinyin_definition_and_source() -> None:
    code, out = run("lookup", "战略自主性")
    assert code == 0
    assert "strategic autonomy" in out
    assert "zhàn lüè zì zhǔ xìng" in out
    assert "definition (en)" in out and "definition (zh)" in out
    assert "source:" in out and "economic-security" in out


def test_lookup_json_is_the_model_serialisation() -> None:
    import ktermbase

    code, out = run("lookup", "Strategic  Autonomy", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["query"] == "Strategic  Autonomy" and data["suggestions"] == []
    expected = ktermbase.load().by_id("strategic-autonomy")
    assert expected is not None
    assert data["entries"] == [expected.model_dump(mode="json")]


def test_lookup_json_of_nothing_has_the_same_shape_with_suggestions() -> None:
    code, out = run("lookup", "strategic autonmy", "--format", "json")
    assert code == 1
    data = json.loads(out)
    assert data["entries"] == []
    assert data["suggestions"] and data["suggestions"][0]["entry"] == "strategic-autonomy"


def test_lookup_of_a_deprecated_rendering_shows_it_as_deprecated() -> None:
    code, out = run("lookup", "self-discipline")
    assert code == 0
    assert "自律性" in out
    line = next(ln for ln in out.splitlines() if ln.strip().startswith("en  self-discipline"))
    assert "deprecated" in line and "autonomy" in line


def test_lookup_of_nothing_exits_1() -> None:
    code, _ = run("lookup", "zzqqxx no such term at all")
    assert code == 1


def test_stats_json_counts_match_the_term_base() -> None:
    import ktermbase

    tb = ktermbase.load()
    code, out = run("stats", "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert data["entries"] == len(tb)
    assert sum(data["subjects"].values()) >= len(tb)
    assert sum(sum(c.values()) for c in data["languages"].values()) == data["terms"]


def test_validate_shipped_is_clean() -> None:
    code, out = run("validate")
    assert code == 0, out
    assert out.startswith("valid")


def test_validate_lists_every_error_and_exits_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(
        '[file]\nsubject = "x"\n[[entry]]\nid = "a"\nwhat = 1\n[[entry.term]]\n'
        'lang = "zh"\ntext = "甲"\nstatus = "best"\n',
        encoding="utf-8",
    )
    code, out = run("validate", str(bad), "--format", "json")
    data = json.loads(out)
    assert code == 1
    assert not data["valid"]
    fields = {e["field"] for e in data["errors"]}
    assert {"what", "term[0].status"} <= fields
    assert all(e["file"] == str(bad) and e["entry"] == "a" for e in data["errors"])


def test_termbase_option_replaces_the_shipped_term_base(tmp_path: Path) -> None:
    own = tmp_path / "own.toml"
    own.write_text(
        '[file]\nsubject = "x"\n[[entry]]\nid = "a"\n[[entry.term]]\nlang = "zh"\n'
        'text = "甲"\nstatus = "preferred"\n[[entry.term]]\nlang = "en"\ntext = "alpha"\n'
        'status = "preferred"\n',
        encoding="utf-8",
    )
    assert run("lookup", "alpha", "--termbase", str(own))[0] == 0
    assert run("lookup", "战略自主性", "--termbase", str(own))[0] == 1


def test_bad_termbase_is_a_usage_error_with_the_problem(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[file\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["stats", "--termbase", str(bad)])
    assert result.exit_code == 2
    assert str(bad) in result.output


def test_console_script_output_is_plain_when_piped() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "ktermbase", "lookup", "K计划"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "\x1b[" not in done.stdout
    assert "K Program" in done.stdout


def test_an_imported_glossary_with_homonyms_loads_and_says_it_warned(tmp_path: Path) -> None:
    glossary = tmp_path / "glossary.csv"
    glossary.write_text("zh,en\n十,ten\n十,complete\n", "utf-8")
    result = CliRunner().invoke(cli, ["lookup", "ten", "--termbase", str(glossary)])
    assert result.exit_code == 0
    assert "十" in result.stdout
    assert f"1 warning while loading (ktermbase validate {glossary} lists them)" in result.stderr


def test_lookup_shows_every_entry_that_has_the_term(tmp_path: Path) -> None:
    glossary = tmp_path / "glossary.csv"
    glossary.write_text("zh,en\n十,ten\n十,complete\n", "utf-8")
    code, out = run("lookup", "十", "--termbase", str(glossary))
    assert code == 0
    assert "[ten]" in out and "[complete]" in out
    result = CliRunner().invoke(
        cli, ["lookup", "十", "--termbase", str(glossary), "--format", "json"]
    )
    entries = json.loads(result.stdout)["entries"]  # JSON: every one too, the best first
    assert [e["id"] for e in entries] == ["ten", "complete"]


def test_stats_of_a_glossary_without_subjects_says_so_in_good_english(tmp_path: Path) -> None:
    glossary = tmp_path / "one.csv"
    glossary.write_text("zh,en\n芯片,chip\n", "utf-8")
    code, out = run("stats", "--termbase", str(glossary))
    assert code == 0
    assert "1 entry, 2 terms" in out
    assert "(none: no entry has a subject field)" in out
