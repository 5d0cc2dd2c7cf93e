"""A set's 6-12 Hz power that rises and falls with its movement's harmonics is movement, not tremor.

Issue 9 (redteam: dumbbell curls with a quick lift, a 3 s rep, read ``enhanced_tremor`` 29-41x rest with no
6-12 Hz peak): the lift's harmonics fill the band at 0.06-0.09 m/s^2, under :data:`LEAK_SLOPE_MPS2`, so frame
by frame they passed as tremor. Harmonics are phase-locked to the reps: each frame's 6-12 Hz power follows its
3-7 Hz power, and the spectrum falls through the band (:mod:`tremor.core.movement_lock`). A tremor through the same reps has its own envelope and
a line in the band; it is still measured. Recordings are built here from the physics (the forearm turning
about the elbow, the wrist 0.3 m out: gravity turning with it, tangential and centripetal acceleration).
"""

from __future__ import annotations

import numpy as np
import pytest

from tests.run_entropy import fresh_entropy
from tremor.core.analysis import analyze
from tremor.core.features import PSD_FREQS
from tremor.core.movement_lock import LOCK_MIN_FRAMES, harmonics_locked
from tremor.core.recording import Recording, SourceInfo

FS = 100.0
FRESH = int(fresh_entropy(__name__) % 2**31)
SET = (40.0, 80.0)


def _curls(
    seed: int, f: float, amp_deg: float, lift: float | None, tremor: tuple[float, bool] | None
) -> Recording:
    """120 s: rest (9 Hz physiological tremor 0.012 m/s^2, noise 0.008 m/s^2), curls at 40-80 s, rest.

    ``lift``: share of each rep the lift takes (None: a sinusoid). ``tremor``: (mean RMS m/s^2, rising) a
    7-11 Hz line 0.5 Hz wide through the set, steady or rising 3x.
    """
    rng = np.random.default_rng(seed)
    n = int(120 * FS)
    t = np.arange(n) / FS
    pitch = np.full(n, np.deg2rad(10.0))
    lin = np.outer(np.sin(2 * np.pi * np.cumsum(9.0 + rng.normal(0, 2.0, n)) / FS), [0.3, 0.8, 0.5]) * 0.012
    m = (t >= SET[0]) & (t < SET[1])
    u = ((t[m] - SET[0]) * f) % 1.0
    phi = u if lift is None else np.where(u < lift, 0.5 * u / lift, 0.5 + 0.5 * (u - lift) / (1.0 - lift))
    th = np.deg2rad(amp_deg) / 2 * (1 - np.cos(2 * np.pi * phi))
    thd = np.gradient(th, 1.0 / FS)
    pitch[m] += th
    lin[m, 0] += 0.3 * np.gradient(thd, 1.0 / FS)
    lin[m, 2] += 0.3 * thd**2
    if tremor is not None:
        rms, rising = tremor
        k = int(m.sum())
        walk = np.cumsum(rng.normal(0, 1, k)) * np.sqrt(2 * np.pi * 0.5 / FS)
        x = np.sin(2 * np.pi * rng.uniform(7.0, 11.0) * np.arange(k) / FS + walk)
        x *= np.linspace(1 / 3, 1, k) if rising else 1.0
        lin[m] += np.outer(x * rms / np.sqrt(np.mean(x**2)), [0.6, 0.0, 0.8])
    acc = 9.80665 * np.column_stack([np.sin(pitch), np.zeros(n), np.cos(pitch)]) + lin
    acc += rng.normal(0, 0.008, acc.shape)
    return Recording(t, acc, True, SourceInfo(path="curls.csv", format="generic_csv", units="m/s^2"))


def _set(rec: Recording):
    sets = analyze(rec).sets
    assert len(sets) == 1, [(s.span.start_s, s.span.end_s) for s in sets]
    return sets[0]


def test_the_rule_needs_a_falling_spectrum_locked_to_the_movement() -> None:
    rng = np.random.default_rng(FRESH)
    print("fresh seed", FRESH)
    env = np.exp(rng.normal(0, 1, 40))
    low = env * 3e-3 * np.exp(rng.normal(0, 0.1, 40))
    skirt = 0.05 * PSD_FREQS**-2.0  # harmonics falling from the movement's fundamental
    line = skirt + 0.02 * np.exp(-0.5 * ((PSD_FREQS - 6.5) / 0.4) ** 2)  # a tremor line at 6.5 Hz on it
    assert harmonics_locked(low, env * 1e-3, skirt)  # the band follows the harmonics below it, 3x weaker
    assert not harmonics_locked(
        low, np.full(40, 1e-3) * np.exp(rng.normal(0, 0.3, 40)), skirt
    )  # own envelope
    assert not harmonics_locked(low, env * 1e-3, line)  # locked, but a line stands in the band
    assert not harmonics_locked(low, env * 4e-3, skirt)  # more power in the band than below it
    assert not harmonics_locked(low[: LOCK_MIN_FRAMES - 1], env[: LOCK_MIN_FRAMES - 1] * 1e-3, skirt)


@pytest.mark.parametrize("f, amp", [(0.33, 110.0), (0.33, 60.0), (0.3, 90.0)])
def test_quick_lift_curls_are_not_tremor(f: float, amp: float) -> None:
    print("fresh seed", FRESH)
    s = _set(_curls(FRESH, f, amp, 0.35, None))
    assert s.label not in ("enhanced_tremor", "fatigue_tremor", "mixed"), (s.label, s.metrics.power_vs_rest)


@pytest.mark.parametrize(
    "amp, rms, rising", [(60.0, 0.1, False), (60.0, 0.1, True), (110.0, 0.2, False), (110.0, 0.2, True)]
)
def test_tremor_through_quick_lift_curls_is_still_found(amp: float, rms: float, rising: bool) -> None:
    """(At 110 deg a 0.1 m/s^2 tremor is not assessable: most frames' harmonics reach LEAK_SLOPE_MPS2.)"""
    print("fresh seed", FRESH)
    s = _set(_curls(FRESH, 0.33, amp, 0.35, (rms, rising)))
    assert s.label in ("enhanced_tremor", "fatigue_tremor", "mixed"), (
        s.label,
        s.metrics.not_assessable_reason,
    )


@pytest.mark.parametrize("rms", [0.05, 0.1])
def test_tremor_through_sinusoidal_curls_is_still_found(rms: float) -> None:
    print("fresh seed", FRESH)
    s = _set(_curls(FRESH, 0.5, 110.0, None, (rms, False)))
    assert s.label in ("enhanced_tremor", "fatigue_tremor", "mixed"), (
        s.label,
        s.metrics.not_assessable_reason,
    )
