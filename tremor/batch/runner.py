"""Batch analysis: many recordings, in parallel, one JSON report each and one summary table.

``tremor analyze`` hands several files, a folder or a glob to :func:`run_batch`. Each file is read
and analysed by :func:`tremor.batch.chunked.analyze_file` (long files in bounded memory) in a pool of
worker processes (``--jobs``, default every core), or on a Dask cluster (``--engine dask``, see
:mod:`tremor.batch.dask_engine`). The engines only run :func:`analyze_one`; reports and the summary are
written here, by the parent, so both engines give the same files.

Outputs in ``--out`` (default ``./tremor-out``), never mixed with the inputs:

* ``<name>.json`` per input (schema ``tremor.report/1``), ``<name>`` being the input's path below
  the inputs' common folder (sub-folders kept, so names cannot collide), with the batch's
  bookkeeping under ``source.details.batch`` (options hash, the input's :func:`fingerprint`);
* ``summary.csv`` (and ``summary.parquet`` where pyarrow is importable): one row per set of every
  file, one row for a file without sets, one row with the error for a file that failed or could
  not be read (a dangling link, a FIFO), ``not_run`` rows after Ctrl-C (:data:`SUMMARY_COLUMNS`);
* ``.tremor-out``, the list of files tremor wrote there: it replaces those, and refuses to replace
  anything else without ``--force``; folder and glob inputs leave them out.

A file that fails is reported and the batch goes on (exit code 1); so does a worker process that
dies (its file is retried alone, then reported). A rerun skips every file whose report was made
from the same input (size, modification time and content hash) with the same options
(resumable; ``--force`` analyses everything again). Ctrl-C ends the workers, writes the summary
of what is done and exits with 130; a killed batch's workers end with it.
"""

from __future__ import annotations

import argparse
import errno
import glob
import hashlib
import json
import os
import signal
import stat
import sys
import threading
import time
import traceback
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tremor import __version__
from tremor._files import show, write_all, written_by_tremor
from tremor.errors import ParameterError, TremorError
from tremor.io import is_export_folder

__all__ = [
    "RECORDING_SUFFIXES",
    "SUMMARY_COLUMNS",
    "Outcome",
    "Task",
    "analyze_one",
    "expand_inputs",
    "run_batch",
]

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130

#: File name endings picked up inside a folder (files named explicitly are always taken).
RECORDING_SUFFIXES = (".csv", ".tsv", ".txt", ".tlog", ".zip")
#: Sensor Logger accelerometer files: a folder holding one is one recording (an export).

#: Columns of ``summary.csv``, in order.
SUMMARY_COLUMNS = (
    "file",
    "report",
    "status",
    "error",
    "format",
    "duration_s",
    "rate_hz",
    "n_sets",
    "set_index",
    "start_s",
    "end_s",
    "kind",
    "label",
    "peak_hz",
    "rms_mps2",
    "end_to_start_ratio",
    "twitch_count",
    "top_causes",
    "warnings",
)
_TOP_CAUSES = 3


# ------------------------------------------------------------------------------------ inputs
#: The file tremor writes into every --out folder: what it wrote there (so it knows its own files).
MANIFEST = ".tremor-out"


def expand_inputs(items: list[str], *, exclude: Path | None = None) -> list[Path]:
    """Files to analyse from the command line's FILE arguments: files, folders and glob patterns.

    A folder contributes the recordings directly inside it (:data:`RECORDING_SUFFIXES`) and its
    sub-folders that are Sensor Logger exports; a glob (``*``, ``?``, ``[``; ``**`` recurses)
    contributes what it matches. Files tremor wrote itself (listed in the :data:`MANIFEST` of their
    folder, e.g. a ``summary.csv``) are left out. Entries with a recording's name that cannot be
    read as files (a dangling or looping symbolic link, a FIFO, a device) are kept, so that the
    batch reports them (:func:`unreadable_reason`) instead of skipping them without a word.
    Order is sorted and duplicates are dropped.

    Parameters
    ----------
    items : list of str
        The FILE arguments: paths of files or folders, or glob patterns.
    exclude : Path or None
        A sub-folder to skip when a folder is scanned, given as its folder's real path plus its
        name (the batch passes its output folder, so earlier reports are not read as input).

    Returns
    -------
    list of Path
        The files and export folders to analyse, sorted, without duplicates.

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
        elif os.path.lexists(p):  # a dangling or looping link named explicitly
            found.append(p)
        elif any(ch in item for ch in "*?["):
            matches = [Path(m) for m in sorted(glob.glob(item, recursive=True))]
            found.extend(
                m
                for m in matches
                if ((_is_recording_name(m) and not m.is_dir()) or _is_export(m)) and not _tool_output(m)
            )
        else:
            raise ParameterError(f"{show(item)}: no such file or folder")
    unique: dict[Path, Path] = {}
    for f in found:
        unique.setdefault(_key(f), f)
    if not unique:
        raise ParameterError(
            f"no recordings found in {show(' '.join(items))} (looked for files ending in "
            f"{', '.join(RECORDING_SUFFIXES)} and Sensor Logger export folders)"
        )
    return sorted(unique.values(), key=lambda q: str(q))


def _key(p: Path) -> Path:
    """Where ``p`` is, without following ``p`` itself: its folder's real path and its name."""
    return Path(os.path.realpath(p.parent if str(p.parent) else ".")) / p.name


