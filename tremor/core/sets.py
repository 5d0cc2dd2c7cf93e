"""Splitting a session into sets and rests, from markers or from the frame features.

Automatic segmentation marks a frame *active* when the wrist moves (movement-band RMS above
:data:`MOVE_MPS2`) or is held away from its rest orientation (gravity direction more than
:data:`POSE_DEG` degrees from the rest reference, which catches isometric holds). Active stretches
are joined across short pauses (and across a slow rep's longer pause in which the arm stays raised,
:mod:`tremor.core.rep_pauses`), kept when they last at least :data:`MIN_SET_S`, and set aside as
*walking* when they carry the gait signature (:func:`tremor.core.gait.footsteps`: a step cadence,
small, spread heel-strike impacts at a step rate of 1.5-2.5 per second, no landings, a moderate
intensity); periodicity alone does not make walking: swings, rows, ropes, strokes and jumps are
rhythmic too, and they are sets. An active stretch made mostly of gait bouts each too short to judge
(:data:`WALK_PIECES_SHARE`) is a walk in pieces, not a set (heel strikes are never tremor). Each set
owns its recovery: the rest up to the next set (or the end of the recording). A still hold whose tremor is
the rest's and whose pose the arm stays in for minutes, or leaves for another rest pose, is a posture shift in
a seated rest, not a set (:mod:`tremor.core.posture_shift`).

A set spans data gaps of up to :data:`MAX_BRIDGE_S` (a dropped radio packet): its boundaries, label
and metrics come from the data around the gap, and the gap is kept in :attr:`SetSpan.gaps`. A
longer gap ends the set; where the activity resumes right after it (no rest seen between the
parts, :func:`cut_by_gaps`), the parts are measured as one for their fatigue rise. A set edge
hidden by a gap (the set starts at the first frame after a gap, or ends at the last one before it)
is put midway between the frames either side, but never inside the gap: a hidden end no later than the gap's start (the last
data that show the set), a hidden onset no earlier than its end; the gap is kept in
:attr:`SetSpan.start_gap` / :attr:`SetSpan.end_gap`: the set may have started (ended) inside it.

:func:`movement_leak` marks the frames where vigorous movement puts its harmonics and impacts into
the tremor bands; their tremor is not measured (see :func:`tremor.core.classify.set_metrics`).

Size (issue 8): about 750 lines as one job, telling sets from rests; half of it is the measured
reasons for each threshold, kept beside the constant they justify. The gait signature and its
thresholds live in :mod:`tremor.core.gait` (imported here, where tests and callers find them).
"""

from __future__ import annotations

import itertools
from bisect import bisect_left, bisect_right
from collections.abc import Hashable
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from tremor.core.brisk_walk import brisk_walk
from tremor.core.features import Frames
from tremor.core.frame_memo import FrameMemo
from tremor.core.gait import (
    MIN_WALK_S,
    RUN_STEP_HZ,
    RUN_STRIDE_HZ,
    WALK_HZ,
    WALK_PIECES_SHARE,
    footsteps,
    running,
)
from tremor.core.kept_median import KeptMedian
from tremor.core.loaded_rest import Activity
from tremor.core.phone_use import phone_use
from tremor.core.position_moves import READ_AFTER_S, settled_edges
from tremor.core.posture_shift import stay_kind, stay_run
from tremor.core.recording import SetMarker
from tremor.core.rep_pauses import PAUSE_MOVE_MPS2, join_raised_pauses, pose_angle
from tremor.core.rest_pose import HOLD_TREMOR, PoseMemo, pose_groups, rest_poses
from tremor.core.stay_sway import held_more
from tremor.core.stay_taps import RestMedians

__all__ = [
    "SetSpan",
    "Segmentation",
    "segment_sets",
    "sets_from_markers",
    "rest_orientation",
    "within",
    "time_runs",
    "run_grid",
    "movement_leak",
    "cut_by_gaps",
]

MOVE_MPS2 = 0.35
POSE_DEG = 30.0
#: The rest pose is read from the quiet frames before the first movement where there are at least
#: this many (5 s at the 0.5 s hop). A session that starts by walking has fewer (the red team's
#: walk_sets and tests/core/test_walk_between_holds.py: 3 s, 3-4 frames); the median of all quiet
#: frames was then the pose of the isometric holds it walks between (216-228 of its 282-296 quiet
#: frames), so the holds read as rest, the hanging arm as a posed hold, and the holds' growing
#: tremor as the resting baseline. The rest pose is then read beside the walks (:func:`rest_orientation`):
#: from the still stretches that begin within :data:`STAND_GAP_S` of a walk's end or end within it of a
#: walk's start (a person stops walking and stands, or sits, before the next exercise), preferring
#: those in the walking pose (a standing arm hangs, as a walking arm swings about hanging).
REST_LEAD_FRAMES = 10
#: The frames after a walk's last gait frame still see its last steps (a 2 s window) and the arm's
#: settling (1-2 s: sitting down, the swing dying out); a still stretch starting within this many
#: seconds of a walk's end (ending within it of a walk's start) is a stand beside the walk.
STAND_GAP_S = 4.0
JOIN_S = 1.0
MIN_SET_S = 8.0
#: Movement harmonics: a frame whose movement RMS reaches :data:`VIGOROUS_MPS2` while its 3-12 Hz
#: RMS reaches :data:`LEAK_MPS2` holds the harmonics and impacts of the movement in its tremor
#: bands. Physiological tremor, even enhanced by fatigue, stays well below 0.6 m/s^2 RMS; the
#: 3-12 Hz RMS of swings, ropes, strokes, swimming and jumps is 0.8-7 m/s^2. With 2 s windows
#: (0.5 Hz resolution) tremor cannot be measured between harmonics of a 0.5-2.5 Hz movement, so
#: such frames are left out of tremor metrics ("not assessable under movement").
VIGOROUS_MPS2 = 1.5
LEAK_MPS2 = 0.6
#: Below :data:`LEAK_MPS2` the harmonics of slow strokes (rowing, swimming: 0.4-0.8 Hz, each with a
#: catch) still reach 0.1-0.45 m/s^2 RMS in 6-12 Hz and grow through the set. They fall with
#: frequency: a vigorous frame whose 6-12 Hz RMS reaches :data:`LEAK_SLOPE_MPS2` while its 3-7 Hz
#: power is at least its 6-12 Hz power has no tremor peak in the band (a physiological tremor line
#: at 6.5-12 Hz puts less power in 3-7 Hz than in 6-12 Hz, 0.9x for a 3 Hz wide line at 6.5 Hz) and
#: is harmonics too.
LEAK_SLOPE_MPS2 = 0.1
#: Data gaps up to this long inside a set are bridged; a longer one ends the set.
MAX_BRIDGE_S = 2.0
#: A gap is measured between the samples either side of it, so it spans the dropout plus one
#: sample interval (and the time-stamp jitter): a 2 s dropout at 50 Hz is a 2.02 s gap. Each gap
#: may exceed :data:`MAX_BRIDGE_S` by this much (one interval at 10 Hz) and still be bridged.
GAP_SPACING_S = 0.1
#: Frame windows are 2 s wide and stamped at their centre, so a window registers a movement that
#: starts in its leading half: the first active frame's centre comes this long *before* the onset
#: (and the last one this long after the end). Measured on simulated 1 s arm raises and lowerings.
EDGE_LEAD_S = 0.35
#: Two automatic sets are parts of one stretch of activity cut by a data gap (longer than
#: :data:`MAX_BRIDGE_S`) where, besides the gaps, at most this much recorded time lies between them:
#: no 2 s window spans a gap, so each part's edge lies a half window plus :data:`EDGE_LEAD_S` from
#: the gap even when the activity runs on through it (2 x 1.35 s), and runs are joined over
#: :data:`JOIN_S` of quiet anyway. A 3 s dropout inside a set leaves 2.7 s between its parts.
CUT_OBSERVED_S = 2 * (1.0 + EDGE_LEAD_S) + JOIN_S
#: A rest pose read without a lead (the largest still pose group at the lowest tremor, :func:`rest_orientation`) is
#: settled where its group holds at least this many times the frames of the next largest such group. Below that,
#: more still time in the other pose may make it the rest, and every set found against the pose may go (a session
#: opening in a calm hold: live, its raised pose led the lap's still time while the rests came, and the rests were
#: confirmed as ``calm`` sets, tests/live/test_live_hold_at_start.py). A live session confirms no set while the
#: rest pose is not settled (:attr:`Segmentation.rest_settled`); batch reads the whole recording and is not changed.
#: Nor is a pose settled, however long it leads, whose still frames sway and tremble more than the other still frames
#: (:func:`tremor.core.stay_sway.held_more`: a raised arm, a session opening in a long hold).
REST_SETTLED_RATIO = 2.0


