"""Options of ``tremor scan``, ``tremor live`` and ``tremor emulate``: the argparse parsers.

Split from :mod:`tremor.cli.live` (which runs the commands) by job: this module only declares the
options and their help; checks that need several options together are made where they are used
(:mod:`tremor.cli.live`, :mod:`tremor.cli.live_pair`, :mod:`tremor.cli.live_emulate`). It imports
nothing heavy (``tremor --help`` stays fast).
"""

from __future__ import annotations

import argparse
from typing import Any

__all__ = ["DEFAULT_SERVE", "PROFILES", "add_live_parsers"]

PROFILES = ("pmd", "microbit", "diy")
#: ``tremor emulate --serve`` without an address.
DEFAULT_SERVE = "tcp:127.0.0.1:9000"

_LIVE_EXAMPLES = """\
examples:
  tremor live                                  first band found (Polar PMD, micro:bit or DIY profile)
  tremor live --device "Polar Sense 1234ABCD" --log today.tlog
  tremor live --emulated --simulate --seed 3 --pace 4     no band needed: an emulated one
  tremor live --emulated --from firmware_logs/sample_rest_set_rest_100hz.tlog
  tremor live --emulated-at tcp:127.0.0.1:9000            the band of 'tremor emulate --serve' (other process)
  tremor live --left "band:Polar Sense 1234ABCD" --right phyphox:http://192.168.1.30:8080   two wrists at once
  tremor live --emulated --pair --stronger right --pace 10    two emulated bands, the right shaking more

two wrists: --left SOURCE --right SOURCE, each SOURCE one of band:NAME|ADDRESS, sensorlogger:HOST:PORT,
phyphox:http://PHONE:PORT; each side gets its own log (--log NAME.tlog: NAME-left.tlog, NAME-right.tlog)
and every set seen on both sides is compared left against right (as 'tremor analyze L R --pair').

keys (when stdin is a terminal): space or Enter starts/ends a set, q quits; Ctrl-C stops cleanly.
"""


