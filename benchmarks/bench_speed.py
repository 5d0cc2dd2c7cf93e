"""Speed of ``tremor`` as a user runs it, against floors measured in the same run (not a test).

Everything runs as a fresh process with its imports, the way a user runs it: the ``tremor`` command
installed beside this Python (``tremor analyze FILE --json OUT``), and each floor as a fresh
``python -c`` doing the least any analysis must do. Printed per case: wall time (the best of a few
runs where a case is short), peak memory (max RSS of the process), the floor, and the ratio.

Cases (issue 11):

* ``startup``: ``tremor --help`` and ``tremor --version`` (target < 0.3 s; floor: ``python -c pass``);
* ``sample``: ``tremor analyze`` of the bundled 6-minute sample (``--json``) against a fresh Python
  importing numpy, scipy.signal and the CSV reader (pandas or pyarrow, the faster; target 1.3x);
* ``long``: phyphox CSVs of 1 h, 6 h and 24 h at 100 Hz and 24 h at 200 Hz through the CLI with the
  JSON report written, against the best floor: a fresh Python parsing the file with pandas' C
  parser or pyarrow, whichever is faster on that file, plus one zero-phase band-pass
  (``sosfiltfilt``) over the three axes (target 1.5x at 24 h); seconds per recorded hour show
  whether time is linear in length;
* ``batch``: ``tremor analyze DIR --out OUT --jobs 2`` over N one-hour files against one process
  parsing and band-passing the same files one after another (best reader; target 2x);
* ``week`` (only with ``--week``): 7 days at 100 Hz through the CLI, peak memory (target 1.5 GB).

Data are generated (simulated sessions tiled end to end) in a temporary folder that is deleted.
The live pipeline has its own script: ``python benchmarks/live_bench.py``.

Usage::

    python benchmarks/bench_speed.py --quick            # ~2-3 min: startup, sample, 1 h and 6 h, 20 files
    python benchmarks/bench_speed.py                    # ~10 min: all but the week, 200 files
    python benchmarks/bench_speed.py --only week --week # the 7-day file (~5 min, 3 GB of disk)
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "firmware_logs" / "sample_session_100hz.tlog"
sys.path.insert(0, str(Path(__file__).resolve().parent))

FLOOR = r"""
import sys
import numpy as np
from scipy import signal
reader = sys.argv[1]
if reader == "pyarrow":
    import pyarrow.csv as pacsv
else:
    import pandas as pd
for path in sys.argv[2:]:
    if reader == "pyarrow":
        tb = pacsv.read_csv(path)
        t = tb.column(0).to_numpy()
        acc = np.column_stack([tb.column(i).to_numpy() for i in (1, 2, 3)])
    else:
        a = pd.read_csv(path, engine="c", dtype=np.float64).to_numpy()
        t, acc = a[:, 0], a[:, 1:4]
    fs = (t.size - 1) / (t[-1] - t[0])
    sos = signal.butter(2, [3.0, 40.0], btype="bandpass", fs=fs, output="sos")
    signal.sosfiltfilt(sos, acc, axis=0)