@dataclass(frozen=True)
class SetSpan:
    """A set: ``start_s``-``end_s``, its recovery up to ``recovery_end_s``; ``kind`` is reps or hold."""

    index: int
    start_s: float
    end_s: float
    recovery_end_s: float
    kind: str
    source: str  # "markers" or "auto"
    #: Data gaps (start_s, end_s) inside the set, bridged: the set is measured from the data around them.
    gaps: tuple[tuple[float, float], ...] = ()
    #: Automatic sets: the data gap (start_s, end_s) that hides the set's onset; the set starts no
    #: earlier than its end, where the data first show it, and may have started inside it (None: the
    #: onset was seen).
    start_gap: tuple[float, float] | None = None
    #: Likewise the gap that hides the set's end; the set ends no later than its start and may have
    #: ended inside it.
    end_gap: tuple[float, float] | None = None
    #: Automatic sets active from the recording's first frame: the set was under way when the
    #: recording began (a file opened mid-hold), so its onset, and the tremor of its early part, are
    #: not in the data.
    start_unseen: bool = False
    #: Automatic sets: how far (s) the start was moved later and the end earlier to leave out the move into the
    #: set's position and out of it (:mod:`tremor.core.position_moves`); the set's active frames run from
    #: ``start_s - moved_s[0]`` to ``end_s + moved_s[1]`` (each less or plus ``EDGE_LEAD_S``).
    moved_s: tuple[float, float] = (0.0, 0.0)


@dataclass(frozen=True)
class Segmentation:
    """Sets, walking bouts and the rest frames of a session."""

    sets: tuple[SetSpan, ...]
    walking: tuple[tuple[float, float], ...]
    rest_mask: np.ndarray  # frames outside any set and not walking
    #: The rest orientation the segmentation judged poses against (:func:`rest_orientation`; None where
    #: there was none, or sets came from markers).
    rest_ref: np.ndarray | None = None
    #: Still stays in a new pose at the rest's tremor that one wrist sensor cannot call a hold or a change of
    #: posture (:func:`tremor.core.posture_shift.stay_kind`): (start_s, end_s, seconds in the pose), no set.
    unclear_stays: tuple[tuple[float, float, float], ...] = ()
    #: Still holds tapped through at a typing rate: phone use, not sets (:mod:`tremor.core.phone_use`).
    phone: tuple[tuple[float, float], ...] = ()
    #: False where the rest pose was read without a lead and another still pose at the rest's tremor comes near it in
    #: still time (:data:`REST_SETTLED_RATIO`): more data may change the rest pose, and the sets with it.
    rest_settled: bool = True


def rest_orientation(
    frames: Frames,
    walking: np.ndarray | None = None,
    standing: np.ndarray | None = None,
    unworn: np.ndarray | None = None,
    *,
    pose_memo: PoseMemo | None = None,
) -> np.ndarray | None:
    """The rest reference orientation: median gravity direction of the quiet frames before the first movement.

    "Before the first movement" counts only where at least :data:`REST_LEAD_FRAMES` quiet frames
    precede it. Otherwise, where ``walking`` marks at least that many frames, the rest pose is read
    beside the walks: the median gravity direction of the ``standing`` frames within
    :data:`POSE_DEG` of the walking pose (a standing arm hangs, as a walking arm swings about
    hanging) where there are that many, else of all ``standing`` frames (a seat taken after the walk)
    where there are that many, else of the walking frames. A session that starts by walking thus
    finds its rest pose between its walks, not in the isometric holds it walks between, which are
    postures raised from rest (:data:`REST_LEAD_FRAMES`). Otherwise the largest pose group of the quiet frames at
    the lowest tremor (a loaded hold's is over the rest's); None without gravity information.

    Where the lead is read, the whole recording may overrule it (:func:`tremor.core.rest_pose.rest_poses`):
    a still pose with more still time than the lead's and no more tremor is a rest pose too (a watch
    started standing, the arm hanging, before the person sits), and where the lead's tremor is that of a
    raised hold (a file opened mid-hold), it alone is rest. The result then holds one row a rest pose.

    Parameters
    ----------
    frames : Frames
        Frame features, with the orientation column (unit gravity vectors).
    walking : ndarray of bool or None
        Frames of walking bouts (:func:`segment_sets` finds them), read only where too few quiet
        frames lead.
    standing : ndarray of bool or None
        Quiet frames of the still stretches beside the walks (:data:`STAND_GAP_S`).
    unworn : ndarray of bool or None
        Frames where the device lay still, not worn: no rest pose is read from them.
    pose_memo : PoseMemo or None
        A live session's kept pose grouping (its table only grows): the same result, computed for the
        new frames only.

    Returns
    -------
    ndarray, shape (3,) or (2, 3), or None
        Unit vector of the rest gravity direction (two rows where two poses are rest), or None where
        there is no orientation (gravity removed) or no quiet frame.
    """
    return _rest_ref(frames, walking, standing, unworn, pose_memo)[0]


