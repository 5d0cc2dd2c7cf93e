"""A still pose kept between working bouts, its gripped load's tremor steady across each stay: a rest (issue 9, R5-6).

:func:`tremor.core.rest_pose.rest_poses` takes the largest still pose away from the lead's (the quiet frames before
the first movement) as a rest pose too where it holds more still time than the lead's and its 6-12 Hz tremor is the
lead's (``SAME_TREMOR``, 1.5x its RMS). Seated curls whose dumbbell stays in the hand, resting on the thigh, between
the sets (red team R5-6, ``thigh_rest``) keep a tremor over the empty lap's: the grip drives an 8-10 Hz line
(1.3-1.8x the lap's RMS in its files), so in half the sessions the thigh was no rest pose, every rest frame there was
posed, and the three sets and their rests read as one ``hold`` set of 270 s.

Its tremor's level cannot tell that rest from a supported hold (a wall sit with the hands on the thighs, a forearm
braced on a bench: no sway of its own either, ``tests/core/supported_holds_physics.py``). Its course can: a hold
held to fatigue builds its tremor across each stay (the motor units' synchrony grows as they tire: 1.8-2.6x from a
stay's first quarter to its last in that physics, the lap's RMS growing 1.0 -> 2.6x), where a grip resting its load
on the thigh is as steady at the end of the rest as at its start (0.6-1.3x in ``thigh_rest``, 18 stays). And what
lies between the stays: a rest follows the work, a supported hold may be left for a walk about. So the pose is a rest
where

- it is supported: its still frames sway no more than :data:`SUPPORTED_SWAY` times the lead's (a hold held out sways
  with its muscles' slow corrections);
- between its stays the arm works: at least one bout of :data:`MIN_BOUT_FRAMES` moving frames between two of its
  still frames, none of them a walk (mostly at a gait cadence, :data:`GAIT_SHARE`, and turning the wrist less than
  :data:`LIFT_TURN_DEG` in half a second: an arm swinging about hanging, where a lift turns the forearm through
  110-150 deg each rep), and at most :data:`ELSEWHERE_FRAMES` still frames elsewhere between two of its still frames
  (a hold is raised from a rest and put back there; the curl's start pose before a set is held 1-3 s);
- and its tremor does not build: the median over its stays of :data:`MIN_STAY_FRAMES` or more of the last
  quarter's median 6-12 Hz RMS over the first quarter's is at most :data:`STEADY_BUILD`.

The level stays bounded by the caller (at most ``HOLD_TREMOR``, twice the lead's, :mod:`tremor.core.rest_pose`; a
raised hold's is 1.9-5.3x a supported rest's). The rule reads the whole session so far: a live session's set check
(:mod:`tremor.live.set_decisions`) applies it to the frames it has, so the thigh is rest once a working bout lies
between two stays on it.

Left (one wrist sensor shows them alike): a calm hold that barely sways (under 1.5x the rest's movement) and whose
tremor does not build, at 1.5-2x the rest's, held between lifting bouts with no rest anywhere else (a circuit of
curls and a calm wall sit) reads as that rest, and is no set (own physics: all such holds lost,
``tests/core/test_loaded_rest.py``); a thigh rest with a walk between two of its stays, or curls that turn the wrist
less than a walk does, stays posed (the sets merge as before).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = [
    "MIN_BOUT_FRAMES",
    "SUPPORTED_SWAY",
    "GAIT_SHARE",
    "LIFT_TURN_DEG",
    "ELSEWHERE_FRAMES",
    "MIN_STAY_FRAMES",
    "STEADY_BUILD",
    "Activity",
    "frame_turn",
    "loaded_rest",
]

#: The pose's still frames' median 0.25-3 Hz movement RMS at most this many times the lead's: supported, as a
#: forearm on the thigh is (``thigh_rest``: 0.87-1.36x, 54 draws; ``thigh_rest_physics``: 0.83-1.23x, 24 draws),
#: where a hold held out sways with its muscles' slow corrections (a dumbbell held out swaying 1 deg at 0.1-1 Hz
#: over the breathing's 1 deg: 1.5-1.9x; 2 deg: 2.3-3.0x; simulated light and calm holds 6.5-19x the rest's,
#: :mod:`tremor.core.stay_sway`).
SUPPORTED_SWAY = 1.5
#: Moving frames between two of the pose's still frames that make a working bout between two stays (2 s at the
#: 0.5 s hop: a shift on the thigh moves the forearm under a second, a set of reps lasts 20 s or more).
MIN_BOUT_FRAMES = 4
#: A bout between two stays is a walk, not work, where at least this share of its moving frames has its movement
#: peak at a gait cadence (``thigh_rest``'s curls: 0.01-0.09; ``supported_holds_physics``' walks: 0.86-0.89).
GAIT_SHARE = 0.5
#: ... and whose moving frames' median turn (:func:`frame_turn`, over 0.5 s) is under this many degrees: a walking
#: arm swings about hanging (``supported_holds_physics``' walks: 13.7-16.4 deg; a freely swinging pendulum's
#: accelerometer reads along the arm, so a relaxed swing turns it less still), a lift turns the forearm through
#: 110-150 deg each rep (curls at 0.3-1 reps/s: 34-68 deg in ``thigh_rest_physics``, 46-48 in ``thigh_rest``).
LIFT_TURN_DEG = 25.0
#: Still frames elsewhere between two of the pose's still frames: at most this many (5 s at the 0.5 s hop, as
#: ``MIN_GROUP_FRAMES`` of :mod:`tremor.core.rest_pose`): the start pose before a set (0 in ``thigh_rest``, 0-2
#: frames as a walk ends in ``supported_holds_physics``), not a rest between holds (10 s or more).
ELSEWHERE_FRAMES = 10
#: A stay of at least this many still frames (10 s at the 0.5 s hop) is measured for its tremor's build.
MIN_STAY_FRAMES = 20
#: The median build of the stays (last quarter's median 6-12 Hz RMS over the first quarter's) at most this: steady
#: (``thigh_rest``: stays 0.63-1.27x, medians 0.90-1.14x over seeds 1-6 at 100 Hz; fatigue holds growing 1.0 ->
#: 2.6x the lap's: stays 1.8-2.6x).
STEADY_BUILD = 1.5


def frame_turn(sub_acc: np.ndarray) -> np.ndarray:
    """The largest angle between two of a frame's sub-block mean accelerations: how far the wrist turned in it.

    Parameters
    ----------
    sub_acc : ndarray, shape (n_frames, n_sub, 3)
        Mean acceleration in each sub-block of each frame, m/s^2
        (:attr:`tremor.core.features.Frames.sub_acc`: 0.1 s blocks tiling the frame's central hop).

    Returns
    -------
    ndarray, shape (n_frames,)
        Degrees (NaN where a block has no direction).
    """
    acc = np.asarray(sub_acc, float)
    norm = np.linalg.norm(acc, axis=2, keepdims=True)
    unit = np.where(norm > 0, acc / np.where(norm > 0, norm, 1.0), np.nan)
    cos = np.einsum("nij,nkj->nik", unit, unit).reshape(len(acc), -1)
    low = np.where(
        np.isnan(cos).any(axis=1), np.nan, np.min(np.nan_to_num(cos, nan=1.0), axis=1, initial=1.0)
    )
    return np.degrees(np.arccos(np.clip(low, -1.0, 1.0)))


@dataclass(frozen=True)
class Activity:
    """What the frames of a recording show of its movement, for :func:`loaded_rest`.

    Attributes
    ----------
    movement_rms : ndarray, shape (n_frames,)
        0.25-3 Hz movement RMS of each frame, m/s^2.
    moving : ndarray of bool, shape (n_frames,)
        The moving frames.
    gait : ndarray of bool, shape (n_frames,)
        The moving frames whose movement peak lies at a gait cadence.
    sub_acc : ndarray, shape (n_frames, n_sub, 3)
        Mean acceleration in each frame's sub-blocks, m/s^2 (:func:`frame_turn`).
    """

    movement_rms: np.ndarray
    moving: np.ndarray
    gait: np.ndarray
    sub_acc: np.ndarray


def loaded_rest(
    group: np.ndarray,
    lead: np.ndarray,
    quiet: np.ndarray,
    activity: Activity,
    tremor_power: np.ndarray,
) -> bool:
    """Whether a still pose group is the rest kept between working bouts (the module docstring).

    Parameters
    ----------
    group : ndarray of bool, shape (n_frames,)
        The pose group's still frames.
    lead : ndarray of bool, shape (n_frames,)
        The still frames of the lead's pose (the rest so far).
    quiet : ndarray of bool, shape (n_frames,)
        Every still frame (``group`` among them).
    activity : Activity
        The frames' movement.
    tremor_power : ndarray, shape (n_frames,)
        6-12 Hz power of each frame, (m/s^2)^2 (NaN where unknown).

    Returns
    -------
    bool
        True where the pose is supported (:data:`SUPPORTED_SWAY`), a working bout lies between two of its stays and
        none is a walk, at most :data:`ELSEWHERE_FRAMES` still frames elsewhere lie between two of its still frames,
        and the median build of its stays is at most :data:`STEADY_BUILD` (False where no stay is long enough to
        measure).
    """
    group = np.asarray(group, bool)
    at = np.flatnonzero(group)
    if at.size < 2:
        return False
    move = np.asarray(activity.movement_rms, float)
    lead_move = float(np.nanmedian(move[lead])) if np.isfinite(move[lead]).any() else np.nan
    if not (lead_move > 0 and float(np.nanmedian(move[group])) <= SUPPORTED_SWAY * lead_move):
        return False  # held out, swaying (or unknown): no supported rest

    def between(mask: np.ndarray) -> np.ndarray:
        # frames of ``mask`` strictly between each two consecutive frames of the group
        counts = np.concatenate([[0], np.cumsum(np.asarray(mask, bool))])
        return counts[at[1:]] - counts[at[:-1] + 1]

    if int(between(np.asarray(quiet, bool) & ~group).max()) > ELSEWHERE_FRAMES:
        return False
    moving = np.asarray(activity.moving, bool)
    moved = between(moving)
    bouts = np.flatnonzero(moved >= MIN_BOUT_FRAMES)
    if not bouts.size:
        return False
    paced = between(activity.gait)[bouts] >= GAIT_SHARE * moved[bouts]
    for k in bouts[paced]:
        rows = at[k] + 1 + np.flatnonzero(moving[at[k] + 1 : at[k + 1]])
        turn = frame_turn(np.asarray(activity.sub_acc)[rows])
        # a walk between two stays (an unknown turn: not known to be work)
        if not (np.isfinite(turn).any() and float(np.nanmedian(turn)) >= LIFT_TURN_DEG):
            return False
    power = np.asarray(tremor_power, float)
    builds = []
    for stay in np.split(at, bouts + 1):
        if stay.size < MIN_STAY_FRAMES:
            continue
        q = stay.size // 4
        first, last = power[stay[:q]], power[stay[-q:]]
        if not (np.isfinite(first).any() and np.isfinite(last).any()):
            continue
        lo, hi = float(np.nanmedian(first)), float(np.nanmedian(last))
        if lo > 0:
            builds.append(np.sqrt(hi / lo))
    return bool(builds) and float(np.median(builds)) <= STEADY_BUILD
