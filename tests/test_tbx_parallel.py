"""Reading a large TBX file in two processes (``formats/tbx/_parallel.py``) must give exactly
what the serial reader gives: the same entries, the same lines, the same warnings and errors;
and every file it cannot split safely must be read serially instead."""

from __future__ import annotations

import marshal
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ktermbase import load
from ktermbase.errors import TBXError
from ktermbase.formats.tbx import _parallel, read_tbx, write_tbx
from ktermbase.formats.tbx.reading import _Reader
from ktermbase.model import Entry, shared_fields_set

from .test_tbx_fast import _samples

pytestmark = pytest.mark.skipif(not _parallel.fork_available(), reason="no fork or one core")


def test_the_test_process_may_fork() -> None:
    """Otherwise every test below would pass by reading serially (the root conftest keeps
    numpy's BLAS from starting threads)."""
    assert _parallel._can_fork(), f"{_parallel._os_threads()} threads"


VERSIONS = {"tbx-v3": {"version": 3}, "tbx-v4": {"dialect": "TBX-Basic-V4"}, "tbx2": {"version": 2}}


def _copies(n: int) -> list[Entry]:
    """``n`` renamed copies of the shipped term base, each copy's crossReferences pointing into
    the same copy (so references cross the split point wherever it falls)."""
    base = list(load())
    out = []
    for k in range(n):
        for e in base:
            out.append(
                e.model_copy(
                    update={"id": f"{e.id}-{k}", "related": tuple(f"{r}-{k}" for r in e.related)}
                )
            )
    return out


@pytest.fixture(scope="module")
def entries() -> list[Entry]:
    return _copies(12)


DEFAULT_MIN_BYTES = _parallel.MIN_BYTES


@pytest.fixture(autouse=True)
def split_any_size(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every file here is split however small (the size limit only saves time); a forked
    ``multiprocessing.Pool`` worker inherits this too."""
    monkeypatch.setattr(_parallel, "MIN_BYTES", 0)


@pytest.fixture
def big(tmp_path: Path, entries: list[Entry]) -> Path:
    """The copies of the shipped base as a TBX v3 file."""
    path = tmp_path / "big.tbx"
    write_tbx(entries, path)
    return path


def _serial(
    path: Path, monkeypatch: pytest.MonkeyPatch, read: Callable[[Path], Any] = read_tbx
) -> Any:
    """``read(path)`` with the file read in one process."""
    with monkeypatch.context() as m:
        m.setattr(_parallel, "MIN_BYTES", 1 << 62)
        return read(path)


def _in_two(path: Path) -> _Reader | None:
    reader = _Reader(str(path))
    return reader if _parallel.read_in_two(str(path), reader) else None


def _entry_lines(path: Path, encoding: str = "utf-8") -> list[int]:
    """The line of every entry's start tag, found by reading the text."""
    lines = []
    for number, line in enumerate(path.read_text(encoding).split("\n"), 1):
        lines += [number] * len(re.findall(r"<(?:termEntry|conceptEntry)\b", line))
    return lines


@pytest.mark.parametrize("version", VERSIONS)
def test_two_parts_read_exactly_what_one_stream_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, entries: list[Entry], version: str
) -> None:
    path = tmp_path / "big.tbx"
    write_tbx(entries, path, **VERSIONS[version])  # type: ignore[arg-type]
    reader = _in_two(path)
    assert reader is not None  # the file was split, not read serially after all
    serial = _serial(path, monkeypatch)
    parallel = read_tbx(path)
    assert parallel.entries == serial.entries == entries
    assert parallel.locations == serial.locations
    assert parallel.warnings == serial.warnings == []
    # the split point is where the plan says, with entries on both sides of it
    plan = _parallel._plan(str(path))
    assert plan is not None
    lines = [loc.line for loc in parallel.locations]
    split_line = path.read_bytes()[: plan.split].count(b"\n") + 1
    assert lines[0] < split_line <= lines[-1] and split_line in lines


