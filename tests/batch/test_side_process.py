"""The long-file path's second process (:mod:`tremor.batch.side`): the same result, no stray process.

A long file's twitches are found in a second process while this one computes the frames
(:data:`tremor.batch.chunked.SIDE_PROCESS_MIN_BYTES`); ``side_min_bytes=0`` forces it on the small
files here. Each test starts one or two such processes (about a second of CPU each).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from batch_helpers import simulated_csv, write_phyphox

from tremor.batch import side as side_module
from tremor.batch.chunked import analyze_file
from tremor.batch.side import SideProcess, SideProcessDied
from tremor.core.recording import Recording
from tremor.report.json_report import to_report
from tremor.sim.session import simulate_session

CHUNK = 4096 + 77


def _children() -> list[int]:
    path = Path(f"/proc/self/task/{os.getpid()}/children")
    if not path.exists():
        pytest.skip("no /proc/<pid>/task/<pid>/children here to list child processes")
    return [int(p) for p in path.read_text().split()]


def _same(a, b) -> None:
    assert to_report(a) == to_report(b)
    assert [(t.t_s, t.kind) for t in a.rejected_transients] == [
        (t.t_s, t.kind) for t in b.rejected_transients
    ]
    np.testing.assert_array_equal(a.frames.psd, b.frames.psd)


def _skipping(tmp_path: Path) -> Path:
    """Stamps that skip samples: the stretch is interpolated onto a grid (read through the side
    process's own view of the stamps)."""
    rec = simulate_session(seed=4, fs_hz=100.0, n_sets=2).recording
    drop = np.zeros(rec.n_samples, bool)
    for i in np.random.default_rng(9).choice(np.arange(5, rec.n_samples - 5, 7), rec.n_samples // 100, False):
        drop[i : i + 2] = True
    return write_phyphox(
        Recording(rec.time_s[~drop], rec.acc_mps2[~drop], True, rec.source), tmp_path / "k.csv"
    )


@pytest.mark.parametrize("kind", ["jitter_and_gap", "interpolated"])
def test_side_process_gives_the_one_process_result(tmp_path, kind):
    if kind == "jitter_and_gap":
        path = simulated_csv(tmp_path / "s.csv", seed=3, jitter_ms=1.0, cut=(150.0, 152.5), n_sets=3)
    else:
        path = _skipping(tmp_path)
    before = _children()
    one = analyze_file(path, chunk_samples=CHUNK, stream_min_bytes=0, use_threads=False)
    two = analyze_file(path, chunk_samples=CHUNK, stream_min_bytes=0, side_min_bytes=0)
    assert one.twitches or one.rejected_transients, "the fixture must hold transients"
    _same(one, two)
    assert _children() == before  # the side process was reaped


def test_a_side_process_that_dies_leaves_the_work_here(tmp_path, monkeypatch):
    path = simulated_csv(tmp_path / "s.csv", seed=5, n_sets=2)

    def died(self):
        self.close()
        raise SideProcessDied("killed")

    monkeypatch.setattr(SideProcess, "result", died)
    two = analyze_file(path, chunk_samples=CHUNK, stream_min_bytes=0, side_min_bytes=0)
    _same(analyze_file(path, chunk_samples=CHUNK, stream_min_bytes=0, use_threads=False), two)


def test_side_process_raises_its_error_here_and_reports_its_death():
    proc = SideProcess()
    try:
        proc.submit(int, "three")
        with pytest.raises(ValueError, match="three"):
            proc.result()
    finally:
        proc.close()
    proc = SideProcess()
    try:
        os.kill(proc.pid, signal.SIGKILL)  # killed before it had work
        proc.submit(int, "3")
        with pytest.raises(SideProcessDied):
            proc.result()
    finally:
        proc.close()


def test_a_script_without_a_main_guard_can_use_it(tmp_path):
    """A plain process, not a multiprocessing child: the caller's script is not run again."""
    path = simulated_csv(tmp_path / "s.csv", seed=6, n_sets=2)
    script = tmp_path / "script.py"
    script.write_text(
        "from tremor.batch.chunked import analyze_file\n"
        f"r = analyze_file({str(path)!r}, stream_min_bytes=0, side_min_bytes=0)\n"
        "print('sets', len(r.sets))\n"
    )
    root = Path(side_module.__file__).parents[2]
    run = subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(root)},
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.count("sets") == 1 and not run.stderr
