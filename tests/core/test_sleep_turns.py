"""A sleeping arm turned to a new pose is no hold; a held arm put back stays one (red team R5-7, h-sleep).

Physics (own, not ``gen_r5``): a forearm lying on a mattress, its resting tremor (0.003 m/s^2 at 9 Hz) under the
sensor's white noise (0.008 m/s^2 an axis), breathing tilting it 0.2 deg at 0.25 Hz, the heart's ballistocardiogram
(a 6 Hz damped wave of 0.006 m/s^2 a beat, 60 a minute). Turning over rolls the wrist 100-140 deg in 5 s (1 m/s^2
RMS of 0.3-3 Hz movement); a hypnic jerk is one 5 Hz swing cycle of 2 m/s^2 with a 20 Hz ring at a third of it.
Before h-sleep such a stay read as a ``calm`` hold set (the turn's skirt in the still frames beside it a "line beside
the band", a jerk's frames a tremor over the rest's in the stay's means, turns inside it activity in a pose,
:mod:`tremor.core.stay_transients`). The near case: the same arm raised 70 deg by a deliberate lift, held 40 s with
its tremor under the noise and a jerk in it, and put back where it was: a set.

Measured over seeds 1-12 at 50/100/200 Hz: the held arm is one set in 36 of 36; the sleeper has no set in 27 of 36
(base 9c2fed5: a calm set in every draw of seeds 1-2). Left: where the second turn ends within ``MOVED_DEG`` (10 deg)
of the pose before the first (seeds 4, 8, 11 at every rate), the stay between them reads as an arm raised and put
back, a set: by pose and tremor alone (both at the noise floor) one wrist sensor cannot tell it from a hold.
"""

from __future__ import annotations

import numpy as np
import pytest

from tremor.core.analysis import analyze
from tremor.core.recording import Recording, SourceInfo
from tremor.core.stay_transients import BACK_DEG, BRIEF_S, NEAR_MOVE_S, moves_in_pose, transient_frames

G = 9.80665
RATES = (50.0, 100.0, 200.0)


def _step(t: np.ndarray, t0: float, dur: float) -> np.ndarray:
    u = np.clip((t - t0) / dur, 0.0, 1.0)
    return u * u * (3.0 - 2.0 * u)


def _band(n: int, fs: float, lo: float, hi: float, rng: np.random.Generator) -> np.ndarray:
    spec = np.fft.rfft(rng.standard_normal(n))
    f = np.fft.rfftfreq(n, 1.0 / fs)
    spec[(f < lo) | (f > hi)] = 0.0
    x = np.fft.irfft(spec, n)
    return x / (np.std(x) + 1e-12)


def _unit(rng: np.random.Generator) -> np.ndarray:
    v = rng.standard_normal(3)
    return v / np.linalg.norm(v)


def _session(fs: float, seed: int, held: bool) -> Recording:
    """150 s in bed: still 60 s, then turned over (``held``: the arm raised instead, held 40 s, put back)."""
    rng = np.random.default_rng(seed)
    t = np.arange(0.0, 150.0, 1.0 / fs)
    n = t.size
    pitch = np.full(n, np.deg2rad(rng.uniform(-5.0, 5.0)))
    roll = np.full(n, np.deg2rad(rng.uniform(-20.0, 20.0)))
    lin = np.zeros((n, 3))
    pitch += np.deg2rad(0.2) * np.sin(2 * np.pi * 0.25 * t)  # breathing
    lin += np.outer(0.003 * np.sqrt(2) * np.sin(2 * np.pi * 9.0 * t + rng.uniform(0, 6.3)), _unit(rng))
    beat = np.arange(int(0.6 * fs)) / fs
    wave = 0.006 * np.sqrt(2) * np.sin(2 * np.pi * 6.0 * beat) * np.exp(-beat / 0.1)
    for tb in np.arange(rng.uniform(0, 1), 149.0, 1.0):
        i = int(tb * fs)
        lin[i : i + wave.size] += np.outer(wave[: n - i], _unit(rng))

    def jerk(tj: float) -> None:
        i, k = int(tj * fs), int(fs / 5.0)
        lin[i : i + k] += np.outer(
            2.0 * np.sin(2 * np.pi * np.arange(k) / k) * np.hanning(k + 2)[1:-1], _unit(rng)
        )
        r = np.arange(int(0.1 * fs)) / fs
        lin[i : i + r.size] += np.outer(0.67 * np.sin(2 * np.pi * 20.0 * r) * np.exp(-r / 0.02), _unit(rng))

    if held:
        lift = np.deg2rad(70.0) * (_step(t, 60.0, 1.0) - _step(t, 100.0, 1.0))
        pitch += lift
        jerk(80.0)
    else:
        for a, deg in ((60.0, rng.uniform(100.0, 140.0)), (110.0, -rng.uniform(100.0, 140.0))):
            m = (t >= a) & (t < a + 5.0)
            lin[m] += np.outer(_band(int(m.sum()), fs, 0.3, 3.0, rng) * np.hanning(int(m.sum())), _unit(rng))
            roll += np.deg2rad(deg) * _step(t, a + 0.5, 4.0)
            pitch += np.deg2rad(rng.uniform(-8.0, 8.0)) * _step(t, a + 0.5, 4.0)
        jerk(85.0)
        jerk(135.0)
    g = G * np.column_stack([-np.sin(pitch), np.cos(pitch) * np.sin(roll), np.cos(pitch) * np.cos(roll)])
    acc = g + lin + rng.standard_normal((n, 3)) * 0.008
    return Recording(t, acc, True, SourceInfo(path="sleep.csv", format="generic_csv", units="m/s^2"))


