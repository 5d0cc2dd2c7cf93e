"""The ``tremor`` command line: a thin layer over :mod:`tremor.io`, :mod:`tremor.analysis` and :mod:`tremor.report`.

Every error the user can cause (bad file, bad option, data that cannot support the analysis) ends
with a one-paragraph message on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from . import __version__
from .errors import TremorError

__all__ = ["main", "build_parser"]

EXIT_OK = 0
EXIT_USAGE = 2

_ANALYZE_EXAMPLES = """\
examples:
  tremor analyze firmware_logs/sample_session.tlog
  tremor analyze "Linear Accelerometer.csv" --json report.json
  tremor analyze Accelerometer.csv --sets 40-75,140-180 --context sleep_h=5 caffeine_mg=200
  tremor analyze labelled_arms.csv --format generic_csv --units g --fs 50
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
    a.add_argument("file", help="recording: phyphox CSV, Sensor Logger CSV/zip/folder, Polar Sensor Logger ACC, "
                                "MetaWear CSV, generic CSV, or a wristband log (.tlog)")
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
    a.add_argument("--sets-file", metavar="CSV", help="sidecar CSV of sets: start_s,end_s[,label] per line")
    a.add_argument("--context", nargs="+", metavar="KEY=VALUE", default=[],
                   help="what you know about the session, e.g. sleep_h=5 caffeine_mg=200 fasted=yes temp_c=8 "
                        "statins=yes warm_up=no (see docs/context.md for every key)")
    a.add_argument("--context-file", metavar="FILE", help="context as key=value lines or a JSON object")
    a.add_argument("--json", dest="json_path", metavar="FILE", help="write the report as JSON (schema tremor.report/1)")
    a.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")
    return parser


def _run_analyze(args: argparse.Namespace) -> int:
    from .analysis import analyze
    from .context import parse_context, read_context_file
    from .io import parse_sets_option, read_recording, read_set_markers
    from .report import format_summary, to_report, write_json

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
    if args.json_path:
        parent = Path(args.json_path).resolve().parent
        if not parent.is_dir():
            raise _usage(f"--json: the folder {parent} does not exist")
    recording = read_recording(args.file, format=args.fmt, units=args.units, fs=args.fs)
    result = analyze(recording, markers=markers, context=context)
    report = to_report(result)
    if args.json_path:
        write_json(report, args.json_path)
    if not args.quiet:
        print(format_summary(report))
        if args.json_path:
            print(f"\nreport written to {args.json_path}")
    return EXIT_OK


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
    handlers = {"analyze": _run_analyze}
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


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
