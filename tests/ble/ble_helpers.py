"""Helpers shared by the BLE tests (sine sources with known answers, a loop runner)."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine, Iterator
from typing import Any

import numpy as np

T0_NS = 1_750_000_000_000_000_000  # a 2025 Unix time stamp, device clock start


def run(coro: Coroutine[Any, Any, Any], timeout: float = 30.0) -> Any:
    """Run a coroutine on a fresh event loop with an overall time limit."""

    async def limited() -> Any:
        async with asyncio.timeout(timeout):
            return await coro

    return asyncio.run(limited())


def sine_chunks(
    fs: float, *, freq_hz: float = 10.0, amp_mps2: float = 3.0, chunk: int = 13, t0_ns: int = T0_NS
) -> Iterator[tuple[int, np.ndarray]]:
    """Endless (t_ns, (n, 3) m/s^2) chunks: x = A sin(2 pi f t), y = A/2 cos, z = gravity."""
    i = 0
    while True:
        k = np.arange(i, i + chunk)
        t = k / fs
        acc = np.stack(
            [
                amp_mps2 * np.sin(2 * np.pi * freq_hz * t),
                0.5 * amp_mps2 * np.cos(2 * np.pi * freq_hz * t),
                np.full(chunk, 9.80665),
            ],
            axis=1,
        )
        yield t0_ns + round(i * 1e9 / fs), acc
        i += chunk


def expected_sine(
    times_ns: np.ndarray, *, freq_hz: float = 10.0, amp_mps2: float = 3.0, t0_ns: int = T0_NS
) -> np.ndarray:
    t = (times_ns - t0_ns) / 1e9
    return np.stack(
        [
            amp_mps2 * np.sin(2 * np.pi * freq_hz * t),
            0.5 * amp_mps2 * np.cos(2 * np.pi * freq_hz * t),
            np.full(t.size, 9.80665),
        ],
        axis=1,
    )
