"""The ``tremor scan``, ``tremor live`` and ``tremor emulate`` commands (parsers and runners).

:mod:`tremor.cli.main` adds these parsers with :func:`add_live_parsers` and dispatches through
:data:`LIVE_HANDLERS`; the work happens in :mod:`tremor.live.session` (session), :mod:`tremor.live.display`
(terminal) and :mod:`tremor.ble` (radio). This module imports nothing heavy at load time (not even
asyncio: `tremor --help` stays fast).

Emulated bands live on Bumble's virtual radio. ``tremor live --emulated`` runs band and live session
in one process; ``tremor emulate`` runs a band with a headless client that prints what it receives,
or, with ``--serve tcp:127.0.0.1:PORT``, serves the band's radio over loopback TCP HCI so that
``tremor live --emulated-at tcp:127.0.0.1:PORT`` in another process reaches it (see ``docs/live.md``).
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from tremor.errors import printable

__all__ = ["add_live_parsers", "LIVE_HANDLERS", "live_async", "emulate_async", "serve_async", "scan_async"]

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


# ------------------------------------------------------------------------------------------ scan
async def scan_async(
    timeout: float, profile: str | None, *, backend: Any = None, write: Callable[[str], None] = print
) -> int:
    from tremor.ble.commands import run_scan

    await run_scan(timeout, backend=backend, profile=profile, write=write)
    return 0


def _run_scan(args: argparse.Namespace) -> int:
    import asyncio

    return asyncio.run(scan_async(args.timeout, args.profile))


# ------------------------------------------------------------------------------------------ sources
def _emulator_source(args: argparse.Namespace) -> Any:
    from tremor.errors import ParameterError
    from tremor.live.sources import file_source, simulated_source

    if not args.pace > 0:
        raise ParameterError(f"--pace must be > 0, got {args.pace!r}")
    if args.from_file:
        return file_source(args.from_file)
    return simulated_source(seed=args.seed, fs_hz=args.fs)


@contextlib.asynccontextmanager
async def _emulated(args: argparse.Namespace, profile: str) -> Any:
    from tremor.ble.commands import open_emulator

    source = _emulator_source(args)
    async with open_emulator(source, profile, fs=source.fs_hz, pace=args.pace, record=False) as handle:
        yield handle, source


# ------------------------------------------------------------------------------------------ live
async def live_async(
    args: argparse.Namespace,
    *,
    backend: Any = None,
    out: IO[str] | None = None,
    console: Any = None,
    plain: bool | None = None,
) -> int:
    """``tremor live``; ``backend`` injects bleak backends (tests), ``out``/``console`` the output."""
    from tremor.ble import BandStream
    from tremor.core.context import parse_context
    from tremor.live.display import LiveDisplay
    from tremor.live.session import default_log_path

    out = out or sys.stdout
    from tremor.cli.live_pair import check_pair_options, pair_async
    from tremor.cli.main import context_items

    context = parse_context(context_items(args.context), where="--context: ")
    pair_mode = check_pair_options(args)
    if pair_mode is not None:
        log = Path(args.log) if args.log else None
        return await pair_async(
            args, pair_mode, log, context, backend=backend, out=out, console=console, plain=plain
        )
    log_path = Path(args.log) if args.log else default_log_path()
    if args.log and log_path.exists():
        from tremor.errors import ParameterError

        raise ParameterError(
            f"--log: {printable(log_path)} exists; a log is never overwritten, pick a new name"
        )
    display = LiveDisplay(console=console, plain=True if args.plain else plain, out=out)

    source_kind = getattr(args, "source", "band") or "band"
    if source_kind != "band":
        stream = _phone_source(args, out)
        return await _run_session(stream, args, log_path, context, display, out)
    emulated_at = getattr(args, "emulated_at", None)
    scan_timeout = args.scan_timeout if args.scan_timeout is not None else (1.5 if emulated_at else 5.0)

    def stream_for(target: Any, profile: str | None, backends: Any) -> Any:
        return BandStream(
            target,
            profile=profile,
            backend=backends,
            max_rate_hz=args.max_rate,
            scan_timeout=scan_timeout,
            yield_bad_frames=True,
        )

    if emulated_at:
        from tremor.errors import ParameterError

        if args.emulated or args.from_file or args.simulate:
            raise ParameterError(
                "--emulated-at reaches a band served by another process; it does not go "
                "with --emulated, --from or --simulate (those run the band in this process)"
            )
        from tremor.ble.commands import _require_bumble

        _require_bumble()
        from tremor.ble.bumble_backend import BumbleCentral
        from tremor.ble.hci_transport import parse_transport_spec

        spec = parse_transport_spec(emulated_at)  # ParameterError unless loopback
        central = BumbleCentral.from_transport(spec)
        print(f"reaching the emulated band served at {spec} (tremor emulate --serve)", file=out, flush=True)
        try:
            return await _connect_and_run(
                args, central.backends, scan_timeout, stream_for, log_path, context, display, out
            )
        finally:
            await central.close()
    if args.emulated or args.from_file or args.simulate:
        profile = args.profile or "pmd"
        async with _emulated(args, profile) as (handle, source):
            print(
                f"emulated band {handle.name!r} ({profile}): {printable(source.description)}, {source.fs_hz:g} Hz, "
                f"{source.duration_s:.0f} s, pace x{args.pace:g}",
                file=out,
                flush=True,
            )
            stream = stream_for(handle.name, profile, handle.backends)
            return await _run_session(stream, args, log_path, context, display, out, source=source)
    return await _connect_and_run(args, backend, scan_timeout, stream_for, log_path, context, display, out)


def _phone_source(args: argparse.Namespace, out: IO[str]) -> Any:
    """``--source sensorlogger|phyphox``: the phone source (tremor.live.phone), and what to tell the user."""
    from tremor.errors import ParameterError
    from tremor.live.phone import PhyphoxSource, SensorLoggerSource

    if args.emulated or args.from_file or args.simulate or getattr(args, "emulated_at", None) or args.device:
        raise ParameterError(
            f"--source {args.source} takes samples from a phone; it does not go with "
            "--device, --emulated, --emulated-at, --from or --simulate"
        )
    if args.source == "phyphox":
        if not args.url:
            raise ParameterError(
                "--source phyphox needs --url http://PHONE:PORT (the address phyphox shows "
                "when 'Allow remote access' is on)"
            )
        poller = PhyphoxSource(args.url)
        print(
            f"polling phyphox at {poller.url} (experiment 'Acceleration (with g)', remote access on)",
            file=out,
            flush=True,
        )
        return poller
    if args.url:
        raise ParameterError("--url is for --source phyphox; Sensor Logger pushes to this machine (--listen)")
    host, sep, port_text = args.listen.rpartition(":")
    if not sep or not host or not port_text.isdigit():
        raise ParameterError(f"--listen: expected HOST:PORT, e.g. 127.0.0.1:8000, got {args.listen!r}")
    host = host.strip("[]")
    src = SensorLoggerSource(host, int(port_text), token=args.token)
    src.on_listening = lambda: _tell_sensorlogger(src, out)
    return src


def _tell_sensorlogger(src: Any, out: IO[str]) -> None:
    from tremor.live.phone import is_loopback

    urls = src.addresses_to_enter()
    print("Sensor Logger: Settings > Data Streaming > enable HTTP Push, Push URL:", file=out)
    for u in urls:
        print(f"    {u}", file=out)
    if is_loopback(src.host):
        print("  (listening on this machine only: a phone reaches it with --listen 0.0.0.0:PORT)", file=out)
    else:
        print(
            "  requests without this token in the path are refused; anyone on this network who sees "
            "the URL can send data",
            file=out,
        )
    print("then tap 'Tap to Test Pushing' (must say 200) and start recording.", file=out, flush=True)


async def _connect_and_run(
    args: argparse.Namespace,
    backend: Any,
    scan_timeout: float,
    stream_for: Any,
    log_path: Path,
    context: dict[str, Any],
    display: Any,
    out: IO[str],
) -> int:
    """``--device`` given: connect to it; otherwise the strongest band a scan finds."""
    target: Any = args.device
    if target is None:
        from tremor.ble import scan

        print(f"looking for a band ({scan_timeout:g} s)...", file=out, flush=True)
        found = await scan(scan_timeout, backend=backend, profile=args.profile)
        target = found[0]
        print(
            f"found {printable(target.name or '?')} ({printable(target.address)}, {target.profile}, {target.rssi} dBm)",
            file=out,
            flush=True,
        )
        return await _run_session(stream_for(target, None, backend), args, log_path, context, display, out)
    return await _run_session(
        stream_for(target, args.profile, backend), args, log_path, context, display, out
    )


async def _run_session(
    stream: Any,
    args: argparse.Namespace,
    log_path: Path,
    context: dict[str, Any],
    display: Any,
    out: IO[str],
    *,
    source: Any = None,
) -> int:
    import asyncio

    from tremor.cli._warnings import tool_warnings
    from tremor.live.display import KeyReader
    from tremor.live.session import LiveSession

    session = LiveSession(
        stream, log_path, context=context, auto_sets=not args.keys_only, on_event=display.handle_event
    )
    loop = asyncio.get_running_loop()
    with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
        loop.add_signal_handler(signal.SIGINT, session.request_stop, "stopped with Ctrl-C")
    watcher = loop.create_task(_watch_source(session, source)) if source is not None else None
    display_task = loop.create_task(display.run(session))
    error: BaseException | None = None
    try:
        # a warning raised while the display runs (e.g. the band's range) is printed above it, as one line
        with (
            tool_warnings(lambda line: display.print_lines([line])),
            KeyReader(
                lambda: display.print_lines([session.toggle_set()]),
                lambda: session.request_stop("quit with q"),
            ) as keys,
        ):
            session.keys_enabled = keys.active
            await session.run()
    except asyncio.CancelledError:
        if session.stop_reason != "stopped with Ctrl-C":
            raise
    except Exception as exc:  # DeviceError mid-session: summarise what was received, then report it
        error = exc
    finally:
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.remove_signal_handler(signal.SIGINT)
        if watcher is not None:
            watcher.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await display_task
    _print_summary(session, args, out)
    if error is not None:
        raise error
    return 0


async def _watch_source(session: Any, source: Any) -> None:
    """Stop the session shortly after an emulated band has streamed its whole source."""
    import asyncio

    while not source.exhausted:
        await asyncio.sleep(0.2)
    await asyncio.sleep(1.0)
    session.request_stop("the emulated band's source ended")


def _print_summary(session: Any, args: argparse.Namespace, out: IO[str]) -> None:
    from tremor.report.json_report import format_summary, to_report, write_json

    print("", file=out)
    print(f"session ended: {printable(session.stop_reason or 'done')}", file=out)
    q = session.link_quality()
    print(
        f"link: {q.frames} frames, {q.frames_lost} lost, {q.frames_bad} skipped (corrupt/short/out of order/"
        f"bad time stamp; {q.frames_time_rejected} for their time stamps, {q.resyncs} resync(s)), "
        f"{q.reconnects} reconnect(s), {q.gaps} gap(s)",
        file=out,
    )
    if q.samples_dropped:
        print(
            f"dropped {q.samples_dropped} sample(s) stamped at or before what was already logged "
            f"(the band's clock went back after {q.clock_rewinds} reconnection(s); a restarted band "
            "replays from an earlier time)",
            file=out,
        )
    phone = getattr(session.stream, "phone", None)
    if phone is not None:
        print(
            f"phone: {phone.messages} batch(es) used of {phone.requests} request(s); {phone.lost} lost, "
            f"{phone.duplicates} duplicate, {phone.late} too late, {phone.reordered} reordered (put back in "
            f"order), {phone.malformed} malformed, {phone.oversized} oversized, {phone.rate_limited} over the "
            f"rate limit, {phone.unauthorised} refused (wrong path/token), {phone.silences} silence(s)",
            file=out,
        )
    if session.result is not None:
        report = to_report(session.result)
        print(format_summary(report), file=out)
        if args.json_path:
            write_json(report, args.json_path)
            print(f"report written to {printable(args.json_path)}", file=out)
    else:
        print("too little data was received to analyse", file=out)
    if session.log_path_written is not None:
        shown = printable(session.log_path_written)
        print(f"log written to {shown} (tremor analyze {shown})", file=out)
    else:
        print("no samples were received; no log was written", file=out)
    out.flush()


def _run_live(args: argparse.Namespace) -> int:
    import asyncio

    return asyncio.run(live_async(args))


# ------------------------------------------------------------------------------------------ emulate
def _check_emulated_pair(args: argparse.Namespace) -> None:
    """``tremor emulate``: --pair goes with --simulate, --stronger with --pair, a scale > 0."""
    from tremor.errors import ParameterError

    if args.pair and args.from_file:
        raise ParameterError("--pair emulates a simulated session on both wrists: use --simulate, not --from")
    if args.stronger is not None and not args.pair:
        raise ParameterError("--stronger is for --pair (two emulated bands)")
    if not (args.tremor_scale > 0 and args.tremor_scale < 100):
        raise ParameterError(f"--tremor-scale must be in (0, 100), got {args.tremor_scale!r}")


async def emulate_async(args: argparse.Namespace, *, out: IO[str] | None = None) -> int:
    """``tremor emulate``: an emulated band plus a headless client printing what it receives."""
    import asyncio
    import time

    from tremor.ble import BadFrame, BandStream, LinkGap

    out = out or sys.stdout
    _check_emulated_pair(args)
    if getattr(args, "serve", None):
        return await serve_async(args, out=out)
    if args.pair:
        from tremor.errors import ParameterError

        raise ParameterError(
            "tremor emulate --pair needs --serve: the bands are reached by 'tremor live --emulated-at "
            "... --left band:NAME --right band:NAME' (or run 'tremor live --emulated --pair' in one process)"
        )
    async with _emulated(args, args.profile) as (handle, source):
        print(
            f"emulating {handle.name!r} ({args.profile}) at {handle.band.address}: {printable(source.description)}, "
            f"{source.fs_hz:g} Hz, {source.duration_s:.0f} s, pace x{args.pace:g}",
            file=out,
        )
        print(
            "a headless client in this process connects and prints what it receives, once a second:",
            file=out,
            flush=True,
        )

        async def consume() -> None:
            async with BandStream(handle.name, profile=args.profile, backend=handle.backends) as stream:
                info = stream.info
                assert info is not None  # set once the stream is open
                print(
                    f"connected: {info.fs:g} Hz, range {info.range_g} g, MTU {info.mtu}, factor {info.factor:g}",
                    file=out,
                    flush=True,
                )
                n_frames = n_bytes = n_samples = 0
                last_raw = b""
                next_print = time.monotonic() + 1.0
                first_ns: int | None = None
                last_ns = 0

                async def ticker() -> None:
                    while not source.exhausted:
                        await asyncio.sleep(0.2)
                    await asyncio.sleep(1.0)
                    await stream.aclose()

                tick = asyncio.get_running_loop().create_task(ticker())
                try:
                    async for item in stream:
                        if isinstance(item, BadFrame):  # not requested here: never yielded
                            continue
                        if isinstance(item, LinkGap):
                            print(
                                f"link gap: {(item.end_ns - item.start_ns) / 1e9:.2f} s ({item.reason})",
                                file=out,
                            )
                            continue
                        n_frames += 1
                        n_bytes += len(item.raw)
                        n_samples += int(item.device_time_ns.size)
                        first_ns = int(item.device_time_ns[0]) if first_ns is None else first_ns
                        last_ns = int(item.device_time_ns[-1])
                        last_raw = item.raw
                        if time.monotonic() >= next_print:
                            next_print += 1.0
                            s = stream.stats
                            print(
                                f"[{(last_ns - first_ns) / 1e9:7.1f} s device] {n_frames} notifications "
                                f"({n_bytes} bytes), {n_samples} samples, "
                                f"{s.measured_rate_hz or 0:.1f} Hz, lost {s.frames_lost}, skipped "
                                f"{s.frames_corrupt + s.frames_short + s.frames_out_of_order + s.frames_time_rejected}"
                                f" ({s.frames_time_rejected} bad time stamp(s), {s.resyncs} resync(s)); last "
                                f"{last_raw[:12].hex(' ')}{' ...' if len(last_raw) > 12 else ''}",
                                file=out,
                                flush=True,
                            )
                finally:
                    tick.cancel()
                print(
                    f"done: {n_frames} notifications, {n_samples} samples; {stream.stats}",
                    file=out,
                    flush=True,
                )

        try:
            if args.duration is not None:
                async with asyncio.timeout(args.duration):
                    await consume()
            else:
                await consume()
        except TimeoutError:
            print(f"stopped after {args.duration:g} s", file=out)
    return 0


@contextlib.asynccontextmanager
async def _served(args: argparse.Namespace, out: IO[str]) -> Any:
    """The band (or, with ``--pair``, the left and right bands) ``tremor emulate --serve`` serves."""
    from tremor.ble.commands import open_emulator, open_emulator_pair

    if getattr(args, "pair", False):
        from tremor.live.sources import simulated_pair_sources

        sources = simulated_pair_sources(
            seed=args.seed, fs_hz=args.fs, stronger=args.stronger, tremor_scale=args.tremor_scale
        )
        async with open_emulator_pair(
            *sources, args.profile, fs=args.fs, pace=args.pace, record=False, serve=args.serve
        ) as pair:
            at = pair.served_at
            left, right = pair.names
            print(
                f"serving emulated bands {left!r} (left) and {right!r} (right) ({args.profile}) at {at}: "
                f"{printable(sources[0].description.rsplit(', left wrist', 1)[0])}; "
                f"{sources[0].description.rsplit('; ', 1)[-1]}; {args.fs:g} Hz, "
                f"{sources[0].duration_s:.0f} s, pace x{args.pace:g}",
                file=out,
            )
            print(
                f'reach them from another process: tremor live --emulated-at {at} --left "band:{left}" '
                f'--right "band:{right}"',
                file=out,
                flush=True,
            )
            yield pair, [pair.left, pair.right], list(sources)
        return
    source = _emulator_source(args)
    async with open_emulator(
        source, args.profile, fs=source.fs_hz, pace=args.pace, record=False, serve=args.serve
    ) as handle:
        at = handle.served_at
        print(
            f"serving emulated band {handle.name!r} ({args.profile}) at {at}: {printable(source.description)}, "
            f"{source.fs_hz:g} Hz, {source.duration_s:.0f} s, pace x{args.pace:g}",
            file=out,
        )
        print(f"reach it from another process: tremor live --emulated-at {at}", file=out, flush=True)
        yield handle, [handle.band], [source]


async def serve_async(args: argparse.Namespace, *, out: IO[str] | None = None) -> int:
    """``tremor emulate --serve tcp:127.0.0.1:PORT``: serve an emulated band to other processes.

    Runs until the source has been streamed (and its end told to the client), ``--duration``
    wall seconds pass, or SIGINT / SIGTERM; then disconnects clients, stops the band, exits 0.
    """
    import asyncio

    out = out or sys.stdout
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    reason: list[str] = []

    def request(why: str) -> None:
        reason.append(why)
        stop.set()

    async with _served(args, out) as (handle, bands, sources):
        installed = []
        for sig, why in ((signal.SIGINT, "interrupted"), (signal.SIGTERM, "terminated")):
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(sig, request, why)
                installed.append(sig)

        async def watch() -> None:
            server = handle.server
            seen: tuple[Any, ...] | None = None
            while True:
                now = (server.clients, *((b.is_connected, b.measuring) for b in bands))
                if now != seen:
                    states = [
                        "streaming" if m else "connected, not streaming" if c else "advertising"
                        for c, m in now[1:]
                    ]
                    what = (
                        f"band {states[0]}"
                        if len(bands) == 1
                        else "; ".join(f"{b.name!r} {st}" for b, st in zip(bands, states, strict=True))
                    )
                    print(f"clients: {now[0]}; {what}", file=out, flush=True)
                    seen = now
                if all(src.exhausted for src in sources):
                    await asyncio.sleep(1.0)  # let the client take the band's "measurement stopped"
                    request("the source ended")
                    return
                await asyncio.sleep(0.2)

        watcher = loop.create_task(watch())
        try:
            if args.duration is not None:
                try:
                    async with asyncio.timeout(args.duration):
                        await stop.wait()
                except TimeoutError:
                    reason.append(f"--duration {args.duration:g} s passed")
            else:
                await stop.wait()
        finally:
            watcher.cancel()
            for sig in installed:
                with contextlib.suppress(Exception):
                    loop.remove_signal_handler(sig)
    print(f"emulator stopped: {reason[0] if reason else 'done'}", file=out, flush=True)
    return 0


def _run_emulate(args: argparse.Namespace) -> int:
    import asyncio

    try:
        return asyncio.run(emulate_async(args))
    except KeyboardInterrupt:
        print("emulator stopped", file=sys.stderr)
        return 0


#: ``tremor`` subcommand name -> handler(args) -> exit code.
LIVE_HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "scan": _run_scan,
    "live": _run_live,
    "emulate": _run_emulate,
}