def test_lines_past_65535_are_exact(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """libxml2 keeps 16-bit element lines; the reader corrects what it reports past them."""
    path = tmp_path / "long.tbx"
    write_tbx(_copies(40), path, version=2)
    found = _entry_lines(path)
    assert found[-1] > 70_000
    assert [loc.line for loc in read_tbx(path).locations] == found
    assert [loc.line for loc in _serial(path, monkeypatch).locations] == found


def test_progress_counts_both_parts(
    big: Path, monkeypatch: pytest.MonkeyPatch, entries: list[Entry]
) -> None:
    path = big
    seen: list[int] = []
    assert len(read_tbx(path, progress=seen.append).entries) == len(entries)
    assert seen == sorted(seen) and seen[-1] == len(entries)


def _edit_second_half(path: Path, old: str, new: str) -> None:
    """Replace the first ``old`` after the file's middle (in the worker's part)."""
    text = path.read_text("utf-8")
    at = text.index(old, int(len(text) * 0.8))
    path.write_text(text[:at] + new + text[at + len(old) :], "utf-8")


def test_a_warning_in_the_second_part_has_the_serial_readers_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, entries: list[Entry]
) -> None:
    path = tmp_path / "big.tbx"
    write_tbx(entries, path, version=2)
    _edit_second_half(path, "preferredTerm-admn-sts", "preferred")
    assert _in_two(path) is not None  # read in two parts, the worker's warning joined on
    result, serial = read_tbx(path), _serial(path, monkeypatch)
    assert result.warnings == serial.warnings
    assert [w.message for w in result.warnings] == [
        "administrativeStatus 'preferred' read as 'preferred'"
    ]
    line = result.warnings[0].line
    assert (
        line is not None and "preferred</termNote>" in path.read_text("utf-8").split("\n")[line - 1]
    )


