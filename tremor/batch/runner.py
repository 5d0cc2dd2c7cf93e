"""Batch analysis: many recordings, in parallel, one JSON report each and one summary table.

``tremor analyze`` hands several files, a folder or a glob to :func:`run_batch`. Each file is read
and analysed by :func:`tremor.batch.chunked.analyze_file` (long files in bounded memory) in a pool of
worker processes (``--jobs``, default every core), or on a Dask cluster (``--engine dask``, see
:mod:`tremor.batch.dask_engine`). The engines only run :func:`analyze_one`; reports and the summary are
written here, by the parent, so both engines give the same files.

Outputs in ``--out`` (default ``./tremor-out``):

* ``<name>.json`` per input (schema ``tremor.report/1``), with the batch's bookkeeping under
  ``source.details.batch`` (options hash, input size and modification time);
* ``summary.csv`` (and ``summary.parquet`` where pyarrow is importable): one row per set of every
  file, one row for a file without sets, one row with the error for a file that failed
  (:data:`SUMMARY_COLUMNS`).

A file that fails is reported and the batch goes on (exit code 1). A rerun skips every file whose
report is newer than the input and was made with the same options (resumable).
"""

from __future__ import annotations

import argparse
import glob
import hashlib
import json
import os
import sys
import time
import traceback
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tremor import __version__
from tremor.errors import ParameterError, TremorError
from tremor.io import is_export_folder

__all__ = ["run_batch", "expand_inputs", "analyze_one", "Task", "Outcome", "SUMMARY_COLUMNS", "RECORDING_SUFFIXES"]

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

#: File name endings picked up inside a folder (files named explicitly are always taken).
RECORDING_SUFFIXES = (".csv", ".tsv", ".txt", ".tlog", ".zip")
#: Sensor Logger accelerometer files: a folder holding one is one recording (an export).

#: Columns of ``summary.csv``, in order.
SUMMARY_COLUMNS = (
    "file", "report", "status", "error", "format", "duration_s", "rate_hz", "n_sets", "set_index", "start_s",
    "end_s", "kind", "label", "peak_hz", "rms_mps2", "end_to_start_ratio", "twitch_count", "top_causes", "warnings",
)
_TOP_CAUSES = 3


# ------------------------------------------------------------------------------------ inputs
def expand_inputs(items: list[str], *, exclude: Path | None = None) -> list[Path]:
    """Files to analyse from the command line's FILE arguments: files, folders and glob patterns.

    A folder contributes the recordings directly inside it (:data:`RECORDING_SUFFIXES`) and its
    sub-folders that are Sensor Logger exports; a glob (``*``, ``?``, ``[``; ``**`` recurses)
    contributes what it matches. Order is sorted and duplicates are dropped.

    Raises
    ------
    ParameterError
        When an argument names nothing that exists, or nothing at all is found.
    """
    found: list[Path] = []
    for item in items:
        p = Path(item)
        if p.exists():
            found.extend(_from_folder(p, exclude) if p.is_dir() and not _is_export(p) else [p])
        elif any(ch in item for ch in "*?["):
            matches = [Path(m) for m in sorted(glob.glob(item, recursive=True))]
            found.extend(m for m in matches if (m.is_file() and m.suffix.lower() in RECORDING_SUFFIXES)
                         or (m.is_dir() and _is_export(m)))
        else:
            raise ParameterError(f"{item}: no such file or folder")
    unique: dict[Path, Path] = {}
    for f in found:
        unique.setdefault(f.resolve(), f)
    if not unique:
        raise ParameterError(f"no recordings found in {' '.join(items)} (looked for files ending in "
                             f"{', '.join(RECORDING_SUFFIXES)} and Sensor Logger export folders)")
    return sorted(unique.values(), key=lambda q: str(q))


def _is_export(p: Path) -> bool:
    return is_export_folder(p)


def _from_folder(folder: Path, exclude: Path | None) -> list[Path]:
    out = []
    for child in sorted(folder.iterdir()):
        if child.name.startswith(".") or (exclude is not None and child.resolve() == exclude):
            continue
        if child.is_file() and child.suffix.lower() in RECORDING_SUFFIXES:
            out.append(child)
        elif _is_export(child):
            out.append(child)
    return out


def _report_names(paths: list[Path]) -> list[str]:
    """One report name per input: its path below the inputs' common folder, ``/`` -> ``__``."""
    resolved = [p.resolve() for p in paths]
    root = Path(os.path.commonpath([str(r.parent) for r in resolved]))
    return [str(r.relative_to(root)).replace(os.sep, "__") + ".json" for r in resolved]


