"""Deliberate strokes in a set: a hand scrubbing at 3-7 Hz is a movement, not a tremor the wrist can judge.

Brushing teeth with a manual brush, scrubbing or wiping moves the hand in strokes at 3-5 Hz, +-0.5-1 cm (2-10
m/s^2 peak: the displacement is ``a / (2 pi f)^2``, 5 m/s^2 at 4 Hz is 8 mm), in bouts of seconds whose rate the
hand sets afresh as it moves on (the next part of the mouth, the next patch). The vigorous-movement rule
(:func:`tremor.core.sets.movement_leak`) does not see it: it reads movement in 0.25-3 Hz, and the strokes'
fundamental lies above that, in the 3-7 Hz band of a parkinsonian tremor, with their harmonics in 6-12 Hz. The set
then read ``atypical_tremor`` with the clinician's note (red team R5, ``toothbrush --extras manual``: 18 of 18).

Two things a wrist sensor can say about such a rhythm:

- Its size: 3-7 Hz power of :data:`STROKE_MIN_MPS2` RMS or more (the vigorous rule's :data:`tremor.core.sets.
  LEAK_MPS2`), which no physiological tremor reaches. A pathological tremor can (a severe rest tremor moves the
  hand centimetres), so size alone does not decide.
- Its rate: one oscillator (a tremor, a motor) holds its rate within a few tenths of a Hz over a set; a hand's
  strokes change it from bout to bout. The rate is read as the 3-7 Hz peak of each frame where the rhythm is on
  (half the set's median 3-7 Hz amplitude or more), smoothed over :data:`RUN_S` (a bout: a 2 s window's peak jitters
  frame to frame); a spread of those medians (10th to 90th percentile) of :data:`WANDER_HZ` or more is strokes.

A set with both is not assessable (reason ``"strokes"``; read over its own frames where they hold the rhythm
:data:`OWN_READ_S` or more, else over the stretch its rhythm fills); an out-of-band episode with both over its frames
inside sets (an episode spanning sets and the raised stretch between them: :func:`stroked_episodes`) is set aside
(``strokes``); an
episode at rest, in no set, is left to the rest rules whatever its rate does: no tremor label, no cause, and the note says what could
not be told apart, with conditional advice (a tremor whose rate wanders that much, if the wearer was not moving so).

Measured (own physics, tests/core/test_scrub_strokes.py; 50/100/200 Hz): a 4-6 Hz tremor whose rate wanders 0.15
Hz (SD) reads a spread of 0.16-0.34 Hz; strokes whose bout rates spread +-0.5 Hz read 0.44-0.89, the red team's
3-5 Hz bouts 0.73-1.54; the real ESP32 motor-holding test's 5.5 Hz line 0.51 (kept: a thin margin). Limits: strokes
at one steady rate (bout rates within +-0.35 Hz) cannot be told from a tremor and keep the label; strokes under 0.6
m/s^2 RMS keep it; a short set of one bout is judged over the stretch its rhythm fills (:func:`rhythm_stretch`); a
pathological tremor of 0.6 m/s^2 RMS or more in a set whose rate wanders by 0.6 Hz or more from one 5 s to the next is
taken for strokes, its note keeping only the conditional advice: a 4-5.5 Hz tremor of 3 m/s^2 peak wandering 0.3 Hz
(SD, slowly) reads 0.43-0.71 Hz, and 7 of 12 such sets lost the firm clinician cause (0.15 Hz SD: 0.21-0.35, none). A motor's line folded into 3-7 Hz by a sensor without an
anti-alias filter, its speed wandering (an electric toothbrush at 50 Hz), reads as strokes too: the note names it.
"""

from __future__ import annotations

import numpy as np

from tremor.core.episodes import Episode
from tremor.core.features import Frames
from tremor.core.sets import within
from tremor.core.time_rows import rows_within

__all__ = [
    "GAP_S",
    "RUN_S",
    "STROKE_MIN_MPS2",
    "WANDER_HZ",
    "OWN_READ_S",
    "rhythm_stretch",
    "set_stroke_wander",
    "stroke_wander",
    "stroked_episodes",
    "stroked_note",
]

#: 3-7 Hz RMS (m/s^2) of the rhythm (the median of the frames where it is on) at which it can be a hand's strokes:
#: the vigorous rule's level (:data:`tremor.core.sets.LEAK_MPS2`), above every physiological tremor.
STROKE_MIN_MPS2 = 0.6
#: A frame holds the rhythm where its 3-7 Hz power is this share of the set's median or more (half its amplitude: a
#: pause between bouts falls under it).
ON_SHARE = 0.25
#: The rate is smoothed over this long (s) of frames holding the rhythm: a bout's length, so that a 2 s window's
#: peak jitter averages out and the bouts' own rates remain.
RUN_S = 5.0
#: The stretch a set's rhythm fills runs on over pauses up to this long (s) without it: a pause between bouts of
#: strokes (0.3-1.5 s, seen by 2 s windows) is bridged, a rest of seconds ends it.
GAP_S = 3.0
#: A spread (Hz, 10th to 90th percentile) of the smoothed rate at least this wide is a hand setting its rate afresh.
WANDER_HZ = 0.6
#: A set whose own frames hold the rhythm this long (s) or more is read alone: the stretch its rhythm fills may run
#: on into the rests, where a rest tremor runs at its own rate (a parkinsonian action tremor can run 1 Hz faster
#: than the rest tremor), and the step between the two rates is no wander of the set's (review rev25). A shorter set
#: (one or two bouts of strokes) is read over the stretch: at 15 s, sets of 19-24 s read alone kept the label in 2
#: of 180 brushing draws (tests/core/test_scrub_strokes.py's session), at 30 s none.
OWN_READ_S = 30.0


