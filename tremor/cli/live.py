"""The ``tremor scan``, ``tremor live`` and ``tremor emulate`` commands (parsers and runners).

:mod:`tremor.cli.main` adds these parsers with :func:`add_live_parsers` and dispatches through
:data:`LIVE_HANDLERS`; the work happens in :mod:`tremor.live.session` (session), :mod:`tremor.live.display`
(terminal) and :mod:`tremor.ble` (radio). This module imports nothing heavy at load time (not even
asyncio: `tremor --help` stays fast).

Emulated bands live on Bumble's virtual radio. ``tremor live --emulated`` runs band and live session
in one process; ``tremor emulate`` runs a band with a headless client that prints what it receives,
or, with ``--serve tcp:127.0.0.1:PORT``, serves the band's radio over loopback TCP HCI so that
``tremor live --emulated-at tcp:127.0.0.1:PORT`` in another process reaches it (see ``docs/live.md``).

Split by job: the options are declared in :mod:`tremor.cli.live_options`, ``tremor emulate`` and the
emulated sources are in :mod:`tremor.cli.live_emulate`, two wrists in :mod:`tremor.cli.live_pair`;
this module runs ``scan`` and ``live`` with one source (a band, an emulated band or a phone).
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from tremor.cli.live_emulate import emulate_async, emulated, run_emulate, serve_async
from tremor.cli.live_options import add_live_parsers
from tremor.errors import printable

__all__ = [
    "add_live_parsers",
    "LIVE_HANDLERS",
    "live_async",
    "emulate_async",
    "serve_async",
    "scan_async",
    "tell_sensorlogger",
]


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
    from tremor.live.session_log import default_log_path

    out = out or sys.stdout
    from tremor.cli.args import context_items
    from tremor.cli.live_pair import check_pair_options, pair_async

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
        from tremor.ble.commands import require_bumble

        require_bumble()
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
        async with emulated(args, profile) as (handle, source):
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
    src.on_listening = lambda: tell_sensorlogger(src, out)
    return src


def tell_sensorlogger(src: Any, out: IO[str]) -> None:
    """Tell the user what to enter in Sensor Logger to push to ``src``, once it listens.

    Parameters
    ----------
    src : SensorLoggerSource
        The listening source (its URLs to enter, and whether it listens on this machine only).
    out : text stream
        Where to print.
    """
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
    from tremor.report.json_report import to_report, write_json
    from tremor.report.summary import format_summary

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


#: ``tremor`` subcommand name -> handler(args) -> exit code.
LIVE_HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "scan": _run_scan,
    "live": _run_live,
    "emulate": run_emulate,
}