def _is_recording_name(p: Path) -> bool:
    return p.suffix.lower() in RECORDING_SUFFIXES


def _is_export(p: Path) -> bool:
    try:
        return is_export_folder(p)
    except OSError:
        return False


def _from_folder(folder: Path, exclude: Path | None) -> list[Path]:
    out = []
    own = _manifest(folder)
    for child in sorted(folder.iterdir()):
        if (
            child.name.startswith(".")
            or child.name in own
            or (exclude is not None and _key(child) == exclude)
        ):
            continue
        if _is_recording_name(child) and not child.is_dir():
            out.append(child)  # also what cannot be read: reported, not skipped silently
        elif _is_export(child):
            out.append(child)
    return out


def _manifest(folder: Path) -> set[str]:
    """The files tremor wrote into ``folder`` (as its :data:`MANIFEST` lists them)."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        return {str(n) for n in data.get("files", [])} if isinstance(data, dict) else set()
    except (OSError, ValueError):
        return set()


def _tool_output(p: Path) -> bool:
    """True for a file tremor wrote into a --out folder (listed in a manifest above it)."""
    for folder in p.parents:
        if (folder / MANIFEST).is_file():
            return str(p.relative_to(folder)) in _manifest(folder)
    return False


def unreadable_reason(p: Path) -> str | None:
    """Why ``p`` cannot be read as a recording (never opening it), or None when it can be tried."""
    try:
        st = os.stat(p)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return f"{show(p)}: a symbolic link that loops (points back to itself); nothing to read"
        if os.path.islink(p):
            return f"{show(p)}: a dangling symbolic link (its target {show(os.readlink(p))} does not exist)"
        return f"{show(p)}: {exc.strerror}"
    if stat.S_ISFIFO(st.st_mode):
        return f"{show(p)}: a FIFO (named pipe), not a file; not read (reading it could wait forever)"
    if not (stat.S_ISREG(st.st_mode) or stat.S_ISDIR(st.st_mode)):
        return f"{show(p)}: not a regular file (a device or socket); not read"
    if not os.access(p, os.R_OK):
        return f"{show(p)}: permission denied"
    return None


def _report_names(paths: list[Path]) -> list[str]:
    """One report name per input: its path below the inputs' common folder, plus ``.json``.

    Sub-folders are kept as sub-folders of --out, so two inputs can never share a report
    (``a/b.csv`` -> ``a/b.csv.json``, ``a__b.csv`` -> ``a__b.csv.json``).
    """
    keys = [_key(p) for p in paths]
    root = Path(os.path.commonpath([str(k.parent) for k in keys]))
    return [k.relative_to(root).as_posix() + ".json" for k in keys]


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

    Parameters
    ----------
    task : Task
        The file and the analysis options.

    Returns
    -------
    Outcome
        The JSON report, or the error, with warnings, sample count and time taken (s).
    """
    global _busy
    _busy = True
    try:
        return _analyze_one(task)
    finally:
        _busy = False


