"""The checker meets its quality targets on the evaluation set (tests/data/check_eval.toml),
scored by benchmarks/eval_check.py: recall ≥ 0.9 and precision ≥ 0.95 for error-severity
issues."""

from __future__ import annotations

import importlib.util
import sys
import tomllib
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parents[1]


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "eval_check", REPO / "benchmarks" / "eval_check.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["eval_check"] = module  # dataclasses look their module up there
    if str(REPO / "benchmarks") not in sys.path:
        sys.path.insert(0, str(REPO / "benchmarks"))  # as when the script runs
    spec.loader.exec_module(module)
    return module


def test_the_set_is_large_enough_and_covers_every_kind() -> None:
    cases = tomllib.loads((REPO / "tests/data/check_eval.toml").read_text(encoding="utf-8"))["case"]
    with_errors = [c for c in cases if c["expect"]]
    assert len(with_errors) >= 60 and len(cases) - len(with_errors) >= 30
    rules = {e["rule"] for c in cases for e in c["expect"]}
    assert rules >= {
        "spelling",
        "deprecated-term",
        "official-name",
        "literal-rendering",
        "missing-term",
        "keyword-mismatch",
        "consistency",
        "and-and-coordination",
        "through-finite-verb",
        "imperative-opening",
        "wrong-preposition",
        "research-on-title",
        "number-agreement",
    }


def test_error_severity_targets_are_met() -> None:
    _, overall, errors, _ = _script().evaluate()
    assert errors.recall >= 0.9, errors.misses
    assert errors.precision >= 0.95, errors.misses
    assert overall.recall >= 0.9 and overall.precision >= 0.9
