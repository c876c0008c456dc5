"""Precision and recall of ``ktermbase check`` on the evaluation set tests/data/check_eval.toml,
per rule, overall, and for error-severity issues; writes the table into benchmarks/check.md.

Run: /work/venv/bin/python benchmarks/eval_check.py

Scoring: an issue the checker reports matches an expected one when the rule is the same and
the spans overlap. Issues of severity info are hints and are not scored. For the
error-severity row, a reported *error* counts as correct when it matches an expected issue
that a reviewer grades as an error, and an expected error counts as found only when the
checker reports it as an error.
"""

from __future__ import annotations

import sys
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from _report import write_section  # benchmarks/ is on sys.path when a script runs

from ktermbase import check, load
from ktermbase.checks import Issue, Severity

HERE = Path(__file__).resolve().parent
EVAL = HERE.parent / "tests" / "data" / "check_eval.toml"
REPORT = HERE / "check.md"


@dataclass
class Score:
    """True positives, false positives and false negatives of one rule (or row)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def _span(text: str, span: str) -> tuple[int, int]:
    at = text.find(span)
    if at < 0:
        raise ValueError(f"expected span {span!r} is not in {text!r}")
    return at, at + len(span)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def evaluate(path: Path = EVAL) -> tuple[dict[str, Score], Score, Score, int]:
    """Score the checker on the set: per-rule scores, all issues together, error-severity
    issues, and the number of cases."""
    cases: list[dict[str, Any]] = tomllib.loads(path.read_text(encoding="utf-8"))["case"]
    tb = load()
    per_rule: dict[str, Score] = {}
    overall, errors = Score(), Score()
    for case in cases:
        text, source = case["text"], case.get("source")
        expected = [(e["rule"], _span(text, e["span"]), e["severity"]) for e in case["expect"]]
        found: list[Issue] = [
            i for i in check(text, source=source, termbase=tb) if i.severity is not Severity.INFO
        ]
        matched: set[int] = set()
        for issue in found:
            score = per_rule.setdefault(issue.rule, Score())
            hit = next(
                (
                    k
                    for k, (rule, span, _) in enumerate(expected)
                    if k not in matched
                    and rule == issue.rule
                    and _overlap(span, (issue.start, issue.end))
                ),
                None,
            )
            if hit is None:
                score.fp += 1
                overall.fp += 1
                score.misses.append(f"false {issue.severity.value}: {issue.text!r} in {text!r}")
            else:
                matched.add(hit)
                score.tp += 1
                overall.tp += 1
            if issue.severity is Severity.ERROR:
                if hit is not None and expected[hit][2] == "error":
                    errors.tp += 1
                else:
                    errors.fp += 1
                    errors.misses.append(f"false error {issue.rule}: {issue.text!r} in {text!r}")
        for k, (rule, span, severity) in enumerate(expected):
            as_error = any(
                i.rule == rule and i.severity is Severity.ERROR and _overlap(span, (i.start, i.end))
                for i in found
            )
            if severity == "error" and not as_error:
                errors.fn += 1
                errors.misses.append(f"missed error {rule}: {text[span[0] : span[1]]!r}")
            if k not in matched:
                score = per_rule.setdefault(rule, Score())
                score.fn += 1
                overall.fn += 1
                score.misses.append(f"missed: {text[span[0] : span[1]]!r} in {text!r}")
    return per_rule, overall, errors, len(cases)


def table(per_rule: dict[str, Score], overall: Score, errors: Score, cases: int) -> str:
    """The results as a markdown table."""
    rows = [
        f"Evaluation set: `tests/data/check_eval.toml`, {cases} cases "
        f"({sum(s.tp + s.fn for s in per_rule.values())} expected issues); "
        "shipped term base; issues of severity info not scored.",
        "",
        "| rule | expected | reported | correct | precision | recall |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]

    def row(name: str, s: Score) -> str:
        return (
            f"| {name} | {s.tp + s.fn} | {s.tp + s.fp} | {s.tp} | "
            f"{s.precision:.3f} | {s.recall:.3f} |"
        )

    rows += [row(rule, per_rule[rule]) for rule in sorted(per_rule)]
    rows += [row("**all issues**", overall), row("**error severity**", errors)]
    return "\n".join(rows)


def seed_before_after() -> str:
    """The seed abstract as translated, and as ``ktermbase fix`` leaves it (with the Chinese
    source), as markdown."""
    from ktermbase import fix

    seed = HERE.parents[1] / "shared" / "seed"
    en = (seed / "abstract.en.txt").read_text(encoding="utf-8")
    zh = (seed / "abstract.zh.txt").read_text(encoding="utf-8")
    found = check(en, source=zh)
    fixed, applied = fix(en, source=zh)
    counts = Counter(i.severity.value for i in found)
    quote = "\n>\n".join("> " + p.strip() for p in en.strip().split("\n\n"))
    after = "\n>\n".join("> " + p.strip() for p in fixed.strip().split("\n\n"))
    return (
        f"`ktermbase check` with the Chinese source reports {counts['error']} errors, "
        f"{counts['warning']} warnings and {counts['info']} info; `ktermbase fix` applies "
        f"{len(applied)} of the errors. What is left (the subjectless sentences, omissions, "
        "the number of strategic fields) needs a person.\n\n**Before**\n\n"
        f"{quote}\n\n**After `ktermbase fix`**\n\n{after}"
    )


def main() -> None:
    per_rule, overall, errors, cases = evaluate()
    result = (
        table(per_rule, overall, errors, cases)
        + "\n\n### The seed abstract\n\n"
        + seed_before_after()
    )
    print(result)
    for score in [*per_rule.values(), errors]:
        for miss in score.misses:
            print("  ", miss, file=sys.stderr)
    write_section(REPORT, "eval", "Precision and recall", result)
    print(f"written to {REPORT}", file=sys.stderr)


if __name__ == "__main__":
    main()