def _analyze_one(task: Task) -> Outcome:
    from tremor.batch.chunked import analyze_file
    from tremor.core.recording import SetMarker
    from tremor.report.json_report import to_report

    start = time.perf_counter()
    opts = task.options
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            markers = [SetMarker(*m) for m in opts["markers"]] if opts["markers"] else None
            result = analyze_file(
                task.path,
                format=opts["format"],
                units=opts["units"],
                fs=opts["fs"],
                markers=markers,
                context=opts["context"],
                use_threads=opts["use_threads"],
                tmp_dir=opts.get("tmp_dir"),
            )
            report = to_report(result)
        except TremorError as exc:
            return Outcome(
                task.path,
                error=str(exc),
                warnings=[str(w.message) for w in caught],
                seconds=time.perf_counter() - start,
            )
        except OSError as exc:
            return Outcome(
                task.path,
                error=f"{exc.filename or task.path}: {exc.strerror or exc}",
                seconds=time.perf_counter() - start,
            )
        except Exception as exc:
            tb = traceback.extract_tb(exc.__traceback__)[-1]
            return Outcome(
                task.path,
                error=f"internal error {type(exc).__name__}: {exc} "
                f"(at {Path(tb.filename).name}:{tb.lineno}; please report it)",
                seconds=time.perf_counter() - start,
            )
    report["source"]["details"]["batch"] = {"options_hash": opts["hash"]}
    return Outcome(
        task.path,
        report=report,
        warnings=[str(w.message) for w in caught],
        n_samples=int(result.sampling.n_samples),
        seconds=time.perf_counter() - start,
    )


def _options(
    args: argparse.Namespace, markers: Any, context: dict[str, Any], parallel: bool
) -> dict[str, Any]:
    opts: dict[str, Any] = {
        "format": args.fmt,
        "units": args.units,
        "fs": args.fs,
        "markers": [[m.start_s, m.end_s, m.label] for m in markers] if markers else None,
        "context": dict(context),
        "version": __version__,
    }
    opts["hash"] = hashlib.sha256(json.dumps(opts, sort_keys=True, default=str).encode()).hexdigest()[:16]
    opts["use_threads"] = not parallel
    return opts


#: Inputs up to this size are hashed whole for the resume check; larger ones by their head and tail.
FULL_HASH_BYTES = 32 << 20
_HEAD_TAIL_BYTES = 1 << 20


def fingerprint(p: Path) -> dict[str, Any]:
    """What a report's input must still match to be reused: size, mtime and a content hash.

    Files up to :data:`FULL_HASH_BYTES` are hashed whole (``sha256``); larger ones by their first
    and last MiB (``sha256_head_tail``) besides size and mtime. A folder (an export) lists each of
    its files so.
    """
    if p.is_dir():
        return {"files": {c.name: fingerprint(c) for c in sorted(p.iterdir()) if c.is_file()}}
    st = p.stat()
    h = hashlib.sha256()
    with open(p, "rb") as fh:
        if st.st_size <= FULL_HASH_BYTES:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
            return {"size": st.st_size, "mtime_ns": st.st_mtime_ns, "sha256": h.hexdigest()}
        h.update(fh.read(_HEAD_TAIL_BYTES))
        fh.seek(-_HEAD_TAIL_BYTES, os.SEEK_END)
        h.update(fh.read(_HEAD_TAIL_BYTES))
    return {"size": st.st_size, "mtime_ns": st.st_mtime_ns, "sha256_head_tail": h.hexdigest()}


