"""The shipped term base: size, completeness of every entry, and coverage of the seed abstract."""

from __future__ import annotations

from pathlib import Path

import pytest

import ktermbase
from ktermbase import Status
from ktermbase.formats.toml import read_toml

# The Chinese terminology of the seed abstract (title, abstract, keywords), as it is written there.
SEED_TERMS = """
K计划 经济安全保障重要技术培育计划 战略布局 启示 国际局势 科技竞争 国家经济安全 经济安全
科技安全 国家安全 研发计划 组织机制 政府主导 国际动向 战略构架 研发布局 研究显示 关键技术
战略自主性 不可或缺性 自律性 战略领域 遴选布局 技术攻关任务 战略前沿 支撑保障 防务安全
研发攻关组织制度 系统改革 政府统筹 机构协同 公私协作 各方利益参与 推进体系 全周期支持
智库战略研究 风险防范 保障机制 我国 关键核心技术 关键核心技术攻关 主导地位 攻关方向 任务凝练
组织实施机制 灵活高效 航天航空 海洋 生物 网络和交叉 建立健全 本文
""".split()

# Erroneous renderings of the seed's English (errors.md) that must be recorded as deprecated.
SEED_DEPRECATED = {
    "self-discipline": "autonomy-jiritsusei",
    "my country": "china-self-reference",
    "Key and Advanced Technology R&D": "k-program",
    "dominant position": "leading-role",
    "task condensation": "task-refinement",
    "guarantee mechanisms": "support-mechanisms",
    "technical research tasks": "technology-breakthrough-tasks",
    "biology": "domain-bio",
    "network and cross-cutting": "domain-cross-domain-cyberspace",
    "research shows": "this-study-shows",
    "government coordination": "government-wide-coordination",
    "institutional coordination": "inter-agency-collaboration",
    "participation of all parties": "stakeholder-participation",
    "think tank strategic research": "think-tank-strategic-research",
    "key core technology research": "tackling-key-core-technologies",
    "research and development organization implementation mechanism": (
        "organizing-implementing-mechanism"
    ),
    "research and development organization system": "rd-organization-arrangements",
    "research and development layout": "rd-deployment",
}


@pytest.fixture(scope="module")
def tb() -> ktermbase.TermBase:
    return ktermbase.load()


def test_at_least_150_entries(tb: ktermbase.TermBase) -> None:
    assert len(tb) >= 150


def test_every_entry_is_complete(tb: ktermbase.TermBase) -> None:
    for entry in tb:
        assert entry.definitions.get("zh"), entry.id
        assert entry.definitions.get("en"), entry.id
        assert entry.subjects, entry.id
        assert entry.sources, entry.id
        for lang in ("zh", "en"):
            assert any(t.status is Status.PREFERRED for t in entry.terms_in(lang)), entry.id


def test_definitions_are_in_their_language(tb: ktermbase.TermBase) -> None:
    for entry in tb:
        zh, en = entry.definitions["zh"], entry.definitions["en"]
        assert ktermbase.normalize.has_han(zh), entry.id
        # An English definition may quote the Chinese term, but is written in English.
        han = sum(ktermbase.normalize.is_han(c) for c in en)
        latin = sum(c.isascii() and c.isalpha() for c in en)
        assert latin > 3 * han, entry.id


def test_deprecated_terms_say_why(tb: ktermbase.TermBase) -> None:
    for entry in tb:
        for term in entry.terms:
            if term.status is Status.DEPRECATED:
                assert term.note or entry.notes, (entry.id, term.text)


def test_one_file_per_subject_field() -> None:
    for path in ktermbase.shipped_terms_dir().glob("*.toml"):
        entries = read_toml(path).entries
        assert {e.subjects[0] for e in entries} == {path.stem}, path


def test_every_seed_term_is_in_the_term_base(tb: ktermbase.TermBase) -> None:
    missing = [t for t in SEED_TERMS if tb.get(t, lang="zh") is None]
    assert not missing


def test_seed_terms_are_the_abstract_s_own(shared: Path) -> None:
    text = (shared / "seed" / "abstract.zh.txt").read_text(encoding="utf-8")
    assert [t for t in SEED_TERMS if t not in text] == []


@pytest.mark.parametrize(("rendering", "entry_id"), sorted(SEED_DEPRECATED.items()))
def test_seed_errors_are_deprecated_terms(
    tb: ktermbase.TermBase, rendering: str, entry_id: str
) -> None:
    hits = {e.id: t for e, t in tb.find(rendering, lang="en")}
    assert entry_id in hits
    assert hits[entry_id].status is Status.DEPRECATED
    assert tb[entry_id].preferred("en") is not None
