"""The grammar rules of ``ktermbase/checks/patterns.toml`` run on their own examples: each
rule fires on every ``fires`` example and on none of its ``passes`` examples."""

from __future__ import annotations

import pytest

from ktermbase.checks.context import load_data
from ktermbase.checks.patterns import rules, run_rules
from ktermbase.checks.text import third_person

CASES = [
    pytest.param(rule.id, example, fires, id=f"{rule.id}-{'fires' if fires else 'passes'}-{n}")
    for rule in rules()
    for fires, examples in ((True, rule.fires), (False, rule.passes))
    for n, example in enumerate(examples)
]


def test_every_rule_has_examples_both_ways() -> None:
    ids = {r.id for r in rules()}
    assert {"and-and-coordination", "through-finite-verb", "imperative-opening"} <= ids
    assert {"wrong-preposition", "research-on-title", "number-agreement"} <= ids
    for rule in rules():
        assert rule.fires and rule.passes, rule.id


@pytest.mark.parametrize(("rule", "example", "fires"), CASES)
def test_rule_examples(rule: str, example: str, fires: bool) -> None:
    found = run_rules(example, only=rule)
    assert bool(found) is fires, found
    for issue in found:
        assert example[issue.start : issue.end] == issue.text


def test_abstract_only_rules_stay_quiet_elsewhere() -> None:
    text = "Install the package. Establish a connection to the server."
    assert run_rules(text, abstract=False, only="imperative-opening") == []
    assert run_rules(text, abstract=True, only="imperative-opening") != []


def test_number_agreement_counts_a_term_as_one_item() -> None:
    text = "It spans two domains: ocean, cross-domain and cyberspace."
    assert run_rules(text, only="number-agreement") != []
    from ktermbase.checks.patterns import check_patterns
    from ktermbase.checks.text import split_sentences

    quiet = check_patterns(
        text,
        split_sentences(text),
        abstract=False,
        only="number-agreement",
        is_term=lambda s: s == "cross-domain and cyberspace",
    )
    assert list(quiet) == []


def test_replacement_templates_expand_groups_and_gerunds() -> None:
    [issue] = run_rules("It offers a reference to optimize routes.", only="wrong-preposition")
    assert issue.replacements == ("reference for optimizing",)


@pytest.mark.parametrize("verb", load_data("english.toml")["verbs"])
def test_through_finite_verb_covers_every_listed_verb(verb: str) -> None:
    # the third-person forms are made from the verb list, so no verb can be left out
    example = f"Through {third_person(verb)} the data, a model is built."
    assert run_rules(example, only="through-finite-verb"), example
