"""The pulse rule's fast chain walk (h-pulse2's speed part, kept by h-rev34 without its second-sound rule).

The walk on plain floats with a bisection must give the walk as first written (h-heart2) exactly: the same beats,
windows and slots, so ``pulse`` verdicts are unchanged (h-rev34: detect_transients identical to base 32a792e on 96
files of 120 s at 50/100/200 Hz and 1 h at 100 Hz, CPU 24.2/25.6 -> 15.7/15.8 s).
"""

from __future__ import annotations

from bisect import bisect_left

import numpy as np
import pytest

from tests import pulse_gen as G
from tests.run_entropy import fresh_entropy
from tests.twitch_gen import twitch_wave
from tremor.core import twitch_pulse as P
from tremor.core.events import TwitchDetector, detect_transients

FRESH = int(fresh_entropy(__name__) % 2**31)


def _walk_definition(
    beats: np.ndarray, i0: int, period: float, step: int, tol: float
) -> tuple[list[int], list[tuple[float, float]], int]:
    """The chain walk as first written (h-heart2): ``np.median`` and ``np.argmin`` over the array a step."""
    chain: list[int] = []
    widths: list[tuple[float, float]] = []
    slots, intervals, t, missed = 0, [period], beats[i0], 0
    while True:
        ref = float(np.median(intervals[-P._LOCAL :]))
        found = None
        for k in range(1, P._MAX_EMPTY + 2 - missed):
            want = t + step * k * ref
            j = int(np.argmin(np.abs(beats - want)))
            if abs(beats[j] - want) <= tol * ref * k and (beats[j] - t) * step > 0:
                found = (j, k)
                break
        if found is None:
            return chain, widths, slots
        j, k = found
        interval = abs(beats[j] - t) / k
        if not 1.0 / P.PULSE_HZ[1] <= interval <= 1.0 / P.PULSE_HZ[0]:
            return chain, widths, slots
        chain.append(j)
        widths.append((2.0 * max(tol * ref, P._TIMING_S), float(k)))
        slots, missed, t = slots + k, k - 1, beats[j]
        intervals.append(interval)


@pytest.mark.parametrize("seed", [1, FRESH])
def test_the_fast_walk_is_the_walk_as_written(seed: int) -> None:
    """Regular trains (jitter 1-15 %, beats missing) and random times, every first interval and tolerance: the
    walk on plain floats gives the definition's beats, windows and slots exactly."""
    rng = np.random.default_rng(seed)
    print("seed", seed)
    for _ in range(40):
        period = rng.uniform(0.35, 1.4)
        t = np.cumsum(period * (1 + rng.uniform(0.01, 0.15) * rng.normal(size=30)))
        t = np.sort(t[rng.uniform(size=t.size) < rng.uniform(0.5, 1.0)])
        if rng.uniform() < 0.3:
            t = np.sort(rng.uniform(0.0, 20.0, 25))
        i0 = int(rng.integers(0, t.size))
        for p in rng.uniform(0.3, 1.6, 6):
            for tol in P.PULSE_TOLERANCES:
                for step in (1, -1):
                    assert P._walk(t.tolist(), i0, float(p), step, tol) == _walk_definition(
                        t, i0, float(p), step, tol
                    )
    assert bisect_left([0.0, 1.0, 1.0], 1.0) == P._nearest([0.0, 1.0, 1.0], 1.2)  # the first of equals


def _steady(acc: np.ndarray, fs: float, rng: np.random.Generator, cv: float, rate: float) -> int:
    wave, k = twitch_wave(rng, fs)
    axis, size = G.unit(rng), rng.uniform(0.05, 0.08)
    t, n = 2.0 + rng.uniform(0, 1 / rate), 0
    while t < acc.shape[0] / fs - 1.5:
        G.add(acc, fs, t - k / fs, size * np.exp(0.3 * rng.normal()) * wave, G.tilt(axis, 5.0, rng))
        t, n = t + rng.gamma(1 / cv**2, cv**2 / rate), n + 1
    return n


def test_live_chunks_give_the_batch_verdicts() -> None:
    """A heart at 70 a minute under the hand and a steady unit (CV 5 %, 1.2/s) on another axis, 90 s at 100 Hz, fed
    in random chunks of 1-3000 samples: the same candidates and kinds as all at once (the fast walk and the
    vectorised memory and slot test alike in both)."""
    rng = np.random.default_rng(7)
    acc = G.rest(100.0, 90.0, rng)
    G.heartbeats(acc, 100.0, G.beat_times(90.0, 70.0, rng, 0.04, 0.015), 0.05, rng)
    _steady(acc, 100.0, rng, 0.05, 1.2)
    batch = [(round(x.t_s, 6), x.kind) for x in detect_transients(acc, fs=100.0)]
    det, live, i = TwitchDetector(100.0), [], 0
    while i < acc.shape[0]:
        j = min(i + int(rng.integers(1, 3000)), acc.shape[0])
        live += det.update(acc[i:j], final=j == acc.shape[0])
        i = j
    print("pulse", sum(k == "pulse" for _, k in batch), "of", len(batch))
    assert any(k == "pulse" for _, k in batch)
    assert [(round(x.t_s, 6), x.kind) for x in live] == batch