def _rest_ref(
    frames: Frames,
    walking: np.ndarray | None,
    standing: np.ndarray | None,
    unworn: np.ndarray | None,
    pose_memo: PoseMemo | None,
    code_step: float = 0.0,
) -> tuple[np.ndarray | None, bool]:
    """:func:`rest_orientation`, and whether it is settled (:data:`REST_SETTLED_RATIO`; always where a lead or the
    walks gave it)."""
    if not len(frames) or np.all(np.isnan(frames.orientation)):
        return None, True
    quiet = frames.movement_rms < MOVE_MPS2
    moving, cadence = frames.movement_rms >= MOVE_MPS2, frames.peak_movement_hz
    lead = _rest_lead(frames)
    settled = True
    if lead is not None:
        still = quiet if unworn is None else quiet & ~unworn
        poses = rest_poses(
            frames.orientation,
            still,
            frames.power_phys,
            lead,
            POSE_DEG,
            memo=pose_memo,
            high_power=frames.power_high,
            activity=Activity(
                frames.movement_rms,
                moving,
                moving & (cadence >= WALK_HZ[0]) & (cadence <= WALK_HZ[1]),
                frames.sub_acc,
            ),
            code_step=code_step,
        )
        if len(poses) == 1:
            return poses[0], True
        if poses:
            return np.stack(poses), True
        pick = lead
    elif walking is not None and walking.sum() >= REST_LEAD_FRAMES:
        pick = walking
        if standing is not None and standing.sum() >= REST_LEAD_FRAMES:
            pose = _unit(np.nanmedian(frames.orientation[walking], axis=0))
            hanging = standing.copy()
            if pose is not None:
                cosang = np.clip(frames.orientation @ pose, -1.0, 1.0)
                hanging &= np.nan_to_num(np.degrees(np.arccos(cosang)), nan=180.0) <= POSE_DEG
            pick = hanging if hanging.sum() >= REST_LEAD_FRAMES else standing
    else:
        pick = _least_tremor(quiet, frames.power_phys)
        groups = pose_groups(frames.orientation, pick, POSE_DEG, max_groups=1)
        if groups:  # the largest still pose: two poses' frames, taken together, have a median between them
            top, others = int(groups[0].sum()), pick & ~groups[0]
            # a next largest group near it in still time may become the rest (a live session's sets wait); it is
            # sought only where the frames left could form one (a set check's cost, once a second, on the frames)
            if others.sum() * REST_SETTLED_RATIO > top:
                left = pose_groups(frames.orientation, others, POSE_DEG, max_groups=1)
                settled = not left or top >= REST_SETTLED_RATIO * int(left[0].sum())
            # a pose that sways and trembles more than the other still frames is held, not supported: however long
            # it led, it is not settled as the rest (a session opening in a long calm hold, a short rest after it)
            settled = settled and not held_more(frames.movement_rms, frames.power_phys, groups[0], others)
            pick = groups[0]
    if not pick.any():
        return None, True
    return _unit(np.nanmedian(frames.orientation[pick], axis=0)), settled


def _least_tremor(quiet: np.ndarray, power_phys: np.ndarray) -> np.ndarray:
    """The ``quiet`` frames whose 6-12 Hz power is at most :data:`~tremor.core.rest_pose.HOLD_TREMOR` squared times
    the quiet frames' lower quartile: a supported rest's tremor is the lowest a still wrist shows, a loaded hold's
    is over it (a session opening with a hold within 5 s: live, its quiet raised frames, counted with a fatigue
    hold's still ones, outweighed the rest's and the rest pose flipped to the raised arm mid-session)."""
    p = np.where(quiet, np.asarray(power_phys, float), np.nan)
    if not np.isfinite(p).any():
        return quiet
    low = quiet & ~(p > HOLD_TREMOR**2 * float(np.nanpercentile(p, 25.0)))
    return low if low.sum() >= REST_LEAD_FRAMES else quiet


def _unit(v: np.ndarray) -> np.ndarray | None:
    """``v`` scaled to unit length, None where it has none."""
    norm = np.linalg.norm(v)
    return v / norm if norm > 0 else None


def _rest_lead(frames: Frames) -> np.ndarray | None:
    """The quiet frames before the first movement (all of them where nothing moves), where there are at
    least :data:`REST_LEAD_FRAMES`; else None."""
    quiet = frames.movement_rms < MOVE_MPS2
    first_move = np.flatnonzero(~quiet)
    if first_move.size and first_move[0] < REST_LEAD_FRAMES:
        return None
    lead = quiet.copy()
    if first_move.size:
        lead[first_move[0] :] = False
    return lead if lead.sum() >= REST_LEAD_FRAMES else None


def _beside(walking: np.ndarray, quiet: np.ndarray, t: np.ndarray) -> np.ndarray:
    """The quiet stretches that begin within :data:`STAND_GAP_S` of a walk's end or end within it of a walk's start."""
    out = np.zeros(quiet.size, bool)
    runs = time_runs(quiet, t, 0.0)
    if not runs:
        return out
    starts = [q0 for q0, _ in runs]
    ends = [q1 for _, q1 in runs]
    for a, b in time_runs(walking, t, JOIN_S):
        j = bisect_left(starts, b)  # the first still stretch after the walk
        if j < len(runs) and t[starts[j]] - t[b - 1] <= STAND_GAP_S:
            out[starts[j] : ends[j]] = True
        j = bisect_right(ends, a) - 1  # the last one before it
        if j >= 0 and t[a] - t[ends[j] - 1] <= STAND_GAP_S:
            out[starts[j] : ends[j]] = True
    return out


def movement_leak(movement_rms: np.ndarray, power_low: np.ndarray, power_phys: np.ndarray) -> np.ndarray:
    """Frames whose tremor bands hold vigorous movement's harmonics and impacts, not tremor.

    Parameters
    ----------
    movement_rms : ndarray
        Movement-band (0.25-3 Hz) RMS of each frame, m/s^2.
    power_low, power_phys : ndarray
        3-7 Hz and 6-12 Hz power of each frame, (m/s^2)^2 (NaN where the rate cannot show a band).

    Returns
    -------
    ndarray of bool
        True where the movement RMS reaches :data:`VIGOROUS_MPS2` and either the 3-12 Hz RMS reaches
        :data:`LEAK_MPS2`, or the 6-12 Hz RMS reaches :data:`LEAK_SLOPE_MPS2` with at least as much
        power in 3-7 Hz (a spectrum falling from the movement, no tremor peak).
    """
    low = np.nan_to_num(np.asarray(power_low, float))
    phys = np.nan_to_num(np.asarray(power_phys, float))
    falling = (phys >= LEAK_SLOPE_MPS2**2) & (low >= phys)
    return (np.asarray(movement_rms) >= VIGOROUS_MPS2) & ((low + phys >= LEAK_MPS2**2) | falling)


def cut_by_gaps(
    sets: tuple[SetSpan, ...] | list[SetSpan],
    gaps: tuple[tuple[float, float], ...] | list[tuple[float, float]],
) -> list[tuple[float, float] | None]:
    """The whole stretch of activity each automatic set is a part of, where data gaps cut it into parts.

    Consecutive automatic sets are parts of one stretch where a data gap lies between them and
    no more than :data:`CUT_OBSERVED_S` of recorded time (the time between them less the gaps):
    the activity was not seen to stop, only the data did. Sets from markers are never joined.

    Parameters
    ----------
    sets : sequence of SetSpan
        The sets, in order of start.
    gaps : sequence of (float, float)
        Data gaps as (start_s, end_s) in s.

    Returns
    -------
    list of (float, float) or None
        For each set, (start_s, end_s) of the stretch its parts span together, or None where the
        set is not cut by a gap from a neighbour.
    """
    linked = []
    index = _GapIndex(list(gaps))
    for a, b in itertools.pairwise(sets):
        between = [(max(g0, a.end_s), min(g1, b.start_s)) for g0, g1 in index.overlapping(a.end_s, b.start_s)]
        missing = sum(g1 - g0 for g0, g1 in between)
        linked.append(
            a.source == b.source == "auto"
            and bool(between)
            and (b.start_s - a.end_s) - missing <= CUT_OBSERVED_S
        )
    out: list[tuple[float, float] | None] = [None] * len(sets)
    i = 0
    while i < len(sets):
        j = i
        while j < len(linked) and linked[j]:
            j += 1
        if j > i:
            for k in range(i, j + 1):
                out[k] = (sets[i].start_s, sets[j].end_s)
        i = j + 1
    return out