@pytest.mark.parametrize("fs", RATES)
def test_turned_over_asleep_is_no_set(fs: float) -> None:
    """Turned over twice, a jerk after each turn, the data ending in the last pose: no set (was a calm hold)."""
    found = []
    for seed in (1,):  # seeds 1-12 measured (module docstring); one keeps the file fast
        res = analyze(_session(fs, seed, held=False))
        found += [(seed, round(s.span.start_s), round(s.span.end_s), s.label) for s in res.sets]
    print(fs, found)
    assert not found


@pytest.mark.parametrize("fs", RATES)
def test_held_arm_put_back_stays_a_set(fs: float) -> None:
    """The near case: raised 70 deg, held 40 s at the noise floor with a jerk in it, put back: one set there."""
    for seed in (2,):
        res = analyze(_session(fs, seed, held=True))
        spans = [(round(s.span.start_s), round(s.span.end_s)) for s in res.sets]
        print(fs, seed, spans)
        assert len(spans) == 1 and spans[0][0] <= 63 and spans[0][1] >= 97


def test_transients_both_sides() -> None:
    """A run of raised frames lasting BRIEF_S is a transient, one a hop longer is not; a still frame NEAR_MOVE_S
    from a moving one is the movement's, one a hop further is not."""
    hop = 0.5
    t = np.arange(0.0, 40.0, hop)
    still = np.ones(t.size, bool)
    power = np.ones(t.size)
    k = int(BRIEF_S / hop)
    power[10 : 10 + k + 1] = 100.0  # lasts BRIEF_S
    power[40 : 40 + k + 2] = 100.0  # a hop longer
    out = transient_frames(t, still, power, 2.0, (0, t.size))
    assert out[10 : 10 + k + 1].all() and not out[40 : 40 + k + 2].any()
    still[70] = False
    out = transient_frames(t, still, np.ones(t.size), 2.0, (0, t.size))
    near = int(NEAR_MOVE_S / hop)
    assert out[70 - near : 70].all() and out[71 : 71 + near].all()
    assert not out[70 - near - 1] and not out[71 + near] and not out[70]


@pytest.mark.parametrize(("deg", "counted"), [(BACK_DEG - 1.0, 3), (BACK_DEG + 1.0, 0), (110.0, 0)])
def test_moves_back_in_the_pose_both_sides(deg: float, counted: int) -> None:
    """Three bouts after each of which the pose lies ``deg`` from the pose before it (reps put back: counted; a turn
    to another pose: not)."""
    hop = 0.5
    t = np.arange(0.0, 60.0, hop)
    still = np.ones(t.size, bool)
    angle = np.zeros(t.size)
    for i, a in enumerate((12.0, 27.0, 42.0)):
        m = (t >= a) & (t < a + 2.0)
        still[m] = False
        angle[t >= a + 2.0] = np.deg2rad(deg) * ((i + 1) % 2)  # alternate: off the pose, back, off
    o = np.column_stack([np.sin(angle), np.zeros(t.size), np.cos(angle)])
    assert moves_in_pose(t, o, still, (0, t.size), 2.0) == counted
