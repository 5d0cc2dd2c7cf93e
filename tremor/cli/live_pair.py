"""``tremor live --left SOURCE --right SOURCE`` (and ``--emulated --pair``): two wrists at once.

The work happens in :mod:`tremor.live.pair` (two sessions, compared set by set) and
:mod:`tremor.live.pair_display` (the terminal); this module turns the options into two sample
sources, runs them and prints the summary. A SOURCE is one of::

    band:NAME|ADDRESS           a BLE band (--profile, --max-rate, --scan-timeout apply to both)
    sensorlogger:HOST:PORT      Sensor Logger's HTTP push, received here (one port per side)
    phyphox:http://PHONE:PORT   phyphox's remote access, polled
"""

from __future__ import annotations

import argparse
import contextlib
import signal
from pathlib import Path
from typing import IO, Any

from tremor.errors import ParameterError, printable

__all__ = ["SOURCE_KINDS", "check_pair_options", "not_compared", "pair_async", "parse_source"]

SOURCE_KINDS = ("band", "sensorlogger", "phyphox")


def parse_source(text: str, opt: str) -> tuple[str, str]:
    """Split a ``--left``/``--right`` SOURCE into its kind and its argument.

    Parameters
    ----------
    text : str
        ``band:NAME|ADDRESS``, ``sensorlogger:HOST:PORT`` or ``phyphox:http://PHONE:PORT``.
    opt : str
        The option it came from (for the error message).

    Returns
    -------
    tuple of str
        The kind (one of :data:`SOURCE_KINDS`) and what follows the first colon.

    Raises
    ------
    ParameterError
        For an unknown kind or a missing argument.
    """
    kind, sep, rest = text.partition(":")
    if kind not in SOURCE_KINDS or not sep or not rest.strip():
        raise ParameterError(
            f"{opt}: expected band:NAME|ADDRESS, sensorlogger:HOST:PORT or phyphox:http://PHONE:PORT, "
            f"got {text!r}"
        )
    if kind == "sensorlogger":
        host, colon, port = rest.rpartition(":")
        if not colon or not host or not port.isdigit():
            raise ParameterError(
                f"{opt}: sensorlogger needs HOST:PORT, e.g. sensorlogger:0.0.0.0:8001, got {text!r}"
            )
    return kind, rest


def check_pair_options(args: argparse.Namespace) -> str | None:
    """Which pair mode the options ask for: ``"sources"`` (--left/--right), ``"emulated"`` or None.

    Parameters
    ----------
    args : argparse.Namespace
        The parsed ``tremor live`` options.

    Returns
    -------
    str or None
        None for a one-source session.

    Raises
    ------
    ParameterError
        For options that do not go together.
    """
    left, right = getattr(args, "left", None), getattr(args, "right", None)
    emulated_pair = bool(getattr(args, "pair", False))
    if (left is None) != (right is None):
        raise ParameterError("--left and --right go together: give both wrists' sources")
    if left is None and not emulated_pair:
        if getattr(args, "stronger", None) is not None:
            raise ParameterError("--stronger is for an emulated pair (--emulated --pair)")
        return None
    if getattr(args, "token", None) is not None:
        raise ParameterError(
            "--token is for one Sensor Logger source; with two wrists each receiver makes its own token"
        )
    if getattr(args, "source", "band") != "band" or args.device:
        raise ParameterError(
            "with two wrists each side names its source: --left SOURCE --right SOURCE "
            "(not --source or --device)"
        )
    if emulated_pair:
        if left is not None:
            raise ParameterError("--pair emulates both bands; it does not go with --left/--right")
        if args.from_file:
            raise ParameterError(
                "--pair emulates a simulated session on both wrists: use --simulate, not --from"
            )
        if getattr(args, "emulated_at", None):
            raise ParameterError(
                "--pair runs both emulated bands in this process; to reach a pair served by "
                "'tremor emulate --pair --serve', give --left band:NAME --right band:NAME"
            )
        if not 0 < args.tremor_scale < 100:
            raise ParameterError(f"--tremor-scale must be in (0, 100), got {args.tremor_scale!r}")
        return "emulated"
    if args.emulated or args.from_file or args.simulate:
        raise ParameterError(
            "--left/--right name real sources (or bands served by 'tremor emulate --pair --serve' with "
            "--emulated-at); for two emulated bands in this process use --emulated --pair"
        )
    if args.stronger is not None:
        raise ParameterError("--stronger is for an emulated pair (--emulated --pair)")
    return "sources"