# ------------------------------------------------------------------------------------- tasks
@dataclass(frozen=True)
class Task:
    """One file to analyse and everything the analysis needs (picklable, sent to workers)."""

    path: str
    options: dict[str, Any]
    size_bytes: int


@dataclass
class Outcome:
    """What a worker sends back: the report, or the error."""

    path: str
    report: dict[str, Any] | None = None
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    n_samples: int = 0
    seconds: float = 0.0


def analyze_one(task: Task) -> Outcome:
    """Read and analyse one file (runs in a worker); never raises for a bad file.

    Errors are returned in :attr:`Outcome.error` (the message for tremor's own errors, the
    exception type and message for anything else) so one bad file cannot stop a batch.
    """
    from tremor.batch.chunked import analyze_file
    from tremor.core.recording import SetMarker
    from tremor.report.json_report import to_report

    start = time.perf_counter()
    opts = task.options
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            markers = [SetMarker(*m) for m in opts["markers"]] if opts["markers"] else None
            result = analyze_file(task.path, format=opts["format"], units=opts["units"], fs=opts["fs"],
                                  markers=markers, context=opts["context"], use_threads=opts["use_threads"],
                                  tmp_dir=opts.get("tmp_dir"))
            report = to_report(result)
        except TremorError as exc:
            return Outcome(task.path, error=str(exc), warnings=[str(w.message) for w in caught],
                           seconds=time.perf_counter() - start)
        except OSError as exc:
            return Outcome(task.path, error=f"{exc.filename or task.path}: {exc.strerror or exc}",
                           seconds=time.perf_counter() - start)
        except Exception as exc:  # noqa: BLE001 - reported in the summary with its type, never hidden
            tb = traceback.extract_tb(exc.__traceback__)[-1]
            return Outcome(task.path, error=f"internal error {type(exc).__name__}: {exc} "
                                            f"(at {Path(tb.filename).name}:{tb.lineno}; please report it)",
                           seconds=time.perf_counter() - start)
    report["source"]["details"]["batch"] = {"options_hash": opts["hash"]}
    return Outcome(task.path, report=report, warnings=[str(w.message) for w in caught],
                   n_samples=int(result.sampling.n_samples), seconds=time.perf_counter() - start)


def _options(args: argparse.Namespace, markers: Any, context: dict[str, Any], parallel: bool) -> dict[str, Any]:
    opts: dict[str, Any] = {
        "format": args.fmt, "units": args.units, "fs": args.fs,
        "markers": [[m.start_s, m.end_s, m.label] for m in markers] if markers else None,
        "context": dict(context), "version": __version__,
    }
    opts["hash"] = hashlib.sha256(json.dumps(opts, sort_keys=True, default=str).encode()).hexdigest()[:16]
    opts["use_threads"] = not parallel
    return opts


