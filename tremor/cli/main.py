"""The ``tremor`` command line: a thin layer over :mod:`tremor.io`, :mod:`tremor.core.analysis` and :mod:`tremor.report.json_report`.

Every error the user can cause (bad file, bad option, data that cannot support the analysis) ends
with a one-paragraph message on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from tremor import __version__
from tremor.errors import TremorError

__all__ = ["main", "build_parser"]

EXIT_OK = 0
EXIT_USAGE = 2

_ANALYZE_EXAMPLES = """\
examples:
  tremor analyze firmware_logs/sample_session_100hz.tlog
  tremor analyze "Linear Accelerometer.csv" --json report.json --html report.html
  tremor analyze Accelerometer.csv --sets 40-75,140-180 --context sleep_h=5 caffeine_mg=200
  tremor analyze labelled_arms.csv --format generic_csv --units g --fs 50
  tremor analyze recordings/ --out results/ --jobs 4          (a batch: a folder, a glob or several files)
  tremor analyze "2026-*/*.csv" --engine dask --scheduler tcp://10.0.0.5:8786
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
        "analyze", help="analyse a recorded file: sets, labels, twitches, likely causes",
        description="Read a recording, split it into sets and rests, label each set (calm, fatigue_tremor, "
                    "fasciculations, mixed, atypical_tremor) and name likely causes with their evidence.",
        epilog=_ANALYZE_EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    a.add_argument("files", nargs="+", metavar="FILE",
                   help="recording(s): phyphox CSV, Sensor Logger CSV/zip/folder, Polar Sensor Logger ACC, "
                        "MetaWear CSV, generic CSV, or a wristband log (.tlog); several files, a folder or a glob "
                        "run as a batch (see --out)")
    a.add_argument("--format", dest="fmt", metavar="NAME",
                   help="read the file as this format instead of detecting it from the header "
                        "(e.g. phyphox, sensor_logger, polar_sensor_logger, metawear, generic_csv, firmware_log)")
    a.add_argument("--units", choices=["m/s^2", "g", "mg"],
                   help="units of the acceleration columns where the header does not say (e.g. --units g)")
    a.add_argument("--fs", type=float, metavar="HZ",
                   help="sampling rate in Hz, only for files without time stamps (e.g. --fs 50)")
    a.add_argument("--sets", metavar="RANGES",
                   help="set start-end times in seconds from the first sample, comma-separated (e.g. 40-75,140-180.5); "
                        "overrides automatic set detection")
    a.add_argument("--sets-file", metavar="CSV",
                   help="CSV of sets: start_s,end_s[,label] per line (e.g. --sets-file session.sets.csv); "
                        "a file NAME.sets.csv beside NAME.csv is read without this option")
    a.add_argument("--context", nargs="+", metavar="KEY=VALUE", default=[],
                   help="what you know about the session, e.g. sleep_h=5 caffeine_mg=200 fasted=yes temp_c=8 "
                        "statins=yes warm_up=no (see docs/context.md for every key)")
    a.add_argument("--context-file", metavar="FILE", help="context as key=value lines or a JSON object")
    a.add_argument("--json", dest="json_path", metavar="FILE", help="write the report as JSON (schema tremor.report/1)")
    a.add_argument("--html", dest="html_path", metavar="FILE",
                   help="write a self-contained HTML report (opens offline; e.g. --html report.html)")
    a.add_argument("--png", dest="png_dir", metavar="DIR", help="write the report's figures as PNG files into DIR")
    a.add_argument("--out", metavar="DIR",
                   help="batch mode: folder for one JSON report per file and the summary table (default: ./tremor-out)")
    a.add_argument("--jobs", type=int, metavar="N", help="batch mode: worker processes (default: every core)")
    a.add_argument("--engine", choices=["local", "dask"], default="local",
                   help="batch mode: run on local processes (default) or on a Dask cluster")
    a.add_argument("--scheduler", metavar="ADDRESS",
                   help="with --engine dask: the scheduler's address (e.g. tcp://10.0.0.5:8786); "
                        "without it a local cluster is started")
    a.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")

    h = sub.add_parser(
        "history", help="trends across many sessions' reports, day by day",
        description="Read the JSON reports in a folder and show, day by day, rest-baseline tremor, fatigue "
                    "ratio per set and twitch rate, as a table and a plot.",
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
    from tremor.batch.chunked import analyze_file
    from tremor.core.context import parse_context, read_context_file
    from tremor.io import parse_sets_option, read_set_markers
    from tremor.report.json_report import format_summary, to_report, write_json

    context: dict[str, Any] = {}
    if args.context_file:
        context.update(read_context_file(args.context_file))
    context.update(parse_context(args.context))
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
    for option, out_path in (("--json", args.json_path), ("--html", args.html_path)):
        if out_path:
            if Path(out_path).is_dir():
                raise _usage(f"{option}: {out_path} is a folder; give a file name")
            parent = Path(out_path).resolve().parent
            if not parent.is_dir():
                raise _usage(f"{option}: the folder {parent} does not exist")
    if _is_batch(args.files):
        from tremor.batch.runner import run_batch

        return run_batch(args, markers=markers, context=context)
    for opt, value in (("--out", args.out), ("--jobs", args.jobs), ("--scheduler", args.scheduler)):
        if value is not None:
            raise _usage(f"{opt} is for batch runs over several files, a folder or a glob")
    # long phyphox CSVs and wristband logs are read and analysed block by block (bounded memory)
    result = analyze_file(args.files[0], format=args.fmt, units=args.units, fs=args.fs, markers=markers,
                          context=context)
    report = to_report(result)
    if args.html_path or args.png_dir:
        from tremor.report.html_report import write_html_report, write_png_figures

        if args.html_path:
            write_html_report(result, args.html_path)
        if args.png_dir:
            write_png_figures(result, args.png_dir)
    if args.json_path:
        write_json(report, args.json_path)
    if not args.quiet:
        if sidecar is not None:
            print(f"sets read from the sidecar file {sidecar}")
        print(format_summary(report))
        if args.json_path:
            print(f"\nreport written to {args.json_path}")
    return EXIT_OK


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
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    from tremor.cli.live import LIVE_HANDLERS

    handlers = {"analyze": _run_analyze, "history": _run_history, **LIVE_HANDLERS}
    try:
        return handlers[args.command](args)
    except TremorError as exc:
        print(f"tremor: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except FileNotFoundError as exc:
        print(f"tremor: error: {exc.filename}: no such file", file=sys.stderr)
        return EXIT_USAGE
    except IsADirectoryError as exc:
        print(f"tremor: error: {exc.filename}: is a folder, expected a file", file=sys.stderr)
        return EXIT_USAGE
    except PermissionError as exc:
        print(f"tremor: error: {exc.filename}: permission denied", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("tremor: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into a reader that stopped (e.g. `| head`)
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