#: What :func:`segment_sets` finds but for the recoveries: the sets (start, end, kind), their hidden edges, the walks
#: the rest pose, the phone use (:mod:`tremor.core.phone_use`) and whether the rest pose is settled.
_Found = tuple[
    list[tuple[float, float, str]],
    list[tuple[tuple[float, float] | None, tuple[float, float] | None, bool, tuple[float, float]]],
    tuple[tuple[float, float], ...],
    np.ndarray | None,
    tuple[tuple[float, float, float], ...],
    tuple[tuple[float, float, float], ...],
    tuple[tuple[float, float], ...],
    bool,
]


def segment_sets(
    frames: Frames,
    *,
    end_s: float,
    gaps: tuple[tuple[float, float], ...] | list[tuple[float, float]] = (),
    not_worn: tuple[tuple[float, float], ...] | list[tuple[float, float]] = (),
    memo: FrameMemo | None = None,
    open_ends: bool = False,
    code_step: float = 0.0,
) -> Segmentation:
    """Find sets automatically from frame features.

    ``end_s`` is the recording's last time stamp; ``gaps`` are the data gaps (start_s, end_s), of
    which those up to :data:`MAX_BRIDGE_S` are bridged inside a set (and inside a walking bout).

    Parameters
    ----------
    frames : Frames
        Frame features of the whole recording.
    end_s : float
        Time of the recording's last sample in s (ends the last set's recovery).
    gaps : sequence of (float, float)
        Data gaps as (start_s, end_s) in s.
    not_worn : sequence of (float, float)
        Stretches (start_s, end_s) where the device lay still, not worn
        (:func:`tremor.core.still.still_spans`): no set spans them, so a set is split there (a device
        put down in another orientation than the rest's is not a hold).
    memo : FrameMemo or None
        A live session's memo (its frame table only grows): each gait bout's footstep test, which reads
        only the bout's rows, is kept under its rows and posture; the same sets as without.
    open_ends : bool
        Whether a still stay at the rest's tremor that the data end in is a set (a live session's check: a hold
        under way, judged once the pose after it is seen) or, as at a recording's end, no set but one of
        :attr:`Segmentation.unclear_stays` (:func:`tremor.core.posture_shift.stay_kind`).
    code_step : float
        The sensor's coarsest code step in m/s^2 so far (:func:`tremor.core.code_step.coarsest_step`; 0: none
        known): where a still pose's tremor is under what it resolves, the tremor does not make a pose a rest
        (:func:`tremor.core.rest_pose.rest_poses`) nor code flicker a hold's typing taps
        (:func:`tremor.core.phone_use.phone_use`).

    Returns
    -------
    Segmentation
        The sets (numbered from 1, each with its recovery up to the next set's start or ``end_s``
        and the data gaps inside it), the walking bouts, and the rest mask over ``frames``
        (frames further than 1 s from every set and walking bout).
    """
    n = len(frames)
    if n == 0:
        return Segmentation((), (), np.zeros(0, bool))
    bridges = [(float(a), float(b)) for a, b in gaps]
    if memo is None:
        found = _found(frames, bridges, not_worn, None, code_step)
    else:
        # a live session segments its table at each set check and again in the summary that follows on the same
        # frames: the second takes the first's sets, walks and rest pose (they do not depend on ``end_s``)
        memo.check(frames)
        key = (
            n,
            float(frames.t_s[-1]),
            tuple(bridges),
            tuple((float(a), float(b)) for a, b in not_worn),
            float(code_step),
        )
        latest: dict[Hashable, _Found] = memo.kept("latest segmentation", dict)
        if key not in latest:
            # the newest three tables are kept: a summary in steps may span the next check, and a live session
            # segments the table ahead of a check (tremor.live.set_decisions)
            for old in list(latest)[:-2]:
                del latest[old]
            latest[key] = _found(frames, bridges, not_worn, memo, code_step)
        found = latest[key]
    sets, hidden, walking, ref, unclear, open_, phone, settled = found
    if open_ and not open_ends:  # the data end in a stay at the rest's tremor: no set, said so
        ends = {(a, b) for a, b, _ in open_}
        kept = [i for i, (a, b, _) in enumerate(sets) if (a, b) not in ends]
        sets, hidden, unclear = [sets[i] for i in kept], [hidden[i] for i in kept], unclear + open_
    spans_out = _with_recoveries(
        [(s, e) for s, e, _ in sets], [k for _, _, k in sets], end_s, "auto", bridges, hidden
    )
    return _segmentation(frames, spans_out, walking, ref, unclear, phone, settled)


