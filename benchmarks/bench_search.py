"""Search benchmark: 10k, 100k and 1M-term bases built from CC-CEDICT, a fixed set of
realistic queries, and the exhaustive ``rapidfuzz`` scan run side by side.

Run: ``/work/venv/bin/python benchmarks/bench_search.py [--sizes 10000,100000,1000000]``.
Generated data is cached in ``benchmarks/data/`` (git-ignored). Results are printed as a
markdown table (copy them into ``benchmarks/search.md``).

Term bases: each entry has one Chinese and one English term. The real part is CC-CEDICT
(simplified headword, first usable English gloss); the 1M base adds entries that pair two
real entries (headwords joined, glosses joined with a space), which keeps the character,
word and reading statistics of real terms.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import gc
import itertools
import lzma
import random
import re
import statistics
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from _report import write_section  # benchmarks/ is on sys.path when a script runs
from rapidfuzz import fuzz, process

from ktermbase import Entry, Status, Term, TermBase, load
from ktermbase.formats.csv import write_glossary
from ktermbase.formats.toml import write_toml
from ktermbase.normalize import has_han
from ktermbase.search import _fuzzy_indexes, search
from ktermbase.search._index import index_for
from ktermbase.search.normalize import search_key

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
CEDICT = HERE.parents[1] / "shared" / "data" / "cc-cedict" / "cedict_1_0_ts_utf-8_mdbg.txt.xz"
SEED = 20240501
_LINE = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/$")
_SKIP_GLOSS = re.compile(r"^(CL:|variant of|old variant|see |surname |also written|abbr\. for)")


# --- data -------------------------------------------------------------------------------------
def read_cedict() -> list[tuple[str, str, str, str]]:
    """(simplified, traditional, numbered pinyin, first usable gloss) of CC-CEDICT entries
    whose headword is all Chinese characters, one per simplified headword."""
    seen: set[str] = set()
    rows = []
    with lzma.open(CEDICT, "rt", encoding="utf-8") as f:
        for line in f:
            m = _LINE.match(line.strip())
            if not m or line.startswith("#"):
                continue
            trad, simp, reading, glosses = m.groups()
            if simp in seen or not all(has_han(c) for c in simp):
                continue
            gloss = next(
                (g for g in glosses.split("/") if g and not _SKIP_GLOSS.match(g) and len(g) < 60),
                None,
            )
            if gloss is None:
                continue
            gloss = re.sub(r"\s*\([^)]*\)\s*", " ", gloss).strip(" ;,")
            if not gloss:
                continue
            seen.add(simp)
            rows.append((simp, trad, reading.replace("u:", "v").lower(), gloss))
    return rows


def pairs(total_entries: int, real: list[tuple[str, str, str, str]]) -> list[tuple[str, str]]:
    """``total_entries`` (Chinese, English) pairs: the shuffled real ones first, then pairs
    of real entries; cached in benchmarks/data/."""
    cache = DATA / f"pairs-{total_entries}.tsv"
    if cache.exists():
        return [
            (zh, en) for zh, en in (ln.split("\t") for ln in cache.read_text("utf-8").splitlines())
        ]
    out = [(zh, en) for zh, _, _, en in real][:total_entries]
    rng = random.Random(SEED)
    seen = {zh for zh, _ in out}
    short = [(zh, en) for zh, en in out if len(en) <= 24 and len(zh) <= 4]
    while len(out) < total_entries:
        (z1, e1), (z2, e2) = rng.choice(short), rng.choice(short)
        if z1 + z2 not in seen:
            seen.add(z1 + z2)
            out.append((z1 + z2, f"{e1} {e2}"))
    DATA.mkdir(exist_ok=True)
    cache.write_text("".join(f"{zh}\t{en}\n" for zh, en in out), "utf-8")
    return out


def termbase(rows: Sequence[tuple[str, str]]) -> TermBase:
    """A term base of the pairs (models built without re-validation: the data is clean)."""

    def term(lang: str, text: str) -> Term:
        return Term.model_construct(lang=lang, text=text, status=Status.PREFERRED)

    return TermBase(
        Entry.model_construct(id=f"e{i}", terms=(term("zh", zh), term("en", en)))
        for i, (zh, en) in enumerate(rows)
    )


# --- queries ----------------------------------------------------------------------------------
def _typo(word: str, rng: random.Random) -> str:
    i = rng.randrange(len(word))
    kind = rng.choice("insert delete substitute transpose")
    letter = rng.choice("abcdefghijklmnopqrstuvwxyz")
    if kind == "insert":
        return word[:i] + letter + word[i:]
    if kind == "delete" and len(word) > 3:
        return word[:i] + word[i + 1 :]
    if kind == "transpose" and i < len(word) - 1:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word[:i] + letter + word[i + 1 :]


def _typos(text: str, n: int, rng: random.Random) -> str:
    words = text.split()
    for _ in range(n):
        j = rng.randrange(len(words))
        if len(words[j]) > 2:
            words[j] = _typo(words[j], rng)
    return " ".join(words)


def _syllables(reading: str) -> list[tuple[str, str]]:
    """(toneless, with tone number) syllables of a CC-CEDICT reading."""
    return [(s.rstrip("12345"), s) for s in reading.split()]


def queries(real: list[tuple[str, str, str, str]], pool: int) -> dict[str, list[str]]:
    """The fixed query set, drawn from the first ``pool`` entries (in every base)."""
    rng = random.Random(SEED)
    first = real[:pool]
    english = [en for _, _, _, en in first if 2 <= len(en.split()) <= 5 and 8 <= len(en) <= 40]
    chinese = [row for row in first if 3 <= len(row[0]) <= 6]
    spoken = [row for row in first if 2 <= len(row[0]) <= 4 and row[2].isascii()]
    rng.shuffle(english), rng.shuffle(chinese), rng.shuffle(spoken)
    en_q: list[str] = []
    for i, term in enumerate(english[:120]):
        words = term.split()
        kind = i % 6
        if kind == 0:
            en_q.append(_typos(term, 1, rng))
        elif kind == 1:
            en_q.append(_typos(term, 2, rng))
        elif kind == 2:
            en_q.append(" ".join(w for j, w in enumerate(words) if j != len(words) // 2))
        elif kind == 3:
            en_q.append(" ".join(words[1:] + words[:1]))
        elif kind == 4:
            en_q.append(_typos(" ".join(words[::-1]), 1, rng))
        else:
            en_q.append(term)
    common = "的一是不了人我在有他这为之大来以个中上们到说国和地也子时道出而要于就下得可你年生"
    zh_q: list[str] = []
    for i, (simp, trad, _, _) in enumerate(chinese[:60]):
        j = rng.randrange(len(simp))
        kind = i % 5
        if kind == 0:
            zh_q.append(simp[:j] + rng.choice(common) + simp[j + 1 :])
        elif kind == 1:
            zh_q.append(simp[:j] + simp[j + 1 :])
        elif kind == 2:
            zh_q.append(simp[:j] + rng.choice(common) + simp[j:])
        elif kind == 3:
            zh_q.append(trad)
        else:
            zh_q.append(simp)
    py_q: list[str] = []
    for i, (_, _, reading, _) in enumerate(spoken[:60]):
        syl = _syllables(reading)
        kind = i % 6
        if kind == 0:
            py_q.append(" ".join(s for s, _ in syl))
        elif kind == 1:
            py_q.append("".join(s for s, _ in syl))
        elif kind == 2:
            py_q.append("".join(t for _, t in syl))
        elif kind == 3:
            py_q.append("".join(s[0] for s, _ in syl))
        elif kind == 4:
            py_q.append(syl[0][0] + "".join(s[0] for s, _ in syl[1:]))
        else:
            py_q.append("".join(s for s, _ in syl[:2]))
    prefix_q = [en[: max(3, len(en) * 2 // 3)] for en in english[120:140]]
    prefix_q += [row[0][:2] for row in chinese[60:80]]
    return {"english": en_q, "chinese": zh_q, "pinyin": py_q, "prefix": prefix_q}


# --- measuring --------------------------------------------------------------------------------
def rss() -> int:
    """Resident memory of this process, in bytes."""
    with Path("/proc/self/statm").open() as f:
        return int(f.read().split()[1]) * 4096


def measured(func: Callable[[], object]) -> tuple[float, int, int]:
    """Seconds, resident memory growth and peak growth (sampled every 2 ms) of ``func()``."""
    gc.collect()
    before = peak = rss()
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, rss())
            time.sleep(0.002)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    start = time.perf_counter()
    func()
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    gc.collect()
    _trim()
    after = rss()
    return seconds, after - before, max(peak, after) - before


def _trim() -> None:
    """Hand freed heap memory back to the system (glibc keeps it otherwise), so that the
    resident size after a build is what the index holds."""
    with contextlib.suppress(OSError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def recall(query: str, returned: list[list[str]], keys: list[str]) -> list[float]:
    """For each list of returned term texts, the share of the exhaustive top 10 (ties
    counted: any text scoring at least the 10th best counts) that it covers."""
    key = search_key(query)
    scores = process.cdist([key], keys, scorer=fuzz.WRatio, workers=-1)[0]
    top = [s for s in sorted(scores, reverse=True)[:10] if s > 0]
    if not top:
        return [1.0] * len(returned)
    return [
        min(len(top), sum(s >= top[-1] - 1e-3 for s in fuzz_scores(key, texts))) / len(top)
        for texts in returned
    ]


def fuzzy_stage(tb: TermBase, query: str) -> list[str]:
    """The fuzzy index's own top 10 (what ``search`` ranks below exact, prefix and pinyin)."""
    index = index_for(tb)
    key = search_key(query)
    found = [
        (score, index.keys[int(ids[i])])
        for fuzzy, ids in _fuzzy_indexes(index, key)
        for i, score in fuzzy.top(key, limit=10)
    ]
    return [text for _, text in sorted(found, reverse=True)[:10]]


