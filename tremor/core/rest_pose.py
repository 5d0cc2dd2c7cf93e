"""Which still poses of a recording are rest, decided from the whole recording (issue 9, red team R4-3).

The segmentation (:func:`tremor.core.sets.segment_sets`) judges each frame's pose against the rest
orientation, first read from the quiet frames before the first movement (the *lead*). That pose need
not be the rest: a file opened 10-30 s into a hold leads with the raised arm (the true rests then read
as posed ``hold`` sets, the holds as rest, and the holds' growing tremor as the resting baseline), and a
watch started while standing leads with the hanging arm (everything from sitting down on, holds and
seated rests alike, is one posed set).

The rest pose is the pose a person returns to between sets and spends most still time in; a hold is a
raised, unsupported pose whose 6-12 Hz physiological tremor is higher than the supported rest's. So the
quiet frames are grouped by pose (:func:`pose_groups`: gravity directions within ``POSE_DEG`` of a
group's median) and the lead's group is compared with the largest other group. Where the other group
holds more still time than the lead's (:func:`rest_poses`):

- its median 6-12 Hz RMS at most :data:`SAME_TREMOR` times the lead's: it is a rest pose too (the
  hanging arm of a standing start and the seated forearm both carry the resting tremor, 1.0-1.1x
  apart in the red team's ``stand_start``; a hanging arm bears no load, it is a rest, and sitting down is
  a transition, not a set);
- and the lead's median 6-12 Hz RMS at least :data:`HOLD_TREMOR` times the other's: the lead was a
  hold (the red team's ``mid_start``: 0.060-0.062 against 0.013-0.014 m/s^2, 4.4-4.5x; a supported
  rest's tremor is the lowest a still wrist shows), and only the other group is rest.

A group with more still time but more tremor than that (a session of long holds and short rests that
opened at rest: its holds' group outweighs the rest's) changes nothing, nor does a smaller group. A
live session (:mod:`tremor.live.set_decisions`) segments the frames it has so far with the same rule,
so until a second pose has outweighed the lead's it judges poses against the lead (a file that opens
mid-hold shows its first rest as a pending set until the rest's still time passes the hold's); the
sets it confirms once the rule has switched are batch's.
"""

from __future__ import annotations

import numpy as np

__all__ = ["SAME_TREMOR", "HOLD_TREMOR", "pose_groups", "rest_poses"]

#: A pose group with more still time than the lead's is a rest pose too where its median 6-12 Hz RMS
#: is at most this many times the lead group's: a hanging arm and a forearm on the thigh, both
#: unloaded, 0.95-1.05x apart in the red team's ``stand_start`` (seeds 41, 42); a hold's group is
#: 3.5-4.5x the rest's in its ``fatigue_holds`` and ``mid_start`` files.
SAME_TREMOR = 1.5
#: ... and the lead group is no rest where its median 6-12 Hz RMS is at least this many times the
#: other group's (a raised hold's physiological tremor over a supported rest's: 4.4-4.5x in the red
#: team's ``mid_start``, at least 2x in this repository's own simulated holds).
HOLD_TREMOR = 2.0
#: Fewest quiet frames of a pose group considered (5 s at the 0.5 s hop, as the lead's).
MIN_GROUP_FRAMES = 10
#: A group's seed is the best of this many quiet frames spread over the recording (a pose held for
#: a twentieth of the still time holds about two of them) ...
MAX_SEEDS = 40
#: ... each seed's neighbours counted among at most about this many quiet frames (a time-spread
#: sample: about 1 ms of CPU a call at any length).
MAX_POOL = 2000


def _unit(v: np.ndarray) -> np.ndarray | None:
    norm = float(np.linalg.norm(v))
    return v / norm if norm > 0 and np.isfinite(norm) else None


