"""``tremor emulate`` (a band with a headless client, or served over loopback TCP HCI) and the emulated
sources that ``tremor live --emulated`` also uses.

Split from :mod:`tremor.cli.live` by job (running emulated bands); see ``docs/live.md``.
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
from typing import IO, Any

from tremor.errors import printable

__all__ = ["emulate_async", "emulated", "emulator_source", "serve_async", "run_emulate"]


# ------------------------------------------------------------------------------------------ sources
def emulator_source(args: argparse.Namespace) -> Any:
    """The emulated band's source from ``--from FILE`` or ``--simulate`` (with ``--seed``, ``--fs``).

    Parameters
    ----------
    args : argparse.Namespace
        The parsed ``tremor live --emulated`` or ``tremor emulate`` options.

    Returns
    -------
    EmulatorSource
        The chunks the band streams.

    Raises
    ------
    ParameterError
        For ``--pace`` not > 0.
    """
    from tremor.errors import ParameterError
    from tremor.live.sources import file_source, simulated_source

    if not args.pace > 0:
        raise ParameterError(f"--pace must be > 0, got {args.pace!r}")
    if args.from_file:
        return file_source(args.from_file)
    return simulated_source(seed=args.seed, fs_hz=args.fs)


@contextlib.asynccontextmanager
async def emulated(args: argparse.Namespace, profile: str) -> Any:
    """An emulated band streaming :func:`emulator_source`; yields ``(handle, source)``.

    Parameters
    ----------
    args : argparse.Namespace
        The parsed options (``--from``/``--simulate``, ``--pace``).
    profile : str
        The band's profile.

    Yields
    ------
    tuple
        The :class:`~tremor.ble.commands.EmulatorHandle` and the source.
    """
    from tremor.ble.commands import open_emulator

    source = emulator_source(args)
    async with open_emulator(source, profile, fs=source.fs_hz, pace=args.pace, record=False) as handle:
        yield handle, source


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
    async with emulated(args, args.profile) as (handle, source):
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
    source = emulator_source(args)
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


def run_emulate(args: argparse.Namespace) -> int:
    """``tremor emulate``: run :func:`emulate_async` (Ctrl-C ends it with exit code 0).

    Parameters
    ----------
    args : argparse.Namespace
        The parsed ``tremor emulate`` options.

    Returns
    -------
    int
        The exit code.
    """
    import asyncio

    try:
        return asyncio.run(emulate_async(args))
    except KeyboardInterrupt:
        print("emulator stopped", file=sys.stderr)
        return 0
