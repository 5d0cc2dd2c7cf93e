"""Twitch detection, train stage: candidates in a regular train are rhythmic, not twitches.

Part of the twitch detector (:mod:`tremor.core.events`).
"""

from __future__ import annotations

import numpy as np

from tremor.core.twitch_finder import Transient

#: A train (clonus, rhythmic myoclonus): at least TRAIN_MIN events at a regular period of at most
#: TRAIN_MAX_INTERVAL_S, each within TRAIN_TOLERANCE periods (or TRAIN_TIMING_S, the timing
#: uncertainty of a transient's envelope peak, if larger) of where the period predicts it, one missed
#: beat allowed, spanning at most TRAIN_SPAN_S.
TRAIN_MIN = 4
TRAIN_MAX_INTERVAL_S = 1.5
TRAIN_TOLERANCE = 0.1
TRAIN_TIMING_S = 0.1
#: A candidate within this many periods before a train's first or after its last beat belongs to it.
TRAIN_EDGE_PERIODS = 1.5
TRAIN_SPAN_S = TRAIN_MIN * TRAIN_MAX_INTERVAL_S


def classify_trains(candidates: list[Transient]) -> list[Transient]:
    """Mark as ``"rhythmic"`` the brief candidates that lie in a regular train (order kept).

    A train is a chain of at least :data:`TRAIN_MIN` brief candidates (weak ones included, since a
    train's later beats can fall below the background it raises) at a period of at most
    :data:`TRAIN_MAX_INTERVAL_S`: each next candidate falls within :data:`TRAIN_TOLERANCE` periods
    (at least :data:`TRAIN_TIMING_S`) of where the period so far predicts the next beat (or, once
    per chain, the one after: a missed beat), and the chain spans at most :data:`TRAIN_SPAN_S`. Every candidate between a train's first and last beat, or within
    :data:`TRAIN_EDGE_PERIODS` periods of them, is rhythmic (extra peaks of one jerk, or a beat
    whose timing is off, do not spare the train's other beats). Two or three twitches close together are not a
    train, nor are irregular twitches however close. A candidate's verdict depends only on
    candidates within :data:`TRAIN_REACH_S` of it.

    Parameters
    ----------
    candidates : list of Transient
        Candidates of one segment, with their kinds before the train rule.

    Returns
    -------
    list of Transient
        The same candidates in the same order, those in a train marked ``"rhythmic"``.
    """
    brief = sorted((c for c in candidates if c.kind in ("twitch", "rhythmic", "weak")), key=lambda c: c.t_s)
    times = np.array([c.t_s for c in brief])
    spans: list[tuple[float, float]] = []
    for i in range(times.size - TRAIN_MIN + 1):
        period = times[i + 1] - times[i]
        if period > TRAIN_MAX_INTERVAL_S:
            continue
        k, beats, missed = i + 1, 1, False
        while k + 1 < times.size:  # each next candidate must be the next beat (or, once, the one after)
            step = (times[k + 1] - times[k]) / period
            skip = round(step)
            if skip not in ((1, 2) if not missed else (1,)) or times[k + 1] - times[i] > TRAIN_SPAN_S:
                break
            if abs(times[k + 1] - times[k] - skip * period) > max(TRAIN_TOLERANCE * period, TRAIN_TIMING_S):
                break
            missed = missed or skip == 2
            k, beats = k + 1, beats + skip
            period = (times[k] - times[i]) / beats
        if k - i + 1 >= TRAIN_MIN:
            slack = TRAIN_EDGE_PERIODS * period
            spans.append((times[i] - slack, times[k] + slack))
    if not spans:
        return list(candidates)
    from dataclasses import replace

    def in_train(t: float) -> bool:
        return any(a - 1e-9 <= t <= b + 1e-9 for a, b in spans)

    return [replace(c, kind="rhythmic") if c.kind == "twitch" and in_train(c.t_s) else c for c in candidates]


#: A candidate is classified once the candidates this far after it are known.
TRAIN_REACH_S = TRAIN_SPAN_S + TRAIN_EDGE_PERIODS * TRAIN_MAX_INTERVAL_S
