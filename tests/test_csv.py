"""CSV/TSV glossaries: reading every layout with BOM, quoting and embedded newlines; malformed rows
reported by line; round trips with only the loss the layout forces."""

from __future__ import annotations

import tempfile
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ktermbase import load
from ktermbase.errors import CSVError
from ktermbase.formats import read_any
from ktermbase.formats.csv import read_csv, write_glossary, write_mt_glossary, write_term_sets
from ktermbase.formats.toml import read_toml
from ktermbase.model import Entry, Status, Term
from ktermbase.termbase import shipped_terms_dir


def _shipped() -> list[Entry]:
    entries: dict[str, Entry] = {}
    for path in sorted(shipped_terms_dir().glob("*.toml")):
        for entry in read_toml(path).entries:
            entries.setdefault(entry.id, entry)
    return list(entries.values())


def _kept(entry: Entry) -> tuple[object, ...]:
    """What the CAT glossary layout keeps of an entry."""
    return (
        entry.id,
        tuple(s.strip() for s in entry.subjects),
        {k: v.strip() for k, v in entry.definitions.items()},
        Counter(
            (t.lang, t.text.strip(), t.status, t.pinyin and t.pinyin.strip()) for t in entry.terms
        ),
    )


@pytest.mark.parametrize(("suffix", "delimiter"), [(".csv", ","), (".tsv", "\t")])
def test_shipped_base_round_trips_through_the_glossary_layout(
    tmp_path: Path, suffix: str, delimiter: str
) -> None:
    entries = _shipped()
    out = tmp_path / f"g{suffix}"
    write_glossary(entries, out, delimiter=delimiter)
    back = read_any(out).entries
    assert [_kept(e) for e in back] == [_kept(e) for e in entries]


def test_bom_quotes_and_embedded_newlines(tmp_path: Path) -> None:
    path = tmp_path / "cat.csv"
    path.write_bytes(
        "\ufeffid,zh,en,definition_en,note\n"
        'chip,芯片,"chip, die","A ""small"" circuit.","line one\nline two"\n'
        "wafer,晶圆,wafer,,\n".encode()
    )
    result = read_csv(path)
    chip, wafer = result.entries
    assert [t.text for t in chip.terms] == ["芯片", "chip, die"]
    assert chip.definitions == {"en": 'A "small" circuit.'}
    assert chip.notes == ("line one", "line two")
    assert result.locations[1].line == 4  # the quoted note spans lines 2 and 3
    assert wafer.terms[1].status is Status.PREFERRED


def test_malformed_row_is_reported_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text('id,zh,en\na,甲,"multi\nline"\nb,乙\nc,丙,c,extra\n', "utf-8")
    with pytest.raises(CSVError) as exc:
        read_csv(path)
    assert [(p.line, p.message) for p in exc.value.problems] == [
        (4, "row has 2 cells, the header has 3"),
        (5, "row has 4 cells, the header has 3"),
    ]


def test_broken_quoting_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "q.csv"
    path.write_text('zh,en\n甲,"a"b\n', "utf-8")
    with pytest.raises(CSVError, match=r"q.csv:2: malformed row"):
        read_csv(path)


