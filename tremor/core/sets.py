"""Splitting a session into sets and rests, from markers or from the frame features.

Automatic segmentation marks a frame *active* when the wrist moves (movement-band RMS above
:data:`MOVE_MPS2`) or is held away from its rest orientation (gravity direction more than
:data:`POSE_DEG` degrees from the rest reference, which catches isometric holds). Active stretches
are joined across short pauses, kept when they last at least :data:`MIN_SET_S`, and set aside as
*walking* when they carry the gait signature: a step cadence (:data:`WALK_HZ`), heel-strike impacts
that are present but small (:data:`WALK_IMPACT_SHARE`, :data:`WALK_MAX_IMPACT_MPS2`; a wrist's
:data:`WALK_POSED_MAX_IMPACT_MPS2` where the arm hangs away from its rest pose) and a moderate
intensity (:data:`WALK_MAX_MPS2`); the orientation alone does not rule walking out. Periodicity alone does not make walking: swings, rows, ropes,
strokes and jumps are rhythmic too, but harder, and their harmonics or landings fill the 3-7 Hz band
far beyond a heel strike's share; they are sets. Each set owns its recovery: the rest up to the next
set (or the end of the recording).

A set spans data gaps of up to :data:`MAX_BRIDGE_S` (a dropped radio packet): its boundaries, label
and metrics come from the data around the gap, and the gap is kept in :attr:`SetSpan.gaps`. A
longer gap ends the set.

:func:`movement_leak` marks the frames where vigorous movement puts its harmonics and impacts into
the tremor bands; their tremor is not measured (see :func:`tremor.core.classify.set_metrics`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tremor.core.features import Frames
from tremor.core.recording import SetMarker

__all__ = [
    "SetSpan",
    "Segmentation",
    "segment_sets",
    "sets_from_markers",
    "rest_orientation",
    "within",
    "time_runs",
    "movement_leak",
    "gaps_within",
]

MOVE_MPS2 = 0.35
POSE_DEG = 30.0
JOIN_S = 1.0
MIN_SET_S = 8.0
#: Walking: arm swing or steps at 0.7-2.6 Hz with heel-strike impacts, which put at least this
#: share of the movement power into 3-7 Hz over the bout (the median of its frames; smooth lifting
#: reps put 1e-5 to 1e-4 there, the simulator's walking 0.006-0.03) ...
WALK_HZ = (0.7, 2.6)
WALK_IMPACT_SHARE = 0.002
#: ... or (a strong arm swing) at least this 3-7 Hz RMS, spread over the band as an impact's is
#: (its highest bin under this many times the 2-20 Hz median; a 3-7 Hz tremor is a narrow peak) ...
WALK_MIN_IMPACT_MPS2 = 0.06
WALK_IMPACT_PROMINENCE = 12.0
#: ... but a footstep stays moderate: walking's 3-7 Hz RMS stays below this (0.1-0.4 m/s^2 at a
#: simulated wrist, 1.9-2.3 m/s^2 on the real phone walk; real jump landings put 4-8 m/s^2 there) ...
WALK_MAX_IMPACT_MPS2 = 3.0
#: ... and where the wrist is turned away from its rest orientation for the bout (the arm hanging
#: after a seated or lying rest, :data:`POSE_DEG`), the device is on a swinging arm, where a heel
#: strike arrives through the body: its 3-7 Hz RMS stays below this (0.12-0.14 m/s^2 in two
#: independent wrist-walking generators, 0.1-0.4 in the simulator's), while jump landings put
#: 0.9-4.4 m/s^2 there.
WALK_POSED_MAX_IMPACT_MPS2 = 0.6
#: ... and walking's movement-band RMS below this (real walking 3-3.7 m/s^2; real jumping 12-17,
#: real swimming strokes 10-18).
WALK_MAX_MPS2 = 6.0
MIN_WALK_S = 5.0
#: Movement harmonics: a frame whose movement RMS reaches :data:`VIGOROUS_MPS2` while its 3-12 Hz
#: RMS reaches :data:`LEAK_MPS2` holds the harmonics and impacts of the movement in its tremor
#: bands. Physiological tremor, even enhanced by fatigue, stays well below 0.6 m/s^2 RMS; the
#: 3-12 Hz RMS of swings, ropes, strokes, swimming and jumps is 0.8-7 m/s^2. With 2 s windows
#: (0.5 Hz resolution) tremor cannot be measured between harmonics of a 0.5-2.5 Hz movement, so
#: such frames are left out of tremor metrics ("not assessable under movement").
VIGOROUS_MPS2 = 1.5
LEAK_MPS2 = 0.6
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


@dataclass(frozen=True)
class Segmentation:
    """Sets, walking bouts and the rest frames of a session."""

    sets: tuple[SetSpan, ...]
    walking: tuple[tuple[float, float], ...]
    rest_mask: np.ndarray  # frames outside any set and not walking


def rest_orientation(frames: Frames) -> np.ndarray | None:
    """The rest reference orientation: median gravity direction of the quiet frames before the first movement.

    Falls back to all quiet frames; None without gravity information.

    "Before the first movement" counts only where at least 10 quiet frames precede it.

    Parameters
    ----------
    frames : Frames
        Frame features, with the orientation column (unit gravity vectors).

    Returns
    -------
    ndarray, shape (3,) or None
        Unit vector of the rest gravity direction, or None where there is no orientation
        (gravity removed) or no quiet frame.
    """
    if not len(frames) or np.all(np.isnan(frames.orientation)):
        return None
    quiet = frames.movement_rms < MOVE_MPS2
    first_move = np.flatnonzero(~quiet)
    lead = quiet.copy()
    if first_move.size and first_move[0] >= 10:
        lead[first_move[0] :] = False
    pick = lead if lead.sum() >= 10 else quiet
    if not pick.any():
        return None
    ref = np.nanmedian(frames.orientation[pick], axis=0)
    norm = np.linalg.norm(ref)
    return ref / norm if norm > 0 else None


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
        True where the movement RMS reaches :data:`VIGOROUS_MPS2` and the 3-12 Hz RMS reaches
        :data:`LEAK_MPS2`.
    """
    tremor_bands = np.nan_to_num(np.asarray(power_low, float)) + np.nan_to_num(np.asarray(power_phys, float))
    return (np.asarray(movement_rms) >= VIGOROUS_MPS2) & (tremor_bands >= LEAK_MPS2**2)