def _up_to_date(report_path: Path, opts_hash: str, print_: dict[str, Any]) -> dict[str, Any] | None:
    """The existing report when it was made from this very input (:func:`fingerprint`) and options."""
    try:
        report = json.loads(report_path.read_text(encoding="utf-8"))
        batch = report["source"]["details"]["batch"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not isinstance(batch, dict) or batch.get("options_hash") != opts_hash or batch.get("input") != print_:
        return None
    return report if isinstance(report, dict) else None


def _size(p: Path) -> int:
    return sum(c.stat().st_size for c in p.iterdir() if c.is_file()) if p.is_dir() else p.stat().st_size


# ---------------------------------------------------------------------------------- engines
def _parent_alive(parent: int, ppid: int) -> bool:
    if os.getppid() != ppid:
        return False
    try:
        os.kill(parent, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _worker_init(parent: int) -> None:
    """Set up a pool worker: Ctrl-C is the parent's business; end cleanly on SIGTERM; die with the parent.

    SIGTERM raises SystemExit, so a spill folder of the file being analysed is removed. A thread
    checks every half second that the batch's process is alive; when it is gone (killed with -9,
    say) the worker terminates itself the same way.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    ppid = os.getppid()

    def watch() -> None:
        while _parent_alive(parent, ppid):
            time.sleep(0.5)
        os.kill(os.getpid(), signal.SIGTERM)  # unwinds the analysis: its spill folder is removed

    threading.Thread(target=watch, name="tremor-parent-watch", daemon=True).start()


_busy = False  # a worker is inside analyze_one


def _exit_on_sigterm(signum: int, frame: Any) -> None:
    """SIGTERM in a worker: unwind a running analysis (its spill folder is removed), then exit."""
    if not _busy:
        os._exit(128 + signum)
    threading.Timer(2.0, os._exit, (128 + signum,)).start()  # the pool's loop would catch the SystemExit
    raise SystemExit(128 + signum)


def _mp_context() -> Any:
    import multiprocessing as mp

    # forkserver: workers do not inherit this process's threads (pyarrow's, the progress bar's).
    return mp.get_context("forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn")


def run_local(tasks: list[Task], jobs: int) -> Iterator[Outcome]:
    """Run ``tasks`` in a pool of ``jobs`` processes (in this process when ``jobs == 1``), as they finish.

    A worker that dies (killed, out of memory) breaks the pool: the files it may have been
    analysing are run again one at a time in a process of their own, which names the culprit
    (its row says how the process ended), and a new pool takes the rest. Ctrl-C, or closing this
    generator, ends every worker before returning.
    """
    if jobs == 1 or len(tasks) == 1:
        for t in tasks:
            yield analyze_one(t)
        return
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    pending = list(tasks)
    while pending:
        workers = min(jobs, len(pending))
        pool = ProcessPoolExecutor(
            max_workers=workers, mp_context=_mp_context(), initializer=_worker_init, initargs=(os.getpid(),)
        )
        order = {pool.submit(analyze_one, t): i for i, t in enumerate(pending)}
        finished: set[int] = set()
        broken = False
        try:
            waiting = set(order)
            while waiting and not broken:
                done, waiting = wait(waiting, timeout=0.5, return_when=FIRST_COMPLETED)
                for fut in done:
                    try:
                        outcome = fut.result()
                    except BrokenProcessPool:
                        broken = True
                        continue
                    finished.add(order[fut])
                    yield outcome
        except BaseException:
            _kill_pool(pool)
            raise
        if not broken:
            pool.shutdown(wait=True)
            return
        _kill_pool(pool)
        # Work is handed out in submission order, at most workers + 1 items ahead: the dead
        # worker's file is among the first unfinished ones.
        reach = len(finished) + workers + 1
        left = [i for i in range(len(pending)) if i not in finished]
        suspects = [pending[i] for i in left if i < reach]
        rest = [pending[i] for i in left if i >= reach]
        for t in suspects:
            yield _run_alone(t)
        pending = rest


def _kill_pool(pool: Any) -> None:
    """Stop ``pool`` now: cancel what has not started, terminate the workers, reap them."""
    procs = list((getattr(pool, "_processes", None) or {}).values())  # no public handle on the workers
    pool.shutdown(wait=False, cancel_futures=True)
    for p in procs:
        if p.is_alive():
            p.terminate()
    deadline = time.monotonic() + 10
    for p in procs:
        p.join(max(0.0, deadline - time.monotonic()))
        if p.is_alive():
            p.kill()
            p.join(1)


def _alone_main(task: Task, conn: Any, parent: int) -> None:
    _worker_init(parent)
    conn.send(analyze_one(task))
    conn.close()


def _run_alone(task: Task) -> Outcome:
    """Run one task in a process of its own; a death becomes that file's error."""
    ctx = _mp_context()
    recv, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_alone_main, args=(task, send, os.getpid()), daemon=True)
    start = time.perf_counter()
    proc.start()
    send.close()
    try:
        try:
            outcome: Outcome = recv.recv()
        except EOFError:
            proc.join()
            return Outcome(
                task.path,
                error=f"the process analysing this file died ({_how_ended(proc.exitcode)}), "
                "also when run alone; the file may need more memory than is available",
                seconds=time.perf_counter() - start,
            )
        proc.join()
        return outcome
    except BaseException:
        proc.terminate()
        proc.join(10)
        raise
    finally:
        recv.close()


def _how_ended(code: int | None) -> str:
    if code is None or code >= 0:
        return f"exit code {code}"
    try:
        name = signal.Signals(-code).name
    except ValueError:
        name = f"signal {-code}"
    return f"killed by {name}" + (", as the out-of-memory killer does" if -code == signal.SIGKILL else "")


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
        self._rich = Progress(
            TextColumn("analysing"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("files"),
            TextColumn("{task.fields[rate]}"),
            TimeRemainingColumn(),
            TextColumn("{task.fields[failed]}"),
            transient=False,
            console=_rich_console(),
        )
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
                self._rich.console.print(
                    f"[red]failed[/red] {_rich_escape(show(outcome.path))}: "
                    f"{_rich_escape(show(outcome.error))}",
                    markup=True,
                    highlight=False,
                )
            return
        left = elapsed * (self.total_bytes - self.bytes) / max(self.bytes, 1)
        line = f"[{self.files}/{self.total_files}] {rate}, about {_hms(left)} left" + (
            f", {failed}" if failed else ""
        )
        if outcome.error:
            print(f"\rfailed {show(outcome.path)}: {show(outcome.error)}", file=sys.stderr)
        print(
            ("\r" + line) if self._tty else line, end="" if self._tty else "\n", file=sys.stderr, flush=True
        )

    def close(self) -> None:
        if self._rich is not None:
            self._rich.stop()
        elif self._tty and not self.quiet and self.files:
            print(file=sys.stderr)


def _rich_escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def _rich_console() -> Any:
    from rich.console import Console

    return Console(file=sys.stderr)


def _hms(seconds: float) -> str:
    s = int(round(seconds))
    return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}"


# ----------------------------------------------------------------------------------- summary
def summary_rows(
    file: str,
    report_name: str,
    report: dict[str, Any] | None,
    error: str | None,
    warned: list[str] | None = None,
) -> list[dict[str, Any]]:
    """The summary rows of one file: one per set, one if it has no set, one with the error if it failed."""
    base: dict[str, Any] = dict.fromkeys(SUMMARY_COLUMNS)
    base["file"] = file
    base["warnings"] = "; ".join(warned) if warned else None
    if report is None:
        base.update(status="error", error=error)
        return [base]
    base.update(
        report=report_name,
        status="ok",
        format=report["source"]["format"],
        duration_s=report["sampling"]["duration_s"],
        rate_hz=report["sampling"]["rate_hz"],
        n_sets=len(report["sets"]),
    )
    rows = []
    for s in report["sets"]:
        tremor = s["tremor"]
        causes = sorted(s["causes"], key=lambda c: -c["likelihood"])[:_TOP_CAUSES]
        rows.append(
            {
                **base,
                "set_index": s["index"],
                "start_s": s["start_s"],
                "end_s": s["end_s"],
                "kind": s["kind"],
                "label": s["label"],
                "peak_hz": tremor["peak_hz"],
                "rms_mps2": tremor["rms_mps2"],
                "end_to_start_ratio": tremor["end_to_start_ratio"],
                "twitch_count": s["fasciculations"]["count"],
                "top_causes": "; ".join(f"{c['id']} ({c['likelihood']:.2f})" for c in causes),
            }
        )
    return rows or [base]


def write_summary(rows: list[dict[str, Any]], out: Path) -> list[Path]:
    """Write ``summary.csv`` (and ``summary.parquet`` where pyarrow is importable) atomically, together."""
    import pandas as pd

    df = pd.DataFrame(rows, columns=list(SUMMARY_COLUMNS))
    for col in ("set_index", "n_sets", "twitch_count"):
        df[col] = df[col].astype("Int64")
    for col in ("duration_s", "rate_hz", "start_s", "end_s", "peak_hz", "rms_mps2", "end_to_start_ratio"):
        df[col] = df[col].astype("float64")
    files: list[tuple[Path, Callable[[Path], Any]]] = [
        (out / "summary.csv", lambda p: df.to_csv(p, index=False))
    ]
    if _has_pyarrow():
        files.append((out / "summary.parquet", lambda p: df.to_parquet(p, index=False)))
    write_all(files)
    return [f for f, _ in files]


def _has_pyarrow() -> bool:
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return False
    return True


def _write_manifest(out: Path, names: list[str]) -> None:
    """Add ``names`` to the list of files tremor wrote into ``out``."""
    files = sorted(_manifest(out) | set(names))
    data = {
        "generator": f"tremor {__version__}",
        "about": "files tremor wrote here; it may replace them",
        "files": files,
    }
    write_all([(out / MANIFEST, (json.dumps(data, indent=1) + "\n").encode("utf-8"))])


# --------------------------------------------------------------------------------------- run
def run_batch(args: argparse.Namespace, *, markers: Any, context: dict[str, Any]) -> int:
    """Run ``tremor analyze`` over several files; returns the exit code (0 all OK, 1 some failed, 2 usage, 130 Ctrl-C).

    Parameters
    ----------
    args : argparse.Namespace
        The parsed ``tremor analyze`` options (``files``, ``out``, ``jobs``, ``engine``, ``scheduler``,
        ``fmt``, ``units``, ``fs``, ``force``, ``quiet``).
    markers : list of SetMarker or None
        ``--sets``/``--sets-file``, applied to every file.
    context : dict
        Parsed ``--context``, applied to every file.

    Returns
    -------
    int
        The exit code: 0 all OK, 1 some failed, 2 usage error, 130 interrupted (Ctrl-C).
    """
    try:
        return _run(args, markers, context)
    except ParameterError as exc:
        print(f"tremor: error: {show(exc)}", file=sys.stderr)
        return EXIT_USAGE


def _check_out(out: Path, paths: list[Path], names: list[str], items: list[str], force: bool) -> None:
    """Refuse an --out that would mix with the inputs or replace files tremor did not write."""
    real_out = Path(os.path.realpath(out))
    for item in items:
        p = Path(item)
        if p.is_dir() and Path(os.path.realpath(p)) == real_out:
            raise ParameterError(
                f"--out {show(out)} is the input folder {show(item)}; the reports and the "
                "summary would be mixed with the recordings; give another folder"
            )
    for p in paths:
        real = Path(os.path.realpath(p))
        if p.is_dir() and (real == real_out or real in real_out.parents):
            raise ParameterError(f"--out {show(out)} is inside the input {show(p)}; give a folder outside it")
    inputs = {_key(p) for p in paths}
    own = _manifest(out)
    clash = []
    for name in [*names, "summary.csv", "summary.parquet"]:
        target = out / name
        if _key(target) in inputs:
            raise ParameterError(
                f"--out {show(out)}: the output {show(name)} would replace the input {show(target)}"
            )
        if force or name in own or not target.exists():
            continue
        if target.is_dir() or not (written_by_tremor(target) or _old_summary(target)):
            clash.append(name)
    if clash:
        raise ParameterError(
            f"--out {show(out)} holds {len(clash)} file(s) tremor did not write, which this batch "
            f"would replace: {', '.join(show(c) for c in clash[:5])}"
            f"{' ...' if len(clash) > 5 else ''}; give another folder, or --force"
        )


def _old_summary(path: Path) -> bool:
    """A summary.csv written by a tremor from before the manifest (its header is exactly ours)."""
    if path.name != "summary.csv" or not path.is_file():
        return False
    with open(path, encoding="utf-8", errors="replace") as fh:
        return fh.readline().strip() == ",".join(SUMMARY_COLUMNS)


def _run(args: argparse.Namespace, markers: Any, context: dict[str, Any]) -> int:
    for opt, value in (
        ("--json", getattr(args, "json_path", None)),
        ("--html", getattr(args, "html_path", None)),
        ("--png", getattr(args, "png_dir", None)),
    ):
        if value:
            raise ParameterError(f"{opt} is for one file; a batch writes one JSON report per file into --out")
    jobs = (
        args.jobs
        if args.jobs is not None
        else (len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)
    )
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise ParameterError(f"--jobs must be a whole number of processes >= 1, got {args.jobs!r}")
    engine = getattr(args, "engine", "local") or "local"
    if engine not in ("local", "dask"):
        raise ParameterError(f"--engine must be local or dask, got {engine!r}")
    if args.scheduler and engine != "dask":
        raise ParameterError("--scheduler needs --engine dask")
    force = bool(getattr(args, "force", False))
    out = Path(args.out or "tremor-out")
    if out.exists() and not out.is_dir():
        raise ParameterError(f"--out {show(out)} is a file, not a folder")
    paths = expand_inputs(list(args.files), exclude=_key(out))
    names = _report_names(paths)
    _check_out(out, paths, names, list(args.files), force)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ParameterError(f"--out {show(out)}: cannot create the folder ({exc.strerror})") from None
    opts = _options(args, markers, context, parallel=jobs > 1 or engine == "dask")

    done: dict[str, tuple[str, dict[str, Any] | None, str | None, list[str]]] = {}
    prints: dict[str, dict[str, Any]] = {}
    tasks: list[Task] = []
    n_skipped = 0
    for p, name in zip(paths, names):
        reason = unreadable_reason(p)
        if reason is None:
            try:
                prints[str(p)] = fingerprint(p)
            except OSError as exc:
                reason = f"{show(p)}: {exc.strerror}"
        if reason is not None:
            done[str(p)] = (name, None, reason, [])
            continue
        existing = None if force else _up_to_date(out / name, opts["hash"], prints[str(p)])
        if existing is not None:
            done[str(p)] = (name, existing, None, [])
            n_skipped += 1
        else:
            tasks.append(Task(str(p), opts, _size(p)))
    tasks.sort(key=lambda t: -t.size_bytes)  # longest first: the pool ends together
    name_of = {str(p): n for p, n in zip(paths, names)}
    quiet = bool(getattr(args, "quiet", False))
    if not quiet and n_skipped:
        print(
            f"tremor: {n_skipped} of {len(paths)} file(s) already have an up-to-date report in {show(out)}; "
            "skipped (--force analyses them again)",
            file=sys.stderr,
        )
    _write_manifest(
        out, [*names, "summary.csv", "summary.parquet"]
    )  # before any report: a killed run leaves only files marked as its own
    if engine == "dask":
        from tremor.batch.dask_engine import run_dask

        outcomes = run_dask(tasks, scheduler=args.scheduler, workers=args.jobs)
    else:
        outcomes = run_local(tasks, jobs)
    sizes = {t.path: t.size_bytes for t in tasks}
    progress = _Progress(len(tasks), sum(sizes.values()), quiet)
    interrupted = False
    try:
        for outcome in outcomes:
            name = name_of[outcome.path]
            if outcome.report is not None:
                from tremor.report.json_report import report_bytes

                outcome.report["source"]["details"]["batch"]["input"] = prints[outcome.path]
                (out / name).parent.mkdir(parents=True, exist_ok=True)
                write_all([(out / name, report_bytes(outcome.report))])
            done[outcome.path] = (name, outcome.report, outcome.error, outcome.warnings)
            progress.advance(outcome, sizes.get(outcome.path, 0))
    except KeyboardInterrupt:
        interrupted = True
    finally:
        close = getattr(outcomes, "close", None)
        if close is not None:
            close()  # ends the workers (a generator's cleanup), also after Ctrl-C
        progress.close()
        rows = [
            r
            for p in paths
            for r in (summary_rows(str(p), *done[str(p)]) if str(p) in done else _not_run_rows(str(p)))
        ]
        written = write_summary(rows, out)
    failed = sorted(p for p, (_, rep, _, _) in done.items() if rep is None)
    n_ok = len(done) - len(failed)
    if interrupted:
        print(
            f"tremor: interrupted; {n_ok} of {len(paths)} file(s) have a report, {len(failed)} failed, "
            f"{len(paths) - len(done)} not analysed (status 'not_run' in {show(written[0])}); run the same "
            "command again to go on",
            file=sys.stderr,
        )
        return EXIT_INTERRUPTED
    if not quiet:
        n_sets = sum(len(rep["sets"]) for _, rep, _, _ in done.values() if rep)
        print(
            f"{n_ok} of {len(paths)} file(s) analysed ({n_ok - n_skipped} now, {n_skipped} skipped as up to date), "
            f"{n_sets} set(s); summary: {', '.join(show(w) for w in written)}"
        )
    if failed:
        print(
            f"tremor: {len(failed)} file(s) failed (see the 'error' column of {show(written[0])}):",
            file=sys.stderr,
        )
        for f in failed[:10]:
            print(f"  {show(f)}: {show(done[f][2])}", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


def _not_run_rows(file: str) -> list[dict[str, Any]]:
    row: dict[str, Any] = dict.fromkeys(SUMMARY_COLUMNS)
    row.update(file=file, status="not_run", error="the batch was interrupted before this file was analysed")
    return [row]
