"""The wheel carries the shipped term base: after a plain (non-editable) install, ktermbase
finds it from any directory."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest


@pytest.fixture(scope="module")
def wheel(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(repo),
        ],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("ktermbase-*.whl")
    return built


def test_wheel_contains_every_term_file_and_py_typed(wheel: Path, repo: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {f"ktermbase/terms/{p.name}" for p in (repo / "terms").glob("*.toml")}
    assert shipped, "the repository has no term files"
    assert shipped <= names
    assert "ktermbase/py.typed" in names


def test_installed_wheel_finds_the_shipped_term_base_from_root(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    code = (
        "import ktermbase, sys; from ktermbase.cli import main; "
        "assert ktermbase.__file__.startswith(sys.argv[1]), ktermbase.__file__; "
        "sys.argv = ['ktermbase', 'lookup', '战略自主性']; main()"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(target)],
        cwd="/",
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "strategic autonomy" in done.stdout
