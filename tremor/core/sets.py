"""Splitting a session into sets and rests, from markers or from the frame features.

Automatic segmentation marks a frame *active* when the wrist moves (movement-band RMS above
:data:`MOVE_MPS2`) or is held away from its rest orientation (gravity direction more than
:data:`POSE_DEG` degrees from the rest reference, which catches isometric holds). Active stretches
are joined across short pauses, kept when they last at least :data:`MIN_SET_S`, and set aside as
*walking* when their movement has a step cadence (:data:`WALK_HZ`). Each set owns its recovery:
the rest up to the next set (or the end of the recording).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tremor.core.features import Frames
from tremor.core.recording import SetMarker

__all__ = ["SetSpan", "Segmentation", "segment_sets", "sets_from_markers", "rest_orientation", "within", "time_runs"]

MOVE_MPS2 = 0.35
POSE_DEG = 30.0
JOIN_S = 1.0
MIN_SET_S = 8.0
#: Walking: arm swing or steps at 0.7-2.6 Hz with heel-strike impacts, which put at least this
#: share of the movement power into 3-7 Hz (smooth lifting reps put far less there).
WALK_HZ = (0.7, 2.6)
WALK_IMPACT_SHARE = 0.003
MIN_WALK_S = 5.0
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


@dataclass(frozen=True)
class Segmentation:
    """Sets, walking bouts and the rest frames of a session."""

    sets: tuple[SetSpan, ...]
    walking: tuple[tuple[float, float], ...]
    rest_mask: np.ndarray  # frames outside any set and not walking


def rest_orientation(frames: Frames) -> np.ndarray | None:
    """The rest reference orientation: median gravity direction of the quiet frames before the first movement.

    Falls back to all quiet frames; None without gravity information.
    """
    if not len(frames) or np.all(np.isnan(frames.orientation)):
        return None
    quiet = frames.movement_rms < MOVE_MPS2
    first_move = np.flatnonzero(~quiet)
    lead = quiet.copy()
    if first_move.size and first_move[0] >= 10:
        lead[first_move[0]:] = False
    pick = lead if lead.sum() >= 10 else quiet
    if not pick.any():
        return None
    ref = np.nanmedian(frames.orientation[pick], axis=0)
    norm = np.linalg.norm(ref)
    return ref / norm if norm > 0 else None


def segment_sets(frames: Frames, *, end_s: float) -> Segmentation:
    """Find sets automatically from frame features. ``end_s`` is the recording's last time stamp."""
    n = len(frames)
    if n == 0:
        return Segmentation((), (), np.zeros(0, bool))
    moving = frames.movement_rms >= MOVE_MPS2
    ref = rest_orientation(frames)
    posed = np.zeros(n, bool)
    if ref is not None:
        cosang = np.clip(frames.orientation @ ref, -1.0, 1.0)
        posed = np.nan_to_num(np.degrees(np.arccos(cosang)), nan=0.0) > POSE_DEG
    with np.errstate(invalid="ignore", divide="ignore"):
        impact_share = np.nan_to_num(frames.power_low) / np.maximum(frames.movement_rms**2, 1e-12)
    cadence = frames.peak_movement_hz
    # walking: the arm hangs near its rest orientation while the gait's impacts reach 3-7 Hz;
    # a lifting set turns the wrist away from rest
    walking_frame = (moving & ~posed & (impact_share >= WALK_IMPACT_SHARE)
                     & (cadence >= WALK_HZ[0]) & (cadence <= WALK_HZ[1]))
    walking: list[tuple[float, float]] = []
    for a, b in time_runs(walking_frame, frames.t_s, JOIN_S):
        start, stop = float(frames.t_s[a]) + EDGE_LEAD_S, float(frames.t_s[b - 1]) - EDGE_LEAD_S
        if stop - start >= MIN_WALK_S:
            walking.append((start, stop))
            walking_frame[a:b] = True
    active = (moving | posed) & ~walking_frame
    spans = time_runs(active, frames.t_s, JOIN_S)
    sets: list[tuple[float, float, str]] = []
    for a, b in spans:
        start = float(frames.t_s[a]) + EDGE_LEAD_S
        stop = float(frames.t_s[b - 1]) - EDGE_LEAD_S
        if stop - start < MIN_SET_S:
            continue
        kind = "reps" if moving[a:b].mean() >= 0.5 else "hold"
        sets.append((max(start, 0.0), stop, kind))
    spans_out = _with_recoveries([(s, e) for s, e, _ in sets], [k for _, _, k in sets], end_s, "auto")
    return Segmentation(spans_out, tuple(walking), _rest_mask(frames, spans_out, walking))


def sets_from_markers(markers: tuple[SetMarker, ...] | list[SetMarker], frames: Frames, *, end_s: float) -> Segmentation:
    """Sets given by markers (file annotations, ``--sets`` or a sidecar file)."""
    ordered = sorted(markers, key=lambda m: m.start_s)
    kinds = []
    for m in ordered:
        inside = (frames.t_s >= m.start_s) & (frames.t_s <= m.end_s)
        kinds.append("reps" if inside.any() and np.mean(frames.movement_rms[inside] >= MOVE_MPS2) >= 0.5 else "hold")
    spans = _with_recoveries([(m.start_s, m.end_s) for m in ordered], kinds, end_s, "markers")
    return Segmentation(spans, (), _rest_mask(frames, spans, []))


def _with_recoveries(bounds: list[tuple[float, float]], kinds: list[str], end_s: float, source: str) -> tuple[SetSpan, ...]:
    out = []
    for i, ((start, stop), kind) in enumerate(zip(bounds, kinds)):
        recovery_end = bounds[i + 1][0] if i + 1 < len(bounds) else end_s
        out.append(SetSpan(i + 1, float(start), float(stop), float(max(recovery_end, stop)), kind, source))
    return tuple(out)


def _rest_mask(frames: Frames, sets: tuple[SetSpan, ...], walking: list[tuple[float, float]]) -> np.ndarray:
    spans = [(s.start_s - 1.0, s.end_s + 1.0) for s in sets] + [(a - 1.0, b + 1.0) for a, b in walking]
    return ~within(frames.t_s, spans)


def within(times: np.ndarray, spans: list[tuple[float, float]], *, closed: bool = True) -> np.ndarray:
    """Mask of the sorted ``times`` inside any of ``spans`` (``[a, b]``, or ``(a, b)`` with ``closed=False``).

    Linear in the number of times and spans (binary search, no mask per span).
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


def time_runs(mask: np.ndarray, t: np.ndarray, join_s: float) -> list[tuple[int, int]]:
    """Runs ``[a, b)`` of true frames, joined across false stretches of at most ``join_s`` seconds.

    A run never spans a gap in the data: where consecutive frames are further apart than one and
    a half hops, a new run starts, and it is joined to the previous one only if the gap in time is
    itself no longer than ``join_s``.
    """
    if not mask.any():
        return []
    steps = np.diff(t)
    hop = float(np.median(steps)) if steps.size else 0.0
    breaks = np.concatenate([[False], steps > 1.5 * hop]) if steps.size else np.zeros(mask.size, bool)
    starts = mask & (~np.concatenate([[False], mask[:-1]]) | breaks)
    ends = mask & (~np.concatenate([mask[1:], [False]]) | np.concatenate([breaks[1:], [False]]))
    out: list[tuple[int, int]] = []
    for a, b in zip(np.flatnonzero(starts).tolist(), (np.flatnonzero(ends) + 1).tolist()):
        if out and t[a] - t[out[-1][1] - 1] <= join_s:
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out
