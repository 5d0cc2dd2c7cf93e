"""The twitch detector fed live by a caller that reuses its buffer gives batch's transients (review h-rev2).

fe56343 keeps the detector's first block of its own filter outputs without a copy, and 7e29fbf reads the raw samples
above 3 Hz around each candidate (``HeldFilter.residual``). Both are safe only while no array the detector keeps is
one its caller changes later. A live source (BLE, a phone) typically fills one buffer over and over; here the caller
overwrites its buffer with NaN after each call, a backlog of 15-30 s first, then chunks of 1-700 samples, and the transients (time, kind, peak)
must equal :func:`tremor.core.events.detect_transients` on the whole signal: a still wrist with a 0.15 m/s^2 9 Hz
tremor, pulses (derivative-of-Gaussian 5-20 ms, rings from 15 Hz to 0.45 fs) of 0.2-2.2 m/s^2, twitches and impacts
both, at 100 and 200 Hz. Fresh seed, printed (``TREMOR_FRESH_SEED`` replays it).
"""

from __future__ import annotations

import os

import numpy as np
import pytest

from tremor.core.events import TwitchDetector, detect_transients


def _unit(rng: np.random.Generator) -> np.ndarray:
    v = rng.normal(size=3)
    return v / np.linalg.norm(v)


def _pulse(rng: np.random.Generator, fs: float) -> np.ndarray:
    if rng.random() < 0.5:
        sigma = rng.choice([0.005, 0.01, 0.02])
        t = np.arange(-5 * sigma, 5 * sigma, 1 / fs)
        x = -(t / sigma) * np.exp(-(t**2) / (2 * sigma**2))
    else:
        tau = rng.uniform(0.005, 0.03)
        t = np.arange(int(5 * tau * fs) + 1) / fs
        x = np.exp(-t / tau) * np.sin(2 * np.pi * rng.uniform(15, 0.45 * fs) * t)
    return x / np.abs(x).max()


@pytest.mark.parametrize("fs", [100.0, 200.0])
def test_a_reused_live_buffer_gives_batchs_transients(fs: float) -> None:
    seed = int(os.environ.get("TREMOR_FRESH_SEED", np.random.SeedSequence().entropy % 2**31))
    print("seed", seed)
    rng = np.random.default_rng(seed)
    n = int(60 * fs)
    t = np.arange(n) / fs
    acc = np.tile([0.0, 0.0, 9.81], (n, 1)) + rng.normal(0, 0.01, (n, 3))
    acc += np.outer(0.15 * np.sin(2 * np.pi * 9.0 * t + 0.3 * np.sin(2 * np.pi * 0.2 * t)), _unit(rng))
    for at in np.arange(4.0, 57.0, 2.5):
        p = _pulse(rng, fs)
        i = round(at * fs)
        acc[i : i + p.size] += rng.choice([0.2, 0.5, 1.0, 1.6, 2.2]) * p[:, None] * _unit(rng)
    batch = [(c.t_s, c.kind, c.peak_mps2) for c in detect_transients(acc, fs=fs)]
    det = TwitchDetector(fs)
    buf = np.empty((n // 2, 3))
    live = []
    i = 0
    while i < n:
        # a backlog first (a phone flushing what it buffered: the detector's first block holds candidates)
        k = int(rng.integers(n // 4, n // 2)) if i == 0 else min(int(rng.integers(1, 701)), n - i)
        buf[:k] = acc[i : i + k]
        live += det.update(buf[:k], final=i + k >= n)
        buf[:] = np.nan  # the caller's next read goes into the same buffer
        i += k
    print(len(batch), "transients,", sum(k == "twitch" for _, k, _ in batch), "twitches")
    assert [(c.t_s, c.kind, c.peak_mps2) for c in live] == batch, seed
