"""Review of h-sleep (rev24): true holds that :mod:`tremor.core.stay_transients` turned into rest, and its mend.

Own physics (not ``gen_r5``, not tests/core/test_sleep_turns.py): a seated or kneeling session, 60 s with the
forearm on the thigh (pitch 5 deg, roll 10 deg), a 1.5 s move (a 0.4-0.6 m translation of the wrist, a 0.5-3 Hz
jiggle) into a hold, the hold, a move out. Tremor: 8-11 Hz band noise on one axis, the supported rest's 0.006 m/s^2
RMS under the sensor's white noise (0.005 m/s^2 an axis); a raised arm sways 1 deg at 0.1-1 Hz, a plank's wrist
(hands on the floor, entered by a 90 deg roll of the wrist) does not sway. Base 9c2fed5 -> h-sleep
1687d15 over a wider sweep of the same physics (/tmp/rev24-sim, seeds 1-3 at 50/100/200 Hz, 9 draws a case; the
tests' own draws: their docstrings; strict xfails on h-sleep, passing since rev24's mend, ``PEAK_OVER`` and ``near``
of :func:`tremor.core.stay_transients.transient_frames`, which gives base's figures back but where noted):

- a plank held 30 s with a steady tremor at 1.6x the rest's RMS (its frames' median 2.03-2.32x the rest's power, over
  ``REST_LEVEL``), then lying down (the wrist 22 deg from where it knelt): a set 9/9 -> 4/9 (``fatigue_tremor`` 4
  -> 1; mend 9/9, 4); the other 5 are no set with the note "with about the rest's 6-12 Hz tremor", false. Why:
  every run of frames over 2x the rest that lasts <= ``BRIEF_S`` is left out as a transient, and a steady tremor
  near 2x scatters across the bound in short runs: what is left is the frames under it (22-43 of 54 kept, median
  1.4-1.9x);
- a 60-90 s hold at the rest's level whose tremor rises over its last 3-6 s to 3-5x the rest's RMS (near failure),
  then laid 22 deg from where it was raised: a set 91/216 -> 17/216 (mend 90/216; ``fatigue_tremor`` 5 -> 3),
  silently (``"rest"``: no note). The rise's frames still before the move out last <= 2.5 s, a "jerk";
- a 20 s plank the data end in, its tremor rising over the last 4 s to 4x the rest's RMS: a set 9/9 -> 0/9 (mend
  9/9), each with the note "about the rest's 6-12 Hz tremor", false.

Unchanged (base = h-sleep = mend, 374 of 378 draws): short holds (12-20 s) rising late put back, laid elsewhere or
ending the data (their sway keeps them sets), bursts, twitches and knocks in swaying holds, a series of holds put back,
small reps in the pose (swaying or not), a 45 s posture stay (an ``unclear`` note in all three). Kept from h-sleep by
the mend: a calm plank the data end in whose only raise is a knock or a 1.5 s tremor burst is a note, not a set (base
6/36 and 18/36 sets). Live = batch on h-sleep for three of the lost draws, and on the mend for six sessions.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from tremor.core.analysis import AnalysisResult, analyze
from tremor.core.recording import Recording, SourceInfo
from tremor.core.stay_transients import BRIEF_S, PEAK_OVER, transient_frames

G = 9.80665
REST_POSE = (5.0, 10.0)  # forearm on the thigh (pitch, roll deg)
ELSEWHERE = (5.0, 32.0)  # laid 22 deg from it after the hold (on the floor, an armrest)
PLANK = (10.0, 100.0)  # the wrist rolled 90 deg, hand on the floor
RAISED = (75.0, 10.0)  # an arm raised 70 deg


def _band(rng: np.random.Generator, n: int, fs: float, lo: float, hi: float) -> np.ndarray:
    spec = np.fft.rfft(rng.standard_normal(n))
    f = np.fft.rfftfreq(n, 1.0 / fs)
    spec[(f < lo) | (f > hi)] = 0.0
    x = np.fft.irfft(spec, n)
    return x / (np.std(x) + 1e-12)


def _unit(rng: np.random.Generator) -> np.ndarray:
    v = rng.standard_normal(3)
    return v / np.linalg.norm(v)


def _step(t: np.ndarray, t0: float, dur: float) -> np.ndarray:
    u = np.clip((t - t0) / dur, 0.0, 1.0)
    return u * u * (3.0 - 2.0 * u)


def _session(
    fs: float,
    seed: int,
    hold: tuple[tuple[float, float], float, Callable[[np.ndarray, float], np.ndarray], float],
    after: tuple[float, float] | None,
) -> Recording:
    """Rest 60 s, a move, ``hold`` = (pose, seconds, tremor RMS over the rest's (t in it, seconds), sway deg), a move,
    40 s at rest in ``after`` (None: the data end in the hold)."""
    rng = np.random.default_rng(seed)
    pose, dur, amp_of, sway_deg = hold
    plan = [(REST_POSE, 60.0)] + [(pose, dur)] + ([(after, 40.0)] if after is not None else [])
    move = 1.5
    t = np.arange(0.0, sum(d for _, d in plan) + move * (len(plan) - 1), 1.0 / fs)
    n = t.size
    pitch, roll = np.full(n, np.deg2rad(REST_POSE[0])), np.full(n, np.deg2rad(REST_POSE[1]))
    amp, sway, lin = np.ones(n), np.zeros(n), np.zeros((n, 3))
    t0 = 0.0
    for i, (p, d) in enumerate(plan):
        if i:
            ts = t0 - move
            s = _step(t, ts, move)
            pitch += np.deg2rad(p[0] - plan[i - 1][0][0]) * s
            roll += np.deg2rad(p[1] - plan[i - 1][0][1]) * s
            inside = (t >= ts) & (t < ts + move)
            u = np.clip((t - ts) / move, 0.0, 1.0)
            lin += np.outer(0.5 * (6.0 - 12.0 * u) / move**2 * inside, _unit(rng))
            lin[inside] += 0.3 * np.outer(_band(rng, int(inside.sum()), fs, 0.5, 3.0), _unit(rng))
        if i == 1:
            m = (t >= t0) & (t < t0 + d)
            amp[m] = amp_of(t[m] - t0, d)
            sway[m] = sway_deg
        t0 += d + move
    pitch += np.deg2rad(1.0) * sway * _band(rng, n, fs, 0.1, 1.0)
    pitch += np.deg2rad(0.3) * _band(rng, n, fs, 0.05, 0.4)  # breathing, the seat
    lin += np.outer(amp * 0.006 * _band(rng, n, fs, 8.0, 11.0), _unit(rng))
    g = G * np.column_stack([-np.sin(pitch), np.cos(pitch) * np.sin(roll), np.cos(pitch) * np.cos(roll)])
    acc = g + lin + rng.standard_normal((n, 3)) * 0.005
    return Recording(t, acc, True, SourceInfo(path="review.csv", format="generic_csv", units="m/s^2"))


def _steady(level: float) -> Callable[[np.ndarray, float], np.ndarray]:
    return lambda tr, dur: np.full(tr.size, level)


def _late(last_s: float, level: float) -> Callable[[np.ndarray, float], np.ndarray]:
    """The rest's level, rising over the last ``last_s`` s to ``level`` times its RMS."""
    return lambda tr, dur: 1.0 + (level - 1.0) * np.clip((tr - (dur - last_s)) / last_s, 0.0, 1.0)


def _said(res: AnalysisResult, start_s: float, end_s: float) -> tuple[list[tuple[float, float, str]], int]:
    sets = [(s.span.start_s, s.span.end_s, s.label) for s in res.sets]
    inside = [x for x in sets if x[0] < end_s and x[1] > start_s]
    rest_notes = [u for u in res.unclear_stays if u[0] < end_s and u[1] > start_s]
    print(sets, res.unclear_stays)
    return inside, len(rest_notes)


@pytest.mark.parametrize(("fs", "seed"), [(50.0, 1), (100.0, 3), (200.0, 3)])
def test_plank_over_the_rest_level_is_a_set(fs: float, seed: int) -> None:
    """A 30 s plank at 1.6x the rest's RMS (median 2.0-2.3x its power), then lying down: one set, no note calling
    its tremor the rest's. This file's physics, seeds 1-3 x 50/100/200 Hz: base 9c2fed5 a set 8/9 (3
    ``fatigue_tremor``, 1 note); h-sleep a set 4/9 (0 ``fatigue_tremor``), 5 draws (these three) no set and an
    ``unclear`` note "with about the rest's 6-12 Hz tremor"; rev24's mend: as base."""
    res = analyze(_session(fs, seed, (PLANK, 30.0, _steady(1.6), 0.0), ELSEWHERE))
    sets, notes = _said(res, 61.5, 91.5)
    assert len(sets) == 1 and notes == 0


@pytest.mark.parametrize("fs", [50.0, 100.0, 200.0])
def test_long_hold_shaking_in_its_last_seconds_is_a_set(fs: float) -> None:
    """A 60 s hold at the rest's level whose tremor rises over its last 4 s to 5x the rest's RMS, then laid 22 deg
    from where it was raised: one set. Seeds 1-3 x 50/100/200 Hz: base a set 7/9 (these three among them); h-sleep
    0/9, and no note (the stay is taken for a rest in another posture); rev24's mend: as base."""
    res = analyze(_session(fs, 1, (RAISED, 60.0, _late(4.0, 5.0), 1.0), ELSEWHERE))
    sets, _ = _said(res, 61.5, 121.5)
    assert len(sets) == 1


@pytest.mark.parametrize(("fs", "seed"), [(50.0, 2), (100.0, 1), (200.0, 1)])
def test_plank_the_data_end_in_shaking_at_its_end_is_no_rest(fs: float, seed: int) -> None:
    """A 20 s plank the data end in, its tremor rising over its last 4 s to 4x the rest's RMS: a set, not a note
    saying the wrist held "about the rest's 6-12 Hz tremor". Seeds 1-3 x 50/100/200 Hz: base a set 8/9 (these
    three among them), the note 1/9; h-sleep no set 9/9, the note 9/9; rev24's mend: as base."""
    res = analyze(_session(fs, seed, (PLANK, 20.0, _late(4.0, 4.0), 0.0), None))
    sets, notes = _said(res, 61.5, 81.5)
    assert len(sets) == 1 and notes == 0


@pytest.mark.parametrize(
    ("peak", "tail", "left_out"),
    [
        (1.1 * PEAK_OVER, 4, True),
        (0.9 * PEAK_OVER, 4, False),
        (1.1 * PEAK_OVER, 1, True),
        (1.1 * PEAK_OVER, 0, False),
    ],
)
def test_a_transient_stands_far_over_the_level_and_the_arm_lies_still_after_it(
    peak: float, tail: int, left_out: bool
) -> None:
    """A brief raised run (``BRIEF_S``) is left out where a frame of it reaches ``PEAK_OVER`` times the level and a
    still frame at the level follows it in the stay (``tail`` frames), else not: a steady tremor scattering across
    the level, a tremor rising to the hold's end."""
    hop = 0.5
    t = np.arange(0.0, 30.0, hop)
    still = np.ones(t.size, bool)
    power = np.ones(t.size)
    k = int(BRIEF_S / hop) + 1
    a = t.size - tail - k
    power[a : a + k] = 3.0
    power[a + k // 2] = peak * 2.0
    out = transient_frames(t, still, power, 2.0, (0, t.size), near=False)
    assert bool(out[a : a + k].all()) is left_out and not out[a + k :].any() and not out[:a].any()
