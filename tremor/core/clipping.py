"""Clipping a file does not state: one extreme value reached again and again, as a sensor's full scale makes it (issue 9).

A file that states no range (a generic CSV, most phone exports) shows saturation only in its values. A long clip (a
kettlebell swing held at +-2 g for several samples) is a run at the largest value, which
:class:`tremor.core.quality.SamplingTracker` counts as "stuck". A sharp impact through a small range (a punch on a
heavy bag, 30-100 m/s^2 through a +-8 g sensor) clips one or two samples of each impact instead: no run, but the same
extreme value, to the last digit, at many impacts. An unclipped signal reaches its extreme once: the peaks of
separate impacts scatter over metres per second squared, and a smooth peak passes through the values just under its
top on its way there. So an axis whose extreme value on one side (its largest, or its most negative) is held by
:data:`PILE_MIN` separate events or more, its samples :data:`PILE_OVER_BELOW` times as many as lie within
:data:`BELOW_STEPS` of the file's resolution under it, at :data:`MIN_PEAK_MPS2` or more, was clipped there
(:func:`piles`).

The :data:`TOP_KEPT` most extreme samples of each axis and side are kept with their times, merged block by block, so
any blocking of the same samples gives the same answer (the one tracker serves files, long files and live).

Left: a sensor whose two's-complement range reads one step further on its negative side clips at two values, each
judged on its own side. Without a range, a single run of 3 samples or more at the largest value is still read as
"stuck" (:class:`tremor.core.quality.SamplingTracker`), though a smooth peak printed to 0.01 g at 200 Hz can hold its
top value that long (a kettlebell swing's 3-5 g: 3-5 samples); the events rule here is not applied to it.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from tremor.core.recording import STANDARD_GRAVITY

__all__ = [
    "TOP_KEPT",
    "PILE_MIN",
    "EVENT_GAP_S",
    "PILE_OVER_BELOW",
    "BELOW_STEPS",
    "MIN_PEAK_MPS2",
    "KEPT_FROM_MPS2",
    "Pile",
    "ExtremeTracker",
    "piles",
]

#: Samples kept per axis and side (the most extreme, with their times).
TOP_KEPT = 256
#: Separate events (runs of samples at one side's extreme value, :data:`EVENT_GAP_S` or more apart) that make a pile:
#: one smooth peak rounded to a few printed digits can hold its top value for several samples, but separate peaks
#: (swings, impacts) scatter in height over many printed steps ...
PILE_MIN = 3
EVENT_GAP_S = 0.1
#: ... holding at least this many times the samples within :data:`BELOW_STEPS` of the file's resolution under it (a
#: clipped impact passes that band in at most a sample on its way up and down; a smooth peak's top, rounded, spreads
#: over it) ...
PILE_OVER_BELOW = 3.0
BELOW_STEPS = 5.0
#: ... at this magnitude or more (as the "stuck" rule: 2 g, the smallest range a wrist sensor offers).
MIN_PEAK_MPS2 = 2.0 * STANDARD_GRAVITY
#: Samples under this magnitude are not kept: a pile's extreme is :data:`MIN_PEAK_MPS2` or more, and the band under it
#: it is compared with must lie over this (else it is not judged).
KEPT_FROM_MPS2 = 1.5 * STANDARD_GRAVITY


class Pile(NamedTuple):
    """One axis clipped at a repeated extreme."""

    #: The axis index (0, 1, 2).
    axis: int
    #: Samples at the extreme (both sides' where both piled).
    samples: int
    #: The extreme's magnitude, m/s^2 (the larger side's where both piled).
    limit_mps2: float
    #: Time of the first sample at the extreme, s.
    first_s: float


class ExtremeTracker:
    """The :data:`TOP_KEPT` most extreme samples of each axis and side, fed in blocks (see the module)."""

    def __init__(self) -> None:
        # [axis][side]: values (largest first, |value| for the negative side) and their times
        self._values = [[np.empty(0), np.empty(0)] for _ in range(3)]
        self._times = [[np.empty(0), np.empty(0)] for _ in range(3)]

    def update(self, time_s: np.ndarray, acc_mps2: np.ndarray) -> None:
        """Add a block of samples.

        Parameters
        ----------
        time_s : ndarray, shape (n,)
            Time stamps, in s.
        acc_mps2 : ndarray, shape (n, 3)
            Acceleration, in m/s^2.
        """
        t = np.asarray(time_s, dtype=np.float64)
        acc = np.asarray(acc_mps2, dtype=np.float64)
        if not t.size:
            return
        for k in range(3):
            # only samples of KEPT_FROM_MPS2 or more can pile or lie under a pile (most of a recording is under it)
            near = np.flatnonzero(np.abs(acc[:, k]) >= KEPT_FROM_MPS2)
            if not near.size:
                continue
            col, tt = acc[near, k], t[near]
            for side, sign in enumerate((1.0, -1.0)):
                kept, when = self._values[k][side], self._times[k][side]
                vals = sign * col
                on_side = vals >= (float(kept[-1]) if kept.size >= TOP_KEPT else KEPT_FROM_MPS2)
                n_on = int(np.count_nonzero(on_side))
                if not n_on:
                    continue
                # many candidates (a long block): the block's own TOP_KEPT-th, with its ties
                if n_on > 4 * TOP_KEPT:
                    kth = float(np.partition(vals[on_side], n_on - TOP_KEPT)[n_on - TOP_KEPT])
                    on_side &= vals >= kth
                v = np.concatenate([kept, vals[on_side]])
                w = np.concatenate([when, tt[on_side]])
                order = np.lexsort((w, -v))[:TOP_KEPT]  # largest first; among equal values the earliest
                self._values[k][side], self._times[k][side] = v[order], w[order]

    def piles(self) -> list[Pile]:
        """The axes clipped at a repeated extreme (see :func:`piles`).

        Returns
        -------
        list of Pile
            One per axis that piled on either side.
        """
        return piles(self._values, self._times)


def piles(values: list[list[np.ndarray]], times: list[list[np.ndarray]]) -> list[Pile]:
    """Which axes piled at an extreme value: reached in :data:`PILE_MIN` separate events or more (:data:`EVENT_GAP_S`
    apart), by :data:`PILE_OVER_BELOW` times or more as many samples as lie within :data:`BELOW_STEPS` of the values'
    step under it, at :data:`MIN_PEAK_MPS2` or more.

    The step is the smallest difference between the kept values (the file's resolution: a 16-bit code, a printed
    0.01 g); a smooth peak's top rounded to one printed value is flanked by samples a step or two under it, a clip
    is not.

    Parameters
    ----------
    values : list of list of ndarray
        Per axis, per side (positive, negative): the most extreme values (negative side's negated), largest first.
    times : list of list of ndarray
        Their times, s.

    Returns
    -------
    list of Pile
        One per axis that piled on either side: the samples at the extremes that piled, the larger extreme's
        magnitude and the first time at one.
    """
    found = []
    for k in range(3):
        count, limit, first = 0, 0.0, np.inf
        for v, w in zip(values[k], times[k], strict=True):
            if not v.size or v[0] < MIN_PEAK_MPS2:
                continue
            top = float(v[0])
            at = v == top
            n_at = int(np.count_nonzero(at))
            steps = np.diff(np.unique(v))
            step = float(steps[steps > 0].min()) if np.any(steps > 0) else 0.0
            if top - BELOW_STEPS * step < KEPT_FROM_MPS2:
                continue  # values so coarse that the band under the top reaches under what is kept: not judged
            n_below = int(np.count_nonzero((v < top) & (v >= top - BELOW_STEPS * step)))
            hits = np.sort(w[at])
            events = 1 + int(np.count_nonzero(np.diff(hits) > EVENT_GAP_S))
            if events >= PILE_MIN and n_at >= PILE_OVER_BELOW * n_below:
                count += n_at
                limit = max(limit, top)
                first = min(first, float(w[at].min()))
        if count:
            found.append(Pile(k, count, limit, first))
    return found
