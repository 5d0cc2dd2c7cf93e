"""The ``tremor analyze`` command: one recording, two wrists (``--pair``), or a batch.

Reads the options (sets, sidecar set file, context), hands a batch to
:func:`tremor.batch.runner.run_batch`, and otherwise analyses one file (or a left/right pair),
checks every output path before the analysis and writes all outputs together. Split out of
:mod:`tremor.cli.main` (the parser and the dispatch), which imports it when the command runs.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path
from typing import Any

from tremor._files import (
    STDOUT,
    real_target,
    show,
    write_all,
    write_atomic,
    written_by_tremor,
)
from tremor.cli.args import EXIT_OK, split_context_args, usage_error

__all__ = ["run_analyze"]


def run_analyze(args: argparse.Namespace) -> int:
    """``tremor analyze``: one recording, a batch (several files, a folder, a glob) or ``--pair``.

    Parameters
    ----------
    args : argparse.Namespace
        The parsed ``analyze`` command line (:func:`tremor.cli.main.build_parser`).

    Returns
    -------
    int
        The exit code.
    """
    from tremor.core.context import parse_context, read_context_file

    context: dict[str, Any] = {}
    if args.context_file:
        context.update(read_context_file(args.context_file))
    args.files, items = split_context_args(args.files, args.context)
    context.update(parse_context(items, where="--context: "))
    if args.pair:
        return _run_pair(args, context)
    markers = None
    if args.sets and args.sets_file:
        raise usage_error("give either --sets or --sets-file, not both")
    if args.sets:
        from tremor.io import parse_sets_option

        markers = parse_sets_option(args.sets)
    elif args.sets_file:
        from tremor.io import read_set_markers

        markers = read_set_markers(args.sets_file)
    sidecar = None
    if markers is None and len(args.files) == 1:
        sidecar = sidecar_sets_path(args.files[0])
        if sidecar is not None:
            from tremor.io import read_set_markers  # the set-file reader (and its text reader) only when used

            markers = read_set_markers(sidecar)
    if _is_batch(args.files):
        from tremor.batch.runner import run_batch

        return run_batch(args, markers=markers, context=context)
    for opt, value in (("--out", args.out), ("--jobs", args.jobs), ("--scheduler", args.scheduler)):
        if value is not None:
            raise usage_error(f"{opt} is for batch runs over several files, a folder or a glob")
    # the analysis (scipy) is imported only here: a batch's own process never analyses
    from tremor.batch.chunked import analyze_file
    from tremor.report.json_report import report_bytes, to_report
    from tremor.report.summary import format_summary

    inputs = [args.files[0], args.sets_file, args.context_file, sidecar]
    _check_outputs(args, [str(i) for i in inputs if i])
    if args.html_path or args.png_dir:
        from tremor.report import plots

        plots.require_matplotlib()  # before the analysis, not after it
    # long phyphox CSVs and wristband logs are read and analysed block by block (bounded memory)
    result = analyze_file(
        args.files[0], format=args.fmt, units=args.units, fs=args.fs, markers=markers, context=context
    )
    report = to_report(result)
    # every output is made before any is written, then all are put in place together
    files: list[tuple[str | Path, bytes]] = []
    if args.html_path or args.png_dir:
        from tremor.report.html_report import render_html, render_png_figures

        if args.html_path:
            files.append((args.html_path, render_html(result).encode("utf-8")))
        if args.png_dir:
            files.extend(render_png_figures(result, args.png_dir))
    to_stdout = args.json_path == STDOUT
    if args.json_path and not to_stdout:
        files.append((args.json_path, report_bytes(report)))
    if args.png_dir:
        _make_folder(Path(args.png_dir))
    write_all(files)
    if to_stdout:
        write_atomic(STDOUT, report_bytes(report))
    if not args.quiet:
        say = sys.stderr if to_stdout else sys.stdout  # standard output carries the JSON
        if sidecar is not None:
            print(f"sets read from the sidecar file {show(sidecar)}", file=say)
        print(format_summary(report), file=say)
        if args.json_path and not to_stdout:
            print(f"\nreport written to {show(args.json_path)}", file=say)
    return EXIT_OK


def _run_pair(args: argparse.Namespace, context: dict[str, Any]) -> int:
    """``tremor analyze LEFT RIGHT --pair``: both reports and the left/right comparison."""
    from tremor.batch.chunked import analyze_file
    from tremor.core.pairing import compare_pair
    from tremor.io import read_set_markers
    from tremor.report.json_report import report_bytes
    from tremor.report.pair_report import format_pair_summary, to_pair_report

    if len(args.files) != 2:
        raise usage_error(
            f"--pair needs exactly two files, LEFT then RIGHT (the two wrists of one session); "
            f"got {len(args.files)}"
        )
    for opt, value in (
        ("--sets", args.sets),
        ("--sets-file", args.sets_file),
        ("--out", args.out),
        ("--jobs", args.jobs),
        ("--scheduler", args.scheduler),
    ):
        if value is not None:
            why = (
                "give each file its own NAME.sets.csv beside it"
                if opt.startswith("--sets")
                else "not available with --pair"
            )
            raise usage_error(f"{opt} cannot be used with --pair: {why}")
    if args.engine != "local":
        raise usage_error(
            "--engine cannot be used with --pair: the two files are analysed here, not as a batch"
        )
    for f in args.files:
        if _is_batch([f]):
            raise usage_error(f"--pair: {f} is a folder or a pattern; give the two recordings themselves")
    inputs = [*args.files, args.context_file]
    sidecars = [sidecar_sets_path(f) for f in args.files]
    # with --pair, --png names one file (the pair figure), not a folder of figures
    png_path, args.png_dir = args.png_dir, None
    if png_path == STDOUT:
        raise usage_error("--png with --pair needs a file name; '-' (standard output) is for --json")
    _check_outputs(args, [str(i) for i in inputs + sidecars if i], extra=[("--png", png_path)])
    if args.html_path or png_path:
        from tremor.report import plots

        plots.require_matplotlib()  # before the analysis, not after it
    results = [
        analyze_file(
            f,
            format=args.fmt,
            units=args.units,
            fs=args.fs,
            markers=read_set_markers(sc) if sc is not None else None,
            context=context,
        )
        for f, sc in zip(args.files, sidecars)
    ]
    left, right = results
    pair = compare_pair(left, right)
    doc = to_pair_report(left, right, pair)
    to_stdout = args.json_path == STDOUT
    # every output is made before any is written, then all are put in place together
    files: list[tuple[str | Path, bytes]] = []
    if args.html_path or png_path:
        from tremor.report.pair_html import render_pair_html, render_pair_png

        if args.html_path:
            files.append((args.html_path, render_pair_html(left, right, pair).encode("utf-8")))
        if png_path:
            files.append((png_path, render_pair_png(left, right, pair)))
    if args.json_path and not to_stdout:
        files.append((args.json_path, report_bytes(doc)))
    write_all(files)
    if to_stdout:
        write_atomic(STDOUT, report_bytes(doc))
    if not args.quiet:
        say = sys.stderr if to_stdout else sys.stdout
        for side, sc in zip(("left", "right"), sidecars):
            if sc is not None:
                print(f"{side}: sets read from the sidecar file {show(sc)}", file=say)
        print(format_pair_summary(doc), file=say)
        written = [
            f"{what} written to {show(path)}"
            for what, path in (
                ("report", args.json_path),
                ("HTML report", args.html_path),
                ("figure", png_path),
            )
            if path and path != STDOUT
        ]
        if written:
            print("\n" + "\n".join(written), file=say)
    return EXIT_OK


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise usage_error(f"--png: cannot create the folder {show(folder)}: {exc.strerror}") from None


_PNG_NAME = re.compile(r"(timeline|set-\d+)\.png")


def _check_outputs(
    args: argparse.Namespace, inputs: list[str], extra: list[tuple[str, str | None]] | None = None
) -> None:
    """Refuse, before any work, outputs that cannot be written or would destroy something.

    An output that is an input (also through a link), two outputs on one file, a missing or
    unwritable folder, and an existing file tremor did not write (unless ``--force``). ``extra``:
    more (option, file) outputs checked as ``--json`` and ``--html`` are.
    """
    force = bool(getattr(args, "force", False))
    real_inputs = {real_target(i): i for i in inputs}
    export_folders = [r for r in real_inputs if r.is_dir()]
    claimed: dict[Path, str] = {}
    targets: list[tuple[str, Path]] = []
    if args.png_dir:
        png = Path(args.png_dir)
        if png.exists() and not png.is_dir():
            raise usage_error(f"--png: {show(png)} is a file; give a folder for the figures")
        if real_target(png) in real_inputs:
            raise usage_error(f"--png: {show(png)} is an input; give another folder")
        if png.is_dir():
            targets += [("--png", c) for c in sorted(png.iterdir()) if _PNG_NAME.fullmatch(c.name)]
            for c in png.iterdir():
                if _PNG_NAME.fullmatch(c.name) and real_target(c) in real_inputs:
                    raise usage_error(
                        f"--png: {show(png)} holds the input {show(c)}, which the figures would replace"
                    )
                if _PNG_NAME.fullmatch(c.name) and c.is_dir():
                    raise usage_error(
                        f"--png: {show(c)} is a folder where a figure would be written; move it or "
                        "give another folder"
                    )
        _check_folder("--png", _existing_ancestor(png))
    for option, value in (("--json", args.json_path), ("--html", args.html_path), *(extra or [])):
        if not value or value == STDOUT:
            continue
        path = Path(value)
        if path.is_dir():
            raise usage_error(f"{option}: {show(path)} is a folder; give a file name")
        real = real_target(path)
        if not real.parent.is_dir():
            raise usage_error(f"{option}: the folder {show(real.parent)} does not exist")
        _check_folder(option, real.parent)
        if real in real_inputs:
            raise usage_error(
                f"{option} {show(value)} is the input {show(real_inputs[real])}; the report would "
                "replace it; give another file name"
            )
        if any(f in real.parents for f in export_folders):
            raise usage_error(f"{option} {show(value)} is inside the input folder; give a file outside it")
        if args.png_dir and real.parent == real_target(args.png_dir) and _PNG_NAME.fullmatch(real.name):
            raise usage_error(f"{option} {show(value)} is also one of the --png figures; give another name")
        if real in claimed:
            raise usage_error(
                f"{option} and {claimed[real]} name the same file {show(value)}; give each its own"
            )
        claimed[real] = option
        targets.append((option, path))
    if force:
        return
    for option, path in targets:
        if path.is_file() and not written_by_tremor(path):  # a device or FIFO is written, not replaced
            raise usage_error(
                f"{option}: {show(path)} exists and was not written by tremor; give another name, "
                "or --force to overwrite it"
            )


def _existing_ancestor(path: Path) -> Path:
    p = real_target(path)
    while not p.exists() and p != p.parent:
        p = p.parent
    return p


def _check_folder(option: str, folder: Path) -> None:
    if folder.is_dir() and not os.access(folder, os.W_OK | os.X_OK):
        raise usage_error(f"{option}: the folder {show(folder)} is not writable (permission denied)")


def sidecar_sets_path(recording: str) -> Path | None:
    """The sidecar set file beside a recording, if there is one: ``NAME.sets.csv`` for ``NAME.ext``."""
    path = Path(recording)
    candidate = path.with_name(path.stem + ".sets.csv")
    return candidate if path.is_file() and candidate.is_file() and candidate != path else None


def _is_batch(files: list[str]) -> bool:
    """Several inputs, a folder that is not a Sensor Logger export, or a glob pattern."""
    if len(files) > 1:
        return True
    path = Path(files[0])
    if any(ch in files[0] for ch in "*?[") and not path.exists():
        return True
    if path.is_dir():
        from tremor.io import is_export_folder

        return not is_export_folder(path)
    return False
