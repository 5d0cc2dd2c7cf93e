"""The command line runs numpy's OpenBLAS on one thread unless the user chose a thread count (issue 11)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tremor.cli.main import BLAS_THREAD_VARIABLES

ROOT = Path(__file__).resolve().parents[2]
PROBE = (
    "import os, sys\n"
    "{pre}"
    "from tremor.cli.main import one_blas_thread\n"
    "print(one_blas_thread(), os.environ.get('OPENBLAS_NUM_THREADS'))\n"
)


def _probe(pre: str = "", **env: str) -> str:
    clean = {k: v for k, v in os.environ.items() if k not in BLAS_THREAD_VARIABLES}
    clean["PYTHONPATH"] = os.pathsep.join([str(ROOT), clean.get("PYTHONPATH", "")])
    out = subprocess.run(
        [sys.executable, "-c", PROBE.format(pre=pre)], env={**clean, **env}, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def test_one_thread_by_default() -> None:
    assert _probe() == "True 1"


@pytest.mark.parametrize("name", BLAS_THREAD_VARIABLES)
def test_user_thread_count_kept(name: str) -> None:
    expected = "False 3" if name == "OPENBLAS_NUM_THREADS" else "False None"
    assert _probe(**{name: "3"}) == expected


def test_not_set_once_numpy_is_loaded() -> None:
    # OpenBLAS reads the variable when numpy is first imported: setting it later would only mislead
    assert _probe(pre="import numpy\n") == "False None"
