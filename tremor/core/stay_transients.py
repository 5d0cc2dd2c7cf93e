"""What in a still stay is no part of its own level: transients, and turns that leave its pose (issue 9, red team R5-7).

:func:`tremor.core.posture_shift.stay_kind` tells a hold from a change of posture by the stay's own tremor, its
rhythm and the movement in it. A person lying asleep who turns over (a 4-8 s roll of the whole arm, 90-180 deg)
and lies still in the new pose shows nothing but the sensor's noise, breathing and the heart's ballistocardiogram,
at the rest's level (median 0.96-1.08x); yet such stays read as ``calm`` hold sets of up to 6.6 min (red team R5-7:
11 of 12 draws), for three reasons this module names:

- the still frames beside a movement bout (a turn inside the stay, or the turn into it) hold its skirt: a 2 s
  window whose centre lies within :data:`NEAR_MOVE_S` of a moving frame's shares half its samples or more with that
  frame's window, and the roll's 0.3-3 Hz swing spills into the 3 Hz bins (9-900x the rest's 3-7 Hz power in the
  sleeping arm's frames 0.5-1 s from a turn, their 6-12 Hz power 0.6-1.3x): the stay's mean spectrum then shows a
  "line beside the band" no tremor made;
- a hypnic jerk (a one-cycle 4-7 Hz swing of 1-3 m/s^2, a 15-25 Hz ring) fills the 2-4 frames whose windows hold
  it with 100-6000x the rest's 6-12 Hz power: the stay's means (2-970x) then read as a tremor over the rest's. A
  tremor is sustained; a run of frames over the level that lasts at most :data:`BRIEF_S` (a 2 s window and a hop:
  one brief event seen by every window holding it) is a transient, as an impact or a twitch is, and is left out;
- a movement bout after which the arm lies elsewhere (:func:`moves_in_pose`: the still frames :data:`SIDE_S`
  before and after it more than :data:`BACK_DEG` apart) is a change of posture, not the activity in a pose
  (paused slow reps, a held arm's sway) that makes a stay a set.

A sustained tremor, even one rising only in a hold's last seconds, stays in the level (review rev24: each was taken
for a transient before): a steady tremor near the level scatters across it in short runs, which are no transient
unless a frame of them reaches :data:`PEAK_OVER` times the level (else the frames over the level were left out and
the rest compared with it: a plank at 2.0-2.3x the rest's power read as "about the rest's tremor"); a tremor rising
to a hold's end has no still frame at the level after it, so is no transient; and the frames :data:`NEAR_MOVE_S`
before the move out of a hold, where a tremor rising to failure peaks, stay in the level (their skirt is left out of
the rhythm beside the band only). Reps paused in a pose come back to it.
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = [
    "NEAR_MOVE_S",
    "BRIEF_S",
    "PEAK_OVER",
    "SIDE_S",
    "BACK_DEG",
    "transient_frames",
    "kept_transients",
    "moves_in_pose",
]

#: Still frames whose centres lie within this many seconds of a moving frame's are the movement's (half a 2 s
#: window: they share half their samples or more with a window over the movement level).
NEAR_MOVE_S = 1.0
#: A run of still frames over a stay's level lasting at most this long (s, first to last centre) is one brief
#: event seen by each 2 s window that holds it (a jerk, a knock, a twitch), not a tremor.
BRIEF_S = 2.5
#: A brief raised run is a transient only where a frame of it reaches this many times the level (a jerk fills its
#: frames with 100-6000x the rest's power, 50-3000x the level; a 2 s frame's power of a steady 8-11 Hz tremor
#: scatters about its mean as a chi-square of some 12 degrees of freedom: 3x its mean in about 3e-4 of frames).
PEAK_OVER = 5.0
#: The pose before and after a movement bout: the median gravity direction of the stay's still frames this many
#: seconds either side of it (s) ...
SIDE_S = 3.0
#: ... which differ by more than this many degrees where the bout left the pose (a forearm put back after a rep
#: or a sway lands within a few degrees of where it was; a turn in bed rolls the wrist 90-180 deg).
BACK_DEG = 10.0


def transient_frames(
    t_s: np.ndarray,
    still: np.ndarray,
    power: np.ndarray,
    bound: float,
    run: tuple[int, int],
    near: bool = True,
) -> np.ndarray:
    """The still frames of the stay ``run`` that a transient fills (the module docstring).

    Parameters
    ----------
    t_s : ndarray, shape (n_frames,)
        Frame times in s, increasing.
    still : ndarray of bool, shape (n_frames,)
        Frames under the segmentation's movement level.
    power : ndarray, shape (n_frames,)
        Each frame's 6-12 Hz power (NaN where unknown).
    bound : float
        The level over which a frame is raised (the rest's power times the stay's factor).
    run : (int, int)
        The stay's first frame and the frame after its last.
    near : bool
        Whether the still frames within :data:`NEAR_MOVE_S` of a moving frame of the run are left out (a rhythm
        beside the band: their skirt); not for a stay's 6-12 Hz level (a tremor rising to failure peaks there).

    Returns
    -------
    ndarray of bool, shape (i1 - i0,)
        Over the run's frames: True where a still frame lies within :data:`NEAR_MOVE_S` of a moving frame of the
        run (``near``), or in a run of raised still frames (consecutive frames) lasting at most :data:`BRIEF_S`
        that a frame reaching :data:`PEAK_OVER` times ``bound`` is in and a still frame at the level follows.
    """
    i0, i1 = run
    t = np.asarray(t_s[i0:i1], float)
    calm = np.asarray(still[i0:i1], bool)
    out = np.zeros(len(t), bool)
    moving_t = t[~calm]
    if near and moving_t.size:
        k = np.searchsorted(moving_t, t)
        gap = np.full(len(t), np.inf)
        ahead, behind = k < moving_t.size, k > 0
        gap[ahead] = moving_t[k[ahead]] - t[ahead]
        gap[behind] = np.minimum(gap[behind], t[behind] - moving_t[k[behind] - 1])
        out |= calm & (gap <= NEAR_MOVE_S + 1e-9)
    p = np.asarray(power[i0:i1], float)
    raised = calm & np.isfinite(p) & (p > bound)
    steady = np.flatnonzero(calm & ~out & ~raised)
    last = steady[-1] if steady.size else -1
    edges = np.flatnonzero(np.diff(np.concatenate(([0], raised.astype(np.int8), [0]))))
    for a, b in zip(edges[::2], edges[1::2]):
        # a transient stands far over the level (a steady tremor near it scatters across it in short runs) and
        # the arm lies still at the level after it (a tremor rising to the hold's end is no transient)
        if t[b - 1] - t[a] <= BRIEF_S + 1e-9 and np.nanmax(p[a:b]) >= PEAK_OVER * bound and b - 1 < last:
            out[a:b] = True
    return out


def kept_transients(
    t_s: np.ndarray,
    still: np.ndarray,
    power: np.ndarray,
    bound: float,
    run: tuple[int, int],
    kept: dict[str, Any] | None,
) -> np.ndarray:
    """``transient_frames(t_s, still, power, bound, run, near=False)``, kept in ``kept`` across levels.

    With ``near=False`` the answer reads the run's rows and ``bound`` only through which still finite powers lie
    over ``bound`` and which reach :data:`PEAK_OVER` times it: two upper sets of the run's sorted still powers. A
    live check judges each stay every second against a new rest level (``bound``); where both sets hold as many
    frames as at the kept level, they are the same frames (an upper set of sorted values is fixed by its size),
    so the kept answer is the answer, found by two bisections instead of a scan of the run.

    Parameters
    ----------
    t_s, still, power, bound, run
        As :func:`transient_frames`.
    kept : dict or None
        What is kept of one stay, whose rows ``run`` never change (a live session's growing table); None: computed.

    Returns
    -------
    ndarray of bool, shape (run[1] - run[0],)
        As :func:`transient_frames` with ``near=False``.
    """
    if kept is None:
        return transient_frames(t_s, still, power, bound, run, near=False)
    i0, i1 = run
    values = kept.get("transient powers")
    if values is None:
        p = np.asarray(power[i0:i1], float)
        p = p[np.asarray(still[i0:i1], bool) & np.isfinite(p)]
        values = kept["transient powers"] = np.sort(p)
    counts = (
        int(values.size - np.searchsorted(values, bound, side="right")),  # p > bound
        int(values.size - np.searchsorted(values, PEAK_OVER * bound, side="left")),  # p >= PEAK_OVER * bound
    )
    got = kept.get("transients")
    if got is None or got[0] != counts:
        got = kept["transients"] = (counts, transient_frames(t_s, still, power, bound, run, near=False))
    out: np.ndarray = got[1]
    return out


def _pose(orientation: np.ndarray, rows: np.ndarray) -> np.ndarray | None:
    o = np.asarray(orientation[rows], float)
    o = o[np.isfinite(o).all(axis=1)]
    if len(o) < 2:
        return None
    v = np.median(o, axis=0)
    norm = float(np.linalg.norm(v))
    return v / norm if norm > 0 else None


def moves_in_pose(
    t_s: np.ndarray, orientation: np.ndarray, still: np.ndarray, run: tuple[int, int], edge_s: float
) -> int:
    """How many bouts of movement the stay ``run`` holds more than ``edge_s`` from its edges after which the arm
    is back in its pose (a bout whose pose either side is unseen counts).

    Parameters
    ----------
    t_s : ndarray, shape (n_frames,)
        Frame times in s, increasing.
    orientation : ndarray, shape (n_frames, 3)
        Unit gravity directions (NaN where unknown).
    still : ndarray of bool, shape (n_frames,)
        Frames under the segmentation's movement level.
    run : (int, int)
        The stay's first frame and the frame after its last.
    edge_s : float
        Bouts this near the stay's edges (the movement into the pose and out of it) are not read.

    Returns
    -------
    int
        The bouts, each a run of moving frames, whose still poses :data:`SIDE_S` before and after lie within
        :data:`BACK_DEG` of each other.
    """
    i0, i1 = run
    t = np.asarray(t_s, float)
    k = np.flatnonzero((t[i0:i1] > t[i0] + edge_s) & (t[i0:i1] < t[i1 - 1] - edge_s)) + i0
    if not k.size:
        return 0
    moving = ~np.asarray(still[k], bool)
    edges = np.flatnonzero(np.diff(np.concatenate(([0], moving.astype(np.int8), [0]))))
    calm = np.flatnonzero(np.asarray(still[i0:i1], bool)) + i0
    cos = np.cos(np.deg2rad(BACK_DEG))
    count = 0
    for a, b in zip(edges[::2], edges[1::2]):
        t0, t1 = t[k[a]], t[k[b - 1]]
        before = _pose(orientation, calm[(t[calm] >= t0 - SIDE_S) & (t[calm] < t0)])
        after = _pose(orientation, calm[(t[calm] > t1) & (t[calm] <= t1 + SIDE_S)])
        if before is None or after is None or float(before @ after) >= cos:
            count += 1
    return count
