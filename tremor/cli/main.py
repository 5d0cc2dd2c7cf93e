"""The ``tremor`` command line: a thin layer over :mod:`tremor.io`, :mod:`tremor.core.analysis` and :mod:`tremor.report.json_report`.

Every error the user can cause (bad file, bad option, data that cannot support the analysis) ends
with a one-paragraph message on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import sys
import threading
from pathlib import Path
from typing import Any

from tremor import __version__
from tremor._files import (
    STDOUT,
    real_target,
    show,
    write_all,
    write_atomic,
    written_by_tremor,
)
from tremor.errors import TremorError, printable

__all__ = ["main", "build_parser"]

EXIT_OK = 0
EXIT_USAGE = 2

_ANALYZE_EXAMPLES = """\
examples:
  tremor analyze firmware_logs/sample_session_100hz.tlog
  tremor analyze "Linear Accelerometer.csv" --json report.json --html report.html
  tremor analyze Accelerometer.csv --sets 40-75,140-180 --context sleep_h=5,caffeine_mg=200
  tremor analyze labelled_arms.csv --format generic_csv --units g --fs 50
  tremor analyze recordings/ --out results/ --jobs 4          (a batch: a folder, a glob or several files)
  tremor analyze left.csv right.csv --pair --json pair.json   (two wrists at once: left/right per set)
  tremor analyze "2026-*/*.csv" --engine dask --scheduler tcp://10.0.0.5:8786