def _up_to_date(report_path: Path, src: Path, opts_hash: str) -> dict[str, Any] | None:
    """The existing report when it is newer than ``src`` and made with the same options."""
    try:
        if report_path.stat().st_mtime_ns < _mtime_ns(src):
            return None
        report = json.loads(report_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    batch = report.get("source", {}).get("details", {}).get("batch", {})
    return report if batch.get("options_hash") == opts_hash else None


def _mtime_ns(p: Path) -> int:
    if p.is_dir():
        return max([p.stat().st_mtime_ns, *(c.stat().st_mtime_ns for c in p.iterdir())])
    return p.stat().st_mtime_ns


def _size(p: Path) -> int:
    return sum(c.stat().st_size for c in p.iterdir() if c.is_file()) if p.is_dir() else p.stat().st_size


# ---------------------------------------------------------------------------------- engines
def run_local(tasks: list[Task], jobs: int) -> Iterator[Outcome]:
    """Run ``tasks`` in a pool of ``jobs`` processes (in this process when ``jobs == 1``), as they finish."""
    if jobs == 1 or len(tasks) == 1:
        for t in tasks:
            yield analyze_one(t)
        return
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor, as_completed

    # forkserver: workers do not inherit this process's threads (pyarrow's, the progress bar's).
    method = "forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn"
    with ProcessPoolExecutor(max_workers=min(jobs, len(tasks)), mp_context=mp.get_context(method)) as pool:
        futures = [pool.submit(analyze_one, t) for t in tasks]
        try:
            for fut in as_completed(futures):
                yield fut.result()
        except BaseException:
            for fut in futures:
                fut.cancel()
            raise


# ---------------------------------------------------------------------------------- progress
class _Progress:
    """Files done, samples per second and time left, on stderr (rich where importable)."""

    def __init__(self, total_files: int, total_bytes: int, quiet: bool) -> None:
        self.total_files, self.total_bytes = total_files, max(total_bytes, 1)
        self.files = self.bytes = self.samples = self.failed = 0
        self.start = time.perf_counter()
        self.quiet = quiet
        self._rich: Any = None
        self._tty = sys.stderr.isatty()
        if quiet or not total_files:
            return
        try:
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeRemainingColumn,
            )
        except ImportError:
            return
        self._rich = Progress(TextColumn("analysing"), BarColumn(), MofNCompleteColumn(), TextColumn("files"),
                              TextColumn("{task.fields[rate]}"), TimeRemainingColumn(),
                              TextColumn("{task.fields[failed]}"), transient=False,
                              console=_rich_console())
        self._task = self._rich.add_task("batch", total=total_files, rate="", failed="")
        self._rich.start()

    def advance(self, outcome: Outcome, size: int) -> None:
        self.files += 1
        self.bytes += size
        self.samples += outcome.n_samples
        self.failed += outcome.error is not None
        if self.quiet:
            return
        elapsed = max(time.perf_counter() - self.start, 1e-9)
        rate = f"{self.samples / elapsed / 1e3:,.0f}k samples/s"
        failed = f"{self.failed} failed" if self.failed else ""
        if self._rich is not None:
            self._rich.update(self._task, advance=1, rate=rate, failed=failed)
            if outcome.error:
                self._rich.console.print(f"[red]failed[/red] {outcome.path}: {outcome.error}", markup=True,
                                         highlight=False)
            return
        left = elapsed * (self.total_bytes - self.bytes) / max(self.bytes, 1)
        line = (f"[{self.files}/{self.total_files}] {rate}, about {_hms(left)} left"
                + (f", {failed}" if failed else ""))
        if outcome.error:
            print(f"\rfailed {outcome.path}: {outcome.error}", file=sys.stderr)
        print(("\r" + line) if self._tty else line, end="" if self._tty else "\n", file=sys.stderr, flush=True)

    def close(self) -> None:
        if self._rich is not None:
            self._rich.stop()
        elif self._tty and not self.quiet and self.files:
            print(file=sys.stderr)


def _rich_console() -> Any:
    from rich.console import Console

    return Console(file=sys.stderr)


def _hms(seconds: float) -> str:
    s = int(round(seconds))
    return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}"


# ----------------------------------------------------------------------------------- summary
def summary_rows(file: str, report_name: str, report: dict[str, Any] | None, error: str | None,
                 warned: list[str] | None = None) -> list[dict[str, Any]]:
    """The summary rows of one file: one per set, one if it has no set, one with the error if it failed."""
    base: dict[str, Any] = {c: None for c in SUMMARY_COLUMNS}
    base["file"] = file
    base["warnings"] = "; ".join(warned) if warned else None
    if report is None:
        base.update(status="error", error=error)
        return [base]
    base.update(report=report_name, status="ok", format=report["source"]["format"],
                duration_s=report["sampling"]["duration_s"], rate_hz=report["sampling"]["rate_hz"],
                n_sets=len(report["sets"]))
    rows = []
    for s in report["sets"]:
        tremor = s["tremor"]
        causes = sorted(s["causes"], key=lambda c: -c["likelihood"])[:_TOP_CAUSES]
        rows.append({**base, "set_index": s["index"], "start_s": s["start_s"], "end_s": s["end_s"],
                     "kind": s["kind"], "label": s["label"], "peak_hz": tremor["peak_hz"],
                     "rms_mps2": tremor["rms_mps2"], "end_to_start_ratio": tremor["end_to_start_ratio"],
                     "twitch_count": s["fasciculations"]["count"],
                     "top_causes": "; ".join(f"{c['id']} ({c['likelihood']:.2f})" for c in causes)})
    return rows or [base]


def write_summary(rows: list[dict[str, Any]], out: Path) -> list[Path]:
    """Write ``summary.csv`` (and ``summary.parquet`` where pyarrow is importable) atomically."""
    import pandas as pd

    df = pd.DataFrame(rows, columns=list(SUMMARY_COLUMNS))
    for col in ("set_index", "n_sets", "twitch_count"):
        df[col] = df[col].astype("Int64")
    for col in ("duration_s", "rate_hz", "start_s", "end_s", "peak_hz", "rms_mps2", "end_to_start_ratio"):
        df[col] = df[col].astype("float64")
    written = [_atomic(out / "summary.csv", lambda p: df.to_csv(p, index=False))]
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return written
    written.append(_atomic(out / "summary.parquet", lambda p: df.to_parquet(p, index=False)))
    return written