def stroke_wander(power_low: np.ndarray, peak_low_hz: np.ndarray, hop_s: float) -> float | None:
    """How far a large 3-7 Hz rhythm's rate wanders across a set: strokes at :data:`WANDER_HZ` or more.

    Parameters
    ----------
    power_low : ndarray
        The set's frames' 3-7 Hz power, (m/s^2)^2 (NaN where the rate cannot show the band).
    peak_low_hz : ndarray
        Their 3-7 Hz peak frequency (Hz).
    hop_s : float
        Time between frame centres (s).

    Returns
    -------
    float or None
        The 10th-90th percentile spread (Hz) of the rate's :data:`RUN_S` running medians over the frames holding
        the rhythm; None where the rhythm is under :data:`STROKE_MIN_MPS2` or too few frames hold it.

    Examples
    --------
    >>> p = np.full(40, 4.0)  # 2 m/s^2 RMS in 3-7 Hz
    >>> round(stroke_wander(p, np.r_[np.full(20, 3.5), np.full(20, 4.5)], 0.5), 2)
    1.0
    >>> round(stroke_wander(p, np.full(40, 5.0), 0.5), 2)
    0.0
    >>> stroke_wander(np.full(40, 0.1), np.full(40, 5.0), 0.5) is None
    True
    """
    p = np.asarray(power_low, float)
    hz = np.asarray(peak_low_hz, float)
    if not np.isfinite(p).any():
        return None
    med = float(np.nanmedian(p))
    on = np.isfinite(p) & np.isfinite(hz) & (p >= ON_SHARE * med)
    k = max(3, int(round(RUN_S / max(hop_s, 1e-3))))
    if on.sum() < k or float(np.sqrt(np.median(p[on]))) < STROKE_MIN_MPS2:
        return None
    x = hz[on]
    # the median of every run of k frames, row by row (a stretch may be hours long: not one call per run)
    runs = np.median(np.lib.stride_tricks.sliding_window_view(x, k), axis=1)
    lo, hi = np.percentile(runs, [10.0, 90.0])
    return float(hi - lo)


def rhythm_stretch(power_low: np.ndarray, i0: int, i1: int, hop_s: float) -> tuple[int, int]:
    """The frames ``[j0, j1)`` the rhythm of frames ``[i0, i1)`` fills, run on past them over its pauses.

    A raised stretch of brushing may be cut into sets of one or two bouts each (the forearm moving between them),
    and one bout has one rate: the rate's wander is read over the whole stretch the rhythm fills.

    Parameters
    ----------
    power_low : ndarray
        Every frame's 3-7 Hz power, (m/s^2)^2.
    i0, i1 : int
        The set's frames.
    hop_s : float
        Time between frame centres (s).

    Returns
    -------
    (int, int)
        The stretch: frames holding :data:`ON_SHARE` of the set's median 3-7 Hz power or more, joined over runs
        of fewer than :data:`GAP_S` without it, on from ``[i0, i1)``.

    Examples
    --------
    >>> p = np.r_[np.zeros(20), np.full(30, 4.0), 0.0, np.full(30, 4.0), np.zeros(20)]
    >>> rhythm_stretch(p, 25, 45, 0.5)
    (20, 81)
    """
    p = np.asarray(power_low)  # as float where read (the recording's frames are not copied at each set)
    med = float(np.median(np.nan_to_num(np.asarray(p[i0:i1], float)))) if i1 > i0 else 0.0
    if not med > 0:
        return i0, i1
    limit = ON_SHARE * med
    gap = max(1, int(round(GAP_S / max(hop_s, 1e-3))))
    # the stretch runs on from [i0, i1) frame by frame over runs of fewer than ``gap`` frames without the rhythm:
    # it stops at the first such run of ``gap`` or more, i.e. between two frames with it (the set's first or last
    # frame counted as one) ``gap + 1`` or more apart. Read out from the set over a reach doubled until it holds
    # that run, or its far end is more than ``gap`` frames from the last frame with the rhythm (then whatever lies
    # beyond is too far to join): the set's neighbourhood, not the whole recording, at each set
    reach = 4 * gap
    while True:
        a = max(i0 - reach, 0)
        before = np.concatenate([a + np.flatnonzero(_on(p, a, i0, limit)), [i0]])
        far = np.flatnonzero(np.diff(before) > gap)
        if far.size or a == 0 or before[0] - a > gap:
            j0 = int(before[far[-1] + 1] if far.size else before[0])
            break
        reach *= 2
    reach = 4 * gap
    while True:
        b = min(i1 + reach, p.size)
        after = np.concatenate([[i1 - 1], i1 + np.flatnonzero(_on(p, i1, b, limit))])
        far = np.flatnonzero(np.diff(after) > gap)
        if far.size or b >= p.size or b - after[-1] > gap:
            j1 = int(after[far[0]] if far.size else after[-1]) + 1
            break
        reach *= 2
    return j0, j1


