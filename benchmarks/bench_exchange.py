"""Export and import a 100k-entry term base built from CC-CEDICT in every exchange format, with
time and peak memory, and translate-toolkit's TBX reader on the same TBX 2008 file as the
reference, side by side in one run.

Run: /work/venv/bin/python benchmarks/bench_exchange.py [--entries N]

Each measurement runs in a fresh subprocess so that its peak resident memory (ru_maxrss) is its
own; an export's figure includes building the entries it writes. Generated data is cached under
benchmarks/data/ (git-ignored).
"""

from __future__ import annotations

import argparse
import json
import lzma
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
CEDICT = HERE.parents[1] / "shared" / "data" / "cc-cedict" / "cedict_1_0_ts_utf-8_mdbg.txt.xz"
_LINE = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$")

EXPORTS = {
    "tbx (v3 TBX-Basic)": ("tbx", "tbx"),
    "tbx-v4": ("tbx-v4", "tbx"),
    "tbx-core": ("tbx-core", "tbx"),
    "tbx2 (2008)": ("tbx2", "tbx"),
    "csv": ("csv", "csv"),
    "tsv": ("tsv", "tsv"),
    "mt-tsv": ("mt-tsv", "tsv"),
    "term-sets": ("term-sets", "csv"),
}


def cedict_rows(n: int) -> list[list[str]]:
    """The first ``n`` usable CC-CEDICT lines as [traditional, simplified, pinyin, senses…],
    cached as JSON."""
    cache = DATA / f"cedict-{n}.json"
    if cache.exists():
        rows: list[list[str]] = json.loads(cache.read_text("utf-8"))
        return rows
    rows = []
    seen: set[str] = set()
    with lzma.open(CEDICT, "rt", encoding="utf-8") as f:
        for line in f:
            m = _LINE.match(line)
            if not m or line.startswith("#"):
                continue
            trad, simp, pinyin, senses = m.groups()
            senses_list = [s.strip() for s in senses.split("/") if s.strip()]
            if not senses_list or simp in seen:
                continue
            seen.add(simp)
            rows.append([trad, simp, pinyin, *senses_list])
            if len(rows) == n:
                break
    DATA.mkdir(exist_ok=True)
    cache.write_text(json.dumps(rows, ensure_ascii=False), "utf-8")
    return rows


def build_entries(n: int) -> list[object]:
    """A term base of ``n`` entries: simplified (preferred, with pinyin), traditional
    (admitted, when different), the first English sense (preferred), the others as the
    definition."""
    from ktermbase.model import Entry, Term

    entries = []
    for i, (trad, simp, pinyin, *senses) in enumerate(cedict_rows(n)):
        terms = [Term(lang="zh", text=simp, status="preferred", pinyin=pinyin)]
        if trad != simp:
            terms.append(Term(lang="zh-Hant", text=trad, status="admitted"))
        terms.append(Term(lang="en", text=senses[0], status="preferred", pos="noun"))
        entries.append(
            Entry(
                id=f"cedict-{i}",
                subjects=("cc-cedict",),
                definitions={"en": "; ".join(senses)},
                terms=tuple(terms),
            )
        )
    return entries


def output_path(fmt: str, n: int) -> Path:
    if fmt.endswith("-cat"):
        return DATA / f"bench-{n}-{fmt}.tbx"
    return DATA / f"bench-{n}-{fmt}.{dict(EXPORTS.values())[fmt]}"


_TRANSACTIONS = (
    '<transacGrp><transac type="transactionType">origination</transac>'
    '<date>2024-03-01T10:00:00</date><transacNote type="responsibility">ana</transacNote>'
    "</transacGrp>"
)


def cat_style(n: int, fmt: str = "tbx2") -> Path:
    """The ``fmt`` export (TBX 2008 or v3) with a transaction group (who made it, when) after
    the start tag of every entry and language section and at the end of every term section, as
    CAT tools write their term bases."""
    out = output_path(f"{fmt}-cat", n)
    start = re.compile(r"(<(?:termEntry|langSet|conceptEntry|langSec) [^>]*>)")
    # line by line: this process's peak memory would count in every measuring child's
    with output_path(fmt, n).open(encoding="utf-8") as f, out.open("w", encoding="utf-8") as g:
        for line in f:
            line = start.sub(r"\1" + _TRANSACTIONS, line)
            for end in ("</tig>", "</termSec>"):
                line = line.replace(end, _TRANSACTIONS + end)
            g.write(line)
    return out


