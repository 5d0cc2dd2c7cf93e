"""Benchmark of ``tremor analyze`` on long recordings against the floor of parsing plus one filter.

For generated phyphox-style CSVs of 1 h, 6 h and 24 h at 100 Hz and 24 h at 200 Hz, prints wall
time, peak memory (max RSS of a fresh process per case) and samples per second of:

* ``tremor``: what ``tremor analyze`` runs per file in a batch (:func:`tremor.batch.runner.analyze_one`:
  chunked reading and analysis, the JSON report), with one process;
* ``floor``: the same file merely parsed by ``pyarrow.csv.read_csv`` plus one zero-phase band-pass
  (``sosfiltfilt``) over the three axes: no analysis can be faster than this;
* ``whole`` (1 h only): the whole-file path (``read_recording`` + ``analyze``) for comparison;

and the ratio tremor / floor. Not part of the test suite. Files go to a temporary folder.

Usage::

    python benchmarks/bench_batch.py            # all cases (~10-20 min)
    python benchmarks/bench_batch.py --quick    # 1 h only
    python benchmarks/bench_batch.py --hours 2 --fs 100   # one custom case
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

HEADER = '"Time (s)","Acceleration x (m/s^2)","Acceleration y (m/s^2)","Acceleration z (m/s^2)"\n'
CASES = [(1.0, 100.0), (6.0, 100.0), (24.0, 100.0), (24.0, 200.0)]


def generate(path: Path, *, hours: float, fs: float, seed: int = 0) -> int:
    """A phyphox CSV of ``hours`` at ``fs``: simulated training sessions tiled end to end."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    from tremor.sim.session import simulate_session

    sessions = [simulate_session(seed=seed + k, fs_hz=fs, n_sets=4).recording.acc_mps2 for k in range(3)]
    tile = np.round(np.vstack(sessions), 5)
    n = int(round(hours * 3600 * fs))
    hour = int(3600 * fs)
    with open(path, "wb") as fh:
        fh.write(HEADER.encode())
        for start in range(0, n, hour):
            stop = min(start + hour, n)
            idx = np.arange(start, stop) % tile.shape[0]
            a = tile[idx]
            table = pa.table(
                {"t": np.round(np.arange(start, stop) / fs, 6), "x": a[:, 0], "y": a[:, 1], "z": a[:, 2]}
            )
            pacsv.write_csv(table, fh, write_options=pacsv.WriteOptions(include_header=False))
    return n


def _case(kind: str, path: str) -> dict[str, float]:
    """Run one case in this (fresh) process; return wall time, peak RSS and samples."""
    import resource

    import pyarrow.csv  # noqa: F401  - imports are not timed: the same for every case
    import scipy.signal  # noqa: F401

    import tremor.batch.chunked
    import tremor.batch.runner
    import tremor.core.analysis
    import tremor.io
    import tremor.report.json_report  # noqa: F401

    start = time.perf_counter()
    if kind == "floor":
        import pyarrow.csv as pacsv
        from scipy import signal

        from tremor.core.filters import design_bandpass

        table = pacsv.read_csv(path)
        acc = np.column_stack([table.column(i).to_numpy() for i in (1, 2, 3)])
        t = table.column(0).to_numpy()
        fs = (t.size - 1) / (t[-1] - t[0])
        signal.sosfiltfilt(design_bandpass(3.0, 40.0, fs=fs, order=2), acc, axis=0)
        n = t.size
    elif kind == "tremor":
        from tremor.batch.runner import Task, analyze_one

        opts = {
            "format": None,
            "units": None,
            "fs": None,
            "markers": None,
            "context": {},
            "hash": "bench",
            "use_threads": True,
        }
        outcome = analyze_one(Task(path, opts, os.path.getsize(path)))
        if outcome.error:
            raise SystemExit(outcome.error)
        with tempfile.TemporaryDirectory() as tmp:
            from tremor.report.json_report import write_json

            write_json(outcome.report, Path(tmp) / "r.json")
        n = outcome.n_samples
    elif kind == "whole":
        from tremor.core.analysis import analyze
        from tremor.io import read_recording
        from tremor.report.json_report import to_report

        rec = read_recording(path)
        to_report(analyze(rec))
        n = rec.n_samples
    else:
        raise SystemExit(f"unknown case {kind!r}")
    wall = time.perf_counter() - start
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # KiB on Linux
    return {"wall_s": wall, "peak_rss_mb": rss_mb, "samples": n}


def _measure(kind: str, path: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--run-case", kind, str(path)], check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="1 h at 100 Hz only")
    parser.add_argument("--hours", type=float, help="one custom case of this length (with --fs)")
    parser.add_argument("--fs", type=float, default=100.0)
    parser.add_argument("--whole", action="store_true", help="also time the whole-file path on every case")
    parser.add_argument("--run-case", nargs=2, metavar=("KIND", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run_case:
        print(json.dumps(_case(*args.run_case)))
        return
    cases = [(args.hours, args.fs)] if args.hours else ([(1.0, 100.0)] if args.quick else CASES)
    header = (
        f"{'file':>12} {'samples':>11} | {'tremor s':>9} {'MB':>6} {'Msamples/s':>10} | "
        f"{'floor s':>8} {'MB':>6} {'Msamples/s':>10} | {'ratio':>5}"
    )
    print(header)
    print("-" * len(header))
    with tempfile.TemporaryDirectory(prefix="tremor-bench-") as tmp:
        for hours, fs in cases:
            path = Path(tmp) / f"bench_{hours:g}h_{fs:g}Hz.csv"
            t0 = time.perf_counter()
            n = generate(path, hours=hours, fs=fs)
            gen = time.perf_counter() - t0
            floor = _measure("floor", path)
            tremor = _measure("tremor", path)
            name = f"{hours:g} h {fs:g} Hz"
            print(
                f"{name:>12} {n:>11,} | {tremor['wall_s']:>9.2f} {tremor['peak_rss_mb']:>6.0f} "
                f"{n / tremor['wall_s'] / 1e6:>10.2f} | {floor['wall_s']:>8.2f} {floor['peak_rss_mb']:>6.0f} "
                f"{n / floor['wall_s'] / 1e6:>10.2f} | {tremor['wall_s'] / floor['wall_s']:>5.1f}",
                flush=True,
            )
            if args.whole or hours <= 1.0:
                whole = _measure("whole", path)
                print(
                    f"{'':>12} {'':>11}   whole-file path: {whole['wall_s']:.2f} s, {whole['peak_rss_mb']:.0f} MB "
                    f"(file {path.stat().st_size / 1e6:.0f} MB, generated in {gen:.1f} s)",
                    flush=True,
                )
            path.unlink()


if __name__ == "__main__":
    main()
