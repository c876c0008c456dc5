"""Pinyin search details on a small term base built for them (tests/data/search-mini.toml):
ambiguous segmentation, polyphonic characters, a reading override, ü spellings, fuzzy pairs,
traditional characters; and the parser on its own."""

from __future__ import annotations

from pathlib import Path

import pytest

from ktermbase import TermBase, load
from ktermbase.search import Match, search
from ktermbase.search.pinyin import PinyinIndex, UnitKind, char_readings, parse_pinyin

MINI = Path(__file__).parent / "data" / "search-mini.toml"


@pytest.fixture(scope="module")
def tb() -> TermBase:
    return load(MINI)


def ids(tb: TermBase, query: str, **kw: object) -> list[str]:
    return [h.entry.id for h in search(tb, query, **kw)]  # type: ignore[arg-type]


def test_ambiguous_segmentation_finds_both_readings(tb: TermBase) -> None:
    assert set(ids(tb, "xian")[:2]) == {"xian-first", "xian-city"}
    assert ids(tb, "xi'an")[0] == "xian-city"
    assert ids(tb, "xi an")[0] == "xian-city"


@pytest.mark.parametrize("query", ["lvxing", "lüxing", "luxing", "lǚxíng", "lv3xing2", "lü xing"])
def test_u_umlaut_may_be_typed_v_u_or_u_umlaut(tb: TermBase, query: str) -> None:
    hit = search(tb, query)[0]
    assert (hit.entry.id, hit.match) == ("travel", Match.PINYIN)


def test_every_reading_of_a_polyphonic_character_matches(tb: TermBase) -> None:
    # 行 reads xíng (旅行) and háng (银行); 重 reads chóng (重庆) and zhòng.
    assert "hang" in char_readings("行") and "xing" in char_readings("行")
    assert ids(tb, "yinhang")[0] == "bank"
    assert ids(tb, "yinxing")[0] == "bank"
    assert ids(tb, "chongqing")[0] == "chongqing"
    assert ids(tb, "zhongqing")[0] == "chongqing"


def test_a_reading_override_is_what_is_displayed(tb: TermBase) -> None:
    hit = next(h for h in search(tb, "cq") if h.entry.id == "chongqing")
    assert hit.match is Match.INITIALS
    assert hit.to_dict()["pinyin"] == "Chóngqìng"


def test_fuzzy_pairs_rank_below_exact_readings(tb: TermBase) -> None:
    hit = search(tb, "yinghang")[0]  # in/ing
    assert (hit.entry.id, hit.match) == ("bank", Match.FUZZY_PINYIN)
    assert hit.score < search(tb, "yinhang")[0].score
    assert search(tb, "nvse jishu")[0].match is Match.FUZZY_PINYIN  # n/l


def test_traditional_terms_are_found_by_simplified_text_and_pinyin(tb: TermBase) -> None:
    assert ids(tb, "术语库")[0] == "taiwan-term"
    assert ids(tb, "shuyuku")[0] == "taiwan-term"
    assert ids(tb, "shuyu")[0] == "taiwan-term"


def test_language_filter_applies_to_pinyin_hits(tb: TermBase) -> None:
    assert [h.term.text for h in search(tb, "lvxing", lang="zh")][:1] == ["旅行"]
    assert all(h.term.lang == "en" for h in search(tb, "lvxing", lang="en"))
    assert ids(tb, "xian", subject="no-such-subject") == []


def test_parser_reads_what_input_methods_accept() -> None:
    def read(q: str) -> list[str]:
        return [" ".join(u.text for u in p) for p in parse_pinyin(q)]

    assert read("zhan4lve4") == ["zhan lue"]
    assert read("ZHÀNLÜÈ")[0] == "zhan lue"
    assert read("zhanluezizhuxing")[0] == "zhan lue zi zhu xing"
    assert read("xian") == ["xian", "xi an"]
    assert [u.kind for u in parse_pinyin("zl zizhu")[0]] == [
        UnitKind.INITIAL,
        UnitKind.INITIAL,
        UnitKind.SYLLABLE,
        UnitKind.SYLLABLE,
    ]
    assert parse_pinyin("zhanlua")[0][-1].kind is UnitKind.PREFIX
    assert "quang" in read("quang")  # a fuzzy-pair spelling of quan still segments
    assert parse_pinyin("战略") == parse_pinyin("strategic") == parse_pinyin("") == ()


@pytest.mark.parametrize("written", ["hángyè", "hang2ye4", "hang2 ye4", "HANG-YE"])
def test_a_pinyin_override_counts_however_it_is_written(written: str) -> None:
    # 行 reads xíng first; the term base's override says háng for 行业
    assert PinyinIndex(["行业"], {0: written}).readings(0)[0][0] == "hang"
