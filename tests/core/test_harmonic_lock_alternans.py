"""A rest tremor whose cycles alternate strong and weak holds its own line at half its frequency (review h-rev9).

Written from the physics, not from a generator. A Parkinsonian-type rest tremor at f = 3.5-3.8 Hz, the hand in the
lap, its frequency wandering (0.1-0.3 Hz standard deviation, correlated over 2-6 s) and its amplitude too (30 %),
with a second harmonic at 30 %. If its cycles alternate strong and weak, ``(1 + a cos(phase / 2))`` times the
tremor, the wrist's acceleration holds a line at f/2 (1.75-1.9 Hz, of amplitude a/2) that follows the tremor's
frequency exactly, cycle by cycle, as a cadence drives a power stroke. :mod:`tremor.core.harmonic_lock` then finds
the rhythm at 2 times a "slower wrist movement" in 70 % or more of the frames and sets the rest tremor aside: no
clinician note, and a note that the wrist kept moving at 1.75-1.8 Hz (pedalling, a jiggling knee), though nothing
but the tremor moved it.

Measured on consecutive seeds, 15 a rate (50/100/200 Hz), rms 0.05-1 m/s^2 log-uniform: with a = 0.1 the note is
kept in 45 of 45; a = 0.25 loses it in 2, 2 and 4 of 15; a = 0.4 in 6, 5 and 6 of 15. At the
base (95e8926) all of these kept their note (12 of 12 checked at 100 Hz, a = 0.25). Whether real tremors alternate
so is not known to this test (an f/2 line is rare in published tremor spectra); the seeds are fixed, so the xfail
is deterministic.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.signal import lfilter

import tremor
from tests.stress import scenarios as S


def _ou(rng: np.random.Generator, n: int, fs: float, sd: float, corr_s: float) -> np.ndarray:
    """An Ornstein-Uhlenbeck sequence of standard deviation ``sd`` and correlation time ``corr_s``."""
    a = np.exp(-1.0 / (corr_s * fs))
    return np.asarray(lfilter([1.0], [1.0, -a], rng.normal(size=n) * sd * np.sqrt(1 - a * a)))


def alternating_rest_tremor(seed: int, fs: float, a: float) -> tremor.AnalysisResult:
    """300 s seated, the hand in the lap, a rest tremor from 40 to 260 s whose cycles alternate by ``a``."""
    rng = np.random.default_rng(seed)
    b = S.SessionBuilder(fs, 300.0, rng, 0.01)
    t = b.t
    m = (t >= 40.0) & (t < 260.0)
    tt = t[m] - 40.0
    env = np.clip(np.minimum(tt, 220.0 - tt) / 2.0, 0, 1)
    rms = float(np.exp(rng.uniform(np.log(0.05), np.log(1.0))))
    u = S._unit(rng)
    f = rng.uniform(3.5, 3.8) + _ou(rng, tt.size, fs, rng.uniform(0.1, 0.3), rng.uniform(2, 6))
    ph = 2 * np.pi * np.cumsum(f) / fs + rng.uniform(0, 2 * np.pi)
    amp = np.exp(0.3 * _ou(rng, tt.size, fs, 1.0, 3.0))
    x = amp * (np.sin(ph) * (1 + a * np.cos(ph / 2 + rng.uniform(0, 2 * np.pi))) + 0.3 * np.sin(2 * ph + 1))
    b.lin[m] += np.outer(rms * x / np.sqrt(np.mean(x**2)) * env, u)
    return tremor.analyze(b.finish(description="rest tremor, alternating cycles").recording)


_DEFECT = pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="review h-rev9: the tremor's own f/2 line (alternating cycles) reads as a slower wrist movement it "
    "follows at 2 times (share 0.71-0.94), so the rest tremor is set aside with no clinician note; a = 0.25-0.4 "
    "loses the note in 2-6 of 15 seeds a rate (none at the base)",
)


@pytest.mark.parametrize(
    ("seed", "fs", "a"),
    [
        pytest.param(4009, 100.0, 0.1, id="4009-100Hz-a0.1"),  # near case: share 0.12, note kept
        pytest.param(4009, 100.0, 0.25, id="4009-100Hz-a0.25", marks=_DEFECT),  # share 0.81
        pytest.param(5500, 50.0, 0.4, id="5500-50Hz-a0.4", marks=_DEFECT),  # share 0.94
        pytest.param(7009, 200.0, 0.1, id="7009-200Hz-a0.1"),  # near case: note kept
        pytest.param(7009, 200.0, 0.25, id="7009-200Hz-a0.25", marks=_DEFECT),  # share 0.83
    ],
)
def test_a_rest_tremor_with_alternating_cycles_keeps_its_note(seed: int, fs: float, a: float) -> None:
    """The tremor is the hand's only movement: it keeps its clinician note and is not called a locked rhythm."""
    result = alternating_rest_tremor(seed, fs, a)
    locked = [n for n in result.notes if "whole multiple of a slower wrist movement" in n]
    print(seed, fs, a, [(e.start_s, e.end_s, e.peak_hz) for e in result.atypical_tremor], locked)
    assert "see_a_clinician" in [c.id for c in result.session_causes], result.notes
    assert not locked, locked
