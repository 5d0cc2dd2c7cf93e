"""Slow reps: a set's pauses in which the arm stays raised join its active stretches (issue 9).

The segmentation (:func:`tremor.core.sets.segment_sets`) marks a frame active where the wrist moves
(movement-band RMS, 0.25-3 Hz) or is held away from its rest orientation (``POSE_DEG``), and joins
active stretches across pauses of up to ``JOIN_S``. A frame's 2 s window cannot see a rep slower
than one every 4 s as movement: within one window it is a slow ramp, most of whose power lies below
the band's lowest bin (0.5 Hz). Slow, light reps whose arm swings about a pose near ``POSE_DEG``
are active only around each rep's fastest and highest part: 1.5-2 s runs, one per rep, apart by
1.5-4 s of frames that neither move nor are posed, although the arm never came back to rest
(fresh seeds 3843094593, 1006815533 and 1470062282 of ``gym_session``: reps at 0.22-0.25 Hz,
0.5-1.0 m/s^2, the arm 31-33 deg from rest swinging by 11-12 deg; every frame of each set 20-40 deg
from rest, the rest 3-6 deg).

Such a pause is part of the set: two active stretches are joined across a pause of at most
:data:`REP_PAUSE_S` in which every frame stays at least :data:`RAISED_DEG` from the rest orientation
and the wrist never stops (every frame's movement RMS at least :data:`PAUSE_MOVE_MPS2`: what a
2 s window sees of the slow rep). A pause in which the arm comes back toward rest or keeps still
(a forearm laid on the thigh between two sips of water), or a longer one, still splits them as
before, and a set's edges are still its first and last active frames.
"""

from __future__ import annotations

import numpy as np

__all__ = ["RAISED_DEG", "PAUSE_MOVE_MPS2", "REP_PAUSE_S", "pose_angle", "join_raised_pauses", "raised_after"]

#: A pause joins two active stretches only where the arm stays this far from its rest orientation in
#: every frame of it, half the segmentation's pose threshold (``POSE_DEG``, 30 deg): the slow reps
#: above stay 20-40 deg from rest through their pauses; resting frames lie within 3-6 deg of it
#: in the simulator's sessions.
RAISED_DEG = 15.0
#: ... and only where every frame of the pause moves at least this (movement RMS): the slow reps'
#: pause frames above move 0.087-0.32 m/s^2 (medians 0.17-0.33), while a wrist at rest stays at
#: 0.008-0.013 (99th percentile 0.013-0.021) in those sessions. Not the pause's median: the frames
#: next to a short movement hold its edge in their windows (0.2-0.28 m/s^2 beside a 1.2 s movement
#: of 1.5 m/s^2), which fills a 1.5 s pause between two such movements.
PAUSE_MOVE_MPS2 = 0.05
#: Longest pause (between the centres of the active frames either side) joined where the arm stays
#: raised: one rep at 0.2 per second, a slow tempo; the pauses of the reps above are 1.5-4 s.
REP_PAUSE_S = 5.0


def pose_angle(orientation: np.ndarray, ref: np.ndarray | None) -> np.ndarray:
    """Each frame's angle (degrees) between its gravity direction and the rest orientation.

    Parameters
    ----------
    orientation : ndarray, shape (n_frames, 3)
        Unit gravity directions of the frames (NaN where gravity is not included).
    ref : ndarray, shape (3,) or (k, 3), or None
        The rest orientation (a unit vector; one a row where k poses are rest, the angle then being
        to the nearest), or None where there is none.

    Returns
    -------
    ndarray, shape (n_frames,)
        Angles in degrees; 0 where the angle is unknown (no reference, or a NaN orientation).
    """
    if ref is None:
        return np.zeros(len(orientation))
    cosang = orientation @ ref if np.ndim(ref) == 1 else (orientation @ np.asarray(ref).T).max(axis=1)
    cosang = np.clip(cosang, -1.0, 1.0)
    return np.nan_to_num(np.degrees(np.arccos(cosang)), nan=0.0)


def join_raised_pauses(
    spans: list[tuple[int, int]],
    t: np.ndarray,
    angle: np.ndarray,
    movement_rms: np.ndarray,
    blocked: np.ndarray,
    *,
    hop: float | None = None,
) -> list[tuple[int, int]]:
    """Join consecutive active runs across a pause in which the arm stays raised and never stops.

    Runs ``[a, b)`` and ``[c, d)`` become ``[a, d)`` where ``t[c] - t[b - 1]`` is at most
    :data:`REP_PAUSE_S`, every frame between them lies at least :data:`RAISED_DEG` from rest
    (``angle``) and moves at least :data:`PAUSE_MOVE_MPS2` (``movement_rms``), none is ``blocked``
    (walking, not worn), and no data gap breaks the frames between (consecutive frames at most one
    and a half hops apart).

    Parameters
    ----------
    spans : list of (int, int)
        Active runs as frame index ranges, in order (:func:`tremor.core.sets.time_runs`).
    t : ndarray, shape (n_frames,)
        Frame times in s, increasing.
    angle : ndarray, shape (n_frames,)
        Each frame's angle from the rest orientation in degrees (:func:`pose_angle`).
    movement_rms : ndarray, shape (n_frames,)
        Each frame's movement-band RMS in m/s^2.
    blocked : ndarray of bool, shape (n_frames,)
        Frames a set may not span.
    hop : float or None
        The median of ``np.diff(t)`` where the caller has it (None: computed here).

    Returns
    -------
    list of (int, int)
        The runs, joined where their pause kept the arm raised.
    """
    if len(spans) < 2:
        return list(spans)
    steps = np.diff(t)
    if hop is None:
        hop = float(np.median(steps)) if steps.size else 0.0
    out = [spans[0]]
    for c, d in spans[1:]:
        a, b = out[-1]
        between = slice(b, c)
        if (
            t[c] - t[b - 1] <= REP_PAUSE_S
            and c > b
            and bool(np.all(steps[b - 1 : c] <= 1.5 * hop))
            and not bool(np.any(blocked[between]))
            and bool(np.all(angle[between] >= RAISED_DEG))
            and bool(np.all(movement_rms[between] >= PAUSE_MOVE_MPS2))
        ):
            out[-1] = (a, d)
        else:
            out.append((c, d))
    return out


def raised_after(t: np.ndarray, angle: np.ndarray, after_s: float) -> bool:
    """Whether every frame after ``after_s`` keeps the arm raised, so activity resuming may join the set.

    A live session waits :data:`REP_PAUSE_S` more before it takes such a set as ended.

    Parameters
    ----------
    t : ndarray, shape (n_frames,)
        Frame times in s, increasing.
    angle : ndarray, shape (n_frames,)
        Each frame's angle from the rest orientation in degrees (:func:`pose_angle`).
    after_s : float
        Time in s of the set's last active frame.

    Returns
    -------
    bool
        True where there are frames after ``after_s`` and each lies at least :data:`RAISED_DEG` from rest.
    """
    after = angle[t > after_s]
    return bool(after.size) and bool(np.all(after >= RAISED_DEG))
