"""Broken term files: every problem is reported with its file and entry, and nothing loads."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

import ktermbase
from ktermbase import TermFileError

GOOD_ENTRY = """
[[entry]]
id = "{id}"
definition.en = "A thing used in tests."
definition.zh = "测试用的事物。"
sources = ["test"]
{extra}
[[entry.term]]
lang = "zh"
text = "{zh}"
status = "preferred"

[[entry.term]]
lang = "en"
text = "{en}"
status = "preferred"
"""


def entry(id: str, zh: str, en: str, extra: str = "") -> str:
    return GOOD_ENTRY.format(id=id, zh=zh, en=en, extra=extra)


def write(tmp_path: Path, name: str, body: str) -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


def problems_of(*paths: Path) -> list[str]:
    with pytest.raises(TermFileError) as info:
        ktermbase.load(*paths)
    return [str(p) for p in info.value.problems]


def test_valid_file_loads(tmp_path: Path) -> None:
    path = write(tmp_path, "ok.toml", '[file]\nsubject = "demo"\n' + entry("a", "甲", "alpha"))
    tb = ktermbase.load(path)
    assert len(tb) == 1
    assert tb.get("ALPHA") is tb["a"]
    assert tb["a"].subjects == ("demo",)


def test_syntax_error_reports_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.toml", '[file]\nsubject = "demo"\n[[entry]]\nid = "a\n')
    (message,) = problems_of(path)
    assert message.startswith(f"{path}:4:")
    assert "TOML syntax" in message


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (entry("a", "甲", "alpha", 'colour = "red"'), ["entry 'a'", "unknown key 'colour'"]),
        (
            entry("a", "甲", "alpha").replace('status = "preferred"', 'status = "prefered"', 1),
            ["entry 'a'", "term[0].status", "'preferred'"],
        ),
        (entry("a", "甲", "alpha").replace('lang = "zh"', 'lang = "xx"'), ["unknown language"]),
        (entry("a", "甲", "alpha").replace('text = "alpha"', 'text = "  "'), ["empty text"]),
        (
            entry("a", "甲", "alpha").replace('status = "preferred"', 'status = "admitted"', 1),
            ["entry 'a'", "no preferred 'zh' term"],
        ),
        (entry("a", "甲", "alpha", 'related = ["nowhere"]'), ["missing id 'nowhere'"]),
        (entry("a", "甲", "alpha") + entry("a", "乙", "beta"), ["entry 'a'", "duplicate id"]),
        (entry("a", "甲", "alpha") + entry("b", "甲", "beta"), ["'甲' is preferred in entries"]),
    ],
)
def test_each_error_is_reported_with_file_and_entry(
    tmp_path: Path, body: str, expected: list[str]
) -> None:
    path = write(tmp_path, "bad.toml", '[file]\nsubject = "demo"\n' + body)
    messages = problems_of(path)
    assert any(all(part in m for part in expected) for m in messages), messages
    assert all(m.startswith(str(path)) for m in messages)


def test_term_error_points_at_the_term_line(tmp_path: Path) -> None:
    body = '[file]\nsubject = "demo"\n' + entry("a", "甲", "alpha").replace(
        'lang = "en"', 'lang = "en"\nfoo = 1'
    )
    path = write(tmp_path, "bad.toml", body)
    (message,) = problems_of(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    line_no = int(message.split(":")[1])
    assert lines[line_no - 1].strip() == "[[entry.term]]"
    assert "term[1].foo" in message


def test_homonym_note_allows_shared_preferred_chinese_term(tmp_path: Path) -> None:
    body = entry("a", "甲", "alpha") + entry(
        "b", "甲", "beta", 'notes = ["Homonym of entry a: same characters, other concept."]'
    )
    path = write(tmp_path, "ok.toml", '[file]\nsubject = "demo"\n' + body)
    assert len(ktermbase.load(path)) == 2


def test_every_problem_in_every_file_is_reported_and_nothing_loads(tmp_path: Path) -> None:
    one = write(tmp_path, "one.toml", '[file]\nsubject = "demo"\n' + entry("a", "甲", "alpha"))
    two = write(
        tmp_path,
        "two.toml",
        '[file]\nsubject = "demo"\n'
        + entry("a", "乙", "beta")
        + entry("c", "丙", "gamma", 'related = ["zz"]\nsize = 3'),
    )
    messages = problems_of(one, two)
    assert any("duplicate id" in m and m.startswith(f"{two}:") and str(one) in m for m in messages)
    assert any("missing id 'zz'" in m for m in messages)
    assert any("unknown key 'size'" in m and "entry 'c'" in m for m in messages)


def test_file_without_subject_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.toml", entry("a", "甲", "alpha"))
    assert any("subject" in m for m in problems_of(path))


def test_folder_loads_every_term_file(tmp_path: Path) -> None:
    write(tmp_path, "a.toml", '[file]\nsubject = "x"\n' + entry("a", "甲", "alpha"))
    write(tmp_path, "b.toml", '[file]\nsubject = "y"\n' + entry("b", "乙", "beta"))
    tb = ktermbase.load(tmp_path)
    assert sorted(e.id for e in tb) == ["a", "b"]
    assert tb.subjects() == {"x": 1, "y": 1}


def test_not_utf8_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "gbk.toml"
    path.write_bytes('[file]\nsubject = "演示"\n'.encode("gbk"))
    (message,) = problems_of(path)
    assert "not UTF-8" in message


def test_homonyms_in_an_imported_glossary_are_a_warning_and_it_loads(tmp_path: Path) -> None:
    """A CAT glossary or a dictionary has homonyms and no way to mark them: search and check
    must still work on it. ktermbase's own term files keep the rule as an error (above)."""
    glossary = tmp_path / "glossary.csv"
    glossary.write_text("zh,en\n十,ten\n十,complete\n", "utf-8")
    tb = ktermbase.load(glossary)
    assert len(tb) == 2
    assert [w.message for w in tb.warnings] == [
        "the Chinese term '十' is preferred in entries 'ten' and 'complete'; add a note on the "
        'homonymy ("homonym") to one of them'
    ]
    assert tb.warnings[0].line == 3
