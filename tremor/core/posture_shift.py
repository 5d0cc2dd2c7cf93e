"""A still span at a new pose with the rest's tremor, long or not coming back: a posture shift, not a hold (issue 9).

The segmentation (:func:`tremor.core.sets.segment_sets`) marks a frame active where the wrist moves
or is held more than ``POSE_DEG`` from a rest pose, which catches isometric holds. A person seated
through a long rest shifts posture every minute or few (leaning back, crossing the legs, the forearm
moved from the thigh to an armrest): the forearm turns 30-90 deg and settles in a new still pose for
minutes, with the rest's tremor. Such a stay read as a ``calm`` hold (red team R4-8's remnant:
``long_rests`` seeds 42-45, 0.9-1.1x the rest's 6-12 Hz power, 28-310 s each, two to five a file),
and the session's trend across sets (:func:`tremor.core.causes.session_causes`) was drawn with
them: "neuromuscular fatigue ... grew from 7.6x in the first sets to 15.0x" and "glycogen depletion".

A hold is a posture held against gravity, typically 10-90 s: reached from the rest pose and put back
there, its physiological tremor over the supported rest's and, loaded, rising. A still hold span is a
rest in another posture (:func:`settled_pose`) where its still frames' median 6-12 Hz power is at most
:data:`REST_LEVEL` times the rest's, over the whole span and over its last third (no tremor built up: a
``fatigue_tremor`` label needs the last third at 2.45x the rest or more), and either

- it lasts :data:`SETTLED_S` or more: an isometric hold rarely lasts 2.5 minutes, and one that long
  at the rest's tremor with no rise is no load the tremor shows (a fatigue hold of 90-120 s has a
  tremor over the rest's, or rising, and stays a set);
- or it lasts :data:`MOVED_MIN_S` or more and the arm did not come back to where it left: the still
  pose after it lies :data:`MOVED_DEG` or more from the one before it (:data:`AROUND_S` of rest frames
  either side). A calm hold lowered back to its rest lies within a few degrees of where it was raised
  from; a shorter calm hold is kept whatever follows it.

Left: a posture shift of under a minute, or one whose next pose returns within :data:`MOVED_DEG` of
the pose before it, still reads as a calm hold; a calm hold of a minute or more after which the arm
rests in a pose :data:`MOVED_DEG` away reads as rest.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "REST_LEVEL",
    "SETTLED_S",
    "MOVED_MIN_S",
    "MOVED_DEG",
    "AROUND_S",
    "MIN_AROUND_FRAMES",
    "settled_pose",
]

#: A still span's median 6-12 Hz power (over the span and over its last third) at most this many times
#: the rest's is the rest's tremor level: seated posture stays in the red team's ``long_rests`` read
#: 0.86-1.11x; a raised hold's physiological tremor over a supported rest's is 3.5-28x in its
#: ``fatigue_holds`` and ``long_rests`` holds (and 7-10x for the phone checks' taps). Under the lowest
#: last third a ``fatigue_tremor`` label takes (2.45x, over a rest at the sensor's noise floor,
#: :mod:`tremor.core.set_labels`), so no set that label would fit is taken for rest.
REST_LEVEL = 2.0
#: A still span at the rest's tremor lasting this long (s) is a rest in another posture whatever
#: follows it: isometric holds last 10-90 s, rarely more than two minutes.
SETTLED_S = 150.0
#: A shorter span is one where it lasts at least this long (s) and the arm rests after it in another
#: pose than before it (:data:`MOVED_DEG`); a calm hold shorter than this stays a set.
MOVED_MIN_S = 60.0
#: ... another pose: at least this many degrees between the still poses before and after the span.
#: A forearm put back on the thigh after a hold lands within a few degrees of where it was raised from.
MOVED_DEG = 10.0
#: The poses before and after a span are the median gravity directions of the rest frames within this
#: many seconds of its edges ...
AROUND_S = 10.0
#: ... where there are at least this many of them on each side (3 s at the 0.5 s hop).
MIN_AROUND_FRAMES = 6


def _pose(orientation: np.ndarray, mask: np.ndarray) -> np.ndarray | None:
    if mask.sum() < MIN_AROUND_FRAMES:
        return None
    v = np.nanmedian(orientation[mask], axis=0)
    norm = float(np.linalg.norm(v))
    return v / norm if norm > 0 and np.isfinite(norm) else None


def _median(power: np.ndarray) -> float:
    finite = power[np.isfinite(power)]
    return float(np.median(finite)) if finite.size else np.nan


def settled_pose(
    t_s: np.ndarray,
    orientation: np.ndarray,
    power_phys: np.ndarray,
    still: np.ndarray,
    rest: np.ndarray,
    span: tuple[int, int],
) -> bool:
    """Whether a still hold span is a rest in another posture (the module docstring gives the rule).

    Parameters
    ----------
    t_s : ndarray, shape (n_frames,)
        Frame times in s, increasing.
    orientation : ndarray, shape (n_frames, 3)
        Unit gravity directions (NaN where unknown).
    power_phys : ndarray, shape (n_frames,)
        6-12 Hz power of each frame, (m/s^2)^2 (NaN where unknown).
    still : ndarray of bool, shape (n_frames,)
        Frames whose wrist does not move (movement RMS under the segmentation's threshold).
    rest : ndarray of bool, shape (n_frames,)
        Still frames at a rest pose, in no set, walk or unworn stretch: the rest the span is compared with.
    span : (int, int)
        The span's first frame and the frame after its last.

    Returns
    -------
    bool
        True where its tremor is the rest's and it lasts :data:`SETTLED_S`, or :data:`MOVED_MIN_S` with
        the arm resting after it :data:`MOVED_DEG` or more from where it rested before it; False where
        the rest's level is unknown (under :data:`MIN_AROUND_FRAMES` rest frames).
    """
    a, b = span
    t = np.asarray(t_s, float)
    power = np.asarray(power_phys, float)
    dur = float(t[b - 1] - t[a])
    if dur < MOVED_MIN_S or np.count_nonzero(rest) < MIN_AROUND_FRAMES:
        return False
    rest_power = _median(power[rest])
    inside = np.flatnonzero(still[a:b]) + a
    if inside.size < 3 * MIN_AROUND_FRAMES or not rest_power > 0:
        return False
    level = _median(power[inside])
    last = _median(power[np.array_split(inside, 3)[2]])
    if not (level <= REST_LEVEL * rest_power and last <= REST_LEVEL * rest_power):
        return False
    if dur >= SETTLED_S:
        return True
    before = _pose(orientation, rest & (t >= t[a] - AROUND_S) & (t < t[a]))
    after = _pose(orientation, rest & (t > t[b - 1]) & (t <= t[b - 1] + AROUND_S))
    if before is None or after is None or t[-1] < t[b - 1] + AROUND_S - 0.5 * float(t[b - 1] - t[b - 2]):
        return False  # (a live session's table not yet past the window after it: undecided, as at a recording's end)
    return bool(np.degrees(np.arccos(np.clip(float(before @ after), -1.0, 1.0))) >= MOVED_DEG)
