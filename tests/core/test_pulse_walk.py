"""The pulse rule's fast chain walk (h-pulse2's speed part, kept by h-rev34 without its second-sound rule).

The walk on plain floats with a bisection must give the walk as first written (h-heart2) exactly: the same beats,
windows and slots, so ``pulse`` verdicts are unchanged (h-rev34: detect_transients identical to base 32a792e on 96
files of 120 s at 50/100/200 Hz and 1 h at 100 Hz, CPU 24.2/25.6 -> 15.7/15.8 s).
"""

from __future__ import annotations

from bisect import bisect_left

import numpy as np
import pytest

from tests.run_entropy import fresh_entropy
from tremor.core import twitch_pulse as P

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
