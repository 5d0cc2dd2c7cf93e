"""The move into a set's position and out of it is no part of the set (issue 9).

A set's automatic edges are its first and last active frames (:func:`tremor.core.sets.segment_sets`): a frame is
active where the wrist moves or is posed away from rest. Lying down on a bench, or getting down to the floor for
push-ups or a plank, turns the forearm 60-80 deg over 2-2.5 s before the first rep or the start of the hold (and
back after the last): those frames move and are posed, so the set took them in. The red team's ``bench`` and
``pushups`` (benchmarks/redteam/gen.py) read 2.7-3.7 s too long at both ends on every seed; a coach counts the
set from the first rep (the unrack) or the start of the steady hold to the last rep or the hold's end.

The frames' 2 s windows blur a move's timing; their sub-block means (:attr:`tremor.core.features.Frames.sub_acc`,
10 Hz at the default hop) follow the gravity direction closely enough to time it. The forearm's pose, over 0.5 s
means (:data:`SMOOTH_S`), is compared with the set's own: its median over the set's middle, and the range its
unsmoothed poses keep about it (:data:`BODY_PCT`-th percentile of the angle: a curl's range holds the hanging arm
it starts from, a hold's is a degree or two). A set edge whose pose lies more than :data:`MARGIN_DEG` beyond that
range is a move. The move turns the forearm away from its far pose (where it lay furthest beyond the range); it
lasts while that angle grows at :data:`RATE_SHARE` of its peak rate or more, and ends where it stops: the hold's
pose is reached, or the first rep turns back (0.94 of a raised-cosine move, plus about 0.3 s of the track's mean).
A move that lasts :data:`MOVE_MIN_S` or less keeps the edge at its onset: the red team's holds are raised in 1 s
(read 1.2-1.3 s) and their truth counts the raise, which lies within a second of the arrival anyway. From
:data:`MOVE_FULL_S` on (lying down over 2 s reads 2.1-2.2 s, a 2.5 s get-down 2.0-2.6 s) the edge moves to the
move's end; between the two, that share of the way, so no reading's last digit moves an edge by a whole move (a
1.5 s raise read 1.70 s with one rounding of its frame times and 1.70 - 1e-14 with another, which put a live
session's set and batch's 1.65 s apart under a single threshold).

In a set of reps the move is left out only where the wrist then stops: the lifter waits in position (lying under
the racked bar), and frames whose wrist stopped (movement under ``PAUSE_MOVE_MPS2``, :mod:`tremor.core.rep_pauses`)
beginning within :data:`WAIT_S` of the move's end are no rep either; the set starts at the first frame after them
(it ends before the stop that precedes the move out). A wait no longer than a frame's 2 s window holds no such
frame. Reps that run on from the move keep the edge: an arm raised into its first rep, whose swing carries on the
raise (the stress tests' gym sets, whose truth counts the 0.6-1.2 s raise), reads as a move of up to 4 s, as long
as the push-ups' 2.5 s get-down (2.0-2.6 s), and the pose cannot tell the two apart; without the stop the gym sets
put an edge of 12 of their 72 sets over 1 s off (seeds 11-16 at 50/100/200 Hz).

A set's end is where the load comes off: the move out is the last move, the one the rest follows. A tired arm that
sags 20-40 deg over a hold's last 2-3 s and is then lowered turns twice, its rate all but stopping between the two
(:data:`TROUGH_STOP`): the sag stays in the set, and only the lowering is the move (a 1 s lowering is too short to
leave out). A single move whose rate only dips (a hand moving freely while getting up) stays one move. An arm that
gives way does not stop first: its sag speeds up as the load wins and runs straight on into the lowering, one move
by its rate. So a hold's end is timed from where the move's rate first reaches :data:`ONSET_SHARE` of its peak (the
lowering proper), at most :data:`OUT_MAX_S` before it arrives (review of h-edges3, rev17: such sags, 20-40 deg over
2-3 s into a 1-2 s lowering, 72 holds at 50/100/200 Hz, ended 1.1-2.8 s before the lowering; now 3 over 1 s early,
-1.4 s, a 40 deg sag over 3 s whose rate the 2 s lowering only decelerates; main -0.36..+1.65 s). A deliberate move
out reads up to a sixth of its length late so (a 2.5 s get-up's end +0.4..+0.6 s, was +0.1..+0.3). And a stop
after the move is the wait in position only where nothing like a rep comes between the move and the stop
(:data:`REP_MPS2`): one quick rep, then a pause for breath, keeps the set's edge at the move (h-rev12's cases).

Measured on the red team's files (seeds 7321, 9104, 5512 at 50/100/200 Hz): ``bench`` -3.7/+3.6 s ->
+0.3..+0.8/-0.4..+0.1 s, the planks of ``pushups`` -2.7/+2.6 -> -0.5/+0.4..+1.0 (its push-up set, reps from the
get-down on, unchanged); ``fatigue_holds``, ``run_holds``, ``curls``,
``rowing``, ``snap_sets`` and ``eccentric`` unchanged (tests/core/test_position_moves.py); the 1.5 s raises of
tests/core/test_start_pose.py -1.6/+1.5 s -> -0.6/+0.8 s.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "MARGIN_DEG",
    "MOVE_FULL_S",
    "MOVE_MIN_S",
    "ONSET_SHARE",
    "OUT_MAX_S",
    "RATE_SHARE",
    "READ_AFTER_S",
    "TROUGH_SHARE",
    "TROUGH_STOP",
    "WAIT_S",
    "settled_edges",
]

#: A set edge is a move where its pose lies more than this beyond the set's range of poses: the segmentation's
#: ``POSE_DEG``, a pose of its own (the red team's moves end 55-80 deg beyond their sets' ranges). Slow light reps
#: raised 30-34 deg from rest and swinging 10-13 deg (tests/core/test_rep_pauses.py) lie 18-20 deg beyond theirs,
#: and their raise runs on into the first rep: at 15 deg the two read as one 2 s move, and the first half rep went.
MARGIN_DEG = 30.0
#: A move that lasts this long or less is the set's start (its end): the edge stays at its onset. The simulator's
#: 1 s raises into a hold read 1.2-1.3 s (the red team's truth counts the raise).
MOVE_MIN_S = 1.3
#: A move that lasts this long or more is no part of the set: the edge moves to its end (or past a wait after it);
#: between the two, that share of the way. The red team's 2 s lie-down on a bench reads 2.1-2.2 s, its 2.5 s
#: get-down to the floor 2.0-2.6 s; the 1.5 s raises of tests/core/test_start_pose.py read 1.6-1.7 s (half way).
MOVE_FULL_S = 2.0
#: A move lasts while the angle from its far pose grows at this share of its peak rate or more.
RATE_SHARE = 0.1
#: A set's end is the last move (the one the rest follows): a turn before it whose rate falls and rises again by
#: this share of the move's peak rate is a turn of its own (a tired arm sagging 20-40 deg over its last 2-3 s, then
#: lowered in 1-2 s: the rate dips to about 0.2 of the lowering's peak between the two; a raised-cosine move has no
#: such dip).
TROUGH_SHARE = 0.15
#: ... where the rate at the dip is at most this share of the peak (a stop, read through the track's 0.5 s mean) and
#: the turn inside it lasts :data:`MOVE_MIN_S` or more.
TROUGH_STOP = 0.25
#: A hold's end: the move out is timed from where its rate first reaches this share of its peak (the lowering
#: proper; a sag that speeds up into it is the set's) ...
ONSET_SHARE = 0.5
#: ... and at most this long before it arrives (a 40 deg sag over 3 s whose rate a 2 s lowering only decelerates
#: reaches half the peak 1.5 s before the lowering; a deliberate 2.5 s get-up arrives 2.0-2.4 s after its onset).
OUT_MAX_S = 2.2
#: A set of reps whose wrist stops (a whole frame) within this long after the move's end starts after the stop.
WAIT_S = 2.0
#: A frame's half window (features' 2 s windows): a still frame was still this long either side of its centre.
WINDOW_HALF_S = 1.0
#: The arrival read from the pose track may lie this far before the move's true end (its 0.5 s mean).
ARRIVAL_SLACK_S = 0.3
#: Between a move's arrival and a stop after it, the wrist did a rep where its sub-block means, less their straight
#: line, keep this RMS (m/s^2) or more: the segmentation's MOVE_MPS2 (:mod:`tremor.core.sets`).
REP_MPS2 = 0.35
#: The pose track: sub-block means averaged over this long (damps a rep's own acceleration).
SMOOTH_S = 0.5
#: The set's poses: the percentile of the angle to its median pose that bounds them ...
BODY_PCT = 99.0
#: ... over the set less this much at each end (the whole set where that leaves under 2 s).
BODY_INSET_S = 5.0
#: A move is looked for from this long outside an edge ...
OUTSIDE_S = 2.0
#: ... to this long inside it.
INSIDE_S = 6.0
#: The frames read beyond a set's active frames (either side): the track :data:`OUTSIDE_S` past its edge, its mean
#: and the frame's lead. A live session confirms a set once its frames run this far past the last active one, so
#: its edges are those batch finds.
READ_AFTER_S = OUTSIDE_S + 1.0


def settled_edges(
    t: np.ndarray,
    sub_acc: np.ndarray,
    movement_rms: np.ndarray,
    run: tuple[int, int],
    edges_s: tuple[float, float],
    kind: str,
    *,
    still_mps2: float,
    lead_s: float,
) -> tuple[float, float]:
    """A set's edges with the move into its position and out of it left out.

    Parameters
    ----------
    t : ndarray, shape (n_frames,)
        Frame times in s, increasing (a set whose frames, or those within :data:`OUTSIDE_S` of it, a data gap
        breaks keeps its edges).
    sub_acc : ndarray, shape (n_frames, n_sub, 3)
        Each frame's sub-block mean accelerations, m/s^2, gravity included.
    movement_rms : ndarray, shape (n_frames,)
        Movement-band RMS of each frame, m/s^2.
    run : (int, int)
        The set's active frames ``[a, b)``.
    edges_s : (float, float)
        The set's start and end in s as the segmentation put them.
    kind : str
        ``"reps"`` or ``"hold"``: a set of reps also leaves out a stop at its edge after the move.
    still_mps2 : float
        Movement RMS under which a frame's wrist has stopped.
    lead_s : float
        How far a frame's centre lies before a movement's onset it registers (``EDGE_LEAD_S``).

    Returns
    -------
    (float, float)
        The start and end in s, each moved inward where the edge is a move longer than :data:`MOVE_MIN_S` (all the
        way from :data:`MOVE_FULL_S`); ``edges_s`` otherwise.
    """
    a, b = run
    start, stop = edges_s
    n_sub = sub_acc.shape[1]
    hop = float(np.median(np.diff(t[max(a - 1, 0) : b + 1]))) if b - a > 1 else 0.0
    if hop <= 0.0 or not np.all(np.isfinite(sub_acc[a:b])):
        return edges_s
    lo = int(np.searchsorted(t, t[a] - READ_AFTER_S - 1e-9, side="left"))
    hi = int(np.searchsorted(t, t[b - 1] + READ_AFTER_S + 1e-9, side="right"))
    if np.any(np.diff(t[lo:hi]) > 1.5 * hop):
        return edges_s
    ts = (t[lo:hi, None] + (np.arange(n_sub) - (n_sub - 1) / 2) * hop / n_sub).ravel()
    g = sub_acc[lo:hi].reshape(-1, sub_acc.shape[2])
    acc = g
    width = max(int(round(SMOOTH_S * n_sub / hop)), 1)
    kernel = np.ones(width) / width
    raw = g / np.linalg.norm(g, axis=1)[:, None]
    g = np.stack([np.convolve(g[:, c], kernel, "same") for c in range(g.shape[1])], axis=1)
    norm = np.linalg.norm(g, axis=1)
    if not np.all(np.isfinite(norm)) or np.any(norm <= 0) or not np.all(np.isfinite(raw)):
        return edges_s
    u = g / norm[:, None]
    inner = (ts >= start + BODY_INSET_S) & (ts <= stop - BODY_INSET_S)
    if inner.sum() * hop / n_sub < 2.0:
        inner = (ts >= start) & (ts <= stop)
    body = np.median(u[inner], axis=0)
    body /= np.linalg.norm(body)
    # the set's range from the unsmoothed means: the track's 0.5 s mean pulls a 0.5 Hz curl's extremes in by a
    # tenth of its sweep (6 deg of 110), so a slow first rep's hanging arm would lie beyond it
    reach = np.percentile(np.degrees(np.arccos(np.clip(raw[inner] @ body, -1.0, 1.0))), BODY_PCT)
    beyond = np.degrees(np.arccos(np.clip(u @ body, -1.0, 1.0))) - reach
    out = [start, stop]
    for k, sign in ((0, 1.0), (1, -1.0)):
        into = sign * (ts - out[k])  # s inside the edge
        sel = np.flatnonzero((into >= -OUTSIDE_S) & (into <= INSIDE_S))
        sel = sel[::-1] if sign < 0 else sel
        move = _move(into[sel], u[sel], beyond[sel], last_only=sign < 0, hold=kind == "hold")
        if move is None:
            continue
        arrival = out[k] + sign * move[0]
        target = arrival
        if kind == "reps":
            # reps that run on from the move (a raise into the first rep) keep the edge: only a stop tells them apart
            waited = _after_wait(t, movement_rms, run, arrival, sign, still_mps2, lead_s)
            if waited is None or _moved_before(ts, acc, arrival, waited[1], sign):
                # no stop (reps run on from the move), or a pause after a rep (a breath, a re-grip), not the wait
                continue
            target = waited[0]
        # a move's share of the way: none for a quick raise, all of it from MOVE_FULL_S on; no cliff between, where
        # a reading's last digit (a time stamp's rounding) would move the edge by the whole move
        share = float(np.clip((move[1] - MOVE_MIN_S) / (MOVE_FULL_S - MOVE_MIN_S), 0.0, 1.0))
        edge = out[k] + share * (target - out[k])
        out[k] = max(edge, out[0]) if sign > 0 else min(edge, out[1])
    return out[0], out[1]


def _move(
    into: np.ndarray, u: np.ndarray, beyond: np.ndarray, *, last_only: bool = False, hold: bool = False
) -> tuple[float, float] | None:
    """Where a move from outside into the set's poses ends (s inside the edge) and how long it lasts, if the edge is
    such a move; else None.

    ``into`` (s inside the edge, increasing: samples ordered from outside inward), ``u`` (unit gravity directions)
    and ``beyond`` (degrees beyond the set's range of poses) are the pose track's samples. The move sweeps the
    forearm away from its far pose (where it lay furthest beyond the range); it lasts while the angle to that pose
    grows at :data:`RATE_SHARE` of its peak rate or more, and ends where it stops: the hold's pose is reached, or
    the first rep turns back. With ``last_only`` (a set's end, read backwards) it ends, too, where its rate falls
    to a stop (:data:`TROUGH_STOP`) and rises again by :data:`TROUGH_SHARE` of its peak into a turn that lasts
    :data:`MOVE_MIN_S` or more: the move out is the last one, the one the rest follows; a turn before it (a tired
    arm sagging under its load, then lowered) is still the set. With ``hold`` too (a hold's end), the end returned is
    where the rate first reaches :data:`ONSET_SHARE` of its peak, at most :data:`OUT_MAX_S` before the move arrives
    (a sag that speeds up into the lowering stays in the set); the length returned is still the whole move's.
    """
    over = np.flatnonzero(beyond > MARGIN_DEG)
    if not over.size or over[-1] >= into.size - 2:
        return None
    far = int(np.argmax(beyond[: over[-1] + 1]))
    away = np.degrees(np.arccos(np.clip(u[far:] @ u[far], -1.0, 1.0)))
    if away.size < 3:
        return None
    rate = np.gradient(away, into[far:])
    top = int(np.argmax(rate[: over[-1] - far + 1]))
    slow = rate < RATE_SHARE * rate[top]
    ends = np.flatnonzero(slow[top:])
    if not ends.size:
        return None
    begins = np.flatnonzero(slow[: top + 1])
    first = begins[-1] if begins.size else 0
    last = top + int(ends[0])
    trough = first
    while last_only and trough < last:
        trough = _first_trough(rate, trough, last, TROUGH_SHARE * rate[top])
        # a turn of its own: the wrist all but stopped between the two, and the turn lasts like a move (the get-up
        # of the red team's push-ups, a hand moving freely through it, dips to 0.28-0.77 of its peak rate, the rest
        # lasting 0.5-1.7 s; a tired arm's sag before its lowering 0.11-0.23, the sag 1.7-3.0 s)
        if rate[trough] <= TROUGH_STOP * rate[top] and into[far + last] - into[far + trough] >= MOVE_MIN_S:
            last = trough
            break
        trough += 1
    lasted = float(into[far + last] - into[far + first])
    if last_only and hold:
        # the move out is the lowering proper: a deliberate move's rate is a bell, at half its peak a sixth of its
        # way in (raised cosine); a rate that creeps up for longer before (an arm giving way, its sag speeding up
        # into the lowering with no stop between) is the set's, not the move's. The move's length (its share of the
        # way) is still read from RATE_SHARE.
        # (none where the trough above cut the move before its peak: a resting tremor's jitter in the pose, 4-6 Hz
        # shaking a phone held in a rest, review h-rev20; then the trough's end stands)
        strong = first + np.flatnonzero(rate[first : last + 1] >= ONSET_SHARE * rate[top])
        if strong.size:
            onset = min(float(into[far + strong[-1]]), float(into[far + first]) + OUT_MAX_S)
            last = (
                int(strong[-1])
                + int(np.searchsorted(into[far + strong[-1] : far + last + 1], onset, "right"))
                - 1
            )
    return float(into[far + last]), lasted


def _first_trough(rate: np.ndarray, first: int, last: int, drop: float) -> int:
    """The first index in ``[first, last]`` where ``rate`` has fallen by ``drop`` from its highest since ``first``
    and then rises by ``drop`` again from its lowest since (the trough between two turns); ``last`` if none."""
    high, low = rate[first], None
    for i in range(first, last + 1):
        r = rate[i]
        if low is None:
            if r > high:
                high = r
            elif r <= high - drop:
                low = i
        elif r < rate[low]:
            low = i
        elif r >= rate[low] + drop:
            return low
    return last


def _after_wait(
    t: np.ndarray,
    movement_rms: np.ndarray,
    run: tuple[int, int],
    arrival: float,
    sign: float,
    still_mps2: float,
    lead_s: float,
) -> tuple[float, float] | None:
    """A set of reps' edge after the move: past a stop that begins within :data:`WAIT_S` of the arrival, and the
    centre of the stop's first still frame (None where the wrist does not stop there)."""
    a, b = run
    order = np.arange(a, b) if sign > 0 else np.arange(b - 1, a - 1, -1)
    after = sign * (t[order] - arrival)
    near = np.flatnonzero((after > 0) & (after <= WAIT_S) & (movement_rms[order] < still_mps2))
    if not near.size:
        return None
    j = int(near[0])
    while j < order.size and movement_rms[order[j]] < still_mps2:
        j += 1
    if j >= order.size:
        return None
    return float(t[order[j]] + sign * lead_s), float(t[order[int(near[0])]])


def _moved_before(ts: np.ndarray, acc: np.ndarray, arrival: float, still_at: float, sign: float) -> bool:
    """Whether the wrist moved like a rep between the move's ``arrival`` and a stop whose first still frame is
    centred at ``still_at`` (s; ``sign`` -1 at a set's end, read backwards).

    A still frame is still over its whole window (:data:`WINDOW_HALF_S` either side of its centre): the stop began
    a half window before it. A wait in position begins at the arrival; a pause after a rep begins after the rep.
    Over the time between (from :data:`ARRIVAL_SLACK_S` past the arrival, an estimate), the sub-block means less
    their straight line (the move's slow tail) keep an RMS of :data:`REP_MPS2` or more only where the wrist did a
    rep (a bench rep's 0.4 m travel at 0.4 reps/s: about 0.9 m/s^2 RMS; lying still under the racked bar: the
    sensor's noise, a few hundredths).
    """
    began = still_at - sign * WINDOW_HALF_S
    if sign * (began - arrival) <= ARRIVAL_SLACK_S:
        return False
    lo, hi = sorted((arrival + sign * ARRIVAL_SLACK_S, began))
    sel = (ts >= lo) & (ts <= hi)
    if sel.sum() < 3:
        return False
    x = ts[sel] - ts[sel].mean()
    y = acc[sel]
    fit = np.polyfit(x, y, 1)
    resid = y - (x[:, None] * fit[0] + fit[1])
    return bool(np.sqrt(np.mean(np.sum(resid**2, axis=1))) >= REP_MPS2)