def one(task: str, fmt: str, n: int) -> dict[str, float]:
    """Run one measurement in this process; return seconds and peak RSS in MiB."""
    from ktermbase.cli.exchange import write_entries

    if task == "export":
        entries = build_entries(n)
        start = time.perf_counter()
        write_entries(entries, fmt, str(output_path(fmt, n)), None)  # type: ignore[arg-type]
        seconds = time.perf_counter() - start
        count = len(entries)
    elif task.startswith("import"):
        import ktermbase.formats.csv
        import ktermbase.formats.tbx  # noqa: F401 - imported outside the timing, as for the reference
        from ktermbase.formats import read_any
        from ktermbase.formats.tbx import _fast, _parallel

        # the compiled fast path unless the task says Python (``measure`` sets the variable)
        assert ("-python" not in task) == _fast.COMPILED, "the compiled fast path was not built"
        if task.endswith("-serial"):  # one process, however large the file
            _parallel.MIN_BYTES = 1 << 62

        start = time.perf_counter()
        result = read_any(output_path(fmt, n))
        seconds = time.perf_counter() - start  # the result is alive: freeing it is not reading
        count = len(result.entries)
    else:  # translate-toolkit's reader on our TBX 2008 export
        from translate.storage import tbx

        start = time.perf_counter()
        store = tbx.tbxfile.parsefile(str(output_path(fmt, n)))
        units = store.units
        if task == "ttk-text":  # and what a caller reads of each unit
            pairs = [(u.source, u.target) for u in units]
        seconds = time.perf_counter() - start
        if task == "ttk-text":
            assert len(pairs) == len(units)
        count = len(units)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # a TBX import of a large file forks a worker for the file's second part: its own peak
    worker = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"seconds": seconds, "peak_mib": peak, "worker_peak_mib": worker, "count": count}


def _mib(value: float) -> str:
    return f"{value:.0f}" if value else "-"


def measure(task: str, fmt: str, n: int) -> dict[str, float]:
    env = dict(os.environ)
    env.pop("KTERMBASE_NO_EXTENSION", None)
    if "-python" in task:  # the same reader without its compiled fast path
        env["KTERMBASE_NO_EXTENSION"] = "1"
    out = subprocess.run(
        [sys.executable, __file__, "--one", task, fmt, "--entries", str(n)],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    )
    result: dict[str, float] = json.loads(out.stdout)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5, help="runs of each TBX 2008 reader")
    parser.add_argument("--one", nargs=2, metavar=("TASK", "FORMAT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(args.one[0], args.one[1], args.entries)))
        return
    n = args.entries
    cedict_rows(n)  # build the cache outside the timings
    print(f"# ktermbase exchange benchmark: {n} entries from CC-CEDICT")
    print(
        f"# {platform.python_implementation()} {platform.python_version()}, {platform.machine()}\n"
    )
    print(
        "| format | export s | export peak MiB | import s | import peak MiB "
        "| import worker peak MiB | entries read |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for label, (fmt, _) in EXPORTS.items():
        exp = measure("export", fmt, n)
        imp = measure("import", fmt, n)
        print(
            f"| {label} | {exp['seconds']:.2f} | {exp['peak_mib']:.0f} | {imp['seconds']:.2f} "
            f"| {imp['peak_mib']:.0f} | {_mib(imp['worker_peak_mib'])} "
            f"| {imp['count']:.0f} |",
            flush=True,
        )
    for fmt in ("tbx2", "tbx"):
        cat = cat_style(n, fmt)
        imp = measure("import", f"{fmt}-cat", n)
        print(
            f"| {fmt} as a CAT tool writes it (a transacGrp on every entry, language section and "
            f"term; {cat.stat().st_size / 2**20:.0f} MiB) | - | - | {imp['seconds']:.2f} "
            f"| {imp['peak_mib']:.0f} | {_mib(imp['worker_peak_mib'])} | {imp['count']:.0f} |",
            flush=True,
        )
    size = output_path("tbx2", n).stat().st_size / 2**20
    print(
        f"\nThe same TBX 2008 file ({size:.0f} MiB), read {args.repeat} times by each reader in "
        "turn (fresh process each time; median and fastest):\n"
    )
    readers = {
        "import": "ktermbase read_tbx (every data category mapped and checked; 2 processes)",
        "import-serial": "ktermbase read_tbx in one process",
        "import-python": "ktermbase read_tbx without the compiled fast path (2 processes)",
        "import-python-serial": "ktermbase read_tbx without the compiled fast path, one process",
        "ttk": "translate-toolkit tbxfile (parse; units wrapped lazily)",
        "ttk-text": "translate-toolkit tbxfile (parse + every unit's source/target)",
    }
    runs: dict[str, list[dict[str, float]]] = {task: [] for task in readers}
    for _ in range(args.repeat):
        for task in readers:
            runs[task].append(measure(task, "tbx2", n))
    ours = statistics.median(r["seconds"] for r in runs["import"])
    print(
        "| reader | median s | fastest s | peak MiB | worker peak MiB | entries/units "
        "| ratio to ktermbase |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for task, label in readers.items():
        seconds = [r["seconds"] for r in runs[task]]
        median = statistics.median(seconds)
        peak = max(r["peak_mib"] for r in runs[task])
        worker = max(r["worker_peak_mib"] for r in runs[task])
        print(
            f"| {label} | {median:.2f} | {min(seconds):.2f} | {peak:.0f} | {_mib(worker)} "
            f"| {runs[task][0]['count']:.0f} | {median / ours:.2f} |"
        )


if __name__ == "__main__":
    main()