def test_malformed_xml_in_the_second_part_is_reported_as_serially(
    big: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = big
    _edit_second_half(path, "</term>", "</trem>")
    with pytest.raises(TBXError) as parallel:
        read_tbx(path)
    with pytest.raises(TBXError) as serial:
        _serial(path, monkeypatch)
    assert parallel.value.problems == serial.value.problems
    assert "malformed XML" in str(parallel.value)


def test_an_id_in_both_parts_is_renamed_as_serially(
    big: Path, monkeypatch: pytest.MonkeyPatch, entries: list[Entry]
) -> None:
    path = big
    text = path.read_text("utf-8")
    last = entries[-1].id
    path.write_text(text.replace(f'id="{last}"', f'id="{entries[0].id}"'), "utf-8")
    result = read_tbx(path)
    assert result.entries == _serial(path, monkeypatch).entries
    assert result.entries[-1].id == f"{entries[0].id}-2"
    assert any("duplicate entry id" in w.message for w in result.warnings)


def test_a_split_point_inside_a_comment_falls_back(
    big: Path, monkeypatch: pytest.MonkeyPatch, entries: list[Entry]
) -> None:
    """A line starting with an entry's start tag inside a comment, just past the middle:
    the first part then ends inside the comment, fails to parse, and the file is read whole."""
    path = big
    text = path.read_text("utf-8")
    middle = int(len(text.encode("utf-8")) * _parallel._SHARE)
    at = text.index("<conceptEntry", len(text.encode("utf-8")[:middle].decode("utf-8", "ignore")))
    decoy = '<!-- an example:\n<conceptEntry id="not-an-entry"><langSec/></conceptEntry>\n-->\n'
    # put the decoy right before the entry that follows the middle
    path.write_text(text[:at] + decoy + text[at:], "utf-8")
    plan = _parallel._plan(str(path))
    assert plan is not None and path.read_bytes()[plan.split :].startswith(b'<conceptEntry id="not')
    assert _in_two(path) is None
    result = read_tbx(path)
    assert result.entries == entries == _serial(path, monkeypatch).entries


def test_legacy_single_byte_encoding_splits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "tr.tbx"
    entries = [
        Entry.model_validate(
            {"id": f"e{i}", "terms": [{"lang": "tr", "text": f"güvenlik şirketi {i}"}]}
        )
        for i in range(3000)
    ]
    write_tbx(entries, path, version=2)
    text = path.read_text("utf-8").replace('encoding="UTF-8"', 'encoding="windows-1254"')
    path.write_bytes(text.encode("cp1254"))
    assert _in_two(path) is not None
    assert read_tbx(path).entries == entries == _serial(path, monkeypatch).entries
    assert [loc.line for loc in read_tbx(path).locations] == _entry_lines(path, "cp1254")


def test_utf16_is_read_serially(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, entries: list[Entry]
) -> None:
    path = tmp_path / "wide.tbx"
    write_tbx(entries[:300], path, version=2)
    text = path.read_text("utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"')
    path.write_bytes(text.encode("utf-16"))
    assert _parallel._plan(str(path)) is None
    assert read_tbx(path).entries == entries[:300]


def test_small_files_are_not_split(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, entries: list[Entry]
) -> None:
    monkeypatch.setattr(_parallel, "MIN_BYTES", DEFAULT_MIN_BYTES)
    path = tmp_path / "small.tbx"
    write_tbx(entries[:50], path)
    assert path.stat().st_size < _parallel.MIN_BYTES
    assert _parallel._plan(str(path)) is None


def _read_in_pool_worker(path: str) -> int:
    return len(read_tbx(path).entries)


def test_a_pool_worker_reads_serially(
    big: Path, monkeypatch: pytest.MonkeyPatch, entries: list[Entry]
) -> None:
    """Pool workers are daemonic and may not start processes: they read in one stream."""
    import multiprocessing

    path = big
    with multiprocessing.get_context("fork").Pool(1) as pool:
        count = pool.apply(_read_in_pool_worker, (str(path),))
    assert count == len(entries)


def test_an_entry_without_id_in_the_second_part_is_named_as_serially(
    big: Path, monkeypatch: pytest.MonkeyPatch, entries: list[Entry]
) -> None:
    path = big
    last = entries[-1].id
    path.write_text(path.read_text("utf-8").replace(f' id="{last}"', ""), "utf-8")
    assert _in_two(path) is None  # its name holds a line number: the serial reader names it
    result = read_tbx(path)
    assert result.entries[-1].id == f"tbx-line-{result.locations[-1].line}"
    serial = _serial(path, monkeypatch)
    assert result.entries == serial.entries and result.warnings == serial.warnings
    assert result.warnings[0].message == (
        f"entry has no id; named 'tbx-line-{result.locations[-1].line}'"
    )


def _outcome(path: Path) -> object:
    try:
        result = read_tbx(path)
    except TBXError as exc:
        return exc.problems
    return result.entries, result.locations, result.warnings


@pytest.mark.parametrize("path", _samples(), ids=lambda p: p.name)
def test_real_files_read_the_same_when_split(
    shared: Path, monkeypatch: pytest.MonkeyPatch, path: Path
) -> None:
    """Files written by others (DOCTYPEs, namespaces, legacy encodings, invalid ones): split
    wherever the plan finds a place, or read serially, the outcome is the serial reader's."""
    assert _outcome(path) == _serial(path, monkeypatch, _outcome)


def test_a_process_with_another_thread_reads_serially(
    big: Path, monkeypatch: pytest.MonkeyPatch, entries: list[Entry]
) -> None:
    """Forking while another thread may hold a lock can deadlock the child: no worker then."""
    import threading

    path = big
    assert _parallel._plan(str(path)) is not None
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        assert _parallel._plan(str(path)) is None
        assert read_tbx(path).entries == entries
    finally:
        release.set()
        other.join()


@pytest.mark.parametrize("compiled", [True, False], ids=["compiled", "python"])
def test_packed_entries_come_back_equal(
    monkeypatch: pytest.MonkeyPatch, entries: list[Entry], compiled: bool
) -> None:
    """The worker's entries cross the pipe packed; both ways of packing and rebuilding them (the
    compiled one when it was built) give the entries back, fields-sets and field order
    included."""
    if compiled and _parallel.UNPACK is None:
        pytest.skip("the compiled fast path was not built")
    if not compiled:
        monkeypatch.setattr(_parallel, "PACK", None)
        monkeypatch.setattr(_parallel, "UNPACK", None)
    back = _parallel._unpack(_parallel._pack(entries))
    assert back == entries
    for mine, theirs in zip(back, entries, strict=True):
        for m, t in zip((mine, *mine.terms), (theirs, *theirs.terms), strict=True):
            assert m.model_fields_set == t.model_fields_set
            assert m.model_fields_set is shared_fields_set(t.model_fields_set)
            assert list(m.__dict__) == list(t.__dict__)


def test_both_packings_pack_alike(monkeypatch: pytest.MonkeyPatch, entries: list[Entry]) -> None:
    if _parallel.PACK is None:
        pytest.skip("the compiled fast path was not built")
    compiled = marshal.loads(_parallel._pack(entries))
    monkeypatch.setattr(_parallel, "PACK", None)
    assert marshal.loads(_parallel._pack(entries)) == compiled