def test_unknown_status_and_non_utf8(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_text("zh,en,status\n甲,a,best\n", "utf-8")
    with pytest.raises(CSVError, match=r"s.csv:2: status: unknown status 'best'"):
        read_csv(path)
    latin = tmp_path / "l.csv"
    latin.write_bytes("zh,en\nok,ok\ncafé,x\n".encode("latin-1"))
    with pytest.raises(CSVError, match=r"l.csv:3: not UTF-8"):
        read_csv(latin)


def test_mt_glossary_rules(tmp_path: Path) -> None:
    entries = [
        Entry(
            id="a",
            terms=(
                Term(lang="zh", text=" 芯片\n", status="preferred"),
                Term(lang="en", text="chip\tset", status="preferred"),
                Term(lang="en", text="microchip", status="deprecated"),
            ),
        ),
        Entry(
            id="b",
            terms=(
                Term(lang="zh", text="芯片", status="preferred"),
                Term(lang="en", text="die", status="preferred"),
            ),
        ),
        Entry(
            id="c",
            terms=(
                Term(lang="zh-CN", text="晶圆", status="preferred"),
                Term(lang="en", text="wafer", status="admitted"),
            ),
        ),
        Entry(
            id="d",
            terms=(
                Term(lang="zh", text="光刻", status="preferred"),
                Term(lang="en", text="lithography", status="preferred"),
            ),
        ),
    ]
    out = tmp_path / "zh-en.tsv"
    skipped = write_mt_glossary(entries, out)
    assert out.read_text("utf-8") == "芯片\tchip set\n光刻\tlithography\n"
    assert [(p.entry, p.message) for p in skipped] == [
        ("b", "duplicate source term '芯片' left out (first kept: entry 'a')")
    ]
    write_mt_glossary(entries, out, source="en", target="zh")
    assert out.read_text("utf-8") == "chip set\t芯片\ndie\t芯片\nlithography\t光刻\n"
    back = read_csv(out)
    assert [(t.lang, t.text) for t in back.entries[0].terms] == [
        ("en", "chip set"),
        ("zh", "芯片"),
    ]
    assert "columns read as en → zh" in back.warnings[0].message


def test_mt_glossary_terms_may_hold_quotation_marks(tmp_path: Path) -> None:
    entries = [
        Entry(
            id="q",
            terms=(
                Term(lang="zh", text="“双碳”", status="preferred"),
                Term(lang="en", text='"dual carbon" goals', status="preferred"),
            ),
        ),
    ]
    out = tmp_path / "q.tsv"
    write_mt_glossary(entries, out)
    assert out.read_text("utf-8") == '“双碳”\t"dual carbon" goals\n'
    assert [t.text for t in read_csv(out).entries[0].terms] == ["“双碳”", '"dual carbon" goals']


def test_term_sets_read_back(tmp_path: Path) -> None:
    entries = _shipped()
    out = tmp_path / "sets.csv"
    n = write_term_sets(entries, out)
    back = read_csv(out).entries
    assert len(back) == n > 0
    firsts = [(e.preferred("zh"), e.preferred("en")) for e in entries]
    expected = [
        (z.text, en.text)
        for z, en in firsts
        if z and en and z.status is Status.PREFERRED and en.status is Status.PREFERRED
    ]
    assert [(e.terms[0].text, e.terms[1].text) for e in back] == expected


def test_interrupted_csv_export_keeps_the_old_file(tmp_path: Path) -> None:
    out = tmp_path / "g.csv"
    out.write_text("OLD", "utf-8")

    class StopError(Exception):
        pass

    def entries() -> object:
        yield Entry(id="a", terms=(Term(lang="en", text="a"),))
        raise StopError

    with pytest.raises(StopError):
        write_glossary(entries(), out)  # type: ignore[arg-type]
    assert out.read_text("utf-8") == "OLD"
    assert [p.name for p in tmp_path.iterdir()] == ["g.csv"]


_text = st.text(
    st.one_of(
        st.characters(
            codec="utf-8", exclude_categories=("Cs", "Cc"), exclude_characters="\ufffe\uffff"
        ),
        st.sampled_from(',;"\n\t 芯😀'),
    ),
    min_size=1,
    max_size=12,
).filter(lambda s: s.strip() and "\r" not in s)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.builds(
            Entry,
            id=st.from_regex(r"[a-z][a-z0-9-]{0,8}", fullmatch=True),
            definitions=st.dictionaries(
                st.sampled_from(["zh", "en", "zh-Hant"]), _text, max_size=2
            ),
            terms=st.lists(
                st.builds(
                    Term,
                    lang=st.sampled_from(["zh", "en", "ja", "zh-Hant"]),
                    text=_text,
                    status=st.sampled_from(Status),
                    pinyin=st.none() | _text,
                ),
                min_size=1,
                max_size=4,
            ).map(tuple),
        ),
        min_size=1,
        max_size=4,
        unique_by=lambda e: e.id,
    ),
    st.sampled_from([",", "\t"]),
)
def test_any_glossary_round_trips(entries: list[Entry], delimiter: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / ("g.csv" if delimiter == "," else "g.tsv")
        write_glossary(entries, out, delimiter=delimiter)
        assert [_kept(e) for e in read_csv(out).entries] == [_kept(e) for e in entries]


def test_mt_glossary_leaves_one_way_entries_out_in_the_other_direction(tmp_path: Path) -> None:
    """我国 is rendered 'China', but an English→Chinese MT glossary must not force every
    'China' to 我国: the shipped self-reference entries are marked one-way (zh→en)."""
    entries = list(load())
    zh_en, en_zh = tmp_path / "zh-en.tsv", tmp_path / "en-zh.tsv"
    assert not [p for p in write_mt_glossary(entries, zh_en) if "one-way" in p.message]
    skipped = write_mt_glossary(entries, en_zh, source="en", target="zh")
    rows = {tuple(line.split("\t")) for line in zh_en.read_text("utf-8").splitlines()}
    back = {tuple(line.split("\t")) for line in en_zh.read_text("utf-8").splitlines()}
    assert ("我国", "China") in rows and ("我省", "the province") in rows
    assert ("China", "我国") not in back and ("the province", "我省") not in back
    assert ("keywords", "关键词") in back  # a two-way entry of the same field stays
    one_way = {p.entry for p in skipped if "one-way zh→en entry left out" in p.message}
    assert one_way == {e.id for e in entries if e.one_way == ("zh", "en")}
    assert "china-self-reference" in one_way


def _glossary(tmp_path: Path, text: str, name: str = "g.csv") -> Path:
    """``text`` written as the UTF-8 file ``name``."""
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return path


def _terms(path: Path) -> list[list[tuple[str, str]]]:
    return [[(t.lang, t.text) for t in e.terms] for e in read_csv(path).entries]


@pytest.mark.parametrize(
    ("header", "langs"),
    [
        ("English,Chinese", ("en", "zh")),
        ("Chinese (Simplified),English (United States)", ("zh-Hans", "en-US")),
        ("Chinese_PRC,English_United_Kingdom", ("zh-CN", "en-GB")),
        ("中文,英文", ("zh", "en")),
        ("简体中文,English", ("zh-Hans", "en")),
        ("中文（繁體）,英语", ("zh-Hant", "en")),
        ("ZH_CN,EN", ("zh-CN", "en")),
    ],
)
def test_header_names_languages_as_spreadsheets_do(
    tmp_path: Path, header: str, langs: tuple[str, str]
) -> None:
    """Real glossaries name their columns "English", "Chinese (Simplified)", "中文" …: read
    as language columns, the header row not taken for an entry."""
    first, second = ("chip", "芯片") if langs[0].startswith("en") else ("芯片", "chip")
    path = _glossary(tmp_path, f"{header}\n{first},{second}\n")
    result = read_csv(path)
    assert _terms(path) == [[(langs[0], first), (langs[1], second)]]
    assert result.warnings == []


def test_unknown_columns_are_reported_and_the_rest_imported(tmp_path: Path) -> None:
    path = _glossary(
        tmp_path,
        "zh,en,Definition,Created by,English definition,Comment,Notes,Domain\n"
        "芯片,chip,?,ana,a small circuit,from the K Program call,checked,semiconductors\n",
    )
    result = read_csv(path)
    assert [(w.line, w.message) for w in result.warnings] == [
        (1, "column 'Definition' is not one ktermbase reads: not imported"),
        (1, "column 'Created by' is not one ktermbase reads: not imported"),
    ]
    (entry,) = result.entries
    assert entry.definitions == {"en": "a small circuit"}
    assert entry.notes == ("from the K Program call", "checked")  # Comment and Notes both
    assert entry.subjects == ("semiconductors",)


def test_two_columns_for_one_value_are_refused(tmp_path: Path) -> None:
    path = _glossary(tmp_path, "zh,en,status,Status\n芯片,chip,preferred,deprecated\n")
    with pytest.raises(CSVError, match=r"g.csv:1: columns 'status' and 'Status' both give"):
        read_csv(path)


def test_a_first_row_of_terms_is_not_a_header(tmp_path: Path) -> None:
    """The code of Italian, "it", beside a Chinese term: a row of terms, not a header."""
    path = _glossary(tmp_path, "it,它\nchip,芯片\n")
    assert _terms(path) == [[("en", "it"), ("zh", "它")], [("en", "chip"), ("zh", "芯片")]]


def test_headerless_glossary_with_column_names_in_its_first_row(tmp_path: Path) -> None:
    path = _glossary(tmp_path, "Source\tTarget\nchip\t芯片\n", "g.tsv")
    result = read_csv(path)
    assert [(w.line, w.message) for w in result.warnings] == [
        (1, "first row 'Source, Target' names the columns: skipped"),
        (2, "no header row: columns read as en → zh (by script)"),
    ]
    assert _terms(path) == [[("en", "chip"), ("zh", "芯片")]]


def test_files_that_say_nothing_usable(tmp_path: Path) -> None:
    empty = _glossary(tmp_path, "\n\n", "empty.csv")
    with pytest.raises(CSVError, match=r"empty.csv: the file is empty"):
        read_csv(empty)
    header_only = _glossary(tmp_path, "zh,en\n", "header.csv")
    result = read_csv(header_only)
    assert result.entries == []
    assert [w.message for w in result.warnings] == ["the file has a header and no entries"]
    latin = _glossary(tmp_path, "foo,bar\nx,y\n", "latin.csv")
    with pytest.raises(CSVError, match=r"latin.csv:1: no header row naming the languages"):
        read_csv(latin)


def test_pinyin_columns(tmp_path: Path) -> None:
    """A glossary's pinyin column gives its Chinese term's reading (kept as the override)."""
    path = _glossary(tmp_path, "English,中文,拼音\nbank,银行,yín háng\n")
    (entry,) = read_csv(path).entries
    assert [(t.lang, t.pinyin) for t in entry.terms] == [("en", None), ("zh", "yín háng")]
    both = _glossary(
        tmp_path, "zh,zh-Hant,en,pinyin_zh-Hant\n银行,銀行,bank,yin2 hang2\n", "both.csv"
    )
    (entry,) = read_csv(both).entries
    assert [t.pinyin for t in entry.terms] == [None, "yin2 hang2", None]
    lost = _glossary(tmp_path, "en,fr,pinyin\nbank,banque,yín háng\n", "lost.csv")
    assert [w.message for w in read_csv(lost).warnings] == [
        "column 'pinyin' belongs to no term column: not imported"
    ]


def test_utf16_unicode_text_from_a_spreadsheet(tmp_path: Path) -> None:
    """Spreadsheets save "Unicode text" as tab-separated UTF-16 with a BOM."""
    path = tmp_path / "g.txt"
    path.write_bytes("English\tChinese\r\nchip\t芯片\r\n".encode("utf-16"))
    assert _terms(path) == [[("en", "chip"), ("zh", "芯片")]]
    bad = tmp_path / "bad.txt"
    bad.write_bytes("zh\ten\r\n".encode("utf-16") + b"\x00\xd8")  # a lone surrogate
    with pytest.raises(CSVError, match=r"bad.txt:2: not UTF-16 text"):
        read_csv(bad)


def test_semicolon_separated_csv(tmp_path: Path) -> None:
    """Spreadsheets in locales with a decimal comma save CSV with semicolons."""
    path = _glossary(tmp_path, "zh;en;note\n芯片;chip;a, b\n")
    (entry,) = read_csv(path).entries
    assert [t.text for t in entry.terms] == ["芯片", "chip"] and entry.notes == ("a, b",)


def test_a_first_entry_that_names_a_language_is_an_entry(tmp_path: Path) -> None:
    """ "Chinese → 中文" names one language twice: it is a glossary's first entry."""
    path = _glossary(tmp_path, "Chinese\t中文\nchip\t芯片\n", "g.tsv")
    assert _terms(path) == [[("en", "Chinese"), ("zh", "中文")], [("en", "chip"), ("zh", "芯片")]]


def test_a_definition_column_of_an_unknown_language_is_named(tmp_path: Path) -> None:
    path = _glossary(tmp_path, "zh,en,definition_xx\n芯片,chip,a small circuit\n")
    result = read_csv(path)
    assert [w.message for w in result.warnings] == [
        "column 'definition_xx' names no language ktermbase knows: not imported"
    ]
    assert result.entries[0].definitions == {}