def pose_groups(
    orientation: np.ndarray, quiet: np.ndarray, pose_deg: float, *, max_groups: int = 4
) -> list[np.ndarray]:
    """Quiet frames grouped by pose, largest group first.

    Each group is seeded by the quiet frame with the most quiet frames within ``pose_deg`` of it
    (:data:`MAX_SEEDS` frames tried, spread over the ungrouped ones, each counted against at most
    about :data:`MAX_POOL` of them), and holds the ungrouped quiet frames within
    ``pose_deg`` of the seed group's median gravity direction.

    Parameters
    ----------
    orientation : ndarray, shape (n_frames, 3)
        Unit gravity directions (NaN where unknown).
    quiet : ndarray of bool, shape (n_frames,)
        Frames that may be grouped.
    pose_deg : float
        Group radius in degrees.
    max_groups : int
        At most this many groups are formed.

    Returns
    -------
    list of ndarray of bool
        Frame masks, one a group, each of at least :data:`MIN_GROUP_FRAMES` frames.
    """
    o = np.nan_to_num(np.asarray(orientation, float))
    left = np.asarray(quiet, bool) & np.isfinite(np.asarray(orientation, float)).all(axis=1)
    cos_lim = float(np.cos(np.radians(pose_deg)))
    out: list[np.ndarray] = []
    while len(out) < max_groups and left.sum() >= MIN_GROUP_FRAMES:
        idx = np.flatnonzero(left)
        # einsum, not a BLAS product: its threads cost several times the CPU on so thin a matrix
        seeds = idx[np.linspace(0, idx.size - 1, min(MAX_SEEDS, idx.size)).astype(int)]
        pool = idx[:: max(1, idx.size // MAX_POOL)]
        counts = (np.einsum("ij,kj->ik", o[seeds], o[pool]) >= cos_lim).sum(axis=1)
        seed = int(seeds[int(np.argmax(counts))])
        near = left & (np.einsum("ij,j->i", o, o[seed]) >= cos_lim)
        centre = _unit(np.median(o[near], axis=0))
        if centre is not None:
            near = left & (np.einsum("ij,j->i", o, centre) >= cos_lim)
        if near.sum() < MIN_GROUP_FRAMES:
            break
        out.append(near)
        left &= ~near
    return out


def rest_poses(
    orientation: np.ndarray, quiet: np.ndarray, tremor_power: np.ndarray, lead: np.ndarray, pose_deg: float
) -> list[np.ndarray]:
    """The rest poses: the lead's, and the largest other still pose where the whole recording says so.

    Parameters
    ----------
    orientation : ndarray, shape (n_frames, 3)
        Unit gravity directions (NaN where unknown).
    quiet : ndarray of bool, shape (n_frames,)
        Still frames that may be rest (not moving, not walking, not lying unworn).
    tremor_power : ndarray, shape (n_frames,)
        6-12 Hz power of each frame, (m/s^2)^2 (NaN where unknown).
    lead : ndarray of bool, shape (n_frames,)
        The quiet frames before the first movement, whose median pose was the rest so far.
    pose_deg : float
        A frame within this many degrees of a rest pose is at rest.

    Returns
    -------
    list of ndarray, shape (3,)
        Unit gravity directions of the rest poses: the lead's alone, the lead's and the other's, or
        the other's alone (the module docstring gives the rule).
    """
    # the lead's pose in the table's own precision, as the segmentation read it before this rule
    lead_pose = _unit(np.nanmedian(orientation[lead], axis=0))
    o = np.asarray(orientation, float)
    if lead_pose is None:
        return []
    cos_lim = float(np.cos(np.radians(pose_deg)))
    near_lead = np.nan_to_num(np.einsum("ij,j->i", o, lead_pose), nan=-1.0) >= cos_lim
    in_lead = quiet & near_lead
    others = pose_groups(o, quiet & ~near_lead, pose_deg, max_groups=1)
    if not others or others[0].sum() <= in_lead.sum():
        return [lead_pose]
    group = others[0]
    power = np.asarray(tremor_power, float)
    other_rms = float(np.sqrt(np.nanmedian(power[group]))) if np.isfinite(power[group]).any() else np.nan
    lead_rms = float(np.sqrt(np.nanmedian(power[in_lead]))) if np.isfinite(power[in_lead]).any() else np.nan
    if not (np.isfinite(other_rms) and np.isfinite(lead_rms)) or other_rms > SAME_TREMOR * lead_rms:
        return [lead_pose]
    pose = _unit(np.median(o[group], axis=0))
    if pose is None:
        return [lead_pose]
    if lead_rms >= HOLD_TREMOR * other_rms:
        return [pose]
    return [pose, lead_pose]