def fuzz_scores(key: str, texts: list[str]) -> list[float]:
    return [fuzz.WRatio(key, search_key(t)) for t in texts]


def run(
    size: int, real: list[tuple[str, str, str, str]], qs: dict[str, list[str]]
) -> dict[str, str]:
    rows = pairs(size // 2, real)
    tb = termbase(rows)
    seconds, steady, peak = measured(lambda: index_for(tb).build())
    keys = index_for(tb).keys
    result = {
        "terms": f"{2 * len(rows):,}",
        "build s": f"{seconds:.1f}",
        "index MB": f"{steady / 2**20:.0f}",
        "build peak MB": f"{peak / 2**20:.0f}",
    }
    baseline_n = {"english": 12, "chinese": 12}
    for kind, batch in qs.items():
        times, recalls = [], []
        for q in batch:
            start = time.perf_counter()
            hits = search(tb, q, limit=10, min_score=0)
            times.append(time.perf_counter() - start)
            if kind in ("english", "chinese"):
                returned = [[h.term.text for h in hits], fuzzy_stage(tb, q)]
                recalls.append(recall(q, returned, keys))
        med, p95 = statistics.median(times), percentile(times, 0.95)
        result[f"{kind} median ms"] = f"{med * 1000:.2f}"
        result[f"{kind} p95 ms"] = f"{p95 * 1000:.2f}"
        if kind in ("pinyin", "prefix"):
            result[f"{kind} lookup median us"] = f"{_lookup_median(tb, kind, batch) * 1e6:.0f}"
        if kind in baseline_n:
            base = []
            for q in batch[: baseline_n[kind]]:
                key = search_key(q)
                start = time.perf_counter()
                process.extract(key, keys, scorer=fuzz.WRatio, limit=10)
                base.append(time.perf_counter() - start)
            result[f"{kind} exhaustive median ms"] = f"{statistics.median(base) * 1000:.0f}"
            result[f"{kind} speed-up"] = f"{statistics.median(base) / med:.0f}x"
            result[f"{kind} recall@10"] = f"{statistics.mean(r[0] for r in recalls):.4f}"
            result[f"{kind} min recall"] = f"{min(r[0] for r in recalls):.2f}"
            result[f"{kind} fuzzy-stage recall@10"] = (
                f"{statistics.mean(r[1] for r in recalls):.4f}"
            )
        print(f"  {size:,} {kind}: {result[f'{kind} median ms']} ms", file=sys.stderr)
    return result


def _lookup_median(tb: TermBase, kind: str, batch: list[str]) -> float:
    """Median time of the pinyin or prefix lookup alone (what ``search`` adds to it is the
    fuzzy fallback when the lookup leaves room)."""
    index = index_for(tb)
    times = []
    for q in batch:
        start = time.perf_counter()
        if kind == "pinyin":
            index.pinyin[0].lookup(q, limit=25)
        else:
            list(itertools.islice(index.completions(search_key(q), None), 25))
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def load_and_query(real: list[tuple[str, str, str, str]], suffix: str) -> str:
    """Seconds to load a 100k-entry term file (``.toml`` or a ``.csv`` glossary) and answer
    a first query (which builds the indexes it needs), and how they split."""
    path = DATA / f"load-100000{suffix}"
    if not path.exists():
        entries = termbase(pairs(100_000, real)).entries
        if suffix == ".csv":
            write_glossary(entries, path)
        else:
            write_toml(entries, path, subject="benchmark")
    gc.collect()
    start = time.perf_counter()
    tb = load(path)
    loaded = time.perf_counter()
    search(tb, "economic securty", limit=10)
    done = time.perf_counter()
    return f"{done - start:.2f} s (load {loaded - start:.2f} s, first query {done - loaded:.2f} s)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--no-load", action="store_true", help="skip the load test")
    args = parser.parse_args()
    real = read_cedict()
    qs = queries(real, pool=5000)
    print(f"queries: { {k: len(v) for k, v in qs.items()} }", file=sys.stderr)
    # Load the dictionaries search imports on first use (pypinyin's, about 57 MB; OpenCC's)
    # before anything is measured, so that the first base's index memory is the index's.
    search(load(), "zhanlue zizhuxing")
    results = []
    for size in (int(s) for s in args.sizes.split(",")):
        results.append(run(size, real, qs))
        gc.collect()
    lines = ["| measure | " + " | ".join(r["terms"] + " terms" for r in results) + " |"]
    lines.append("|---|" + "---:|" * len(results))
    for col in list(results[0])[1:]:
        lines.append(f"| {col} | " + " | ".join(r.get(col, "") for r in results) + " |")
    if not args.no_load:
        lines.append("")
        for suffix, what in ((".csv", "CSV glossary"), (".toml", "TOML term file")):
            took = load_and_query(real, suffix)
            lines.append(f"Load a 100k-entry {what} and answer a first query: {took}  ")

    print("\n".join(lines))
    if args.sizes == parser.get_default("sizes"):
        write_section(HERE / "search.md", "bench_search", "Results", "\n".join(lines))


if __name__ == "__main__":
    main()
