"""The first strokes of a rhythmic movement starting from still are the movement's, not twitches (issue 9, R8).

A fasciculation is one motor unit's twitch: a single brief event on a still limb. A rhythmic movement that starts
from still (pedalling away on a bike, the first catches on a rowing machine, walking off) begins with strokes that
the twitch detector cannot yet call a rhythm: the cadence is still rising (a rider's first half-strokes take 0.5-1.5
s, then 0.3 s), the first strokes are light (the legs taking up the load, a short first stroke on the rower, a soft
first heel strike), and the limb's slow movement is still small, so the train, footfall and movement rules, which
need several regular beats or a movement larger than the stroke, pass them (red team R8, ``spin_bike``: 2-4 twitches
in the first 5 s of pedalling, 5 of 8 draws at 100/200 Hz). Once the rhythm runs, its beats are rejected (as a
train's, footfalls, a movement's edges), or the wrist moves and none is judged, or a bike's rub is found as
external vibration.

The rule reads what the detector reported, of every kind, and the frames' movement band (0.25-3 Hz RMS over 2 s
windows, :attr:`tremor.core.features.Frames.movement_rms`). Transients whose neighbours follow within
:data:`LINK_S` form a run. A movement starts at the first transient of a run where

* the limb was still before and moves after: the median movement RMS of the frames centred over :data:`AFTER_S`
  after it is at least :data:`MOVE_ON_MPS2` and :data:`RISE` times the median over :data:`BEFORE_S` before it (a
  twitch's own 0.25-3 Hz part lifts only the frames holding it: 0.005-0.037 m/s^2 for 0.3 m/s^2 twitches on a still
  wrist, 24 draws at 100/200 Hz, so a lone twitch does not keep the band up for seconds);
* the rhythm's beats follow: the run from there on holds :data:`RUN_REJECTED` or more transients the detector
  or the rest gate did not keep as twitches.

The movement began at the right edge of the last still frame (:data:`STILL_OVER`, :data:`STILL_MPS2`,
:data:`STILL_SHARE`, none moving at :data:`MOVE_ON_MPS2`) before the frames first stay moving for :data:`HOLD_S`
(not earlier than the left edge of that frame), less :data:`EDGE_TOL_S`: a spell of true twitches 0.3-2 s apart on
the still limb seconds before a movement starts forms a run with the movement's transients and lifts a few of its
frames (up to 0.05 m/s^2 for 0.5 m/s^2 twitches), and an edge sought only up to 1 s after the run's start took every
twitch of the spell from there on (review h-rev56: 294 of 2866 true twitches, up to 7.3 s before the movement); the twitches from then until :data:`ONSET_S` after the start are the
movement's first strokes (kind ``"onset"``). A twitch on the still limb before the movement began stays a twitch,
as does one after a movement stops (its run's start lies more than :data:`ONSET_S` earlier, or the limb does not
move after it). Cost: a twitch in the movement's first seconds, on a limb already moving, cannot be told from a
stroke; a strong twitch lifts its frames and can move the edge before it (measured in ``docs/accuracy.md``).

A stroke before that edge (a cadence rising slowly from zero shows in the frames 0.4-1.5 s after its first stroke,
a rower's first catch or a walker's first heel strike up to 1.2 s after) is told from a lone twitch there by how it
reaches the wrist (:data:`PRE_S`): through the same linkage as the beats that follow, so along their axis, and
lighter than they are, where a motor unit pulls along its own line and is often larger (h-onset2: 26 -> 12 false
twitches on ``tests/rhythm_onset_gen.py`` seeds 30-59, no true twitch lost on it or ``tests/spell_edge_gen.py``).

Frames and transients serve batch and live alike (:func:`tremor.core.analysis.summarize` reads them): a twitch whose
frames after it are not in yet (a live session) is kept until they are.
"""

from __future__ import annotations

import numpy as np

from tremor.core.features import Frames
from tremor.core.time_rows import rows_within

__all__ = [
    "AFTER_S",
    "AXIS_COS",
    "BEATS",
    "BEAT_KINDS",
    "BEFORE_S",
    "EDGE_TOL_S",
    "HALF_WINDOW_S",
    "HOLD_S",
    "LINK_S",
    "MOVE_ON_MPS2",
    "ONSET_S",
    "PRE_S",
    "RISE",
    "RUN_REJECTED",
    "STILL_MPS2",
    "STILL_OVER",
    "STILL_SHARE",
    "onset_strokes",
]