def gaps_within(
    gaps: tuple[tuple[float, float], ...] | list[tuple[float, float]], start_s: float, end_s: float
) -> tuple[tuple[float, float], ...]:
    """The data gaps (start_s, end_s) that overlap ``start_s``-``end_s``.

    Parameters
    ----------
    gaps : sequence of (float, float)
        Data gaps as (start_s, end_s) in s.
    start_s, end_s : float
        The span in s.

    Returns
    -------
    tuple of (float, float)
        The gaps that overlap the open span, unclipped.
    """
    return tuple((float(a), float(b)) for a, b in gaps if b > start_s and a < end_s)


def segment_sets(
    frames: Frames,
    *,
    end_s: float,
    gaps: tuple[tuple[float, float], ...] | list[tuple[float, float]] = (),
    not_worn: tuple[tuple[float, float], ...] | list[tuple[float, float]] = (),
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
    moving = frames.movement_rms >= MOVE_MPS2
    ref = rest_orientation(frames)
    posed = np.zeros(n, bool)
    if ref is not None:
        cosang = np.clip(frames.orientation @ ref, -1.0, 1.0)
        posed = np.nan_to_num(np.degrees(np.arccos(cosang)), nan=0.0) > POSE_DEG
    low = np.nan_to_num(frames.power_low)
    with np.errstate(invalid="ignore", divide="ignore"):
        impact_share = low / np.maximum(frames.movement_rms**2, 1e-12)
    cadence = frames.peak_movement_hz
    # walking: a step or arm-swing cadence while the gait's small heel strikes reach 3-7 Hz; the arm
    # may hang far from its rest orientation (a rest spent seated), so orientation does not decide;
    # vigorous rhythmic work (swings, ropes, strokes, jumps) is harder and fills 3-7 Hz with
    # harmonics or landings; lifting reps are slower than a gait and smooth
    gait_like = moving & (cadence >= WALK_HZ[0]) & (cadence <= WALK_HZ[1])
    walking_frame = np.zeros(n, bool)
    walking: list[tuple[float, float]] = []
    bridges = [(float(a), float(b)) for a, b in gaps]
    for a, b in time_runs(gait_like, frames.t_s, JOIN_S, bridges=bridges):
        start, stop = float(frames.t_s[a]) + EDGE_LEAD_S, float(frames.t_s[b - 1]) - EDGE_LEAD_S
        # heel strikes in every stretch of it (the median over the run: one quiet step does not end a walk)
        # judged over the bout (medians): a set that grows harder starts out as gentle as a walk
        sel = np.arange(a, b)[gait_like[a:b]]
        max_impact = WALK_POSED_MAX_IMPACT_MPS2 if posed[sel].mean() >= 0.5 else WALK_MAX_IMPACT_MPS2
        if np.median(frames.movement_rms[sel]) >= WALK_MAX_MPS2 or np.median(low[sel]) >= max_impact**2:
            continue
        struck = np.median(impact_share[sel]) >= WALK_IMPACT_SHARE or (
            np.median(low[sel]) >= WALK_MIN_IMPACT_MPS2**2
            and np.median(np.nan_to_num(frames.prominence_low[sel], nan=np.inf)) < WALK_IMPACT_PROMINENCE
        )
        if stop - start >= MIN_WALK_S and struck:
            walking.append((start, stop))
            walking_frame[a:b] = True
    active = (moving | posed) & ~walking_frame & ~within(frames.t_s, list(not_worn))
    spans = time_runs(active, frames.t_s, JOIN_S, bridges=bridges)
    sets: list[tuple[float, float, str]] = []
    t = frames.t_s
    for a, b in spans:
        start = float(t[a]) + EDGE_LEAD_S
        stop = float(t[b - 1]) - EDGE_LEAD_S
        # an edge hidden by a data gap: the onset (or end) lies somewhere between the last quiet
        # frame before the gap and the first active frame after it; take the middle
        if a > 0 and _bridged(t[a - 1], t[a], bridges):
            start = 0.5 * (float(t[a - 1]) + float(t[a])) + EDGE_LEAD_S
        if b < n and _bridged(t[b - 1], t[b], bridges):
            stop = 0.5 * (float(t[b - 1]) + float(t[b])) - EDGE_LEAD_S
        if stop - start < MIN_SET_S:
            continue
        kind = "reps" if moving[a:b].mean() >= 0.5 else "hold"
        sets.append((max(start, 0.0), stop, kind))
    spans_out = _with_recoveries(
        [(s, e) for s, e, _ in sets], [k for _, _, k in sets], end_s, "auto", bridges
    )
    return Segmentation(spans_out, tuple(walking), _rest_mask(frames, spans_out, walking))


def sets_from_markers(
    markers: tuple[SetMarker, ...] | list[SetMarker],
    frames: Frames,
    *,
    end_s: float,
    gaps: tuple[tuple[float, float], ...] | list[tuple[float, float]] = (),
) -> Segmentation:
    """Sets given by markers (file annotations, ``--sets`` or a sidecar file); ``gaps`` are noted in the sets.

    A set is ``reps`` where at least half of its frames move (movement RMS at or above
    :data:`MOVE_MPS2`), else ``hold``. No walking bouts are detected.

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
    return Segmentation(spans, (), _rest_mask(frames, spans, []))


def _with_recoveries(
    bounds: list[tuple[float, float]],
    kinds: list[str],
    end_s: float,
    source: str,
    gaps: list[tuple[float, float]],
) -> tuple[SetSpan, ...]:
    out = []
    for i, ((start, stop), kind) in enumerate(zip(bounds, kinds)):
        recovery_end = bounds[i + 1][0] if i + 1 < len(bounds) else end_s
        out.append(
            SetSpan(
                i + 1,
                float(start),
                float(stop),
                float(max(recovery_end, stop)),
                kind,
                source,
                gaps_within(gaps, float(start), float(stop)),
            )
        )
    return tuple(out)


def _bridged(t0: float, t1: float, bridges: list[tuple[float, float]]) -> bool:
    """True where the frames at ``t0`` and ``t1`` are apart because of data gaps that may be bridged.

    Every gap between them is at most :data:`MAX_BRIDGE_S` long, and so is all the data missing
    between them (each gap less the sample spacing around it, :data:`GAP_SPACING_S`); there is at
    least one gap.
    """
    inside = [(a, b) for a, b in bridges if a >= t0 - 1e-9 and b <= t1 + 1e-9]
    if not inside:
        return False
    missing = [max(b - a - GAP_SPACING_S, 0.0) for a, b in inside]
    return all(m <= MAX_BRIDGE_S for m in missing) and sum(missing) <= MAX_BRIDGE_S


def _rest_mask(frames: Frames, sets: tuple[SetSpan, ...], walking: list[tuple[float, float]]) -> np.ndarray:
    spans = [(s.start_s - 1.0, s.end_s + 1.0) for s in sets] + [(a - 1.0, b + 1.0) for a, b in walking]
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

    Returns
    -------
    list of (int, int)
        Frame index ranges ``[a, b)`` of the runs, in order.
    """
    if not mask.any():
        return []
    steps = np.diff(t)
    hop = float(np.median(steps)) if steps.size else 0.0
    breaks = np.concatenate([[False], steps > 1.5 * hop]) if steps.size else np.zeros(mask.size, bool)
    if bridges and breaks.any():
        bridge_list = [(float(a), float(b)) for a, b in bridges]
        collapse = np.zeros(mask.size)
        for i in np.flatnonzero(breaks):
            if _bridged(float(t[i - 1]), float(t[i]), bridge_list):
                breaks[i] = False
                collapse[i] = float(t[i] - t[i - 1]) - hop
        t = t - np.cumsum(collapse)
    starts = mask & (~np.concatenate([[False], mask[:-1]]) | breaks)
    ends = mask & (~np.concatenate([mask[1:], [False]]) | np.concatenate([breaks[1:], [False]]))
    out: list[tuple[int, int]] = []
    for a, b in zip(np.flatnonzero(starts).tolist(), (np.flatnonzero(ends) + 1).tolist()):
        if out and t[a] - t[out[-1][1] - 1] <= join_s:
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out
