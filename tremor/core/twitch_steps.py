"""Twitch detection, step stage: a candidate on a train of footfalls is a footstep, not a twitch.

Part of the twitch detector (:mod:`tremor.core.events`), after the train rule.

Walking or running with the hands on a treadmill's rails (or on a walker, a trolley) sends every
footfall through the body to the wrist as a brief impact along the body's vertical, at the step
rate of 1.4-3 steps a second (:data:`STEP_HZ`), with intervals that vary by a few percent. The arm
does not swing, so the wrist hardly moves and the frames look still; only the largest footfalls
cross the twitch threshold, one in several, so the candidates alone show no train (the train rule
needs :data:`~tremor.core.twitch_trains.TRAIN_MIN` of them with at most two empty slots). But the
others still leave their energy in the detection envelope: around a candidate, the envelope's beats
(:meth:`~tremor.core.twitch_trains.SlotEvidence.beats`, each :data:`~tremor.core.twitch_trains.SLOT_Z`
robust SDs above its background, along the candidate's axis within :data:`STEP_COS`) fall on a regular grid at the step
period. A fasciculation is one motor unit's spontaneous discharge: units fire at random, and their
twitches along one axis do not come back every 0.33-0.7 s for seconds on end. So a candidate whose
beats within :data:`STEP_HALF_S` either side (or on one side: a walk that starts or stops there)
fill at least :data:`STEP_MIN_BEATS` slots, and :data:`STEP_MIN_FILL` of the slots, of one grid at a step period (each beat within
:data:`STEP_REACH` periods of its slot: footfall intervals vary by 2-5 %, and a linear grid drifts
from a beat train by about that times the square root of the beats between), is ``"steps"``.
Twitch pairs and triplets (0.3-0.6 s apart) fill two or three slots, far from the needed number;
Poisson twitches at rest (a few a minute) fill none.

Near a segment's end (or its start) one side holds no data, and a one-sided span of
:data:`STEP_HALF_S` has half the slots of a two-sided one, so the least count of
:data:`STEP_MIN_BEATS` asked two thirds of them to hold a beat where the two-sided span asks about
half: footfalls in a walk's last 2-3 s before the recording ended were left twitches (2-4 in 5 of
300 fresh test walks). There the side that holds data is read to :data:`STEP_ONE_SIDED_S`, so the
one-sided grid has as many slots as a two-sided one. Live holds a candidate back by
:data:`~tremor.core.twitch_trains.TRAIN_REACH_S` (more than that span) and keeps the samples that far
back, so it judges as batch does. Limit: a beat needs a second of background before it (the slot
test's), so footfalls in a recording's or segment's first 1-2 s (a recording started mid-walk) are not
caught (0.57 and 0.65 m/s^2 at 1.6 and 2.2 s in one of 15 fresh test walks). Measured on signals in
``tests/core/test_step_rule.py`` (both sides).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from tremor.core.twitch_finder import Transient
from tremor.core.twitch_trains import SLOT_MIN_BACKGROUND_S, SlotEvidence

__all__ = [
    "STEP_COS",
    "STEP_HALF_S",
    "STEP_HZ",
    "STEP_MIN_BEATS",
    "STEP_MIN_FILL",
    "STEP_ONE_SIDED_S",
    "STEP_REACH",
    "classify_steps",
]

#: The step rate of walking and running, steps per second.
STEP_HZ = (1.4, 3.0)
#: Beats are looked for this far either side of a candidate (less than the train rule's reach, so
#: live, which holds a candidate back by :data:`~tremor.core.twitch_trains.TRAIN_REACH_S`, sees them).
STEP_HALF_S = 4.0
#: Where one side of a candidate holds no data (a segment's end or start), the other is read this far:
#: as many slots as a two-sided span (at most :data:`~tremor.core.twitch_trains.TRAIN_REACH_S`, which
#: live holds a candidate back by and keeps behind it).
STEP_ONE_SIDED_S = 6.5
#: A footfall train: at least STEP_MIN_BEATS filled slots, and STEP_MIN_FILL of the grid's slots
#: within STEP_HALF_S, each beat within STEP_REACH periods of its slot of the fitted grid.
STEP_MIN_BEATS = 6
STEP_MIN_FILL = 0.5
STEP_REACH = 0.2
#: The beats share the candidate's axis (footfalls arrive along the body's vertical): |cos| at least this.
#: At the train rule's slot test's 0.8, dense twitching along random axes (0.3-0.45 s apart, 2.2-3.3 a
#: second, tests/core/test_step_rule.py) had 3-9 of its twitches a minute taken for steps in each of 6
#: files; at 0.93, 1 in 1 of 14 (base seeds 5000 and 31337), while footfalls (along one axis +- 3
#: degrees) lost none.
STEP_COS = 0.93


def _grid_fill(
    t: np.ndarray, t0: float, period: float, before_s: float, after_s: float
) -> tuple[bool, float]:
    """(whether beat times ``t`` fill a grid through ``t0``, the refined period): over both sides of
    ``t0`` (``before_s`` and ``after_s`` long) or over one (a train that starts or stops at the
    candidate)."""
    for _ in range(2):  # refine the period on the beats that fit
        n = np.rint((t - t0) / period)
        on = (np.abs(t - t0 - n * period) <= STEP_REACH * period) & (n != 0)
        if np.count_nonzero(on) < 2:
            break
        period = float(np.dot(n[on], t[on] - t0) / np.dot(n[on], n[on]))
    n = np.rint((t - t0) / period)
    on = np.abs(t - t0 - n * period) <= STEP_REACH * period
    kb, ka = int(np.floor(before_s / period)), int(np.floor(after_s / period))
    slots = np.unique(n[on & (n >= -kb) & (n <= ka)])
    for lo, hi in ((-kb, ka), (-kb, 0), (0, ka)):
        filled = np.count_nonzero((slots >= lo) & (slots <= hi))
        if filled >= STEP_MIN_BEATS and filled >= STEP_MIN_FILL * (hi - lo + 1):
            return True, period
    return False, period


def _spans(t0: float, first_s: float, last_s: float) -> tuple[float, float]:
    """The spans (s) read before and after a candidate at ``t0`` whose beats can lie in
    ``[first_s, last_s]``: :data:`STEP_HALF_S` each side, or where one side is cut short by the
    data's edge, that side to the edge and the other further, to :data:`STEP_ONE_SIDED_S` or until
    both hold ``2 * STEP_HALF_S`` together."""
    before, after = STEP_HALF_S, STEP_HALF_S
    if t0 + after > last_s:
        after = max(last_s - t0, 0.0)
        before = min(STEP_ONE_SIDED_S, 2 * STEP_HALF_S - after)
    elif t0 - before < first_s:
        before = max(t0 - first_s, 0.0)
        after = min(STEP_ONE_SIDED_S, 2 * STEP_HALF_S - before)
    return before, after


def on_step_train(
    beats: np.ndarray, t0: float, before_s: float = STEP_HALF_S, after_s: float = STEP_HALF_S
) -> bool:
    """Whether beat times ``beats`` fill a grid through ``t0`` at a step period (see the module).

    Parameters
    ----------
    beats : ndarray
        Beat times (s) within ``before_s`` before and ``after_s`` after ``t0``.
    t0 : float
        The candidate's time (s), a slot of the grid.
    before_s, after_s : float
        The span read on each side of ``t0`` (s).

    Returns
    -------
    bool
        True where some period in :data:`STEP_HZ` fills :data:`STEP_MIN_BEATS` slots and
        :data:`STEP_MIN_FILL` of them.
    """
    t = np.asarray(beats, dtype=float)
    if t.size < STEP_MIN_BEATS:
        return False
    # period guesses: each beat's distance from the candidate divided into whole steps
    guesses = {
        round(float(d / m), 3)
        for d in np.abs(t - t0)
        for m in range(1, int(d * STEP_HZ[1]) + 1)
        if 1.0 / STEP_HZ[1] <= d / m <= 1.0 / STEP_HZ[0]
    }
    for guess in sorted(guesses):
        filled, period = _grid_fill(t, t0, guess, before_s, after_s)
        if filled and 1.0 / STEP_HZ[1] <= period <= 1.0 / STEP_HZ[0]:
            return True
    return False


def classify_steps(candidates: list[Transient], slot: SlotEvidence) -> list[Transient]:
    """Mark as ``"steps"`` the twitches that lie on a train of footfalls (see the module).

    Parameters
    ----------
    candidates : list of Transient
        Candidates of one segment, with their kinds after the train rule.
    slot : SlotEvidence
        The detection envelope around them (at least :data:`STEP_HALF_S` either side, and its
        background before).

    Returns
    -------
    list of Transient
        The same candidates in the same order, the twitches on a footfall train marked ``"steps"``.
    """
    asked = [c for c in candidates if c.kind == "twitch" and c.axis is not None]
    t0s = [c.t_s if c.centre_s is None else c.centre_s for c in asked]
    sides = [_spans(t0, slot.t0_s + SLOT_MIN_BACKGROUND_S, slot.end_s) for t0 in t0s]
    # every candidate's span read at once (the same beats as one by one: see SlotEvidence.beats_many)
    seen = slot.beats_many(
        [(t0 - b, t0 + a, np.asarray(c.axis, float)) for c, t0, (b, a) in zip(asked, t0s, sides)],
        0.5 / STEP_HZ[1],
        STEP_COS,
    )
    on_train = iter(on_step_train(beats, t0, b, a) for t0, (b, a), beats in zip(t0s, sides, seen))
    return [
        replace(c, kind="steps") if c.kind == "twitch" and c.axis is not None and next(on_train) else c
        for c in candidates
    ]