def _streams(args: argparse.Namespace, backend: Any, scan_timeout: float, out: IO[str]) -> dict[str, Any]:
    from tremor.ble import BandStream
    from tremor.cli.live import tell_sensorlogger
    from tremor.live.phone import PhyphoxSource, SensorLoggerSource

    specs = {"left": parse_source(args.left, "--left"), "right": parse_source(args.right, "--right")}
    if specs["left"] == specs["right"]:
        raise ParameterError(f"--left and --right name the same source ({args.left!r}): one per wrist")
    streams: dict[str, Any] = {}
    for side, (kind, arg) in specs.items():
        if kind == "band":
            streams[side] = BandStream(
                arg,
                profile=args.profile,
                backend=backend,
                max_rate_hz=args.max_rate,
                scan_timeout=scan_timeout,
                yield_bad_frames=True,
            )
            print(f"{side}: band {printable(arg)}", file=out)
        elif kind == "phyphox":
            src = PhyphoxSource(arg)
            print(f"{side}: polling phyphox at {src.url}", file=out)
            streams[side] = src
        else:
            host, _, port = arg.rpartition(":")
            sl = SensorLoggerSource(host.strip("[]"), int(port), token=None)

            def tell(sl: Any = sl, side: str = side) -> None:
                print(f"{side} wrist:", file=out)
                tell_sensorlogger(sl, out)

            sl.on_listening = tell
            streams[side] = sl
    out.flush()
    return streams


async def pair_async(
    args: argparse.Namespace,
    mode: str,
    log: Path | None,
    context: dict[str, Any],
    *,
    backend: Any = None,
    out: IO[str],
    console: Any = None,
    plain: bool | None = None,
) -> int:
    """Run a two-wrist live session (``mode`` from :func:`check_pair_options`); print the summary.

    Parameters
    ----------
    args : argparse.Namespace
        The parsed ``tremor live`` options.
    mode : str
        ``"sources"`` or ``"emulated"``.
    log : Path or None
        ``--log``: the logs are ``NAME-left.tlog`` and ``NAME-right.tlog`` (None: dated names here).
    context : dict
        Parsed user context.
    backend : optional
        Bleak backends to use for band sources (tests).
    out : file
        Where text goes.
    console, plain : optional
        As for :class:`~tremor.live.display.LiveDisplay`.

    Returns
    -------
    int
        0, or 2 when a side failed (after the summary).
    """
    from tremor.live.pair import pair_log_paths
    from tremor.live.pair_display import PairDisplay
    from tremor.live.session_log import default_log_path

    paths = pair_log_paths(log if log is not None else default_log_path())
    for p in paths.values():
        if p.exists():
            raise ParameterError(f"--log: {printable(p)} exists; a log is never overwritten, pick a new name")
    display = PairDisplay(console=console, plain=True if args.plain else plain, out=out)
    emulated_at = getattr(args, "emulated_at", None)
    scan_timeout = args.scan_timeout if args.scan_timeout is not None else (1.5 if emulated_at else 5.0)
    if mode == "emulated":
        from tremor.ble.commands import open_emulator_pair
        from tremor.live.sources import simulated_pair_sources

        if not args.pace > 0:
            raise ParameterError(f"--pace must be > 0, got {args.pace!r}")
        sources = simulated_pair_sources(
            seed=args.seed, fs_hz=args.fs, stronger=args.stronger, tremor_scale=args.tremor_scale
        )
        profile = args.profile or "pmd"
        async with open_emulator_pair(*sources, profile, fs=args.fs, pace=args.pace, record=False) as handle:
            print(
                f"emulated bands {handle.names[0]!r} (left) and {handle.names[1]!r} (right) ({profile}): "
                f"{printable(sources[0].description.rsplit(', left wrist', 1)[0])}; "
                f"{sources[0].description.rsplit('; ', 1)[-1]}; pace x{args.pace:g}",
                file=out,
                flush=True,
            )
            args.left, args.right = f"band:{handle.names[0]}", f"band:{handle.names[1]}"
            streams = _streams(args, handle.backends, scan_timeout, out)
            return await _run(streams, paths, args, context, display, out, sources=sources)
    if emulated_at:
        from tremor.ble.commands import require_bumble

        require_bumble()
        from tremor.ble.bumble_backend import BumbleCentral
        from tremor.ble.hci_transport import parse_transport_spec

        spec = parse_transport_spec(emulated_at)
        central = BumbleCentral.from_transport(spec)
        print(f"reaching the emulated bands served at {spec} (tremor emulate --serve)", file=out, flush=True)
        try:
            return await _run(
                _streams(args, central.backends, scan_timeout, out), paths, args, context, display, out
            )
        finally:
            await central.close()
    return await _run(_streams(args, backend, scan_timeout, out), paths, args, context, display, out)