#: Transients this close (s) are one run: the longest first stroke of a rhythm starting from still (a rider's first
#: half-stroke from a standstill, 1-1.5 s; a walker's first step, 1.2-1.6 step periods of 0.5-0.6 s).
LINK_S = 2.6
#: The movement after a start is read over the frames centred this far after it (s): it goes on ...
AFTER_S = (1.0, 8.0)
#: ... and the still limb before it over these (s; frames are 2 s windows, so neither holds the start).
BEFORE_S = (-6.0, -1.5)
#: The movement after a start is at least this RMS (m/s^2, 0.25-3 Hz): a bike's bars rocking with a seated rider's
#: cadence, 0.1-0.4 m/s^2, a tenth of a walker's arm swing; a still forearm's sway is 0.002-0.02 ...
MOVE_ON_MPS2 = 0.05
#: ... and this many times the limb's before it.
RISE = 4.0
#: The rhythm's beats follow: the run from its start holds at least this many transients not kept as twitches.
RUN_REJECTED = 3
#: A frame is still where its movement RMS is at most this many times the limb's before the start, at most
#: STILL_MPS2 (a resting forearm's sway and breathing), or at most STILL_SHARE of the movement's level after the
#: start (a twitch lifts the frames holding it to 0.005-0.037 m/s^2, for a 0.3 m/s^2 twitch: where that is over
#: all three, the edge moves to before the twitch and takes it, the rule's cost) ...
STILL_OVER = 3.0
STILL_MPS2 = 0.02
STILL_SHARE = 0.2
#: ... before the frames first stay at MOVE_ON_MPS2 or more for this long (s): a spell of twitches lifts a few frames
#: at a time, a movement all of them.
HOLD_S = 2.0
#: ... and the movement began at the right edge of the last still frame (half its 2 s window after its centre) ...
HALF_WINDOW_S = 1.0
#: ... less this (s): a 2 s Hann window puts about a tenth of its weight on its last 0.5 s, so a movement starting
#: there shows at about a third of its level (over STILL_SHARE) only once it has run for up to this long.
EDGE_TOL_S = 0.5
#: Twitches of the run this close (s) after its start are its first strokes: a cadence rising from still reaches its
#: rate in 1.5-4 s (a rider), two or three strokes (a rower, a walker), and by then the detector's rules see it.
ONSET_S = 5.0
#: A twitch of the run up to this long (s) before the movement's edge is its first stroke where it is one of the
#: movement's beats by its axis and size (below): a cadence rising slowly from zero shows in the frames 0.4-1.5 s after
#: its first stroke (a 2 s window's share of a stroke and its 0.25-3 Hz part), a rower's catch and a heel strike up to
#: 1.2 s ...
PRE_S = 2.0
#: ... it reaches the wrist along the axis of the movement's beats (the median of its |cos| with the first BEATS of
#: them from the edge on at least this, 11 deg): the same push through the same linkage (pedal to bars, a catch through the
#: handle, a heel strike up the arm) takes the same path each stroke, where a motor unit pulls along its own fibres'
#: line, lined up with a given beat axis this closely 2 % of the time by chance ...
AXIS_COS = 0.98
BEATS = 3
#: ... and it is no larger than their median peak: a rhythm from still builds up, its first push is light. The beats
#: are the run's later transients of these kinds (a rhythm's, a movement's, an impact's: never a twitch, nor one
#: set aside as weak or ringing, which can be a twitch of the same spell, on the same motor unit's line).
BEAT_KINDS = ("rhythmic", "movement", "steps", "activity", "artefact", "sustained")


def _median_over(t: np.ndarray, x: np.ndarray, lo: float, hi: float) -> float:
    """Median of ``x`` over the frames centred in ``[lo, hi]`` (NaN where none)."""
    v = x[rows_within(t, lo, hi)]
    v = v[np.isfinite(v)]
    return float(np.median(v)) if v.size else float("nan")


def _began(t: np.ndarray, x: np.ndarray, s: float) -> float | None:
    """Where the movement began, if the limb was still before time ``s`` and moves after it (the module docstring);
    None otherwise or where the frames after ``s`` are not in yet."""
    if s + AFTER_S[1] > t[-1]:
        return None
    after = _median_over(t, x, s + AFTER_S[0], s + AFTER_S[1])
    before = _median_over(t, x, s + BEFORE_S[0], s + BEFORE_S[1])
    if not (np.isfinite(before) and after >= MOVE_ON_MPS2 and after >= RISE * before):
        return None
    # the last still frame before the frames first stay moving (a spell of twitches lifts a few of them at a time)
    searched = rows_within(t, s + BEFORE_S[0], s + AFTER_S[0])
    a, b = searched.start, searched.stop
    after_rows = rows_within(t, s, s + AFTER_S[1])
    moving = x >= MOVE_ON_MPS2
    floor = -np.inf
    for i in range(after_rows.start, after_rows.stop):
        if moving[i : np.searchsorted(t, t[i] + HOLD_S, "right")].all():
            b, floor = max(b, i), float(t[i]) - HALF_WINDOW_S - EDGE_TOL_S
            break
    still = np.flatnonzero(
        x[a:b] <= max(STILL_OVER * before, STILL_MPS2, min(STILL_SHARE * after, MOVE_ON_MPS2))
    )
    if not still.size:
        return None
    return max(float(t[a + int(still[-1])]) + HALF_WINDOW_S - EDGE_TOL_S, floor)


