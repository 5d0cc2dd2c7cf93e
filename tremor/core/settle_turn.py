"""A transient across which the wrist turned and settled: something set down or shifted, no twitch (issue 9, R5-6).

A fasciculation is one motor unit's twitch: it moves the wrist by a fraction of a millimetre for 20-40 ms and leaves
it where it was, so the direction of gravity in the sensor's frame is the same just before and just after it. A
dumbbell shifted on the thigh in a rest (red team R5-6, ``thigh_rest``), a weight set down, a hand re-placed on a
knee: the forearm turns 2-5 deg in about half a second and the load settles with a brief knock (0.2-0.5 m/s^2 at
15-30 Hz, the size of a twitch). One wrist sensor shows the turn: the mean acceleration (gravity's direction) over half a
second just before the turn (:data:`BEFORE_S`) and over half a second just after the transient (:data:`AFTER_S`, the
frames' 0.1 s sub-block means) lie :data:`TURN_DEG` or more apart.

A resting forearm's own sway (breathing, 1 deg at 0.05-0.5 Hz; a slow wander) turns it too, so the turn across the
transient is set against the same measure taken beside it (at every sub-block of still frames within
:data:`BESIDE_S`, neither stretch within 0.5 s of the transient): a settled turn is :data:`OVER_BESIDE` times their median or more. Under
a stationary sway the vector of the pose change is about Gaussian, so its norm reaches 4x its median with a
probability of about 1e-5 in the plane (1e-3 along one axis); a sway that is faster or larger beside a twitch than
elsewhere lifts the median with it.

Frames serve batch and live alike (:func:`tremor.core.analysis.summarize` reads them): a transient whose stretch after it
is not in the table yet (a live session) is not judged, and kept, until it is.
"""

from __future__ import annotations

import numpy as np

from tremor.core.features import Frames
from tremor.core.sets import MOVE_MPS2

__all__ = [
    "BEFORE_S",
    "AFTER_S",
    "TURN_DEG",
    "OVER_BESIDE",
    "HERE_SHARE",
    "NEAR_BEFORE_S",
    "NEAR_AFTER_S",
    "BESIDE_S",
    "settled_turns",
]

#: The pose before the transient is the mean acceleration over this stretch before it (s, from its time) ...
BEFORE_S = (-2.6, -0.6)
#: ... and the pose after it over this one: neither holds the half second of the turn (a dumbbell shifted on the thigh
#: turns for about 0.5 s, ending in the knock) nor the transient's own 0.1-0.2 s.
AFTER_S = (0.2, 2.2)
#: A turn of at least this many degrees between the two: 1.5 deg is 0.26 m/s^2 of gravity moved across the sensor,
#: which no twitch's own slow part (at most half its 0.1-0.5 m/s^2 peak, for 20-40 ms, and outside both stretches)
#: comes near; the red team's shifts turn 2-5 deg.
TURN_DEG = 1.5
#: ... and at least this many times the median of the same measure beside the transient ...
OVER_BESIDE = 4.0
#: ... and the turn happened at the transient: at least this share of it lies between the half second just before the
#: turn and the half second just after the transient (:data:`NEAR_BEFORE_S`, :data:`NEAR_AFTER_S`), not earlier (a
#: twitch 0.8-1.3 s after the forearm turned 70 deg and came to rest is a twitch on a still wrist,
#: ``tests/live/test_live_status_twitches.py``).
HERE_SHARE = 0.5
NEAR_BEFORE_S = (-1.1, -0.6)
NEAR_AFTER_S = (0.2, 0.7)
#: The measure beside the transient is taken at every sub-block of still frames within this many seconds of it ...
BESIDE_S = 12.0
#: ... where there are at least this many (else the transient is not judged).
MIN_BESIDE = 20


