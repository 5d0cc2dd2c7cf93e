"""Fixtures for the io tests: real-data location and a small file writer."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


def _realdata_root() -> Path:
    env = os.environ.get("TREMOR_REALDATA")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2].parent / "shared" / "realdata"


@pytest.fixture(scope="session")
def realdata() -> Path:
    """The shared real recordings (skipped where absent; never copied into the repo)."""
    root = _realdata_root()
    if not root.is_dir():
        pytest.skip(f"real data not found at {root} (set TREMOR_REALDATA)")
    return root


@pytest.fixture
def write(tmp_path: Path):
    """Write ``text`` (or bytes) to ``tmp_path / name`` byte-for-byte and return the path."""

    def _write(name: str, text: str | bytes) -> Path:
        p = tmp_path / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        return p

    return _write