def _found(
    frames: Frames,
    bridges: list[tuple[float, float]],
    not_worn: tuple[tuple[float, float], ...] | list[tuple[float, float]],
    memo: FrameMemo | None,
    code_step: float = 0.0,
) -> _Found:
    """:func:`segment_sets` but for the recoveries: the sets (start, end, kind), their hidden edges, the walks
    and the rest pose."""
    n = len(frames)
    moving = frames.movement_rms >= MOVE_MPS2
    cadence = frames.peak_movement_hz
    # walking: a step or arm-swing cadence while the gait's small heel strikes reach 3-7 Hz; the arm
    # may hang far from its rest orientation (a rest spent seated), so orientation does not decide;
    # vigorous rhythmic work (swings, ropes, strokes, jumps) is harder and fills 3-7 Hz with
    # harmonics or landings; lifting reps are slower than a gait and smooth
    gait_like = moving & (cadence >= WALK_HZ[0]) & (cadence <= WALK_HZ[1])
    walking_frame = np.zeros(n, bool)
    short_gait = np.zeros(n, bool)  # bouts with the gait signature, too short to judge alone
    walking: list[tuple[float, float]] = []
    hop = _frame_hop(frames.t_s, memo)  # the runs' and the raised pauses' (each took this median of its own)
    grid = run_grid(frames.t_s, hop, bridges)  # the three masks' runs break at the same frames
    gait_runs = time_runs(gait_like, frames.t_s, JOIN_S, bridges=bridges, hop=hop, grid=grid)

    def judge(name: str, bouts: list[tuple[int, int, bool]]) -> list[bool]:
        # a bout's footsteps read only its rows (kept between a live session's checks: ``memo``)
        def steps(which: list[int]) -> list[bool]:
            if name == "running":
                # a run, or a brisk walk whose cadence reads its step rate (tremor.core.brisk_walk)
                return [
                    running(frames, sel) or brisk_walk(frames, sel)
                    for sel in (np.arange(a, b)[run_like[a:b]] for a, b, _ in (bouts[j] for j in which))
                ]
            return [
                footsteps(frames, np.arange(a, b)[gait_like[a:b]], posed=p)
                for a, b, p in (bouts[j] for j in which)
            ]

        return memo.many(name, bouts, steps) if memo is not None else steps(list(range(len(bouts))))

    def long_enough(a: int, b: int) -> bool:
        return float(frames.t_s[b - 1] - frames.t_s[a]) - 2 * EDGE_LEAD_S >= MIN_WALK_S

    # running (gait.running): vigorous gait whose cadence reads its stride rate or, where the bounce leads the
    # arm's swing, its step rate (up to RUN_STEP_HZ), judged as bouts of its own; a run is gait, never a set
    run_like = moving & (cadence >= RUN_STRIDE_HZ[0]) & (cadence <= RUN_STEP_HZ[1])
    run_runs = time_runs(run_like, frames.t_s, JOIN_S, bridges=bridges, hop=hop, grid=grid)
    runs = [
        (a, b)
        for (a, b), ran in zip(run_runs, judge("running", [(a, b, False) for a, b in run_runs]))
        if ran and long_enough(a, b)
    ]
    hanging = standing = None
    if _rest_lead(frames) is None and (gait_runs or runs):
        # too little rest before the first movement to read the rest pose: a session that starts by
        # walking shows it in its walks (the arm hangs), judged here as walks away from any rest pose
        # (the stricter impact ceiling), before a rest pose is known; a run is read as a walk is
        hanging = np.zeros(n, bool)
        for (a, b), struck in zip(
            gait_runs, judge("footsteps_no_rest", [(a, b, True) for a, b in gait_runs])
        ):
            if struck and long_enough(a, b):
                hanging[a:b] |= gait_like[a:b]
        for a, b in runs:
            hanging[a:b] |= run_like[a:b]
        standing = _beside(hanging, ~moving, frames.t_s)
    # the rest pose is read from the whole recording (tremor.core.rest_pose), so a later frame can change it: only
    # its per-frame work is kept in a live session's memo (the pose grouping of the new frames)
    ref, settled = _rest_ref(
        frames,
        hanging,
        standing,
        within(frames.t_s, list(not_worn)) if not_worn else None,
        memo.kept("rest_pose", PoseMemo) if memo is not None else None,
        code_step,
    )
    angle = pose_angle(frames.orientation, ref)
    posed = angle > POSE_DEG
    # a bout is posed where at least half its gait frames are (counted by running sums: a live check runs this
    # every second over the whole session's bouts)
    gait_n = _sums_at(gait_like, gait_runs)
    posed_n = _sums_at(posed & gait_like, gait_runs)
    bouts = [
        (a, b, g_b > g_a and (p_b - p_a) / (g_b - g_a) >= 0.5)
        for (a, b), (g_a, g_b), (p_a, p_b) in zip(gait_runs, gait_n, posed_n)
    ]
    struck_all = judge("footsteps", bouts)
    for (a, b, _), struck in zip(bouts, struck_all):
        start, stop = float(frames.t_s[a]) + EDGE_LEAD_S, float(frames.t_s[b - 1]) - EDGE_LEAD_S
        if stop - start >= MIN_WALK_S and struck:
            walking.append((start, stop))
            walking_frame[a:b] = True
        elif struck:
            short_gait[a:b] = True
    for a, b in runs:
        if not walking_frame[a:b].all():
            walking.append((float(frames.t_s[a]) + EDGE_LEAD_S, float(frames.t_s[b - 1]) - EDGE_LEAD_S))
            walking_frame[a:b] = True
    blocked = walking_frame | within(frames.t_s, list(not_worn))
    active = (moving | posed) & ~blocked
    # slow reps: a pause in which the arm stays raised is part of the set (tremor.core.rep_pauses)
    spans = join_raised_pauses(
        time_runs(active, frames.t_s, JOIN_S, bridges=bridges, hop=hop, grid=grid),
        frames.t_s,
        angle,
        frames.movement_rms,
        blocked,
        hop=hop,
    )
    sets: list[tuple[float, float, str]] = []
    unclear: list[tuple[float, float, float]] = []
    open_: list[tuple[float, float, float]] = []
    hidden: list[
        tuple[tuple[float, float] | None, tuple[float, float] | None, bool, tuple[float, float]]
    ] = []
    phone: list[tuple[float, float]] = []
    t = frames.t_s
    index = _GapIndex(bridges)
    still, at_rest = ~moving, ~active & ~blocked
    # the rest's sorted once, if two stays ask (kept sorted between a live session's checks)
    rest_medians = RestMedians(
        at_rest,
        frames.power_phys,
        frames.psd,
        memo.kept("rest powers", lambda: KeptMedian(True)) if memo is not None else None,
    )
    stays: dict[tuple[int, int], tuple[int, int]] = memo.kept("stay runs", dict) if memo is not None else {}
    edges_kept: dict[Hashable, tuple[int, tuple[float, float]]] = (
        memo.kept("settled edges", dict) if memo is not None else {}
    )
    # what each hold's judgement reads from its own frames alone, under its stay's run and its span: kept while
    # asked for, between a live session's checks (tremor.core.posture_shift.stay_kind's ``kept``)
    levels: dict[Hashable, dict[str, Any]] = memo.kept("stay levels", dict) if memo is not None else {}
    asked: dict[Hashable, dict[str, Any]] = {}
    kept: dict[str, Any] | None
    short_n = _sums_at(short_gait, spans)  # shares of a span by running sums
    moving_n = _sums_at(moving, spans)
    for (a, b), (short_a, short_b), (moving_a, moving_b) in zip(spans, short_n, moving_n):
        start = float(t[a]) + EDGE_LEAD_S
        stop = float(t[b - 1]) - EDGE_LEAD_S
        # an edge hidden by a data gap (the run starts at the first frame after a gap, or ends at the
        # last one before it): the end lies from a lead before the last active frame to a lead after
        # the first quiet one across the gap; the middle of that, but never later than the gap's
        # start, the last data that show the set (a 2 s gap put it 1.65 s after a true end 1 s before
        # the gap); likewise the onset, never before the gap's end. SetSpan.start_gap / end_gap keep
        # the gap: the edge may lie inside it.
        start_gap = _gap_between(t[a - 1], t[a], index) if a > 0 else None
        end_gap = _gap_between(t[b - 1], t[b], index) if b < n else None
        if start_gap is not None:
            start = max(0.5 * (float(t[a - 1]) + float(t[a])) + EDGE_LEAD_S, start_gap[1])
        if end_gap is not None:
            stop = min(0.5 * (float(t[b - 1]) + float(t[b])) - EDGE_LEAD_S, end_gap[0])
        if stop - start < MIN_SET_S:
            continue
        if (short_b - short_a) / (b - a) >= WALK_PIECES_SHARE:
            # a walk in pieces, each too short to judge: mostly footsteps, so walking, never a
            # set whose heel strikes would be read as tremor
            walking.append((max(start, 0.0), stop))
            continue
        kind = "reps" if (moving_b - moving_a) / (b - a) >= 0.5 else "hold"
        verdict, kept = "hold", None
        if kind == "hold":
            run = _stay(frames, (a, b), stays)
            if memo is not None:
                kept = asked[run, a, b] = levels.get((run, a, b), {})
            verdict = stay_kind(
                t,
                frames.orientation,
                frames.power_phys,
                still,
                at_rest,
                (a, b),
                frames.psd,
                run=run,
                walked=walking_frame,
                movement=frames.movement_rms,
                rest_medians=rest_medians,
                kept=kept,
            )
        if verdict == "unclear":
            # a light hold or a change of posture (tremor.core.posture_shift): said so, not counted as a set
            unclear.append((max(start, 0.0), stop, float(t[run[1] - 1] - t[run[0]])))
        if verdict not in ("hold", "open"):
            continue  # a rest in another posture (tremor.core.posture_shift), or a stay one sensor cannot call
        if kind == "hold" and phone_use(
            t, frames.psd, frames.ext_kurtosis, at_rest, (a, b), kept=kept, code_step=code_step
        ):
            phone.append((max(start, 0.0), stop))
            continue  # typing taps through it: phone use (tremor.core.phone_use), not a hold
        moved = (0.0, 0.0)
        if frames.sub_acc is not None and ref is not None:
            # the move into the set's position and out of it is no part of the set (tremor.core.position_moves);
            # an edge a data gap hides, or a recording's first frame, stays where it is
            edges = _settled(frames, edges_kept, (a, b), (start, stop), kind)
            trimmed = (
                start if start_gap is not None or a == 0 else edges[0],
                stop if end_gap is not None or b == n else edges[1],
            )
            if trimmed[1] - trimmed[0] >= MIN_SET_S:
                moved = (trimmed[0] - start, stop - trimmed[1])
                start, stop = trimmed
        if verdict == "open":
            # one the data end in is kept too, a set while a live session's table may still show it put back
            open_.append((max(start, 0.0), stop, float(t[run[1] - 1] - t[run[0]])))
        sets.append((max(start, 0.0), stop, kind))
        hidden.append((start_gap, end_gap, a == 0, moved))
    levels.clear()
    levels.update(asked)
    walking.sort()
    if runs:  # a run's bout may overlap a walk's (a cadence at a walk's stride rate): one gait span
        walking = _merged(walking)
    return sets, hidden, tuple(walking), ref, tuple(unclear), tuple(open_), tuple(phone), settled


