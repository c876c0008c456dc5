"""``ktermbase search`` and the search fallback of ``ktermbase lookup``, run as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from ktermbase.cli import cli

MINI = str(Path(__file__).parent / "data" / "search-mini.toml")


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def test_search_prints_a_ranked_table() -> None:
    code, out = run("search", "startegic autonmy")
    assert code == 0
    first = out.splitlines()[0]
    assert "strategic autonomy" in first and "战略自主性" in first
    assert "fuzzy" in first and "[strategic-autonomy]" in first


def test_search_pinyin_shows_how_it_matched() -> None:
    code, out = run("search", "zlzzx", "--limit", "1")
    assert code == 0
    assert "战略自主性" in out and "strategic autonomy" in out and "initials" in out


def test_search_json() -> None:
    code, out = run("search", "zhanlue", "--format", "json", "--limit", "3", "--lang", "zh")
    assert code == 0
    data = json.loads(out)
    assert data["query"] == "zhanlue" and len(data["hits"]) == 3
    assert all(h["match"] == "pinyin" and h["lang"] == "zh" for h in data["hits"])
    assert all(h["translation"]["lang"] == "en" for h in data["hits"])


def test_search_a_deprecated_term_says_what_to_use() -> None:
    code, out = run("search", "self discipline", "--limit", "1")
    assert code == 0
    assert "deprecated" in out and "→ use autonomy" in out


def test_search_subject_and_termbase_options() -> None:
    code, out = run("search", "xian", "--termbase", MINI)
    assert code == 0
    assert "先" in out and "西安" in out
    code, out = run("search", "security", "--subject", "k-program", "--format", "json")
    assert code == 0
    assert json.loads(out)["hits"]


def test_search_exit_codes() -> None:
    code, _ = run("search", "qqqqqqqqqqqqqqqqqqqq", "--termbase", MINI)
    assert code == 1
    code, _ = run("search", "   ")
    assert code == 2


def test_lookup_falls_back_to_search_and_says_so() -> None:
    result = CliRunner().invoke(cli, ["lookup", "startegic autonomy"])
    assert result.exit_code == 1
    assert "No exact entry" in result.output
    assert "strategic autonomy" in result.output


def test_every_match_kind_has_a_colour_and_the_cli_does_not_load_numpy() -> None:
    """Colours are keyed by Match value so that the CLI need not import the search package
    (and numpy's thread pool, which would keep a large TBX import from forking a reader)."""
    import subprocess
    import sys

    from ktermbase.cli.search import _MATCH_COLOURS
    from ktermbase.search import Match

    assert set(_MATCH_COLOURS) == {m.value for m in Match}
    code = "import sys, ktermbase.cli; print('numpy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
