"""The checker's units on a small term base of its own (tests/data/check_termbase.toml):
each check, span and replacement conventions, and ``fix``."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ktermbase
from ktermbase.checks import Issue, Severity, check, fix, term_index
from ktermbase.termbase import TermBase

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def tb() -> TermBase:
    return ktermbase.load(DATA / "check_termbase.toml")


def rules_at(issues: list[Issue]) -> list[tuple[str, str, str]]:
    return [(i.rule, i.text, i.severity.value) for i in issues]


def test_api_is_reexported() -> None:
    assert ktermbase.fix is fix
    assert "check" in ktermbase.__all__ and "fix" in ktermbase.__all__
    text = "Our city grew."
    assert ktermbase.check(text) == check(text) != []


def test_issue_spans_are_code_point_offsets(tb: TermBase) -> None:
    text = "电 Carbon neutralization — our city’s regenerative energies."
    for issue in check(text, termbase=tb):
        assert text[issue.start : issue.end] == issue.text


def test_issue_is_frozen() -> None:
    issue = Issue("spelling", Severity.ERROR, 0, 3, "teh", "m", ("the",))
    with pytest.raises(AttributeError):
        issue.start = 1  # type: ignore[misc]


# --- deprecated renderings ---------------------------------------------------------------
def test_deprecated_with_source_is_error_and_names_the_entry(tb: TermBase) -> None:
    issues = check(
        "China aims at carbon neutralization.", source="中国力争实现碳中和。", termbase=tb
    )
    [issue] = [i for i in issues if i.rule == "deprecated-term"]
    assert issue.severity is Severity.ERROR
    assert issue.text == "carbon neutralization"
    assert issue.replacements[0] == "carbon neutrality"
    assert "carbon-neutrality" in issue.message


def test_deprecated_when_source_lacks_the_concept(tb: TermBase) -> None:
    # The English is then no rendering of that concept: a common term is left alone, a
    # literal rendering or official name is still worth a warning.
    assert (
        check("The plan mentions energy safety.", source="该计划提到了安全生产。", termbase=tb)
        == []
    )
    issues = check("Our city has a plan.", source="该市有一个计划。", termbase=tb)
    assert rules_at(issues) == [("literal-rendering", "Our city", "warning")]


def test_deprecated_without_source_is_a_warning_unless_never_right(tb: TermBase) -> None:
    issues = check("Energy safety improved. The National Health Committee met.", termbase=tb)
    assert rules_at(issues) == [
        ("deprecated-term", "Energy safety", "warning"),
        ("official-name", "National Health Committee", "error"),
    ]


def test_superseded_name_is_never_an_error_without_source(tb: TermBase) -> None:
    text = "In 2015 the National Health and Family Planning Commission issued rules."
    [issue] = check(text, termbase=tb)
    assert (issue.rule, issue.severity) == ("official-name", Severity.WARNING)
    assert issue.replacements[0] == "National Health Commission"


def test_correct_full_name_is_never_flagged(tb: TermBase) -> None:
    assert check("The National Health Commission (NHC) met.", termbase=tb) == []


def test_plural_possessive_and_capitalisation_are_recognised(tb: TermBase) -> None:
    text = "Regenerative energies grew. Our city’s plan. OUR CITY"
    src = "可再生能源增长。我市的计划。我市"
    got = [(i.text, i.replacements[0]) for i in check(text, source=src, termbase=tb)]
    assert ("Regenerative energies", "Renewable energies") in got
    assert ("Our city", "The city") in got
    assert ("OUR CITY", "THE CITY") in got


def test_literal_rendering_rule_comes_from_the_subject_field(tb: TermBase) -> None:
    [issue] = check("Our city grew fast.", termbase=tb)
    assert (issue.rule, issue.severity) == ("literal-rendering", Severity.ERROR)


def test_acronym_matches_only_in_capitals(tb: TermBase) -> None:
    spots = term_index(tb).spot_en("The NHC and the nhc.")
    assert [s.start for s in spots] == [4]


def test_index_is_built_once_per_termbase(tb: TermBase) -> None:
    assert term_index(tb) is term_index(tb)
    assert term_index(tb) is not term_index(ktermbase.load(DATA / "check_termbase.toml"))


# --- consistency -------------------------------------------------------------------------
def test_two_forms_of_one_term_are_unified_to_the_preferred(tb: TermBase) -> None:
    text = "The electricity network is old; the electric network needs investment."
    issues = check(text, termbase=tb)
    assert rules_at(issues) == [("consistency", "electric network", "error")]
    assert fix(text, termbase=tb)[0].count("electricity network") == 2


def test_different_wordings_are_only_a_warning(tb: TermBase) -> None:
    issues = check("The power grid and the electricity network are one.", termbase=tb)
    assert rules_at(issues) == [("consistency", "electricity network", "warning")]


def test_full_form_with_abbreviation_is_not_inconsistent(tb: TermBase) -> None:
    text = "Distributed photovoltaics (distributed PV) spread; distributed PV is cheap."
    assert check(text, termbase=tb) == []


# --- source terms and keywords -----------------------------------------------------------
def test_missing_rendering_is_reported_at_the_sentence_that_lacks_it(tb: TermBase) -> None:
    text = "Prices fell. The province invested in rooftop solar."
    src = "价格下降了。该省投资了分布式光伏。"
    [issue] = check(text, source=src, termbase=tb)
    assert issue.rule == "missing-term" and issue.severity is Severity.WARNING
    assert issue.text == "The province invested in rooftop solar."
    assert "distributed photovoltaics" in issue.message


def test_a_shorter_term_inside_a_longer_one_is_not_reported_twice(repo: Path) -> None:
    src = "我们研究关键核心技术攻关。"
    issues = check("We study it.", source=src)
    assert [i.entry for i in issues if i.rule == "missing-term"] == [
        "tackling-key-core-technologies"
    ]


def test_keywords_are_aligned_item_by_item(tb: TermBase) -> None:
    text = (
        "Abstract: Renewable energy grows.\n"
        "Keywords: renewable energy; carbon neutrality; energy security"
    )
    src = "摘要：可再生能源增长。\n关键词：可再生能源；能源安全；碳中和"
    issues = [i for i in check(text, source=src, termbase=tb) if i.rule == "keyword-mismatch"]
    assert [(i.text, i.replacements[0]) for i in issues] == [
        ("carbon neutrality", "energy security"),
        ("energy security", "carbon neutrality"),
    ]


# --- spelling ----------------------------------------------------------------------------
def test_spelling_ranks_suggestions_with_the_termbase(tb: TermBase) -> None:
    [issue] = check("We built a new electricity netwrok.", termbase=tb)
    assert (issue.rule, issue.severity, issue.replacements[0]) == (
        "spelling",
        Severity.ERROR,
        "network",
    )


@pytest.mark.parametrize(
    "text",
    [
        "Dr. Zhang Wei of Tsinghua met NEDO staff in Kawasaki.",
        "See https://example.org/xyzzy or mail abc@qwzx.cn for data.",
        "The 5G and COVID-19 figures for 2023Q4 rose.",
        "The organisation's programme centre analysed colour.",
        "Distributed photovoltaics need a power grid.",
    ],
)
def test_spelling_leaves_names_acronyms_numbers_urls_and_british_alone(
    tb: TermBase, text: str
) -> None:
    assert [i for i in check(text, termbase=tb) if i.rule == "spelling"] == []


def test_misspelt_term_is_still_recognised_and_both_fixes_land(tb: TermBase) -> None:
    text = "Carbon neutralizaton is the goal."
    fixed, applied = fix(text, source="碳中和是目标。", termbase=tb)
    assert fixed == "Carbon neutrality is the goal."
    assert [i.rule for i in applied] == ["deprecated-term"]


# --- fix ---------------------------------------------------------------------------------
def test_fix_keeps_case_and_surroundings(tb: TermBase) -> None:
    text = "Our city’s renewable energy. Regenerative energy in our city, too."
    src = "我市的可再生能源。我市也有可再生能源。"
    fixed, applied = fix(text, source=src, termbase=tb)
    assert fixed == "The city’s renewable energy. Renewable energy in the city, too."
    assert all(i.severity is Severity.ERROR for i in applied)


def test_fix_applies_only_errors(tb: TermBase) -> None:
    text = "Energy safety matters."
    assert fix(text, termbase=tb) == (text, [])


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab cé.\n我市Our city,'’")), max_size=60))
def test_check_and_fix_never_crash_and_spans_hold(text: str) -> None:
    tb = ktermbase.load(DATA / "check_termbase.toml")
    for issue in check(text, termbase=tb):
        assert 0 <= issue.start <= issue.end <= len(text)
        assert text[issue.start : issue.end] == issue.text
    fixed, _ = fix(text, termbase=tb)
    assert isinstance(fixed, str)


def test_replacement_starting_with_a_gerund_takes_the_article_with_it() -> None:
    text = "It stresses the government's role in the key core technology research."
    fixed, _ = fix(text, source="强调政府在关键核心技术攻关中的作用。")
    assert fixed == "It stresses the government's role in tackling key core technologies."


def test_a_noun_replacement_leaves_the_article_in_place() -> None:
    # "leading role" begins with an -ing word but is a noun in the term base: "the" stays
    text = "The state holds the dominant position in research."
    fixed, _ = fix(text, source="国家在研究中占据主导地位。")
    assert fixed == "The state holds the leading role in research."


def test_a_capitalised_unknown_word_is_never_corrected(tb: TermBase) -> None:
    text = "Sanae spoke first. Stituations changed."
    assert [i.severity for i in check(text, termbase=tb)] in (
        [],
        [Severity.WARNING],
        [Severity.WARNING] * 2,
    )
    assert fix(text, termbase=tb)[0] == text


def test_keyword_lists_of_different_length_are_flagged(tb: TermBase) -> None:
    text = "Abstract: Solar grows.\nKeywords: renewable energy; energy security"
    src = "摘要：太阳能增长。\n关键词：可再生能源；能源安全；碳中和"
    [issue] = [i for i in check(text, source=src, termbase=tb) if i.rule == "keyword-mismatch"]
    assert (
        issue.severity is Severity.WARNING and "2 keywords here, 3 in the source" in issue.message
    )


@settings(max_examples=60, deadline=None)
@given(
    st.text(alphabet="abc ", min_size=1, max_size=40),
    st.lists(
        st.tuples(st.integers(0, 40), st.integers(0, 3), st.text("xyz", max_size=4)), max_size=4
    ),
)
def test_offsets_map_back_from_the_spelling_corrected_view(
    text: str, raw: list[tuple[int, int, str]]
) -> None:
    from ktermbase.checks.api import _apply, _OffsetMap

    edits: list[tuple[int, int, str]] = []
    for start, length, new in sorted(raw):
        start = min(start, len(text))
        end = min(start + length, len(text))
        if all(end <= s or start >= e for s, e, _ in edits):
            edits.append((start, end, new))
    view = _apply(text, edits)
    back = _OffsetMap(edits)
    # Every character the edits left alone maps back onto itself.
    touched = {i for s, e, _ in edits for i in range(s, e)}
    for i, char in enumerate(text):
        if i in touched:
            continue
        j = i + sum(len(n) - (e - s) for s, e, n in edits if e <= i)
        assert view[j] == char
        assert back(j, is_end=False) == i and back(j + 1, is_end=True) == i + 1


def test_a_keyword_in_the_other_number_is_no_mismatch() -> None:
    issues = check("Keywords: K Programs; economic security", source="关键词：K计划；经济安全")
    assert [i for i in issues if i.rule == "keyword-mismatch"] == []


def test_any_keyword_label_makes_a_text_an_abstract(tb: TermBase) -> None:
    from ktermbase.checks.context import Context

    for label in ("Keywords", "Key words", "Index terms"):
        assert Context(f"A title\n{label}: chips; wafers", None, tb).is_abstract, label
    assert not Context("A title\nChips and wafers.", None, tb).is_abstract


def test_fix_with_the_issues_already_found_gives_the_same_result() -> None:
    text = "Through analyzes the the key core technology research, my country acts."
    source = "通过分析关键核心技术攻关，我国采取行动。"
    assert fix(text, source=source, issues=check(text, source=source)) == fix(text, source=source)


def test_a_term_in_the_wrong_form_is_not_also_missing() -> None:
    """The source's 公私协作 is rendered, only misspelt: one term-form error, which fix
    mends, and no missing-term warning on top of it."""
    text = "Japan set up the K-program and public private collaboration."
    source = "日本设立了K计划和公私协作。"
    issues = check(text, source=source)
    assert [(i.rule, i.text, i.severity.value) for i in issues] == [
        ("term-form", "K-program", "error"),
        ("term-form", "public private collaboration", "error"),
    ]
    assert fix(text, source=source)[0] == (
        "Japan set up the K Program and public-private collaboration."
    )


def test_a_replacement_inside_a_title_keeps_its_article_lower_case() -> None:
    title = "Supply Chain Resilience of Our Province\n\nAbstract: Our province imports chips."
    source = "我省供应链韧性\n\n摘要：我省进口芯片。"
    fixed, _ = fix(title, source=source)
    assert fixed.splitlines()[0] == "Supply Chain Resilience of the Province"
    assert fixed.splitlines()[2] == "Abstract: The province imports chips."


@pytest.mark.parametrize(
    ("text", "source", "span", "replacement"),
    [
        (
            "The city established and perfected a flood insurance system.",
            "该市建立健全了洪水保险制度。",
            "established and perfected",
            "established and improved",
        ),
        (
            "The agency is establishing and perfecting its rules.",
            "该机构正在建立健全其规则。",
            "establishing and perfecting",
            "establishing and improving",
        ),
        (
            "Rural clinics kept speed with the times.",
            "乡村诊所与时俱进。",
            "kept speed with the times",
            "kept pace with the times",
        ),
    ],
)
def test_a_near_miss_in_an_inflected_form_is_mended_in_that_form(
    text: str, source: str, span: str, replacement: str
) -> None:
    """A verb phrase of the term base written in another tense with one word changed is
    pinpointed, and its replacement keeps the tense of the sentence."""
    issues = [i for i in check(text, source=source) if i.rule == "mistranslated-term"]
    assert [(i.text, i.replacements[0]) for i in issues] == [(span, replacement)]


def test_irregular_forms_of_a_terms_verb_are_that_term() -> None:
    for text, source in [
        ("The ministry built and improved the system.", "该部建立健全了该体系。"),
        ("Rural clinics kept pace with the times.", "乡村诊所与时俱进。"),
    ]:
        assert check(text, source=source) == []
