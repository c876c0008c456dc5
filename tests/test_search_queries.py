"""What users type, against the shipped term base: each query must find the entry meant
within the first ``rank`` hits (most at the top)."""

from __future__ import annotations

import pytest

from ktermbase import TermBase, load
from ktermbase.search import Match, search

# (query, expected entry id, rank it must reach at worst)
QUERIES: list[tuple[str, str, int]] = [
    # English: typos (insertion, deletion, substitution, transposition)
    ("startegic autonmy", "strategic-autonomy", 1),
    ("strategic autonnomy", "strategic-autonomy", 1),
    ("economic securty", "economic-security", 1),
    ("ecnomic security", "economic-security", 1),
    ("sceince and technology security", "science-technology-security", 1),
    ("key core technolgies", "key-core-technologies", 1),
    ("cyberspase", "cyberspace", 1),
    ("dual use tecnology", "dual-use-technology", 1),
    ("supply chian resilience", "supply-chain-resilience", 1),
    ("export controles", "export-controls", 1),
    ("techology leakage", "technology-leakage", 1),
    ("nationl economic security", "national-economic-security", 1),
    ("strategic indispensibility", "strategic-indispensability", 1),
    ("weaponisation of interdependence", "weaponization-of-interdependence", 1),
    ("peer reveiw", "peer-review", 1),
    ("technology readyness level", "technology-readiness-level", 1),
    ("Japan Science and Technolgy Agency", "jst", 1),
    ("NDEO", "nedo", 1),  # a short term sharing no trigram with the query
    ("internatinal situation", "international-situation", 1),
    # English: word order, partial input, case, punctuation and hyphens, full-width
    ("autonomy strategic", "strategic-autonomy", 1),
    ("security economic", "economic-security", 1),
    ("technologies key core", "key-core-technologies", 1),
    ("strategic auton", "strategic-autonomy", 1),
    ("economic secu", "economic-security", 3),
    ("public private collaboration", "public-private-collaboration", 1),
    ("dual use items", "dual-use-items", 1),
    ("STRATEGIC AUTONOMY", "strategic-autonomy", 1),
    ("ｓｔｒａｔｅｇｉｃ ａｕｔｏｎｏｍｙ", "strategic-autonomy", 1),
    ("friendshoring", "friend-shoring", 1),
    ("k program", "k-program", 1),
    ("R and D vision", "rd-vision", 3),
    ("self discipline", "autonomy-jiritsusei", 1),
    ("research and development layout", "rd-deployment", 1),
    # Chinese: wrong, missing or extra character, partial input, traditional characters
    ("战略自住性", "strategic-autonomy", 1),
    ("战略自主", "strategic-autonomy", 1),
    ("战略自主姓", "strategic-autonomy", 1),
    ("戰略自主性", "strategic-autonomy", 1),
    ("經濟安全", "economic-security", 1),
    ("经济安泉", "economic-security", 3),
    ("科技安", "science-technology-security", 3),
    ("关键核心技朮", "key-core-technologies", 1),
    ("關鍵核心技術", "key-core-technologies", 1),
    ("网络空问", "cyberspace", 1),
    ("網絡空間", "cyberspace", 1),
    ("国家经济安", "national-economic-security", 1),
    ("两用技朮", "dual-use-technology", 1),
    ("供应链韧", "supply-chain-resilience", 1),
    ("出口管治", "export-controls", 1),
    ("经济安全保障推近法", "economic-security-promotion-act", 1),
    ("战略 自主 性", "strategic-autonomy", 1),
    ("Ｋ计划", "k-program", 1),
    # Pinyin: spaces, run together, tone marks, tone numbers, ü as v/u/ü
    ("zhan lue zi zhu xing", "strategic-autonomy", 1),
    ("zhanluezizhuxing", "strategic-autonomy", 1),
    ("zhànlüè zìzhǔxìng", "strategic-autonomy", 1),
    ("zhan4lve4zi4zhu3xing4", "strategic-autonomy", 1),
    ("zhanlve zizhuxing", "strategic-autonomy", 1),
    ("zhanlüe zizhuxing", "strategic-autonomy", 1),
    ("jingji anquan", "economic-security", 1),
    ("jīngjì ānquán", "economic-security", 1),
    ("keji anquan", "science-technology-security", 1),
    ("guanjian hexin jishu", "key-core-technologies", 1),
    ("wangluo kongjian", "cyberspace", 1),
    ("liangyong jishu", "dual-use-technology", 1),
    ("gongyinglian renxing", "supply-chain-resilience", 1),
    ("xianjin zhongyao jishu", "critical-technology-development-support", 1),
    # Pinyin: initials, mixed syllables and initials, prefixes
    ("zlzzx", "strategic-autonomy", 1),
    ("zhanlue zzx", "strategic-autonomy", 1),
    ("zl zizhu", "strategic-autonomy", 1),
    ("gjhxjs", "key-core-technologies", 1),
    ("jjaq", "economic-security", 1),
    ("wlkj", "cyberspace", 1),
    ("guanjian hxjs", "key-core-technologies", 1),
    ("zhanlue", "strategic-domain", 10),
    ("zhanluezizhu", "strategic-autonomy", 1),
    ("gongyinglian ren", "supply-chain-resilience", 1),
    # Pinyin: fuzzy pairs (z/zh, s/sh, n/l, an/ang, en/eng, in/ing)
    ("zanlue zizu xing", "strategic-autonomy", 1),
    ("jingji anquang", "economic-security", 1),
    ("wangnuo kongjian", "cyberspace", 1),
    ("jinji anquan", "economic-security", 1),
    ("siqian sencha", "infrastructure-pre-screening", 1),
]