def _stay(
    frames: Frames, span: tuple[int, int], kept: dict[tuple[int, int], tuple[int, int]]
) -> tuple[int, int]:
    """:func:`~tremor.core.posture_shift.stay_run` of ``span``, kept in ``kept`` once final: a run that ends before
    the table's last frame reads only rows up to the first frame off its pose, which a growing table keeps."""
    run = kept.get(span)
    if run is None or run[1] >= len(
        frames
    ):  # none kept, or kept from a longer table than this one (a step behind)
        run = stay_run(frames.t_s, frames.orientation, span)
        if run[1] < len(frames):
            kept[span] = run
    return run


def _settled(
    frames: Frames,
    kept: dict[Hashable, tuple[int, tuple[float, float]]],
    run: tuple[int, int],
    edges_s: tuple[float, float],
    kind: str,
) -> tuple[float, float]:
    """:func:`~tremor.core.position_moves.settled_edges` of a set, kept in ``kept`` once final: it reads the rows
    from :data:`~tremor.core.position_moves.READ_AFTER_S` before the run to that long after it (and the frames either
    side of it), so its result is final once a frame lies beyond them, which a growing table keeps."""
    t = frames.t_s
    assert frames.sub_acc is not None
    key = (run, edges_s, kind)
    got = kept.get(key)
    if got is not None and got[0] < len(t):
        return got[1]
    hi = int(np.searchsorted(t, t[run[1] - 1] + READ_AFTER_S + 1e-9, side="right"))
    out = settled_edges(
        t,
        frames.sub_acc,
        frames.movement_rms,
        run,
        edges_s,
        kind,
        still_mps2=PAUSE_MOVE_MPS2,
        lead_s=EDGE_LEAD_S,
    )
    if hi < len(t):
        kept[key] = (hi, out)
    return out


