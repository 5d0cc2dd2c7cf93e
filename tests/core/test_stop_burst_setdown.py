"""Leaving a stop's burst out must not open a set to its set-down's burst (h-rev44's review of h-curl50b).

Physics (own, written for the review): seated curls at 50 Hz, the forearm (wrist 0.28-0.34 m from the elbow) swinging
90-120 deg at 0.35-0.6 reps/s for 8-13 reps from a rest on the thigh (-60 deg), started and stopped at the bottom
of a rep at once (a step of angular acceleration, as red team R5 ``thigh_rest`` draws it), held 0.5-2.5 s and
lowered onto the thigh in 1-2 s along a cosine (its onset a step too: the dumbbell let down at once). A 7-11 Hz
tremor line (1.6 Hz wide) stays level at 0.008-0.015 m/s^2: no set is a fatigue set.

With the start's and stop's bursts in, the set's 6-12 Hz band follows its movement
(:func:`tremor.core.movement_lock.harmonics_locked`): ``not_assessable``. h-curl50b left those frames out before
that test, which then passed, and the lowering's onset burst, left in the set's last third, read as a rise:
sets labelled ``fatigue_tremor``, seeds 44000-44023, rule off 5/24 -> h-curl50b 11/24 (44000, 44003, 44005, 44010,
44021, 44022 new). The movement test now reads the frames it read before (the stop's with them): 5/24, those of
the rule off (the set-down's burst after a held last rep, docs/accuracy.md h-curl50b "Left").
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.signal import butter, sosfiltfilt

from tremor.core.analysis import analyze
from tremor.core.recording import Recording, SourceInfo

G = 9.81
FS = 50.0


def curls_set_down(seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Time (s) and acceleration (m/s^2, (n, 3)) of 25 s on the thigh, the curls, the hold, the set-down, 20 s."""
    rng = np.random.default_rng(seed)
    rest, hold, lower = 25.0, rng.uniform(0.5, 2.5), rng.uniform(1.0, 2.0)
    f_rep = rng.uniform(0.35, 0.6)
    reps_s = int(rng.integers(8, 14)) / f_rep
    rng.uniform(0.1, 0.17)  # (a slow catch's width in the review's generator: drawn, unused here)
    n = int((rest + reps_s + hold + lower + 20.0) * FS)
    t = np.arange(n) / FS
    t0, t1 = rest, rest + reps_s
    r = np.where(
        (t >= t0) & (t < t1), 0.5 - 0.5 * np.cos(2 * np.pi * np.clip(t - t0, 0, reps_s) * f_rep), 0.0
    )
    amp = np.deg2rad(rng.uniform(90, 120))
    th = np.deg2rad(rng.uniform(-5, 15)) + amp * r
    down = np.deg2rad(-60.0)
    lead = (t >= t0 - 1) & (t < t0)
    th = np.where(t < t0 - 1, down, th)
    th[lead] = down + (th[np.searchsorted(t, t0)] - down) * (0.5 - 0.5 * np.cos(np.pi * (t[lead] - t0 + 1)))
    low = (t >= t1 + hold) & (t < t1 + hold + lower)
    top = th[np.searchsorted(t, t1) - 1]
    th[low] = top + (down - top) * (0.5 - 0.5 * np.cos(np.pi * (t[low] - t1 - hold) / lower))
    th[t >= t1 + hold + lower] = down
    arm = rng.uniform(0.28, 0.34)
    thd = np.gradient(th, 1 / FS)
    acc = np.column_stack(
        [G * np.cos(th) - arm * thd**2, G * np.sin(th) + arm * np.gradient(thd, 1 / FS), np.full(n, 0.4)]
    )
    level = rng.uniform(0.008, 0.015)
    f0 = rng.uniform(7.0, 11.0)
    way = rng.standard_normal(3)
    sos = butter(2, [f0 - 0.8, f0 + 0.8], btype="band", fs=FS, output="sos")
    line = sosfiltfilt(sos, rng.standard_normal(n))
    acc += np.outer(line / np.sqrt(np.mean(line**2)) * level, way / np.linalg.norm(way))
    return t, acc + rng.normal(0, 0.006, acc.shape)


def _fatigue_sets(seed: int) -> list[str]:
    t, acc = curls_set_down(seed)
    res = analyze(Recording(t, acc, True, SourceInfo(path="curls.csv", format="generic_csv", units="m/s^2")))
    return [
        s.label
        for s in res.sets
        if s.label == "fatigue_tremor" or any(c.id == "neuromuscular_fatigue" for c in s.causes)
    ]


@pytest.mark.parametrize("seed", [44000, 44003, 44010])
def test_a_level_tremor_set_down_at_once_reads_no_fatigue_once_its_stop_is_left_out(seed: int) -> None:
    assert not _fatigue_sets(seed)


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="base defect, not stop_burst's: the set-down's onset burst after a held last rep rides in the set's last "
    "third between two bursts (own curls at 50 Hz, seeds 44000-44023: 5/24 fatigue with the rule off and on; "
    "h-curl50b's docs: 8/12 at 100 Hz in its own model)",
)
def test_a_level_tremor_set_down_at_once_after_a_hold_reads_no_fatigue_seed_44006() -> None:
    assert not _fatigue_sets(44006)