def _on(p: np.ndarray, a: int, b: int, limit: float) -> np.ndarray:
    """Which frames of ``p[a:b]`` hold the rhythm: their 3-7 Hz power (NaN as 0) at ``limit`` or more."""
    return np.nan_to_num(np.asarray(p[a:b], float)) >= limit


def set_stroke_wander(
    power_low: np.ndarray, peak_low_hz: np.ndarray, i0: int, i1: int, hop_s: float
) -> float | None:
    """The wander (:func:`stroke_wander`) of the set of frames ``[i0, i1)``: over its own frames where they hold the
    rhythm :data:`OWN_READ_S` or more, else over the stretch its rhythm fills (:func:`rhythm_stretch`).

    Parameters
    ----------
    power_low : ndarray
        Every frame's 3-7 Hz power, (m/s^2)^2.
    peak_low_hz : ndarray
        Every frame's 3-7 Hz peak frequency (Hz).
    i0, i1 : int
        The set's frames.
    hop_s : float
        Time between frame centres (s).

    Returns
    -------
    float or None
        As :func:`stroke_wander`.

    Examples
    --------
    >>> p = np.full(120, 4.0)
    >>> hz = np.r_[np.full(30, 4.5), np.full(60, 5.5), np.full(30, 4.5)]  # a rest tremor's rate, then the set's
    >>> round(set_stroke_wander(p, hz, 30, 90, 0.5), 2)
    0.0
    """
    own = np.nan_to_num(np.asarray(power_low[i0:i1], float))  # the set's own frames only
    med = float(np.median(own)) if i1 > i0 else 0.0
    if med > 0 and int((own >= ON_SHARE * med).sum()) * hop_s >= OWN_READ_S:
        return stroke_wander(power_low[i0:i1], peak_low_hz[i0:i1], hop_s)
    j0, j1 = rhythm_stretch(power_low, i0, i1, hop_s)
    return stroke_wander(power_low[j0:j1], peak_low_hz[j0:j1], hop_s)


def stroked_episodes(
    episodes: list[Episode], frames: Frames, hop_s: float, spans: list[tuple[float, float]] | None = None
) -> list[Episode]:
    """The out-of-band episodes whose rhythm is strokes: of movement size, its rate wandering (:func:`stroke_wander`).

    Parameters
    ----------
    episodes : list of Episode
        Out-of-band episodes (at rest or in a set).
    frames : Frames
        The recording's frames.
    hop_s : float
        Time between frame centres (s).
    spans : list of (float, float), optional
        The sets: only an episode's frames inside them are read (a rest tremor's rate at rest, before or after
        the set, is no wander of the rhythm in it).

    Returns
    -------
    list of Episode
        Those whose frames' 3-7 Hz rhythm wanders by :data:`WANDER_HZ` or more at :data:`STROKE_MIN_MPS2` or more.
    """
    out = []
    for e in episodes:
        rows = rows_within(frames.t_s, e.start_s, e.end_s)
        sel = np.ones(rows.stop - rows.start, bool) if spans is None else within(frames.t_s[rows], spans)
        wander = stroke_wander(frames.power_low[rows][sel], frames.peak_low_hz[rows][sel], hop_s)
        if wander is not None and wander >= WANDER_HZ:
            out.append(e)
    return out


def stroked_note(stroked: list[Episode]) -> str:
    """The report's note on the episodes :func:`stroked_episodes` set aside.

    Parameters
    ----------
    stroked : list of Episode
        The episodes (not empty).

    Returns
    -------
    str
        Where and at what rate each was, why it is not reported as a tremor, and the conditional advice.
    """
    return (
        "out-of-band rhythm ("
        + ", ".join(f"{e.start_s:.0f}-{e.end_s:.0f} s at {e.peak_hz:.1f} Hz" for e in stroked)
        + ") of 0.6 m/s^2 RMS or more whose rate wandered by 0.6 Hz or more: a tremor usually holds its rate "
        "within a few tenths of a Hz; a hand's strokes (brushing teeth, scrubbing, wiping) and a motor's vibration folded "
        "into the band by a sensor without an anti-alias filter do not. It is not reported as a tremor; if your "
        "hand was not moving so and no motor was near it, re-test rested with the forearm supported on a table, "
        "and if the rhythm comes back, see a clinician"
    )
