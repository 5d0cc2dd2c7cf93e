"""Helpers for the live-session tests: a loop runner, emulated bands on a virtual radio, log parsing."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
from collections.abc import AsyncIterator, Coroutine
from pathlib import Path
from typing import Any

import numpy as np

from tremor.ble import BandStream, ReconnectPolicy
from tremor.live.sources import EmulatorSource, simulated_source

FAST = ReconnectPolicy(initial_s=0.05, factor=2.0, max_delay_s=0.4, max_attempts=8)


def run(coro: Coroutine[Any, Any, Any], timeout: float = 60.0) -> Any:
    """Run a coroutine on a fresh event loop with an overall time limit."""

    async def limited() -> Any:
        async with asyncio.timeout(timeout):
            return await coro

    return asyncio.run(limited())


def short_source(max_s: float, *, seed: int = 3) -> EmulatorSource:
    """The first ``max_s`` seconds of a simulated session (seed 3: rest, then a calm set at 48-95 s)."""
    return simulated_source(seed=seed, fs_hz=100.0, labels=["calm", "fasciculations"], max_s=max_s)


@contextlib.asynccontextmanager
async def emulated_stream(
    source: EmulatorSource, *, pace: float, profile: str = "pmd", record: bool = False
) -> AsyncIterator[Any]:
    """An emulated band streaming ``source`` and an unopened BandStream to it: yields (handle, stream).

    With ``record`` the band keeps every notification it sent (``handle.band.sent``, see :func:`band_time_s`).
    """
    from tremor.ble.commands import open_emulator

    async with open_emulator(source, profile, fs=source.fs_hz, pace=pace, record=record) as handle:
        yield (
            handle,
            BandStream(
                handle.name, profile=profile, backend=handle.backends, reconnect=FAST, yield_bad_frames=True
            ),
        )


def band_time_s(band: Any) -> float:
    """Device time (s from its first sample) of the last sample a recording emulated band has sent; 0 before any.

    The band paces itself by the wall clock, not by the session: under CPU load the session reading its frames
    can lag the band by seconds of device time, so a fault meant for a point of the source waits on this.
    """
    if not band.sent:
        return 0.0
    return float(band.sent[-1].time_ns[-1] - band.sent[0].time_ns[0]) / 1e9


def log_records(path: Path) -> list[str]:
    """The record letters and fields of a log, one string per line (checksums stripped)."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [lines[0]] + [ln.rpartition("*")[0] for ln in lines[1:]]


async def wait_until(pred: Any, timeout: float = 20.0, step: float = 0.02) -> None:
    async with asyncio.timeout(timeout):
        while not pred():
            await asyncio.sleep(step)


def random_chunks(n: int, rng: np.random.Generator, most: int = 300) -> list[tuple[int, int]]:
    """(start, stop) index pairs cutting ``n`` samples into chunks of 1 to ``most - 1`` samples, drawn from ``rng``."""
    cuts = np.cumsum(rng.integers(1, most, size=n))
    cuts = np.concatenate([[0], cuts[cuts < n], [n]])
    return [(int(a), int(b)) for a, b in itertools.pairwise(cuts)]