def add_live_parsers(sub: Any) -> None:
    """Add ``scan``, ``live`` and ``emulate`` to the ``tremor`` subparsers."""
    s = sub.add_parser(
        "scan",
        help="list nearby wristbands of a supported profile (name, address, profile, RSSI)",
        description="Scan for BLE wristbands that speak Polar PMD, the micro:bit accelerometer "
        "service or the DIY profile.",
    )
    s.add_argument("--timeout", type=float, default=5.0, metavar="S", help="seconds to scan (default 5)")
    s.add_argument("--profile", choices=PROFILES, help="only bands of this profile")

    lv = sub.add_parser(
        "live",
        help="stream a band live: tremor, twitches and sets as they happen, logged to a .tlog",
        description="Connect to a wristband (the first one found unless --device names one), show tremor, "
        "twitches, the set state and the link live, print a card for each set, and append "
        "everything received to a wristband log that 'tremor analyze' reads.",
        epilog=_LIVE_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    lv.add_argument(
        "--source",
        choices=("band", "sensorlogger", "phyphox"),
        default="band",
        help="where samples come from: a BLE band (default), Sensor Logger's HTTP push "
        "(this machine receives), or phyphox's remote access (this machine polls --url)",
    )
    lv.add_argument(
        "--listen",
        metavar="HOST:PORT",
        default="127.0.0.1:8000",
        help="--source sensorlogger: where to receive (default 127.0.0.1:8000, this machine only; "
        "use 0.0.0.0:8000 so a phone on the same network reaches it: a token is then "
        "required in the URL path)",
    )
    lv.add_argument(
        "--token", help="--source sensorlogger: the URL path token (generated when listening beyond loopback)"
    )
    lv.add_argument(
        "--url",
        metavar="http://PHONE:PORT",
        help="--source phyphox: the address phyphox shows under 'Allow remote access'",
    )
    lv.add_argument("--device", metavar="NAME|ADDRESS", help="the band's advertised name or address")
    lv.add_argument(
        "--left",
        metavar="SOURCE",
        help="two wrists at once: the left wrist's source (band:NAME|ADDRESS, sensorlogger:HOST:PORT or "
        "phyphox:http://PHONE:PORT); goes with --right",
    )
    lv.add_argument(
        "--right", metavar="SOURCE", help="two wrists at once: the right wrist's source (as --left)"
    )
    lv.add_argument(
        "--profile", choices=PROFILES, help="the band's profile (told from its advertisement if omitted)"
    )
    lv.add_argument(
        "--scan-timeout",
        type=float,
        default=None,
        metavar="S",
        help="seconds to look for a band (default 5; 1.5 with --emulated-at)",
    )
    lv.add_argument(
        "--max-rate",
        type=float,
        metavar="HZ",
        help="highest sampling rate to ask for (default: highest offered)",
    )
    lv.add_argument(
        "--log", metavar="FILE", help="the log to write (default: tremor-live-<date>-<time>.tlog here)"
    )
    lv.add_argument("--json", dest="json_path", metavar="FILE", help="write the final report as JSON")
    lv.add_argument(
        "--context",
        action="extend",
        nargs="+",
        metavar="KEY=VALUE[,KEY=VALUE]",
        default=[],
        help="what you know about the session, e.g. --context sleep_h=5,caffeine_mg=200 "
        "(see docs/context.md)",
    )
    lv.add_argument(
        "--keys-only", action="store_true", help="sets only from key presses (no automatic detection)"
    )
    lv.add_argument(
        "--plain",
        action="store_true",
        help="plain text, one status line per second (default when "
        "stdout is not a terminal or rich is missing)",
    )
    _add_emulator_options(lv, live=True)

    em = sub.add_parser(
        "emulate",
        help="run an emulated band (from a file or simulated): serve it to other processes "
        "(--serve) or print what a headless client receives",
        description="Start a virtual BLE band on Bumble's radio, fed from a recorded file or a simulated "
        "session. With --serve tcp:127.0.0.1:PORT the radio is served over loopback TCP HCI: "
        "'tremor live --emulated-at tcp:127.0.0.1:PORT' in another process (or terminal) "
        "reaches the band. Without --serve a headless client in this process connects and "
        "prints what it receives (notifications, samples, rate, link).",
        epilog="examples:\n"
        "  tremor emulate --simulate --pace 4 --serve tcp:127.0.0.1:9000\n"
        "  tremor live --emulated-at tcp:127.0.0.1:9000          (in another terminal)\n"
        "only loopback addresses (127.0.0.1, localhost) are accepted; port 0 picks a free port.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_emulator_options(em, live=False)
    em.add_argument(
        "--serve",
        nargs="?",
        const=DEFAULT_SERVE,
        metavar="tcp:127.0.0.1:PORT",
        help=f"serve the band to other processes at this loopback address (default {DEFAULT_SERVE}) "
        "until the source ends, --duration passes, or Ctrl-C / SIGTERM",
    )
    em.add_argument(
        "--duration", type=float, metavar="S", help="stop after S wall seconds (default: end of the source)"
    )


def _add_emulator_options(p: argparse.ArgumentParser, *, live: bool) -> None:
    if live:
        p.add_argument(
            "--emulated",
            action="store_true",
            help="connect to an emulated band in this process instead of a real one "
            "(with --from FILE or --simulate; --simulate by default)",
        )
        p.add_argument(
            "--emulated-at",
            metavar="tcp:127.0.0.1:PORT",
            help="connect to the emulated band another process serves here "
            "('tremor emulate --serve'; loopback addresses only)",
        )
    else:
        p.add_argument(
            "--profile", choices=PROFILES, default="pmd", help="profile the band speaks (default pmd)"
        )
    src = p.add_mutually_exclusive_group(required=not live)
    src.add_argument(
        "--from", dest="from_file", metavar="FILE", help="emulate a band replaying this recording"
    )
    src.add_argument(
        "--simulate", action="store_true", help="emulate a band streaming a simulated training session"
    )
    p.add_argument(
        "--seed", type=int, default=0, metavar="N", help="seed of the simulated session (default 0)"
    )
    p.add_argument(
        "--fs", type=float, default=100.0, metavar="HZ", help="rate of the simulated session (default 100)"
    )
    p.add_argument(
        "--pace",
        type=float,
        default=1.0,
        metavar="X",
        help="stream X times faster than real time (default 1)",
    )
    p.add_argument(
        "--pair",
        action="store_true",
        help="emulate two bands, left and right ('<name> L', '<name> R'), streaming one simulated "
        "session on both wrists with independent noise (with --simulate)",
    )
    p.add_argument(
        "--stronger",
        choices=("left", "right"),
        help="--pair: this side's tremor in the sets is --tremor-scale times the other's (a known imbalance)",
    )
    p.add_argument(
        "--tremor-scale",
        type=float,
        default=3.0,
        metavar="X",
        help="--pair --stronger: tremor amplitude factor of the stronger side (default 3, 9x the power)",
    )