@pytest.fixture(scope="module")
def tb() -> TermBase:
    return load()


def test_the_table_is_large_enough() -> None:
    assert len(QUERIES) >= 60
    assert sum(rank == 1 for _, _, rank in QUERIES) > 0.8 * len(QUERIES)


@pytest.mark.parametrize(("query", "entry_id", "rank"), QUERIES)
def test_query_finds_the_entry_meant(tb: TermBase, query: str, entry_id: str, rank: int) -> None:
    assert entry_id in tb, f"{entry_id} is not in the shipped term base"
    found = [h.entry.id for h in search(tb, query)]
    assert entry_id in found[:rank], f"{query!r}: {found}"


def test_exact_beats_prefix_beats_pinyin_beats_fuzzy(tb: TermBase) -> None:
    hits = search(tb, "k计划", limit=10)
    assert hits[0].match is Match.EXACT and hits[0].entry.id == "k-program"
    assert hits[1].match is Match.PREFIX
    ranks = [h.match.rank for h in search(tb, "zhanlue", limit=20)]
    assert ranks == sorted(ranks)


def test_preferred_comes_before_deprecated_among_equal_matches(tb: TermBase) -> None:
    # Every 战略… term is an equally good pinyin completion of "zhanlue".
    hits = search(tb, "zhanlue", limit=20)
    pinyin = [h for h in hits if h.match is Match.PINYIN and h.score == 50.0]
    assert [h.term.status.rank for h in pinyin] == sorted(h.term.status.rank for h in pinyin)


def test_a_deprecated_hit_names_the_preferred_term(tb: TermBase) -> None:
    hit = search(tb, "self-disciplin", limit=1)[0]
    assert hit.term.text == "self-discipline"
    assert hit.preferred is not None and hit.preferred.text == "autonomy"
    assert hit.to_dict()["preferred"] == "autonomy"


def test_fuzzy_pinyin_ranks_below_exact_readings(tb: TermBase) -> None:
    hits = search(tb, "zanlue", limit=20)
    assert hits and all(h.match is Match.FUZZY_PINYIN for h in hits if h.term.lang == "zh")
    exact = search(tb, "zhanlue", limit=5)
    assert all(h.match is Match.PINYIN for h in exact)


def test_filters_by_language_and_subject(tb: TermBase) -> None:
    hits = search(tb, "strategic autonomy", lang="zh")
    assert all(h.term.lang.startswith("zh") for h in hits)
    hits = search(tb, "security", subject="k-program")
    assert hits and all("k-program" in h.entry.subjects for h in hits)


def test_to_dict_is_json_ready(tb: TermBase) -> None:
    import json

    data = search(tb, "zlzzx", limit=1)[0].to_dict()
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
    assert data["entry"] == "strategic-autonomy"
    assert data["match"] == "initials"
    assert data["translation"] == {"lang": "en", "text": "strategic autonomy"}
    assert data["pinyin"] == "zhàn lüè zì zhǔ xìng"