def _atomic(target: Path, write: Callable[[Path], Any]) -> Path:
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        write(tmp)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


# --------------------------------------------------------------------------------------- run
def run_batch(args: argparse.Namespace, *, markers: Any, context: dict[str, Any]) -> int:
    """Run ``tremor analyze`` over several files; returns the exit code (0 all OK, 1 some failed, 2 usage).

    Parameters
    ----------
    args : argparse.Namespace
        The parsed ``tremor analyze`` options (``files``, ``out``, ``jobs``, ``engine``, ``scheduler``,
        ``fmt``, ``units``, ``fs``, ``quiet``).
    markers : list of SetMarker or None
        ``--sets``/``--sets-file``, applied to every file.
    context : dict
        Parsed ``--context``, applied to every file.
    """
    try:
        return _run(args, markers, context)
    except ParameterError as exc:
        print(f"tremor: error: {exc}", file=sys.stderr)
        return EXIT_USAGE


def _run(args: argparse.Namespace, markers: Any, context: dict[str, Any]) -> int:
    for opt, value in (("--json", getattr(args, "json_path", None)), ("--html", getattr(args, "html_path", None)),
                       ("--png", getattr(args, "png_dir", None))):
        if value:
            raise ParameterError(f"{opt} is for one file; a batch writes one JSON report per file into --out")
    jobs = args.jobs if args.jobs is not None else (len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                                                   else os.cpu_count() or 1)
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise ParameterError(f"--jobs must be a whole number of processes >= 1, got {args.jobs!r}")
    engine = getattr(args, "engine", "local") or "local"
    if engine not in ("local", "dask"):
        raise ParameterError(f"--engine must be local or dask, got {engine!r}")
    if args.scheduler and engine != "dask":
        raise ParameterError("--scheduler needs --engine dask")
    out = Path(args.out or "tremor-out")
    if out.exists() and not out.is_dir():
        raise ParameterError(f"--out {out} is a file, not a folder")
    paths = expand_inputs(list(args.files), exclude=out.resolve())
    out.mkdir(parents=True, exist_ok=True)
    names = _report_names(paths)
    opts = _options(args, markers, context, parallel=jobs > 1 or engine == "dask")

    done: dict[str, tuple[str, dict[str, Any] | None, str | None, list[str]]] = {}
    tasks: list[Task] = []
    for p, name in zip(paths, names):
        existing = _up_to_date(out / name, p, opts["hash"])
        if existing is not None:
            done[str(p)] = (name, existing, None, [])
        else:
            tasks.append(Task(str(p), opts, _size(p)))
    tasks.sort(key=lambda t: -t.size_bytes)  # longest first: the pool ends together
    name_of = {str(p): n for p, n in zip(paths, names)}
    quiet = bool(getattr(args, "quiet", False))
    if not quiet and done:
        print(f"tremor: {len(done)} of {len(paths)} file(s) already have an up-to-date report in {out}; skipped",
              file=sys.stderr)
    if engine == "dask":
        from tremor.batch.dask_engine import run_dask

        outcomes = run_dask(tasks, scheduler=args.scheduler, workers=args.jobs)
    else:
        outcomes = run_local(tasks, jobs)
    sizes = {t.path: t.size_bytes for t in tasks}
    progress = _Progress(len(tasks), sum(sizes.values()), quiet)
    try:
        for outcome in outcomes:
            name = name_of[outcome.path]
            if outcome.report is not None:
                from tremor.report.json_report import write_json

                write_json(outcome.report, out / name)
            done[outcome.path] = (name, outcome.report, outcome.error, outcome.warnings)
            progress.advance(outcome, sizes.get(outcome.path, 0))
    finally:
        progress.close()
        rows = [r for p in paths if str(p) in done for r in summary_rows(str(p), *done[str(p)])]
        written = write_summary(rows, out)
    failed = sorted(p for p, (_, rep, _, _) in done.items() if rep is None)
    if not quiet:
        n_sets = sum(len(rep["sets"]) for _, rep, _, _ in done.values() if rep)
        print(f"{len(paths) - len(failed)} of {len(paths)} file(s) analysed, {n_sets} set(s); "
              f"summary: {', '.join(str(w) for w in written)}")
    if failed:
        print(f"tremor: {len(failed)} file(s) failed (see the 'error' column of {written[0]}):", file=sys.stderr)
        for p in failed[:10]:
            print(f"  {p}: {done[p][2]}", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK
