"""Twitch detection, activity stage: a twitch in a dense burst of events along one axis is activity.

Part of the twitch detector (:mod:`tremor.core.events`), after the train stage (moved here from
:mod:`tremor.core.twitch_trains` whole, h-pulse2, to keep that module under the size limit).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from tremor.core.twitch_finder import Transient
from tremor.core.twitch_trains import TRAIN_MIN

__all__ = [
    "ACTIVITY_COS",
    "ACTIVITY_MIN",
    "ACTIVITY_SPAN_S",
    "TAP_IMPACTS_MIN",
    "classify_activity",
]

#: Activity (typing, tapping on a phone or a desk): a twitch with ACTIVITY_MIN - 1 or more brief
#: candidates within ACTIVITY_SPAN_S of it along its own axis (|cos| >= ACTIVITY_COS), at any intervals.
ACTIVITY_MIN = TRAIN_MIN
ACTIVITY_SPAN_S = 2.0
ACTIVITY_COS = 0.97
#: Tapping: a twitch with TAP_IMPACTS_MIN or more impacts (``"artefact"``: larger than a unit moves the wrist)
#: within ACTIVITY_SPAN_S of it, whatever their axes, is a soft tap of the burst (taps vary in direction as the
#: fingers move between keys; a unit's spell brings no impacts). Typing from tests/unit_spell_gen.py (taps 0.2-2
#: m/s^2 at 2-8/s, +-25 deg; six 90 s files, seeds 31000-31002 at 100 and 200 Hz): 18 taps left twitches -> 7.
TAP_IMPACTS_MIN = ACTIVITY_MIN - 1


def classify_activity(candidates: list[Transient]) -> list[Transient]:
    """Mark as ``"activity"`` the twitches that lie in a dense burst of events along one axis.

    A fasciculation is one motor unit's spontaneous discharge: units fire at random, a second or
    more apart, and different units push the wrist in different directions. Taps on a keyboard or a
    phone screen push the wrist along one axis (the surface's normal), 4-8 a second in irregular
    bursts with pauses: the train rule (regular intervals) does not catch them. A twitch with
    ``ACTIVITY_MIN - 1`` or more brief candidates (twitch, rhythmic or weak) within
    :data:`ACTIVITY_SPAN_S` either side whose axes are its own (|cos| >= :data:`ACTIVITY_COS`) is
    activity: one unit discharging that often is a voluntary or tonic discharge, not a fasciculation (but a
    benign spell of one unit at 1-2 a second is taken too: issue 9, ``tests/core/test_unit_spell_twitches.py``).
    So is a twitch within :data:`ACTIVITY_SPAN_S` of such an event along its axis (a tap after a pause
    at a burst's edge), and a twitch with :data:`TAP_IMPACTS_MIN` or more impacts within :data:`ACTIVITY_SPAN_S`
    of it, whatever their axes (a soft tap among a tapping burst's hard ones). Two to four twitches close together (a unit's doublet or triplet) are never
    activity. Twitches
    along random axes: a neighbour is aligned with probability 1 - ACTIVITY_COS = 0.03, so a twitch
    among dense ones (0.3-0.45 s apart, about 10 neighbours within 2 s) is marked with probability
    about 1.5e-4 (binomial, 4 or more of 10). A candidate's verdict depends only on candidates within
    2 x :data:`ACTIVITY_SPAN_S` of it (less than :data:`~tremor.core.twitch_trains.TRAIN_REACH_S`, so live and batch agree).

    Parameters
    ----------
    candidates : list of Transient
        Candidates of one segment, with their kinds after the train rule.

    Returns
    -------
    list of Transient
        The same candidates in the same order, the twitches in such a burst marked ``"activity"``.
    """
    impacts = np.sort([c.t_s for c in candidates if c.kind == "artefact"])
    brief = sorted((c for c in candidates if c.kind in ("twitch", "rhythmic", "weak")), key=lambda c: c.t_s)
    if len(brief) < ACTIVITY_MIN and impacts.size < TAP_IMPACTS_MIN:
        return list(candidates)
    times = np.array([c.t_s for c in brief])
    axes = np.array([c.axis if c.axis is not None else (np.nan, np.nan, np.nan) for c in brief], dtype=float)
    core = _burst_core(times, axes)
    out = []
    for c in candidates:
        if c.kind != "twitch" or c.axis is None:
            out.append(c)
            continue
        # a core event itself, or one at a burst's edge (a tap after a pause) along a core event's axis
        a, b = np.searchsorted(times, [c.t_s - ACTIVITY_SPAN_S, c.t_s + ACTIVITY_SPAN_S], side="left")
        near = core[a:b] & (np.abs(axes[a:b] @ np.asarray(c.axis)) >= ACTIVITY_COS)
        # or a soft tap among the impacts of a tapping burst
        ia, ib = np.searchsorted(impacts, [c.t_s - ACTIVITY_SPAN_S, c.t_s + ACTIVITY_SPAN_S])
        out.append(replace(c, kind="activity") if near.any() or ib - ia >= TAP_IMPACTS_MIN else c)
    return out


def _burst_core(times: np.ndarray, axes: np.ndarray) -> np.ndarray:
    """Which brief events (time order) have ``ACTIVITY_MIN - 1`` aligned neighbours within :data:`ACTIVITY_SPAN_S`.

    Parameters
    ----------
    times : ndarray
        The brief candidates' times (s), in order.
    axes : ndarray, shape (n, 3)
        Their unit axes (NaN where not measured).

    Returns
    -------
    ndarray of bool
        True for a burst's core events.
    """
    lo = np.searchsorted(times, times - ACTIVITY_SPAN_S, side="left")
    hi = np.searchsorted(times, times + ACTIVITY_SPAN_S, side="right")
    return np.array(
        [
            np.count_nonzero(np.abs(axes[a:b] @ axes[i]) >= ACTIVITY_COS) - 1 >= ACTIVITY_MIN - 1
            for i, (a, b) in enumerate(zip(lo.tolist(), hi.tolist()))
        ],
        dtype=bool,
    )
