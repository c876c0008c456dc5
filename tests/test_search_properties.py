"""Properties of search that hold for any input: no crash on any Unicode string, scores
from 0 to 100, one hit per entry, at most ``limit`` hits, and the same order every time."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ktermbase import load
from ktermbase.search import search
from ktermbase.search.normalize import search_key
from ktermbase.search.pinyin import parse_pinyin

TB = load()
# Any Unicode, plus text made of what search treats specially: pinyin letters, tone marks
# and numbers, Chinese characters of the term base, full-width forms, punctuation.
SPECIAL = st.text(
    alphabet=st.sampled_from(
        list("zhanlueixgjqwkpsdfbcmrty vü'1234-·、（）ＡＢＣ")
        + list("战略自主性经济安全科技网络空间關鍵核心技術")
    ),
    max_size=24,
)
QUERIES = st.one_of(st.text(max_size=40), SPECIAL)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(query=QUERIES, limit=st.integers(min_value=0, max_value=15))
def test_any_query_gives_bounded_unique_hits(query: str, limit: int) -> None:
    hits = search(TB, query, limit=limit)
    assert len(hits) <= limit
    assert all(0.0 <= h.score <= 100.0 for h in hits)
    assert len({h.entry.id for h in hits}) == len(hits)
    keys = [h.sort_key() for h in hits]
    assert keys == sorted(keys)


@settings(max_examples=100, deadline=None)
@given(query=QUERIES)
def test_order_is_deterministic(query: str) -> None:
    first = [(h.entry.id, h.term.text, h.score) for h in search(TB, query)]
    again = [(h.entry.id, h.term.text, h.score) for h in search(TB, query)]
    assert first == again


@settings(max_examples=200, deadline=None)
@given(query=st.text(max_size=60))
def test_normalisation_and_parsing_never_fail(query: str) -> None:
    key = search_key(query)
    assert key == search_key(key)
    for parse in parse_pinyin(query):
        assert parse and all(unit.text for unit in parse)


@settings(max_examples=100, deadline=None)
@given(entry=st.sampled_from(TB.entries))
def test_every_term_finds_its_own_entry_first(entry) -> None:  # type: ignore[no-untyped-def]
    for term in entry.terms:
        hits = search(TB, term.text, limit=10)
        exact = [h for h in hits if h.match.value == "exact"]
        assert entry.id in [h.entry.id for h in exact], term.text
