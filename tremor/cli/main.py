"""The ``tremor`` command line: a thin layer over :mod:`tremor.io`, :mod:`tremor.core.analysis` and :mod:`tremor.report.json_report`.

Every error the user can cause (bad file, bad option, data that cannot support the analysis) ends
with a one-paragraph message on stderr and exit code 2, never a traceback.

This module builds the parser and dispatches; ``tremor analyze`` runs in :mod:`tremor.cli.analyze`,
``scan``, ``live`` and ``emulate`` in :mod:`tremor.cli.live`.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from typing import Any

from tremor import __version__
from tremor.cli.args import EXIT_OK, EXIT_USAGE
from tremor.errors import TremorError, printable

__all__ = ["main", "build_parser", "one_blas_thread", "BLAS_THREAD_VARIABLES"]


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
        "enhanced_tremor, fasciculations, mixed, atypical_tremor) and name likely causes with their evidence.",
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
    from tremor.cli.live_options import (
        add_live_parsers,  # scan, live, emulate (logic in tremor.cli.live)
    )

    add_live_parsers(sub)
    return parser


def _run_history(args: argparse.Namespace) -> int:
    from tremor.report.history import run_history

    return run_history(args)


#: Environment variables that set OpenBLAS's thread count, in the order it reads them.
BLAS_THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS", "OMP_NUM_THREADS")


def one_blas_thread() -> bool:
    """Run numpy's OpenBLAS on one thread in this process and the processes it starts (issue 11).

    tremor's linear algebra is on small matrices (3 x 3 covariances, a few dozen spectral bins),
    where OpenBLAS's helper threads only cost: each product large enough to be shared wakes them
    (4-7 ms of CPU and 20 ms of wall for a 12 x 512 complex product on a loaded 2-core machine,
    against 0.01 ms on one thread), they spin between calls, and a batch's workers would each start
    their own. Set only before numpy is first imported (OpenBLAS reads it then), and only where the
    user has set none of :data:`BLAS_THREAD_VARIABLES`. Reports were byte-identical with and without
    it (the bundled samples, real recordings, a generated hour, tests/golden); where OpenBLAS splits a
    sum between threads its rounding depends on their number, so one thread also makes a report the
    same on every machine.

    Returns
    -------
    bool
        Whether the variable was set.
    """
    if "numpy" in sys.modules or any(name in os.environ for name in BLAS_THREAD_VARIABLES):
        return False
    os.environ["OPENBLAS_NUM_THREADS"] = "1"
    return True


def main(argv: list[str] | None = None) -> int:
    """Run the ``tremor`` command; returns the exit code."""
    one_blas_thread()
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra:
        # `analyze FILE --context a=1 b=2`: the positionals after an option are recordings or context
        # items (told apart in tremor.cli.args.split_context_args); anything else is an error, as parse_args would say
        if args.command == "analyze" and not any(e.startswith("-") for e in extra):
            args.files = [*args.files, *extra]
        else:
            parser.error(f"unrecognized arguments: {' '.join(extra)}")
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    if args.command == "analyze":
        from tremor.cli.analyze import run_analyze

        handlers: dict[str, Any] = {"analyze": run_analyze}
    elif args.command == "history":
        handlers = {"history": _run_history}
    else:
        from tremor.cli.live import LIVE_HANDLERS

        handlers = dict(LIVE_HANDLERS)
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
