"""A set of reps keeps its first and last rep when the lifter pauses after the one and before the other (issue 9;
review of h-edges, rev12).

:mod:`tremor.core.position_moves` leaves the move into a set of reps out of the set only where the wrist then
stops (a whole still frame beginning within ``WAIT_S`` of the move's end: the wait under the racked bar), and the
set then starts after the stop. A lifter who gets into position (the forearm turned 75 deg over 2.5 s), does one
quick rep (1 s) and then pauses still at the top for 2.5-5 s (a breath, a re-grip) before the other reps has that
pause read as the wait: the set starts after it, the first rep left out (start +3.4..+5.9 s at 50/100/200 Hz, end
likewise -3.4..-5.9 s where the last rep follows a pause; the base put the edges at the moves, -2.15/+2.14 s).
Measured over pauses 2.5/3/5 s, reps 0.8/1.0/1.2 Hz, swings 8/15 deg at 50/100/200 Hz: 12 of 54 sessions lose
both end reps (every 1 Hz case with an 8 deg swing, the 5 s pauses with 15 deg); 0.8 and 1.2 Hz reps kept them.

Built from the physics (tests/core/test_position_moves.py's model): rest pitched 10 deg, a 2.5 s raised-cosine
move to 85 deg, one rep, a still pause, 8 reps, a still pause, one rep, the move back; segmentation only.
"""

from __future__ import annotations

import numpy as np
import pytest

from tremor.core.features import compute_frames
from tremor.core.sets import segment_sets

G = 9.81
REST_S, MOVE_S, POSE_DEG = 20.0, 2.5, 85.0


def _ramp(t: np.ndarray, t0: float, dur: float) -> np.ndarray:
    u = np.clip((t - t0) / dur, 0.0, 1.0)
    return 0.5 - 0.5 * np.cos(np.pi * u)


def _session(fs: float, seed: int, pause_s: float, rep_hz: float = 1.0) -> tuple[np.ndarray, float, float]:
    """Acceleration (n, 3), the first rep's start and the last rep's end in s."""
    rng = np.random.default_rng(seed)
    rep = 1.0 / rep_hz
    body = rep + pause_s + 8 * rep + pause_s + rep
    a = REST_S + MOVE_S
    b = a + body
    t = np.arange(int((b + MOVE_S + REST_S) * fs)) / fs
    pitch = 10.0 + (POSE_DEG - 10.0) * (_ramp(t, REST_S, MOVE_S) - _ramp(t, b, MOVE_S))
    tt = t - a
    phase = np.zeros_like(t)
    reps = np.zeros(t.size, bool)
    for s0, s1 in ((0.0, rep), (rep + pause_s, rep + pause_s + 8 * rep), (body - rep, body)):
        m = (tt >= s0) & (tt < s1)
        phase[m] = (tt[m] - s0) * rep_hz
        reps |= m
    pitch -= np.where(reps, 4.0 * (1 - np.cos(2 * np.pi * phase)), 0.0)  # an 8 deg swing
    th = np.deg2rad(pitch)
    lin = np.zeros((t.size, 3))
    lin[:, 0] = np.where(reps, np.gradient(np.gradient(th, 1 / fs), 1 / fs) * 0.3, 0.0)
    lin[reps, 2] -= 0.2 * (2 * np.pi * rep_hz) ** 2 * np.cos(2 * np.pi * phase[reps])  # the hand moves 0.4 m
    acc = np.stack([G * np.sin(th), np.zeros_like(th), G * np.cos(th)], axis=1) + lin
    return acc + rng.normal(0.0, 0.008, acc.shape), a, b


@pytest.mark.parametrize("fs", [50.0, 100.0, 200.0])
def test_a_pause_after_the_first_rep_keeps_the_first_rep(fs: float) -> None:
    """One rep, a 3 s pause, 8 reps, a 3 s pause, one rep: the set holds every rep (h-edges: +3.85/-3.86 s)."""
    acc, first, last = _session(fs, 7, 3.0)
    sets = segment_sets(compute_frames(acc, fs=fs), end_s=(len(acc) - 1) / fs).sets
    assert len(sets) == 1, [(s.start_s, s.end_s) for s in sets]
    assert sets[0].start_s <= first + 0.5 and sets[0].end_s >= last - 0.5, (
        sets[0].start_s - first,
        sets[0].end_s - last,
    )
