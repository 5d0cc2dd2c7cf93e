"""The arm raised into a set or lowered out of it is no part of the set's tremor (issue 9).

A set's tremor is read over its frames less a second at each end (:func:`tremor.core.classify.set_metrics`).
Frames are 2 s windows, so the one centred a second inside a hold's end still holds the start of the arm's
lowering: a limb turning 60-90 deg in a second or two starts with a jerk whose spectrum reaches the 6-12 Hz
band (a seated calm hold in this project's own physics, lowered on a raised-cosine: 6-12 Hz RMS 0.04-0.05 m/s^2
in the two frames holding the onset, against a tremor of 0.010-0.014 m/s^2). Two such frames in a 35 s hold's
last third lifted it to 4.5x the rest and read ``fatigue_tremor`` with "the tremor peak drifted ... as it does
under load" (fresh seed 2080443849 at 100 Hz, 1 of 600 draws).

In a ``hold`` set (:func:`tremor.core.classify.set_metrics` asks only of holds), a frame within :data:`EDGE_S` of
either end of the frames measured, in a run reaching that end, whose movement (0.25-3 Hz RMS) is
:data:`EDGE_FACTOR` times the set's median movement and at least ``MOVE_MPS2`` (:mod:`tremor.core.sets`), is such
a transition and is left out of the tremor measures. Inside a hold the wrist sways about a degree (movement
0.05-0.35 m/s^2), a lowering moves it 1-2 m/s^2. A set of reps moves throughout and is left whole: its end frames
hold the last reps' largest tremor, and the simulator's curls (tests/core/test_impact_frames.py, seed 4 at
100 Hz) lost their fatigue rise (2.0 -> 1.69x) when a frame at 4x their median movement was taken out.
"""

from __future__ import annotations

import numpy as np

__all__ = ["EDGE_S", "EDGE_FACTOR", "moving_edges"]

#: Only frames whose centres lie within this many seconds of the first or last frame measured (a 2 s window's
#: length: the frames that can hold the movement just outside them).
EDGE_S = 2.0
#: ... and whose movement is this many times the set's median movement ...
EDGE_FACTOR = 3.0


def moving_edges(t_s: np.ndarray, movement_rms: np.ndarray, floor_mps2: float) -> np.ndarray:
    """Which frames at the ends of a set's measured frames hold the arm moving into or out of it.

    Parameters
    ----------
    t_s : ndarray, shape (n,)
        The centres of the set's measured frames, s, increasing.
    movement_rms : ndarray, shape (n,)
        Their movement-band RMS, m/s^2 (NaN where unknown: never a transition).
    floor_mps2 : float
        The least movement a transition has, m/s^2 (the segmentation's ``MOVE_MPS2``).

    Returns
    -------
    ndarray of bool, shape (n,)
        True for the frames of a run from either end, each within :data:`EDGE_S` of that end, whose movement is
        at least ``floor_mps2`` and :data:`EDGE_FACTOR` times the median over all ``n``.
    """
    t = np.asarray(t_s, float)
    move = np.asarray(movement_rms, float)
    out = np.zeros(t.size, bool)
    finite = move[np.isfinite(move)]
    if t.size < 3 or not finite.size:
        return out
    bound = max(float(floor_mps2), EDGE_FACTOR * float(np.median(finite)))
    high = np.nan_to_num(move, nan=0.0) >= bound
    for order in (np.arange(t.size), np.arange(t.size)[::-1]):
        end = t[order[0]]
        for i in order:
            if abs(t[i] - end) > EDGE_S or not high[i]:
                break
            out[i] = True
    return out