def _merged(spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Sorted ``spans`` with those that overlap joined."""
    out: list[tuple[float, float]] = []
    for a, b in spans:
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def sets_from_markers(
    markers: tuple[SetMarker, ...] | list[SetMarker],
    frames: Frames,
    *,
    end_s: float,
    gaps: tuple[tuple[float, float], ...] | list[tuple[float, float]] = (),
) -> Segmentation:
    """Sets given by markers (file annotations, ``--sets`` or a sidecar file); ``gaps`` are noted in the sets.

    A set is ``reps`` where at least half of its frames move (movement RMS at or above
    :data:`MOVE_MPS2`), else ``hold``. No walking bouts are detected. A set whose marker a live session's
    automatic detection wrote (:attr:`~tremor.core.recording.SetMarker.auto`) has source ``auto``, as batch's
    automatic sets do; the others ``markers``.

    Parameters
    ----------
    markers : sequence of SetMarker
        The sets, start and end in s; taken in order of start.
    frames : Frames
        Frame features of the whole recording.
    end_s : float
        Time of the recording's last sample in s (ends the last set's recovery).
    gaps : sequence of (float, float)
        Data gaps as (start_s, end_s) in s.

    Returns
    -------
    Segmentation
        The sets (numbered from 1, each with its recovery up to the next set's start or ``end_s``
        and the data gaps inside it), the walking bouts, and the rest mask over ``frames``
        (frames further than 1 s from every set and walking bout).
    """
    ordered = sorted(markers, key=lambda m: m.start_s)
    kinds = []
    for m in ordered:
        inside = (frames.t_s >= m.start_s) & (frames.t_s <= m.end_s)
        kinds.append(
            "reps" if inside.any() and np.mean(frames.movement_rms[inside] >= MOVE_MPS2) >= 0.5 else "hold"
        )
    spans = _with_recoveries([(m.start_s, m.end_s) for m in ordered], kinds, end_s, "markers", list(gaps))
    # a live session's automatic set (SetMarker.auto) is an automatic set, as batch's segmentation gives it
    spans = tuple(replace(span, source="auto") if m.auto else span for span, m in zip(spans, ordered))
    if len(frames):
        # a live session's automatic set found active from the first frame, as segment_sets marks it: the
        # recording opened inside it
        first = float(frames.t_s[0]) + EDGE_LEAD_S + 1e-6
        spans = tuple(
            replace(span, start_unseen=m.auto and m.start_s <= first) for span, m in zip(spans, ordered)
        )
    return Segmentation(spans, (), _rest_mask(frames, spans, []))


def sets_found_live(
    markers: tuple[SetMarker, ...] | list[SetMarker],
    frames: Frames,
    *,
    end_s: float,
    gaps: tuple[tuple[float, float], ...] | list[tuple[float, float]] = (),
    not_worn: list[tuple[float, float]] | tuple[tuple[float, float], ...] = (),
    memo: FrameMemo | None = None,
    code_step: float = 0.0,
) -> Segmentation:
    """The sets of a live session whose every set its automatic detection found, with batch's walking bouts.

    Such a session's batch equivalent is :func:`segment_sets` (it found its sets by it, on the data so far).
    The sets are the markers' (:func:`sets_from_markers`: the sets the session confirmed and showed), each an
    automatic set; the walking bouts, the rest frames (outside sets and walks) and the rest pose are those of
    :func:`segment_sets` over the same frames, which markers alone do not give; a set it finds with the
    marker's span (within 1 us) takes its kind, its data-gap edges (:attr:`SetSpan.start_gap`,
    :attr:`SetSpan.end_gap`, :attr:`SetSpan.start_unseen`) and its moved edges (:attr:`SetSpan.moved_s`).

    Parameters
    ----------
    markers : sequence of SetMarker
        The session's sets, every one :attr:`~tremor.core.recording.SetMarker.auto`.
    frames : Frames
        Frame features of the whole recording so far.
    end_s : float
        Time of the last sample in s.
    gaps : sequence of (float, float)
        Data gaps as (start_s, end_s) in s.
    not_worn : sequence of (float, float)
        Stretches where the device lay still (as for :func:`segment_sets`).
    memo : FrameMemo or None
        Kept per-block results for :func:`segment_sets` on ``frames`` (rows already seen unchanged).
    code_step : float
        The sensor's coarsest code step in m/s^2 (as for :func:`segment_sets`).

    Returns
    -------
    Segmentation
        The sets, batch's walking bouts, the rest mask and the rest pose.
    """
    marked = sets_from_markers(markers, frames, end_s=end_s, gaps=gaps)
    found = segment_sets(frames, end_s=end_s, gaps=gaps, not_worn=not_worn, memo=memo, code_step=code_step)
    spans = []
    for span in marked.sets:
        same = [
            s for s in found.sets if abs(s.start_s - span.start_s) < 1e-6 and abs(s.end_s - span.end_s) < 1e-6
        ]
        if same:
            s = same[0]
            span = replace(
                span,
                kind=s.kind,
                start_gap=s.start_gap,
                end_gap=s.end_gap,
                start_unseen=s.start_unseen,
                moved_s=s.moved_s,
            )
        spans.append(span)
    sets = tuple(spans)
    # a span the session confirmed as a set is a set, whatever the segmentation made of it since
    phone = tuple(p for p in found.phone if not any(p[0] < s.end_s and s.start_s < p[1] for s in sets))
    return _segmentation(
        frames, sets, found.walking, found.rest_ref, found.unclear_stays, phone, found.rest_settled
    )


def _segmentation(
    frames: Frames,
    sets: tuple[SetSpan, ...],
    walking: tuple[tuple[float, float], ...],
    ref: np.ndarray | None,
    unclear: tuple[tuple[float, float, float], ...],
    phone: tuple[tuple[float, float], ...],
    settled: bool,
) -> Segmentation:
    """The :class:`Segmentation` of ``sets``: each recovery ended at the first unclear stay or phone use after its set
    (:func:`_recoveries_ended`), the rest frames those outside the sets, the walks and the phone use."""
    sets = _recoveries_ended(sets, [a for a, _, _ in unclear] + [a for a, _ in phone])
    rest = _rest_mask(frames, sets, list(walking) + list(phone))
    return Segmentation(sets, walking, rest, ref, unclear, phone, settled)


def _with_recoveries(
    bounds: list[tuple[float, float]],
    kinds: list[str],
    end_s: float,
    source: str,
    gaps: list[tuple[float, float]],
    hidden: list[tuple[tuple[float, float] | None, tuple[float, float] | None, bool, tuple[float, float]]]
    | None = None,
) -> tuple[SetSpan, ...]:
    """The sets numbered from 1, each with its recovery up to the next set's start (or ``end_s``), the data gaps
    inside it and, where ``hidden`` gives them, its ``start_gap``, ``end_gap``, ``start_unseen`` and ``moved_s``."""
    out = []
    index = _GapIndex(gaps)
    for i, ((start, stop), kind) in enumerate(zip(bounds, kinds)):
        recovery_end = bounds[i + 1][0] if i + 1 < len(bounds) else end_s
        start_gap, end_gap, unseen, moved = (
            hidden[i] if hidden is not None else (None, None, False, (0.0, 0.0))
        )
        out.append(
            SetSpan(
                i + 1,
                float(start),
                float(stop),
                float(max(recovery_end, stop)),
                kind,
                source,
                tuple((float(a), float(b)) for a, b in index.overlapping(float(start), float(stop))),
                start_gap,
                end_gap,
                unseen,
                moved,
            )
        )
    return tuple(out)


def _recoveries_ended(spans: tuple[SetSpan, ...], starts: list[float]) -> tuple[SetSpan, ...]:
    """``spans`` with each recovery ended at the first of ``starts`` after its set: an unclear stay
    (:attr:`Segmentation.unclear_stays`: the wrist took a new pose there, perhaps a light hold) or phone use
    (:mod:`tremor.core.phone_use`). What follows is no recovery of the set before it: its twitches would be read as
    that set's, minutes on, where a hold or a phone check came between (those under the taps are not sought)."""
    if not starts:
        return spans
    ordered = np.sort(np.array(starts, float))
    out = []
    for span in spans:
        k = int(np.searchsorted(ordered, span.end_s, side="left"))
        if k < ordered.size and ordered[k] < span.recovery_end_s:
            span = replace(span, recovery_end_s=float(max(ordered[k], span.end_s)))
        out.append(span)
    return tuple(out)


def _frame_hop(t: np.ndarray, memo: FrameMemo | None) -> float:
    """The median step between frame times (0 for one frame); a live memo keeps the steps sorted, and steps only
    between the frames it has not seen (a growing table's old frames keep their times)."""
    if t.size < 2:
        return 0.0
    if memo is None:
        return float(np.median(np.diff(t)))
    kept = memo.kept("frame_hop", lambda: KeptMedian(skip_nan=False))
    return float(kept.extend(t.size - 1, lambda a, b: np.diff(t[a : b + 1])).median[0])


