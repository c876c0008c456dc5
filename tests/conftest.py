"""Shared fixtures: where the repository and the shared material (seed, TBX schemas, data) are."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def repo() -> Path:
    """The repository root."""
    return REPO


@pytest.fixture(scope="session")
def shared() -> Path:
    """The shared material beside the repository (present in CI); skip when absent."""
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent: the shared material is needed for this test")
    return SHARED
