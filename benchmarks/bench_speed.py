"""Speed of ``tremor`` as a user runs it, against floors measured in the same run (not a test).

Everything runs as a fresh process with its imports, the way a user runs it: the ``tremor`` command
installed beside this Python (``tremor analyze FILE --json OUT``), and each floor as a fresh
``python -c`` doing the least any analysis must do. Printed per case: wall time and CPU time (user
plus system of the process and every process it started, batch workers included: this process
adopts them on Linux; the best of a few runs where a case is short), peak memory (max RSS of the
process), the floors, and two ratios: wall against the fastest floor by wall, CPU against the floor
using the least CPU. On a shared machine the CPU ratio is the one to compare between runs: wall
time there measures the other users' load as much as this code.

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
tremor's modules are byte-compiled first (``compileall``), as ``pip install`` does for numpy, scipy
and pandas and for tremor itself: a source checkout run with ``PYTHONDONTWRITEBYTECODE`` set would
otherwise compile tremor's 20,000 lines in every process (about 0.1 s of CPU), which no installed
user pays.
The live pipeline has its own script: ``python benchmarks/live_bench.py``.

Usage::

    python benchmarks/bench_speed.py --quick            # ~2-3 min: startup, sample, 1 h and 6 h, 20 files
    python benchmarks/bench_speed.py                    # ~10 min: all but the week, 200 files
    python benchmarks/bench_speed.py --only week --week # the 7-day file (~5 min, 3 GB of disk)
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Timing:
    """One fresh process (or the best of a few): wall s, peak RSS MB, CPU s of its whole process tree."""

    wall: float
    mb: float
    cpu: float


def _become_subreaper() -> bool:
    """Adopt orphaned grandchildren (a batch's workers) so their CPU time is counted.

    Linux only (``prctl(PR_SET_CHILD_SUBREAPER)``); elsewhere the CPU of processes a child leaves
    behind is not counted, and the printout says so.
    """
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(36, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


SUBREAPER = _become_subreaper()


def _children_cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def run(cmd: list[str]) -> Timing:
    """Wall seconds, peak RSS (MB) and CPU seconds (user + system, every process it started) of one
    fresh process; raises if it fails."""
    cpu0 = _children_cpu()
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode not in (0,):
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd[:4])} ...\n{err}")
    while SUBREAPER:  # reap what it left behind (adopted by this process), counting their CPU
        try:
            os.wait()
        except ChildProcessError:
            break
    return Timing(wall, usage.ru_maxrss / 1024.0, _children_cpu() - cpu0)


def best(cmd: list[str], repeats: int) -> Timing:
    """The least wall time and the least CPU time of ``repeats`` runs (each minimum on its own), peak MB."""
    runs = [run(cmd) for _ in range(repeats)]
    return Timing(min(r.wall for r in runs), max(r.mb for r in runs), min(r.cpu for r in runs))


def floor(paths: list[Path], repeats: int = 1) -> dict[str, Timing]:
    """The pandas and the pyarrow floor over ``paths``."""
    return {
        reader: best([sys.executable, "-c", FLOOR, reader, *map(str, paths)], repeats)
        for reader in ("pandas", "pyarrow")
    }


def line(name: str, t: Timing, floors: dict[str, Timing], target: float | None) -> None:
    """Print one case: the wall ratio against the fastest floor by wall, the CPU ratio against the
    floor using the least CPU (pyarrow reads with several threads: more CPU than wall)."""
    by_wall = min(floors, key=lambda k: floors[k].wall)
    by_cpu = min(floors, key=lambda k: floors[k].cpu)
    rw, rc = t.wall / floors[by_wall].wall, t.cpu / floors[by_cpu].cpu

    def verdict(r: float) -> str:
        return "" if target is None else (" met" if r <= target else " MISSED")

    tgt = "" if target is None else f" (target {target:g}x)"
    print(
        f"  {name:<26} wall {t.wall:7.2f} s, cpu {t.cpu:7.2f} s, {t.mb:5.0f} MB | floor wall "
        f"{floors[by_wall].wall:6.2f} s ({by_wall}), cpu {floors[by_cpu].cpu:6.2f} s ({by_cpu}) | "
        f"wall {rw:5.2f}x{verdict(rw)}, cpu {rc:5.2f}x{verdict(rc)}{tgt}",
        flush=True,
    )


def _floors_line(floors: dict[str, Timing], what: str = "") -> None:
    both = ", ".join(f"{k} wall {v.wall:.2f} s cpu {v.cpu:.2f} s" for k, v in floors.items())
    print(f"  {'':<26} floors{f' ({what})' if what else ''}: {both}", flush=True)


def bench_startup(repeats: int) -> None:
    cmd = tremor_command()
    print(f"startup ({cmd[0]}; best of {repeats}):")
    bare = best([sys.executable, "-c", "pass"], repeats)
    for flag in ("--help", "--version"):
        t = best([*cmd, flag], repeats)
        ok = "met" if t.wall < 0.3 else "MISSED"
        print(
            f"  tremor {flag:<19} wall {t.wall:6.3f} s, cpu {t.cpu:6.3f} s, {t.mb:5.0f} MB | "
            f"python -c pass {bare.wall:.3f} s (cpu {bare.cpu:.3f} s) | target < 0.3 s: {ok}",
            flush=True,
        )


def bench_sample(tmp: Path, repeats: int) -> None:
    print(f"sample ({SAMPLE.name}, best of {repeats}):")
    t = best([*tremor_command(), "analyze", str(SAMPLE), "--json", str(tmp / "sample.json")], repeats)
    floors = {}
    for reader, mod in (("pandas", "pandas"), ("pyarrow", "pyarrow.csv")):
        floors[reader] = best([sys.executable, "-c", f"import numpy, scipy.signal, {mod}"], repeats)
    line("tremor analyze --json", t, floors, 1.3)
    print("  (floor: a fresh Python importing numpy, scipy.signal and pandas or pyarrow.csv)")


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
        t = run([*tremor_command(), "analyze", str(path), "--json", str(tmp / "long.json"), "-q"])
        floors = floor([path])
        target = 1.5 if hours >= 24 else None
        line(f"{hours:g} h {fs:g} Hz ({path.stat().st_size / 1e6:.0f} MB)", t, floors, target)
        _floors_line(floors)
        if fs == 100.0:
            per_hour.append(f"{hours:g} h: {t.wall / hours:.2f} (cpu {t.cpu / hours:.2f})")
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
    t = run([*tremor_command(), "analyze", str(folder), "--out", str(tmp / "batch-out"), "--jobs", "2", "-q"])
    floors = floor(paths)
    line("tremor analyze DIR --jobs 2", t, floors, 2.0)
    _floors_line(floors, "one process, one file after another")
    print(
        f"  {'':<26} tremor per file: {t.wall / n_files * 1e3:.0f} ms wall, "
        f"{t.cpu / n_files * 1e3:.0f} ms cpu{'' if SUBREAPER else ' (workers not counted)'}",
        flush=True,
    )
    shutil.rmtree(folder)
    shutil.rmtree(tmp / "batch-out", ignore_errors=True)


def bench_week(tmp: Path) -> None:
    print("7 days at 100 Hz through the CLI:")
    t0 = time.perf_counter()
    path = make_file(tmp, 168.0, 100.0)
    print(f"  (generated {path.stat().st_size / 1e9:.1f} GB in {time.perf_counter() - t0:.0f} s)", flush=True)
    t = run([*tremor_command(), "analyze", str(path), "--json", str(tmp / "week.json"), "-q"])
    ok = "met" if t.mb < 1536 else "MISSED"
    print(
        f"  tremor analyze --json       wall {t.wall:7.2f} s, cpu {t.cpu:7.2f} s, {t.mb:6.0f} MB peak "
        f"(target < 1536 MB: {ok}); {t.wall / 168:.2f} s per recorded hour",
        flush=True,
    )
    path.unlink()


def byte_compile_tremor() -> str:
    """Byte-compile the installed tremor package in place (as pip install does); return where, or why not."""
    where = subprocess.run(
        [sys.executable, "-c", "import os, tremor; print(os.path.dirname(tremor.__file__))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    done = subprocess.run([sys.executable, "-m", "compileall", "-q", where], capture_output=True, text=True)
    return (
        where if done.returncode == 0 else f"failed ({done.stderr.strip()[-200:]}); timings include compiling"
    )


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
    if not SUBREAPER:
        print("(cannot adopt grandchildren here: a batch's worker CPU is not counted)")
    compiled = byte_compile_tremor()
    print(f"tremor's modules byte-compiled first, as pip install does: {compiled}")
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
    print(f"load average at the end: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