def _a_beat(k: int, lo: int, hi: int, axes: np.ndarray, peaks: np.ndarray, beat: np.ndarray) -> bool:
    """Whether transient ``k`` lies on the axis of the movement's first :data:`BEATS` beats (from ``lo`` to ``hi``)
    and is no larger than their median peak (:data:`PRE_S`)."""
    if not np.isfinite(axes[k]).all():
        return False
    nxt = lo + np.flatnonzero(beat[lo:hi] & np.isfinite(axes[lo:hi]).all(axis=1))[:BEATS]
    if nxt.size < BEATS:
        return False
    cos = np.abs(axes[nxt] @ axes[k])
    return bool(np.median(cos) >= AXIS_COS and peaks[k] <= np.median(peaks[nxt]))


def onset_strokes(
    twitch_times: np.ndarray,
    all_times: np.ndarray,
    is_twitch: np.ndarray,
    frames: Frames,
    axes: np.ndarray,
    peaks: np.ndarray,
    kinds: list[str],
) -> np.ndarray:
    """Which twitches are the first strokes of a rhythmic movement starting from still (the module docstring).

    Parameters
    ----------
    twitch_times : ndarray, shape (n,)
        Times (s) of the transients kept as twitches so far.
    all_times : ndarray, shape (m,)
        Times (s) of every transient the detector reported (the twitches among them), in increasing order.
    is_twitch : ndarray of bool, shape (m,)
        Whether each of ``all_times`` is kept as a twitch so far.
    frames : Frames
        The session's frames (their times and movement RMS).
    axes : ndarray, shape (m, 3)
        Each transient's principal axis (a unit vector; NaN where not measured).
    peaks : ndarray, shape (m,)
        Each transient's peak (m/s^2).
    kinds : list of str, length m
        Each transient's kind as the detector reported it.

    Returns
    -------
    ndarray of bool, shape (n,)
        True where the twitch lies in a movement's start: from where it began to :data:`ONSET_S` after its run's
        start, or up to :data:`PRE_S` before where it began and one of its beats.
    """
    twitch_times = np.asarray(twitch_times, float)
    out = np.zeros(twitch_times.size, bool)
    all_times = np.asarray(all_times, float)
    if not twitch_times.size or all_times.size <= RUN_REJECTED or len(frames) < 2:
        return out
    t, x = np.asarray(frames.t_s, float), np.asarray(frames.movement_rms, float)
    twitch = np.asarray(is_twitch, bool)
    axes, peaks = np.asarray(axes, float).reshape(-1, 3), np.asarray(peaks, float)
    beat = ~twitch & np.isin(np.asarray(kinds, dtype=object), BEAT_KINDS)
    cut = np.flatnonzero(np.diff(all_times) > LINK_S) + 1
    for lo, hi in zip(np.r_[0, cut].tolist(), np.r_[cut, all_times.size].tolist()):
        if not twitch[lo:hi].any():
            continue
        rejected_after = np.cumsum((~twitch[lo:hi])[::-1])[::-1]
        # a run may hold more than one start (a pause shorter than LINK_S between two movements)
        done = -np.inf
        for k in np.flatnonzero(rejected_after >= RUN_REJECTED).tolist():
            s = float(all_times[lo + k])
            if s <= done:
                continue
            began = _began(t, x, s)
            if began is not None:
                out |= (twitch_times >= began) & (twitch_times <= s + ONSET_S)
                done = s + ONSET_S
                early = lo + np.flatnonzero(
                    twitch[lo:hi] & (all_times[lo:hi] >= began - PRE_S) & (all_times[lo:hi] < began)
                )
                moved = lo + int(
                    np.searchsorted(all_times[lo:hi], began)
                )  # the movement's beats, not the spell's
                strokes = [all_times[k] for k in early.tolist() if _a_beat(k, moved, hi, axes, peaks, beat)]
                out |= np.isin(twitch_times, strokes)
    return out
