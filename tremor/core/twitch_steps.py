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
Poisson twitches at rest (a few a minute) fill none. Limit: a beat needs a second of background
before it (the slot test's), so footfalls in a recording's or segment's first 1-2 s (a recording
started mid-walk) are not caught (0.57 and 0.65 m/s^2 at 1.6 and 2.2 s in one of 15 fresh test walks). Measured on signals in
``tests/core/test_step_rule.py`` (both sides).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from tremor.core.twitch_finder import Transient
from tremor.core.twitch_trains import SlotEvidence

__all__ = [
    "STEP_COS",
    "STEP_HALF_S",
    "STEP_HZ",
    "STEP_MIN_BEATS",
    "STEP_MIN_FILL",
    "STEP_REACH",
    "classify_steps",
]

#: The step rate of walking and running, steps per second.
STEP_HZ = (1.4, 3.0)
#: Beats are looked for this far either side of a candidate (less than the train rule's reach, so
#: live, which holds a candidate back by :data:`~tremor.core.twitch_trains.TRAIN_REACH_S`, sees them).
STEP_HALF_S = 4.0
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


def _grid_fill(t: np.ndarray, t0: float, period: float) -> tuple[bool, float]:
    """(whether beat times ``t`` fill a grid through ``t0``, the refined period): over both sides of
    ``t0`` or over one (a train that starts or stops at the candidate)."""
    for _ in range(2):  # refine the period on the beats that fit
        n = np.rint((t - t0) / period)
        on = (np.abs(t - t0 - n * period) <= STEP_REACH * period) & (n != 0)
        if np.count_nonzero(on) < 2:
            break
        period = float(np.dot(n[on], t[on] - t0) / np.dot(n[on], n[on]))
    n = np.rint((t - t0) / period)
    on = np.abs(t - t0 - n * period) <= STEP_REACH * period
    k = int(np.floor(STEP_HALF_S / period))
    slots = np.unique(n[on & (np.abs(n) <= k)])
    for lo, hi in ((-k, k), (-k, 0), (0, k)):
        filled = np.count_nonzero((slots >= lo) & (slots <= hi))
        if filled >= STEP_MIN_BEATS and filled >= STEP_MIN_FILL * (hi - lo + 1):
            return True, period
    return False, period


def on_step_train(beats: np.ndarray, t0: float) -> bool:
    """Whether beat times ``beats`` fill a grid through ``t0`` at a step period (see the module).

    Parameters
    ----------
    beats : ndarray
        Beat times (s) within :data:`STEP_HALF_S` of ``t0``.
    t0 : float
        The candidate's time (s), a slot of the grid.

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
        filled, period = _grid_fill(t, t0, guess)
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
    out = []
    for c in candidates:
        if c.kind != "twitch" or c.axis is None:
            out.append(c)
            continue
        t0 = c.t_s if c.centre_s is None else c.centre_s
        beats = slot.beats(
            t0 - STEP_HALF_S, t0 + STEP_HALF_S, np.asarray(c.axis, float), 0.5 / STEP_HZ[1], STEP_COS
        )
        out.append(replace(c, kind="steps") if on_step_train(beats, t0) else c)
    return out
