"""Batch analysis: many recordings, in parallel, one JSON report each and one summary table.

``tremor analyze`` hands several files, a folder or a glob to :func:`run_batch`. Each file is read
and analysed by :func:`tremor.batch.chunked.analyze_file` (long files in bounded memory) in a pool of
worker processes (``--jobs``, default every core), or on a Dask cluster (``--engine dask``, see
:mod:`tremor.batch.dask_engine`). The engines only run :func:`analyze_one`; reports and the summary are
written here, by the parent, so both engines give the same files.
Which files the arguments name is decided in :mod:`tremor.batch.inputs`; what runs in a worker
(:func:`analyze_one`) and the local process pool are in :mod:`tremor.batch.worker`; the progress on
the terminal is :class:`tremor.batch.progress.BatchProgress`.

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
import hashlib
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tremor import __version__
from tremor._files import show, write_all, written_by_tremor
from tremor.batch.inputs import (
    MANIFEST,
    RECORDING_SUFFIXES,
    expand_inputs,
    path_key,
    read_manifest,
    report_names,
    unreadable_reason,
)
from tremor.batch.progress import BatchProgress
from tremor.batch.worker import Outcome, Task, analyze_one, run_local
from tremor.errors import ParameterError

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
                "twitch_count": _twitch_count(s["fasciculations"]),
                "top_causes": "; ".join(f"{c['id']} ({c['likelihood']:.2f})" for c in causes),
            }
        )
    return rows or [base]


def _twitch_count(fasciculations: dict[str, Any]) -> int | None:
    """A set's twitch count for the table: empty (None) where neither the set nor its recovery could show a
    twitch, as the reports print it ('-'); a count of none there would read as no twitching."""
    from tremor.report.twitch_counts import total_twitch_text

    text = total_twitch_text(fasciculations, "")
    return int(text) if text else None


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
    files = sorted(read_manifest(out) | set(names))
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
    inputs = {path_key(p) for p in paths}
    own = read_manifest(out)
    clash = []
    for name in [*names, "summary.csv", "summary.parquet"]:
        target = out / name
        if path_key(target) in inputs:
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
    paths = expand_inputs(list(args.files), exclude=path_key(out))
    names = report_names(paths)
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
    progress = BatchProgress(len(tasks), sum(sizes.values()), quiet)
    interrupted = False
    try:
        for outcome in outcomes:
            name = name_of[outcome.path]
            if outcome.report is not None:
                from tremor.report.json_text import report_bytes

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