async def _run(
    streams: dict[str, Any],
    paths: dict[str, Path],
    args: argparse.Namespace,
    context: dict[str, Any],
    display: Any,
    out: IO[str],
    *,
    sources: Any = None,
) -> int:
    import asyncio

    from tremor.cli._warnings import tool_warnings
    from tremor.live.display import KeyReader
    from tremor.live.pair import PairSession

    pair = PairSession(
        streams,
        {side: str(p) for side, p in paths.items()},
        context=context,
        auto_sets=not args.keys_only,
        on_event=display.handle_pair_event,
    )
    loop = asyncio.get_running_loop()
    with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
        loop.add_signal_handler(signal.SIGINT, pair.request_stop, "stopped with Ctrl-C")
    watcher = loop.create_task(_watch_sources(pair, sources)) if sources is not None else None
    display_task = loop.create_task(display.run_pair(pair))
    try:
        with (
            tool_warnings(lambda line: display.print_lines([line])),
            KeyReader(
                lambda: display.print_lines([pair.toggle_set()]),
                lambda: pair.request_stop("quit with q"),
            ) as keys,
        ):
            for s in pair.sessions.values():
                s.keys_enabled = keys.active
            await pair.run()
    except asyncio.CancelledError:
        if pair.stop_reason != "stopped with Ctrl-C":
            raise
    finally:
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.remove_signal_handler(signal.SIGINT)
        if watcher is not None:
            watcher.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await display_task
    _print_pair_summary(pair, args, out)
    return 2 if pair.errors else 0


async def _watch_sources(pair: Any, sources: Any) -> None:
    """Stop both sides shortly after both emulated bands have streamed their whole sources."""
    import asyncio

    while not all(s.exhausted for s in sources):
        await asyncio.sleep(0.2)
    await asyncio.sleep(1.0)
    pair.request_stop("the emulated bands' sources ended")


def not_compared(pair: Any) -> list[str]:
    """What a lost side kept from being compared: the other side's sets that found no partner.

    Parameters
    ----------
    pair : PairSession
        The ended session (its final :attr:`~tremor.live.pair.PairSession.pair`).

    Returns
    -------
    list of str
        One line per lost side (none where no side was lost).
    """
    lines = []
    for side, t in pair.lost_at_s.items():
        other = "right" if side == "left" else "left"
        only = pair.pair.unmatched_right if other == "right" else pair.pair.unmatched_left
        sets = f"{other} set(s) {', '.join(map(str, only))}" if only else f"no {other} set"
        lines.append(
            f"not compared: the {side} side was lost at {t:.1f} s of its recording, so {sets} "
            f"could not be compared with the {side}; muscle imbalance is judged only on the sets compared before that"
        )
    return lines


def _print_pair_summary(pair: Any, args: argparse.Namespace, out: IO[str]) -> None:
    from tremor.report.json_report import to_report, write_json
    from tremor.report.pair_report import format_pair_summary, to_pair_report
    from tremor.report.summary import format_summary

    print("", file=out)
    for side, s in pair.sessions.items():
        q = s.link_quality()
        print(
            f"{side}: session ended: {printable(s.stop_reason or 'done')}; link: {q.frames} frames, "
            f"{q.frames_lost} lost, {q.frames_bad} skipped, {q.reconnects} reconnect(s), {q.gaps} gap(s)"
            + (f", {q.samples_dropped} sample(s) dropped behind the log" if q.samples_dropped else ""),
            file=out,
        )
        if side in pair.errors:
            print(f"{side}: failed: {printable(str(pair.errors[side]))}", file=out)
    left, right = pair.sessions["left"].result, pair.sessions["right"].result
    if pair.pair is not None and left is not None and right is not None:
        doc = to_pair_report(left, right, pair.pair)
        print(format_pair_summary(doc), file=out)
        for line in not_compared(pair):
            print(line, file=out)
        if args.json_path:
            write_json(doc, args.json_path)
            print(f"pair report written to {printable(args.json_path)}", file=out)
    else:
        for side, result in (("left", left), ("right", right)):
            print(f"\n{side.upper()}", file=out)
            if result is None:
                print("too little data was received to analyse", file=out)
            else:
                print(format_summary(to_report(result)), file=out)
        missing = " and ".join(side for side, r in (("left", left), ("right", right)) if r is None)
        print(f"\nmuscle imbalance cannot be judged: nothing to analyse from the {missing} side", file=out)
    written = {side: s.log_path_written for side, s in pair.sessions.items()}
    if all(written.values()):
        shown = {side: printable(p) for side, p in written.items()}
        print(
            f"logs written to {shown['left']} and {shown['right']} "
            f"(tremor analyze {shown['left']} {shown['right']} --pair)",
            file=out,
        )
    else:
        for side, p in written.items():
            print(
                f"{side}: log written to {printable(p)}"
                if p
                else f"{side}: no samples were received; no log was written",
                file=out,
            )
    out.flush()
