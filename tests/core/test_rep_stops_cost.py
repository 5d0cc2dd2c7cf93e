"""The cost of :func:`tremor.core.set_edges.rep_stops` (h-rev40 review of h-curl50): a true fatigue tremor that is
largest in the last rep loses the frames holding it.

Physics: a set of curls to failure (0.5 Hz reps, 10-120 deg at a wrist 0.3 m from the elbow), the forearm caught at
the bottom of the last rep with its deceleration spread over about 300 ms (the angle smoothed with a 120 ms Gaussian:
no broadband step), the weight held 2 s, lowered onto the thigh in 1.5 s. A 2 Hz wide 7.5-10 Hz tremor grows
through the set as ``exp(ln(3) u^2)`` (u the set's elapsed share: the rise is in the last reps, largest at the last
rep and the hold, 3x the set's start) and decays within a second after the lowering.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.ndimage import gaussian_filter1d
from scipy.signal import butter, sosfiltfilt

from tremor.core.analysis import AnalysisResult, analyze
from tremor.core.recording import Recording, SourceInfo

G = 9.81


def _failure_curls(seed: int, fs: float, grow: float, reps_s: float = 20.0) -> tuple[np.ndarray, np.ndarray]:
    """Rest 25 s on the thigh, ``reps_s`` of curls, a 2 s hold, a 1.5 s lowering, rest 20 s; tremor grows ``grow``x."""
    rng = np.random.default_rng(seed)
    rest1, hold, lower = 25.0, 2.0, 1.5
    n = int((rest1 + reps_s + hold + lower + 20.0) * fs)
    t = np.arange(n) / fs
    down = np.deg2rad(-60.0)
    th = np.full(n, down)
    lead = (t >= rest1 - 1.0) & (t < rest1)
    th[lead] = down + np.deg2rad(70.0) * (0.5 - 0.5 * np.cos(np.pi * (t[lead] - rest1 + 1.0)))
    reps = (t >= rest1) & (t < rest1 + reps_s)
    th[reps] = np.deg2rad(10 + 55 * (1 - np.cos(np.pi * (t[reps] - rest1))))
    end = rest1 + reps_s
    th[(t >= end) & (t < end + hold)] = np.deg2rad(10.0)
    low = (t >= end + hold) & (t < end + hold + lower)
    s = (t[low] - end - hold) / lower
    th[low] = np.deg2rad(10.0) + (down - np.deg2rad(10.0)) * (0.5 - 0.5 * np.cos(np.pi * s))
    th = gaussian_filter1d(th, 0.12 * fs)
    thd = np.gradient(th, 1 / fs)
    acc = np.column_stack(
        [G * np.cos(th) - 0.3 * thd**2, G * np.sin(th) + 0.3 * np.gradient(thd, 1 / fs), np.full(n, 0.3)]
    )
    base = 0.012
    u = np.clip((t - rest1) / reps_s, 0.0, 1.0)
    amp = np.where((t >= rest1) & (t < end + hold), base * np.exp(np.log(grow) * u**2), base)
    after = t >= end + hold
    amp[after] = base + base * (grow - 1) * np.exp(-(t[after] - end - hold) / 0.7)
    f0 = rng.uniform(7.5, 10.0)
    sos = butter(2, [f0 - 1.0, f0 + 1.0], btype="band", fs=fs, output="sos")
    line = sosfiltfilt(sos, rng.standard_normal(n))
    acc += np.outer(line / np.sqrt(np.mean(line**2)) * amp, [0.6, 0.3, 0.74])
    return t, acc + rng.normal(0, 0.008, acc.shape)


def _analyze(t: np.ndarray, acc: np.ndarray) -> AnalysisResult:
    return analyze(Recording(t, acc, True, SourceInfo(path="curls.csv", format="generic_csv", units="m/s^2")))


def _fatigue(res: AnalysisResult) -> bool:
    return any(
        s.label == "fatigue_tremor" or any(c.id == "neuromuscular_fatigue" for c in s.causes)
        for s in res.sets
    )


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="h-rev40: rep_stops (h-curl50) leaves out the last rep's frames, where a failure set's tremor is largest: "
    "sets labelled fatigue without -> with rep_stops, 50 Hz 18/24 -> 16/24 (seeds 100-123: 107, 111, 115 lost, "
    "118 gained), 100 Hz 12/12 -> 10/12 (seeds 100-111: 102, 110 lost)",
)
def test_a_failure_sets_last_rep_tremor_keeps_its_fatigue_label_seed_107() -> None:
    t, acc = _failure_curls(107, 50.0, 3.0)
    assert _fatigue(_analyze(t, acc))


def test_a_smooth_last_rep_without_tremor_growth_is_no_fatigue() -> None:
    """The same curls with no tremor growth: no fatigue label (the stop, caught over 300 ms, is no step)."""
    t, acc = _failure_curls(200, 50.0, 1.0)
    assert not _fatigue(_analyze(t, acc))