"""

_HISTORY_EXAMPLES = """\
examples:
  tremor analyze monday.csv --json reports/2026-03-02.json      (save each session's report in one folder)
  tremor analyze thursday.tlog --json reports/2026-03-05.json
  tremor history reports/                                       (the day-by-day table)
  tremor history reports/ --png trends.png --html trends.html --csv trends.csv

Sessions are dated by the recording's start time in each report (wristband logs and live sessions carry
it); a report without one is dated by its file's modification time, and the history says so.
"""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``tremor`` command."""
    parser = argparse.ArgumentParser(
        prog="tremor",
        description="Tremor and twitch analysis of wrist accelerometer recordings, recorded or live. "
        "Not a medical device: it describes signals and names likely causes, it never diagnoses.",
        epilog="Run 'tremor COMMAND --help' for the options of a command, e.g. 'tremor analyze --help'.",
    )
    parser.add_argument("--version", action="version", version=f"tremor {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    a = sub.add_parser(
        "analyze",
        help="analyse a recorded file: sets, labels, twitches, likely causes",
        description="Read a recording, split it into sets and rests, label each set (calm, fatigue_tremor, "
        "fasciculations, mixed, atypical_tremor) and name likely causes with their evidence.",
        epilog=_ANALYZE_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    a.add_argument(
        "files",
        nargs="*",
        metavar="FILE",
        help="recording(s): phyphox CSV, Sensor Logger CSV/zip/folder, Polar Sensor Logger ACC, "
        "MetaWear CSV, generic CSV, or a wristband log (.tlog); several files, a folder or a glob "
        "run as a batch (see --out)",
    )
    a.add_argument(
        "--format",
        dest="fmt",
        metavar="NAME",
        help="read the file as this format instead of detecting it from the header "
        "(e.g. phyphox, sensor_logger, polar_sensor_logger, metawear, generic_csv, firmware_log)",
    )
    a.add_argument(
        "--units",
        choices=["m/s^2", "g", "mg"],
        help="units of the acceleration columns where the header does not say (e.g. --units g)",
    )
    a.add_argument(
        "--fs",
        type=float,
        metavar="HZ",
        help="sampling rate in Hz, only for files without time stamps (e.g. --fs 50)",
    )
    a.add_argument(
        "--sets",
        metavar="RANGES",
        help="set start-end times in seconds from the first sample, comma-separated (e.g. 40-75,140-180.5); "
        "overrides automatic set detection",
    )
    a.add_argument(
        "--sets-file",
        metavar="CSV",
        help="CSV of sets: start_s,end_s[,label] per line (e.g. --sets-file session.sets.csv); "
        "a file NAME.sets.csv beside NAME.csv is read without this option",
    )
    a.add_argument(
        "--context",
        action="append",
        metavar="KEY=VALUE[,KEY=VALUE]",
        default=[],
        help="what you know about the session, one or more comma-separated KEY=VALUE per --context, "
        "repeatable: e.g. --context sleep_h=5,caffeine_mg=200 --context fasted=yes "
        "(keys: sleep_h, caffeine_mg, stress, fasted, low_carb, fluid_l, temp_c, warm_up, statins, "
        "days_since_hard, soreness, new_exercise, beginner, exercise; see docs/context.md)",
    )
    a.add_argument("--context-file", metavar="FILE", help="context as key=value lines or a JSON object")
    a.add_argument(
        "--json",
        dest="json_path",
        metavar="FILE",
        help="write the report as JSON (schema tremor.report/1); '-' writes it to standard output",
    )
    a.add_argument(
        "--html",
        dest="html_path",
        metavar="FILE",
        help="write a self-contained HTML report (opens offline; e.g. --html report.html)",
    )
    a.add_argument(
        "--png",
        dest="png_dir",
        metavar="DIR",
        help="write the report's figures as PNG files into the folder DIR; with --pair, DIR is one PNG file "
        "for the pair figure (e.g. --png pair.png)",
    )
    a.add_argument(
        "--out",
        metavar="DIR",
        help="batch mode: folder for one JSON report per file and the summary table (default: ./tremor-out)",
    )
    a.add_argument("--jobs", type=int, metavar="N", help="batch mode: worker processes (default: every core)")
    a.add_argument(
        "--engine",
        choices=["local", "dask"],
        default="local",
        help="batch mode: run on local processes (default) or on a Dask cluster",
    )
    a.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="with --engine dask: the scheduler's address (e.g. tcp://10.0.0.5:8786); "
        "without it a local cluster is started",
    )
    a.add_argument(
        "--force",
        action="store_true",
        help="overwrite output files that tremor did not write; in a batch, analyse every file "
        "again even where an up-to-date report exists",
    )
    a.add_argument(
        "--pair",
        action="store_true",
        help="the two files are the LEFT and RIGHT wrist of one session (in that order): both reports, "
        "each set compared side by side, and muscle imbalance judged (JSON schema tremor.pair/1)",
    )
    a.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")

    h = sub.add_parser(
        "history",
        help="trends across many sessions' reports, day by day",
        description="Read the JSON reports in a folder and show, day by day, the resting baseline (6-12 Hz), "
        "the fatigue ratio per set and the twitch rate at rest, as a table and a plot.",
        epilog=_HISTORY_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    h.add_argument("folder", help="folder holding tremor JSON reports (tremor.report/1)")
    h.add_argument("--png", dest="png_path", metavar="FILE", help="write the trend plot as PNG")
    h.add_argument("--html", dest="html_path", metavar="FILE", help="write the trends as an HTML page")
    h.add_argument("--csv", dest="csv_path", metavar="FILE", help="write the day-by-day table as CSV")
    from tremor.cli.live import (
        add_live_parsers,  # scan, live, emulate (logic in tremor.cli.live)
    )

    add_live_parsers(sub)
    return parser


def _run_analyze(args: argparse.Namespace) -> int:
    from tremor.core.context import parse_context, read_context_file
    from tremor.io import parse_sets_option, read_set_markers

    context: dict[str, Any] = {}
    if args.context_file:
        context.update(read_context_file(args.context_file))
    args.files, items = split_context_args(args.files, args.context)
    context.update(parse_context(items, where="--context: "))
    if args.pair:
        return _run_pair(args, context)
    markers = None
    if args.sets and args.sets_file:
        raise _usage("give either --sets or --sets-file, not both")
    if args.sets:
        markers = parse_sets_option(args.sets)
    elif args.sets_file:
        markers = read_set_markers(args.sets_file)
    sidecar = None
    if markers is None and len(args.files) == 1:
        sidecar = sidecar_sets_path(args.files[0])
        if sidecar is not None:
            markers = read_set_markers(sidecar)
    if _is_batch(args.files):
        from tremor.batch.runner import run_batch

        return run_batch(args, markers=markers, context=context)
    for opt, value in (("--out", args.out), ("--jobs", args.jobs), ("--scheduler", args.scheduler)):
        if value is not None:
            raise _usage(f"{opt} is for batch runs over several files, a folder or a glob")
    # the analysis (scipy) is imported only here: a batch's own process never analyses
    from tremor.batch.chunked import analyze_file
    from tremor.report.json_report import format_summary, report_bytes, to_report

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


_CONTEXT_ITEM = re.compile(r"[A-Za-z_]\w*=")


def context_items(values: list[str]) -> list[str]:
    """``--context`` values split into ``KEY=VALUE`` items at each comma that starts a new ``KEY=``."""
    items: list[str] = []
    for value in values:
        items += [part.strip() for part in re.split(r",(?=\s*[A-Za-z_]\w*=)", value) if part.strip()]
    return items


def split_context_args(files: list[str], context: list[str]) -> tuple[list[str], list[str]]:
    """The recordings and the ``KEY=VALUE`` context items of an ``analyze`` command line.

    Each ``--context`` value may hold several comma-separated items (a comma starts a new item only
    before ``KEY=``, so a value may hold commas). With ``--context`` given, a positional
    ``KEY=VALUE`` that is not a file is a context item too, so ``--context a=1 b=2 FILE`` and
    ``FILE --context a=1 b=2`` both work. A recording given where a context item belongs is named
    in the error.

    Raises
    ------
    TremorError
        A ``--context`` value that is a recording, or no recording left.
    """
    items = context_items(context)
    recordings = []
    for f in files:
        if context and _CONTEXT_ITEM.match(f) and not Path(f).exists():
            items.append(f)
        else:
            recordings.append(f)
    for item in items:
        if "=" not in item and (Path(item).exists() or any(ch in item for ch in "*?[")):
            raise _usage(
                f"--context {item}: that is a recording, not KEY=VALUE; put the recording before "
                f"--context or give each item as KEY=VALUE (e.g. tremor analyze {item} "
                "--context sleep_h=5,caffeine_mg=200)"
            )
    if not recordings:
        raise _usage("give the recording to analyse (e.g. tremor analyze session.csv --context sleep_h=5)")
    return recordings, items


def _run_pair(args: argparse.Namespace, context: dict[str, Any]) -> int:
    """``tremor analyze LEFT RIGHT --pair``: both reports and the left/right comparison."""
    from tremor.batch.chunked import analyze_file
    from tremor.core.pairing import compare_pair
    from tremor.io import read_set_markers
    from tremor.report.json_report import report_bytes
    from tremor.report.pair_report import format_pair_summary, to_pair_report

    if len(args.files) != 2:
        raise _usage(
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
            raise _usage(f"{opt} cannot be used with --pair: {why}")
    if args.engine != "local":
        raise _usage("--engine cannot be used with --pair: the two files are analysed here, not as a batch")
    for f in args.files:
        if _is_batch([f]):
            raise _usage(f"--pair: {f} is a folder or a pattern; give the two recordings themselves")
    inputs = [*args.files, args.context_file]
    sidecars = [sidecar_sets_path(f) for f in args.files]
    # with --pair, --png names one file (the pair figure), not a folder of figures
    png_path, args.png_dir = args.png_dir, None
    if png_path == STDOUT:
        raise _usage("--png with --pair needs a file name; '-' (standard output) is for --json")
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
        raise _usage(f"--png: cannot create the folder {show(folder)}: {exc.strerror}") from None


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
            raise _usage(f"--png: {show(png)} is a file; give a folder for the figures")
        if real_target(png) in real_inputs:
            raise _usage(f"--png: {show(png)} is an input; give another folder")
        if png.is_dir():
            targets += [("--png", c) for c in sorted(png.iterdir()) if _PNG_NAME.fullmatch(c.name)]
            for c in png.iterdir():
                if _PNG_NAME.fullmatch(c.name) and real_target(c) in real_inputs:
                    raise _usage(
                        f"--png: {show(png)} holds the input {show(c)}, which the figures would replace"
                    )
                if _PNG_NAME.fullmatch(c.name) and c.is_dir():
                    raise _usage(
                        f"--png: {show(c)} is a folder where a figure would be written; move it or "
                        "give another folder"
                    )
        _check_folder("--png", _existing_ancestor(png))
    for option, value in (("--json", args.json_path), ("--html", args.html_path), *(extra or [])):
        if not value or value == STDOUT:
            continue
        path = Path(value)
        if path.is_dir():
            raise _usage(f"{option}: {show(path)} is a folder; give a file name")
        real = real_target(path)
        if not real.parent.is_dir():
            raise _usage(f"{option}: the folder {show(real.parent)} does not exist")
        _check_folder(option, real.parent)
        if real in real_inputs:
            raise _usage(
                f"{option} {show(value)} is the input {show(real_inputs[real])}; the report would "
                "replace it; give another file name"
            )
        if any(f in real.parents for f in export_folders):
            raise _usage(f"{option} {show(value)} is inside the input folder; give a file outside it")
        if args.png_dir and real.parent == real_target(args.png_dir) and _PNG_NAME.fullmatch(real.name):
            raise _usage(f"{option} {show(value)} is also one of the --png figures; give another name")
        if real in claimed:
            raise _usage(f"{option} and {claimed[real]} name the same file {show(value)}; give each its own")
        claimed[real] = option
        targets.append((option, path))
    if force:
        return
    for option, path in targets:
        if path.is_file() and not written_by_tremor(path):  # a device or FIFO is written, not replaced
            raise _usage(
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
        raise _usage(f"{option}: the folder {show(folder)} is not writable (permission denied)")


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


def _run_history(args: argparse.Namespace) -> int:
    from tremor.report.history import run_history

    return run_history(args)


class _UsageError(TremorError):
    pass


def _usage(message: str) -> _UsageError:
    return _UsageError(message)


def main(argv: list[str] | None = None) -> int:
    """Run the ``tremor`` command; returns the exit code."""
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra:
        # `analyze FILE --context a=1 b=2`: the positionals after an option are recordings or context
        # items (told apart in split_context_args); anything else is an error, as parse_args would say
        if args.command == "analyze" and not any(e.startswith("-") for e in extra):
            args.files = [*args.files, *extra]
        else:
            parser.error(f"unrecognized arguments: {' '.join(extra)}")
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    from tremor.cli.live import LIVE_HANDLERS

    handlers = {"analyze": _run_analyze, "history": _run_history, **LIVE_HANDLERS}
    from tremor.cli._warnings import tool_warnings

    previous = _exit_on_sigterm()
    try:
        with tool_warnings():
            return handlers[args.command](args)
    except TremorError as exc:
        print(f"tremor: error: {printable(exc)}", file=sys.stderr)  # one line, whatever a path holds
        return EXIT_USAGE
    except FileNotFoundError as exc:
        print(f"tremor: error: {printable(exc.filename)}: no such file", file=sys.stderr)
        return EXIT_USAGE
    except IsADirectoryError as exc:
        print(f"tremor: error: {printable(exc.filename)}: is a folder, expected a file", file=sys.stderr)
        return EXIT_USAGE
    except PermissionError as exc:
        print(f"tremor: error: {printable(exc.filename)}: permission denied", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("tremor: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into a reader that stopped (e.g. `| head`)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _exit_on_sigterm() -> Any:
    """Make SIGTERM end the command as an exception does, so temporary (spill) folders are removed.

    Returns the previous handler (None where handlers cannot be set: not the main thread).
    """
    if threading.current_thread() is not threading.main_thread():
        return None

    def handler(signum: int, frame: Any) -> None:
        raise SystemExit(128 + signum)

    return signal.signal(signal.SIGTERM, handler)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