def _sums_at(mask: np.ndarray, runs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """For each run ``[a, b)``, the true frames of ``mask`` before ``a`` and before ``b`` (ints)."""
    if not runs:
        return []
    sums = np.concatenate([[0], np.cumsum(mask)])
    return [(a, b) for a, b in sums[np.array(runs)].tolist()]


class _GapIndex:
    """Data gaps (start_s, end_s) found between two times by bisection on their starts.

    :meth:`between` gives what ``[(a, b) for a, b in gaps if a >= t0 - 1e-9 and b <= t1 + 1e-9]`` gives, in
    the same order, without a pass over every gap per call (a long recording with many gaps made that grow
    as their square); gaps that end before they start are looked through one by one, as before.
    """

    def __init__(self, gaps: list[tuple[float, float]]) -> None:
        self.gaps = list(gaps)
        self.order = sorted(range(len(self.gaps)), key=lambda j: self.gaps[j][0])
        self.starts = [self.gaps[j][0] for j in self.order]
        self.sorted = all(b >= a for a, b in self.gaps)  # False with NaN too: then the plain scan
        # in time order, as a sampling report lists them (starts and ends both non-decreasing): then the gaps
        # overlapping a span are one run of the list
        self.ends = [b for _, b in self.gaps]
        self.in_order = all(p[0] <= q[0] and p[1] <= q[1] for p, q in itertools.pairwise(self.gaps)) and all(
            a == a and b == b for a, b in self.gaps
        )
        self.given_starts = [a for a, _ in self.gaps]

    def between(self, t0: float, t1: float) -> list[tuple[float, float]]:
        lo_t, hi_t = t0 - 1e-9, t1 + 1e-9
        if not self.sorted:
            return [(a, b) for a, b in self.gaps if a >= lo_t and b <= hi_t]
        # a gap inside starts in [lo_t, hi_t] (it ends after it starts); kept in the given order
        at = sorted(self.order[bisect_left(self.starts, lo_t) : bisect_right(self.starts, hi_t)])
        return [self.gaps[j] for j in at if self.gaps[j][1] <= hi_t]

    def overlapping(self, start_s: float, end_s: float) -> list[tuple[float, float]]:
        """``[(a, b) for a, b in gaps if b > start_s and a < end_s]``, the same gaps in the same order."""
        if not self.in_order:
            return [(a, b) for a, b in self.gaps if b > start_s and a < end_s]
        return self.gaps[bisect_right(self.ends, start_s) : bisect_left(self.given_starts, end_s)]


def _gap_between(t0: float, t1: float, gaps: _GapIndex) -> tuple[float, float] | None:
    """The data missing between the frames at ``t0`` and ``t1``: from the first gap's start to the last one's end."""
    if not gaps.gaps:
        return None  # a recording without gaps (a live check asks this of every set's two edges)
    inside = gaps.between(t0, t1)
    if not inside:
        return None
    return (min(a for a, _ in inside), max(b for _, b in inside))


def _bridged(t0: float, t1: float, bridges: _GapIndex) -> bool:
    """True where the frames at ``t0`` and ``t1`` are apart because of data gaps that may be bridged.

    Every gap between them is at most :data:`MAX_BRIDGE_S` long, and so is all the data missing
    between them (each gap less the sample spacing around it, :data:`GAP_SPACING_S`); there is at
    least one gap.
    """
    inside = bridges.between(t0, t1)
    if not inside:
        return False
    missing = [max(b - a - GAP_SPACING_S, 0.0) for a, b in inside]
    return all(m <= MAX_BRIDGE_S for m in missing) and sum(missing) <= MAX_BRIDGE_S


def _rest_mask(frames: Frames, sets: tuple[SetSpan, ...], walking: list[tuple[float, float]]) -> np.ndarray:
    # a set's move into its position and out of it (SetSpan.moved_s) is no rest either
    spans = [(s.start_s - s.moved_s[0] - 1.0, s.end_s + s.moved_s[1] + 1.0) for s in sets]
    spans += [(a - 1.0, b + 1.0) for a, b in walking]
    return ~within(frames.t_s, spans)


def within(times: np.ndarray, spans: list[tuple[float, float]], *, closed: bool = True) -> np.ndarray:
    """Mask of the sorted ``times`` inside any of ``spans`` (``[a, b]``, or ``(a, b)`` with ``closed=False``).

    Linear in the number of times and spans (binary search, no mask per span).

    Parameters
    ----------
    times : ndarray
        Sorted times in s.
    spans : list of (float, float)
        Time spans (start, end) in s; they may overlap.
    closed : bool
        Whether the span ends count as inside.

    Returns
    -------
    ndarray of bool, shape (times.size,)
        True for the times inside at least one span.

    Examples
    --------
    >>> import numpy as np
    >>> t = np.array([0.0, 1.0, 2.0, 3.0, 4.0])
    >>> within(t, [(1.0, 2.0), (3.5, 9.0)]).tolist()
    [False, True, True, False, True]
    >>> within(t, [(1.0, 2.0)], closed=False).tolist()
    [False, False, False, False, False]
    """
    if not spans:
        return np.zeros(times.size, bool)
    a = np.array([s[0] for s in spans])
    b = np.array([s[1] for s in spans])
    lo = np.searchsorted(times, a, side="left" if closed else "right")
    hi = np.searchsorted(times, b, side="right" if closed else "left")
    depth = np.zeros(times.size + 1, np.int64)
    keep = hi > lo
    np.add.at(depth, lo[keep], 1)
    np.add.at(depth, hi[keep], -1)
    return np.cumsum(depth[:-1]) > 0


def time_runs(
    mask: np.ndarray,
    t: np.ndarray,
    join_s: float,
    bridges: tuple[tuple[float, float], ...] | list[tuple[float, float]] = (),
    *,
    hop: float | None = None,
    grid: tuple[np.ndarray, np.ndarray] | None = None,
) -> list[tuple[int, int]]:
    """Runs ``[a, b)`` of true frames, joined across false stretches of at most ``join_s`` seconds.

    A run never spans a gap in the data: where consecutive frames are further apart than one and
    a half hops, a new run starts, and it is joined to the previous one only if the gap in time is
    itself no longer than ``join_s``. The exception is a break made only by the data gaps in
    ``bridges`` (start_s, end_s) of at most :data:`MAX_BRIDGE_S` in all: there the frames either
    side count as neighbours (the break's time is left out when runs are joined).

    Parameters
    ----------
    mask : ndarray of bool, shape (n_frames,)
        The frames to gather into runs.
    t : ndarray, shape (n_frames,)
        Frame times in s, increasing.
    join_s : float
        Longest false stretch (s) joined over.
    bridges : sequence of (float, float)
        Data gaps (start_s, end_s) in s that may be bridged.
    hop : float or None
        The median of ``np.diff(t)`` where the caller has it (None: computed here).
    grid : (ndarray, ndarray) or None
        :func:`run_grid` of ``t``, ``hop`` and ``bridges`` where the caller gathers several masks' runs on one
        table (None: made here; with a grid, ``hop`` must be given).

    Returns
    -------
    list of (int, int)
        Frame index ranges ``[a, b)`` of the runs, in order.
    """
    if not mask.any():
        return []
    if grid is None:
        if hop is None:
            hop = float(np.median(np.diff(t))) if t.size > 1 else 0.0
        grid = run_grid(t, hop, bridges)
    elif hop is None:
        raise ValueError("a grid is read with the hop it was made with")
    breaks, t = grid
    starts = mask & (~np.concatenate([[False], mask[:-1]]) | breaks)
    ends = mask & (~np.concatenate([mask[1:], [False]]) | np.concatenate([breaks[1:], [False]]))
    first, after = np.flatnonzero(starts), np.flatnonzero(ends) + 1
    # a run joins the one before where the false stretch between them is short: frame times lie on a hop grid
    # only to the time stamps' jitter (times follow the received stamps), so a quarter hop's tolerance keeps a
    # false stretch of exactly ``join_s`` joined
    joined = t[first[1:]] - t[after[:-1] - 1] <= join_s + 0.25 * hop
    opens = np.concatenate([[True], ~joined])
    closes = np.concatenate([~joined, [True]])
    return list(zip(first[opens].tolist(), after[closes].tolist()))


def run_grid(
    t: np.ndarray, hop: float, bridges: tuple[tuple[float, float], ...] | list[tuple[float, float]] = ()
) -> tuple[np.ndarray, np.ndarray]:
    """Where :func:`time_runs` breaks a run, and the frame times it joins runs by.

    Parameters
    ----------
    t : ndarray, shape (n_frames,)
        Frame times in s, increasing.
    hop : float
        The median of ``np.diff(t)``.
    bridges : sequence of (float, float)
        Data gaps (start_s, end_s) in s that may be bridged (:func:`time_runs`).

    Returns
    -------
    breaks : ndarray of bool, shape (n_frames,)
        Frames further than one and a half hops after the one before, but for breaks the ``bridges`` bridge.
    times : ndarray, shape (n_frames,)
        ``t`` less the time of each bridged break beyond one hop, summed up to the frame.
    """
    steps = np.diff(t)
    breaks = np.concatenate([[False], steps > 1.5 * hop]) if steps.size else np.zeros(t.size, bool)
    if bridges and breaks.any():
        bridge_list = _GapIndex([(float(a), float(b)) for a, b in bridges])
        collapse = np.zeros(t.size)
        for i in np.flatnonzero(breaks):
            if _bridged(float(t[i - 1]), float(t[i]), bridge_list):
                breaks[i] = False
                collapse[i] = float(t[i] - t[i - 1]) - hop
        t = t - np.cumsum(collapse)
    return breaks, t