def _series(frames: Frames) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The frames' sub-block mean accelerations as one time series: times, vectors, and whether each one's frame is
    still (its centre hop cut into ``SUB_BLOCKS``, so consecutive frames' sub-blocks tile the segment)."""
    t = np.asarray(frames.t_s, float)
    sub = np.asarray(frames.sub_acc, float)
    k = sub.shape[1]
    hop = float(np.median(np.diff(t)))
    times = (t[:, None] - 0.5 * hop + (np.arange(k)[None, :] + 0.5) * hop / k).ravel()
    still = np.repeat(np.asarray(frames.movement_rms, float) < MOVE_MPS2, k)
    return times, sub.reshape(-1, sub.shape[2]), still


def _turns(
    times: np.ndarray,
    acc: np.ndarray,
    at: np.ndarray,
    before: tuple[float, float] = BEFORE_S,
    after: tuple[float, float] = AFTER_S,
) -> np.ndarray:
    """Degrees between the mean acceleration over ``before`` and over ``after`` (s from each time ``at``; NaN where a
    stretch holds no sub-block)."""
    total = np.concatenate([np.zeros((1, acc.shape[1])), np.cumsum(np.nan_to_num(acc), axis=0)])

    def mean(lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
        a, b = np.searchsorted(times, lo), np.searchsorted(times, hi)
        n = (b - a).astype(float)
        with np.errstate(invalid="ignore", divide="ignore"):
            return (total[b] - total[a]) / n[:, None]

    u, v = mean(at + before[0], at + before[1]), mean(at + after[0], at + after[1])
    with np.errstate(invalid="ignore", divide="ignore"):
        cos = np.einsum("ij,ij->i", u, v) / (np.linalg.norm(u, axis=1) * np.linalg.norm(v, axis=1))
    return np.degrees(np.arccos(np.clip(cos, -1.0, 1.0)))


def settled_turns(times: np.ndarray, frames: Frames) -> np.ndarray:
    """Which transients the wrist turned and settled across (the module docstring).

    Parameters
    ----------
    times : ndarray, shape (n,)
        The transients' times, s.
    frames : Frames
        The session's frames (their sub-block mean accelerations, ``sub_acc``, and movement RMS).

    Returns
    -------
    ndarray of bool, shape (n,)
        True where the mean acceleration over :data:`BEFORE_S` and over :data:`AFTER_S` lie :data:`TURN_DEG` or
        more apart and :data:`OVER_BESIDE` times the median of the same measure beside it (still frames within
        :data:`BESIDE_S`, neither stretch within 0.5 s of the transient) or more, :data:`HERE_SHARE` of it across
        the transient. False where not judged (no
        sub-blocks, gravity removed, or the stretch after it not yet in a live table).
    """
    times = np.asarray(times, float)
    out = np.zeros(times.size, bool)
    if not times.size or len(frames) < 2 or frames.sub_acc is None or np.all(np.isnan(frames.orientation)):
        return out
    st, acc, still = _series(frames)
    seen = times + AFTER_S[1] <= st[-1]
    turn = np.full(times.size, np.nan)
    turn[seen] = _turns(st, acc, times[seen])
    for i in np.flatnonzero(seen & (turn >= TURN_DEG)).tolist():
        here = float(_turns(st, acc, times[i : i + 1], NEAR_BEFORE_S, NEAR_AFTER_S)[0])
        if not here >= HERE_SHARE * turn[i]:
            continue
        lo, hi = np.searchsorted(st, (times[i] - BESIDE_S, times[i] + BESIDE_S))
        at = st[lo:hi]
        # positions whose stretches keep 0.5 s from the transient (its own and the turn's), in still frames
        apart = (at + BEFORE_S[0] - 0.5 > times[i]) | (at + AFTER_S[1] + 0.5 < times[i])
        at = at[apart & still[lo:hi]]
        beside = _turns(st, acc, at)
        beside = beside[np.isfinite(beside)]
        if beside.size >= MIN_BESIDE and turn[i] >= OVER_BESIDE * float(np.median(beside)):
            out[i] = True
    return out
