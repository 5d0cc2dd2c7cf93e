"""A trend of 6-12 Hz power over rest across a session's sets: one the sets share, not one set's.

A set's power over the rest baseline spans orders of magnitude (a calm set at 2x, a fatigue hold at 120x), so
the arithmetic mean of a half of the sets is that half's largest set, and one calm set, or one posture stay
misread as a short set, decided "grew" or "settled" (red team, FINDINGS.md: a 2.4x calm hold between holds at
124x and 96x read as "cold"). Here a trend is read in log power (geometric means of the first and last halves,
the middle set left out of an odd count), only among sets of one kind (a hold's postural tremor and a set of
reps' kinetic tremor differ in size by the kind of work, not by fatigue), from :data:`MIN_TREND_SETS` sets of
that kind, and it must hold with any one of those sets left out: a trend no single set makes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["MIN_TREND_SETS", "TREND_LEVEL", "TREND_RATIO", "Trend", "session_trend"]

#: The later (or earlier) half of the sets over the other, in geometric mean of power over rest.
TREND_RATIO = 1.5
#: The higher half must reach this many times the rest baseline.
TREND_LEVEL = 2.0
#: Sets of one kind a trend needs (with one left out, two remain: a first and a last).
MIN_TREND_SETS = 3


@dataclass(frozen=True)
class Trend:
    """A trend of one kind of set across the session.

    Attributes
    ----------
    direction : str
        ``"grew"`` (later sets higher) or ``"settled"`` (earlier sets higher).
    kind : str
        The kind of set it was read in (``"reps"`` or ``"hold"``).
    n_sets : int
        The sets of that kind it was read from.
    n_half : int
        Sets in each half compared (the middle one of an odd count is in neither).
    early, late : float
        Geometric means of power over rest in the first and the last half.
    other_kinds : bool
        Sets of another kind were assessable too (compared only among themselves).
    """

    direction: str
    kind: str
    n_sets: int
    n_half: int
    early: float
    late: float
    other_kinds: bool


def _halves(logs: Sequence[float]) -> tuple[float, float]:
    h = len(logs) // 2
    return sum(logs[:h]) / h, sum(logs[-h:]) / h


def _robust_step(logs: Sequence[float]) -> float:
    """The smallest late-minus-early step (log power) over the whole run and each run with one set left out."""
    runs = [list(logs)] + [list(logs[:i]) + list(logs[i + 1 :]) for i in range(len(logs))]
    steps = []
    for run in runs:
        early, late = _halves(run)
        steps.append(late - early)
    return min(steps)


def _kind_trend(logs: Sequence[float]) -> str | None:
    early, late = _halves(logs)
    rise = math.log(TREND_RATIO)
    level = math.log(TREND_LEVEL)
    if late >= level and _robust_step(logs) >= rise:
        return "grew"
    if early >= level and _robust_step([-v for v in logs]) >= rise:
        return "settled"
    return None


def session_trend(sets: Sequence[tuple[str, float]]) -> Trend | None:
    """The session's trend of 6-12 Hz power over rest, where its sets of one kind share one.

    Parameters
    ----------
    sets : sequence of (str, float)
        Each assessable set's kind and 6-12 Hz power over the rest baseline, in time order; powers that are not
        finite and positive are left out (the set counts neither in a half nor in the sets compared).

    Returns
    -------
    Trend or None
        The trend of the kind whose halves differ most, where in some kind with :data:`MIN_TREND_SETS` sets or
        more the later half's geometric mean is :data:`TREND_RATIO` times the earlier one's (or the reverse)
        with any one set left out too, and the higher half is :data:`TREND_LEVEL` times rest or more. None
        where no kind has one, or where one kind grew and another settled.
    """
    kinds = list(dict.fromkeys(k for k, _ in sets))
    found: list[Trend] = []
    for kind in kinds:
        # a power not measured (NaN) or none at all is no point of a trend: it would drop out of the left-out runs
        logs = [math.log(p) for k, p in sets if k == kind and math.isfinite(p) and p > 0]
        if len(logs) < MIN_TREND_SETS:
            continue
        direction = _kind_trend(logs)
        if direction is not None:
            early, late = _halves(logs)
            found.append(
                Trend(
                    direction,
                    kind,
                    len(logs),
                    len(logs) // 2,
                    math.exp(early),
                    math.exp(late),
                    len(kinds) > 1,
                )
            )
    if len({t.direction for t in found}) != 1:
        return None
    return max(found, key=lambda t: abs(math.log(t.late / t.early)))