"""


def tremor_command() -> list[str]:
    """The ``tremor`` console script installed beside this Python (not a shell shim)."""
    exe = Path(sys.executable).parent / "tremor"
    if exe.exists():
        return [str(exe)]
    found = shutil.which("tremor")
    return [found] if found else [sys.executable, "-m", "tremor"]


def run(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one fresh process; raises if it fails."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode not in (0,):
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd[:4])} ...\n{err}")
    return wall, usage.ru_maxrss / 1024.0


def best(cmd: list[str], repeats: int) -> tuple[float, float]:
    runs = [run(cmd) for _ in range(repeats)]
    return min(r[0] for r in runs), max(r[1] for r in runs)


def floor(paths: list[Path], repeats: int = 1) -> tuple[float, float, str, dict[str, float]]:
    """The faster of the pandas and the pyarrow floor over ``paths``: wall, MB, reader, both walls."""
    walls: dict[str, tuple[float, float]] = {}
    for reader in ("pandas", "pyarrow"):
        walls[reader] = best([sys.executable, "-c", FLOOR, reader, *map(str, paths)], repeats)
    name = min(walls, key=lambda k: walls[k][0])
    return walls[name][0], walls[name][1], name, {k: v[0] for k, v in walls.items()}


def line(name: str, wall: float, mb: float, fl: float, fl_mb: float, what: str, target: float | None) -> None:
    ratio = wall / fl
    verdict = "" if target is None else ("  met" if ratio <= target else "  MISSED")
    tgt = "" if target is None else f" (target {target:g}x)"
    print(
        f"  {name:<26} {wall:7.2f} s {mb:6.0f} MB | floor {fl:6.2f} s {fl_mb:6.0f} MB {what:<9} | "
        f"{ratio:5.2f}x{tgt}{verdict}",
        flush=True,
    )


def bench_startup(repeats: int) -> None:
    cmd = tremor_command()
    print(f"startup ({cmd[0]}; best of {repeats}):")
    bare, _ = best([sys.executable, "-c", "pass"], repeats)
    for flag in ("--help", "--version"):
        wall, mb = best([*cmd, flag], repeats)
        ok = "met" if wall < 0.3 else "MISSED"
        print(
            f"  tremor {flag:<19} {wall:7.3f} s {mb:6.0f} MB | python -c pass {bare:.3f} s | "
            f"target < 0.3 s: {ok}",
            flush=True,
        )


def bench_sample(tmp: Path, repeats: int) -> None:
    print(f"sample ({SAMPLE.name}, best of {repeats}):")
    wall, mb = best([*tremor_command(), "analyze", str(SAMPLE), "--json", str(tmp / "sample.json")], repeats)
    floors = {}
    for reader, mod in (("pandas", "pandas"), ("pyarrow", "pyarrow.csv")):
        floors[reader] = best([sys.executable, "-c", f"import numpy, scipy.signal, {mod}"], repeats)
    name = min(floors, key=lambda k: floors[k][0])
    line("tremor analyze --json", wall, mb, floors[name][0], floors[name][1], f"imp+{name}", 1.3)
    other = "pyarrow" if name == "pandas" else "pandas"
    print(f"  (import floor with {other}: {floors[other][0]:.2f} s)")


def make_file(tmp: Path, hours: float, fs: float) -> Path:
    from bench_batch import generate

    path = tmp / f"phyphox_{hours:g}h_{fs:g}Hz.csv"
    if not path.exists():
        generate(path, hours=hours, fs=fs)
    return path


def bench_long(tmp: Path, cases: list[tuple[float, float]]) -> None:
    print("long files through the CLI (--json written), one run each:")
    per_hour: list[str] = []
    for hours, fs in cases:
        path = make_file(tmp, hours, fs)
        wall, mb = run([*tremor_command(), "analyze", str(path), "--json", str(tmp / "long.json"), "-q"])
        fl, fl_mb, reader, both = floor([path])
        target = 1.5 if hours >= 24 else None
        line(
            f"{hours:g} h {fs:g} Hz ({path.stat().st_size / 1e6:.0f} MB)", wall, mb, fl, fl_mb, reader, target
        )
        print(
            f"  {'':<26} floors: pandas {both['pandas']:.2f} s, pyarrow {both['pyarrow']:.2f} s", flush=True
        )
        if fs == 100.0:
            per_hour.append(f"{hours:g} h: {wall / hours:.2f}")
        if hours > 1:
            path.unlink()
    print(f"  seconds per recorded hour at 100 Hz (linear if flat or falling): {', '.join(per_hour)}")


def bench_batch(tmp: Path, n_files: int) -> None:
    base = make_file(tmp, 1.0, 100.0)
    folder = tmp / "batch"
    folder.mkdir()
    paths = []
    for k in range(n_files):
        p = folder / f"session_{k:03d}.csv"
        os.link(base, p)  # same bytes, one page-cache copy: the same for tremor and the floor
        paths.append(p)
    print(f"batch: {n_files} one-hour 100 Hz files, 2 worker processes:")
    wall, mb = run(
        [*tremor_command(), "analyze", str(folder), "--out", str(tmp / "batch-out"), "--jobs", "2", "-q"]
    )
    fl, fl_mb, reader, both = floor(paths)
    line("tremor analyze DIR --jobs 2", wall, mb, fl, fl_mb, reader, 2.0)
    print(
        f"  {'':<26} floors (one process, one file after another): pandas {both['pandas']:.2f} s, "
        f"pyarrow {both['pyarrow']:.2f} s; tremor {wall / n_files * 1e3:.0f} ms per file",
        flush=True,
    )
    shutil.rmtree(folder)
    shutil.rmtree(tmp / "batch-out", ignore_errors=True)


def bench_week(tmp: Path) -> None:
    print("7 days at 100 Hz through the CLI:")
    t0 = time.perf_counter()
    path = make_file(tmp, 168.0, 100.0)
    print(f"  (generated {path.stat().st_size / 1e9:.1f} GB in {time.perf_counter() - t0:.0f} s)", flush=True)
    wall, mb = run([*tremor_command(), "analyze", str(path), "--json", str(tmp / "week.json"), "-q"])
    ok = "met" if mb < 1536 else "MISSED"
    print(
        f"  tremor analyze --json       {wall:7.2f} s {mb:6.0f} MB peak (target < 1536 MB: {ok}); "
        f"{wall / 168:.2f} s per recorded hour",
        flush=True,
    )
    path.unlink()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="short cases only (1 h and 6 h, 20 batch files)")
    parser.add_argument(
        "--only",
        default="startup,sample,long,batch",
        help="comma-separated cases: startup, sample, long, batch, week",
    )
    parser.add_argument("--week", action="store_true", help="also run the 7-day case")
    parser.add_argument("--files", type=int, help="files in the batch case (default 200, 20 with --quick)")
    args = parser.parse_args()
    only = set(args.only.split(","))
    if args.week:
        only.add("week")
    repeats = 3 if args.quick else 5
    print(
        f"Python {sys.version.split()[0]}, {os.cpu_count()} cores, load average "
        f"{', '.join(f'{x:.1f}' for x in os.getloadavg())}"
    )
    with tempfile.TemporaryDirectory(prefix="tremor-speed-") as name:
        tmp = Path(name)
        if "startup" in only:
            bench_startup(repeats)
        if "sample" in only:
            bench_sample(tmp, repeats)
        if "long" in only:
            cases = (
                [(1.0, 100.0), (6.0, 100.0)]
                if args.quick
                else [(1.0, 100.0), (6.0, 100.0), (24.0, 100.0), (24.0, 200.0)]
            )
            bench_long(tmp, cases)
        if "batch" in only:
            bench_batch(tmp, args.files or (20 if args.quick else 200))
        if "week" in only:
            bench_week(tmp)


if __name__ == "__main__":
    main()
