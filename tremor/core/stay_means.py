"""A still stay's 6-12 Hz means as a tremor label reads them, from its own frames, for :mod:`tremor.core.posture_shift`.

:func:`~tremor.core.posture_shift.stay_kind` takes a stay for the rest's tremor only where the means a label would
read stay under a bound drawn from the rest: over the stay's still frames, their last third, those in the span and
their last third, and over every window of a few seconds of them. :func:`stay_means` reads those means from the
stay's rows alone; :func:`means_within` compares them with the bounds. A live session's set check judges every hold
found so far once a second against a rest that changes with each check: the means of a stay whose rows a growing
table never changes are read once and kept (``kept`` of :func:`~tremor.core.posture_shift.stay_kind`), the bounds
compared each time, with the same result as reading them afresh.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np

__all__ = [
    "StayMeans",
    "stay_means",
    "means_within",
    "window_means",
    "finite_median",
    "still_rows",
    "kept_value",
]


class StayMeans(NamedTuple):
    """The means :func:`means_within` compares with its bounds."""

    #: the mean power over the rows, their last third, the rows in the span and their last third (those with rows)
    means: tuple[float, ...]
    #: the largest mean over a window of the rows (:func:`window_means`); None where there are no rows
    window_max: float | None


def window_means(t: np.ndarray, power: np.ndarray, idx: np.ndarray, window_s: float) -> np.ndarray:
    """The mean ``power`` of the frames ``idx`` in each ``window_s`` from one of them that ends within them (the whole
    of them where they span less).

    Parameters
    ----------
    t : ndarray, shape (n_frames,)
        Frame times in s, increasing.
    power : ndarray, shape (n_frames,)
        Each frame's power.
    idx : ndarray of int
        The frames, increasing.
    window_s : float
        The window's length, s.

    Returns
    -------
    ndarray
        One mean per window (empty where ``idx`` is).
    """
    if not idx.size:
        return np.empty(0)
    tt = t[idx]
    total = np.concatenate(([0.0], np.cumsum(power[idx])))
    starts = np.flatnonzero(tt + window_s <= tt[-1] + 1e-9)
    if not starts.size:
        return np.array([total[-1] / idx.size])
    ends = np.searchsorted(tt, tt[starts] + window_s, side="right")
    return (total[ends] - total[starts]) / (ends - starts)


def stay_means(
    t: np.ndarray, power: np.ndarray, rows: np.ndarray, span: tuple[int, int], window_s: float
) -> StayMeans:
    """The means of ``power`` over ``rows``, their last third, those in ``span`` and their last third, and the largest
    :func:`window_means` of them.

    Parameters
    ----------
    t : ndarray, shape (n_frames,)
        Frame times in s, increasing.
    power : ndarray, shape (n_frames,)
        Each frame's 6-12 Hz power (float64).
    rows : ndarray of int
        The stay's frames, increasing.
    span : (int, int)
        The span's first frame and the frame after its last.
    window_s : float
        The windows' length, s.

    Returns
    -------
    StayMeans
        The means (parts without rows left out) and the largest window mean.
    """
    in_span = rows[(rows >= span[0]) & (rows < span[1])]
    parts = (rows, np.array_split(rows, 3)[2], in_span, np.array_split(in_span, 3)[2])
    means = window_means(t, power, rows, window_s)
    return StayMeans(
        tuple(float(power[part].mean()) for part in parts if part.size),
        float(means.max()) if means.size else None,
    )


def means_within(means: StayMeans, bound: float, window_bound: float) -> bool:
    """Whether every mean of ``means`` is at most ``bound`` and its largest window mean at most ``window_bound``.

    Parameters
    ----------
    means : StayMeans
        A stay's means (:func:`stay_means`).
    bound, window_bound : float
        The bounds.

    Returns
    -------
    bool
        False where any mean is over its bound, or there is no window mean.
    """
    if any(m > bound for m in means.means):
        return False
    return means.window_max is not None and means.window_max <= window_bound


def finite_median(power: np.ndarray) -> float:
    """The median of the finite values of ``power`` (NaN where there is none).

    Parameters
    ----------
    power : ndarray
        Values.

    Returns
    -------
    float
        Their median.
    """
    finite = power[np.isfinite(power)]
    return float(np.median(finite)) if finite.size else np.nan


def still_rows(still: np.ndarray, power: np.ndarray, run: tuple[int, int]) -> np.ndarray:
    """The still frames of ``run`` whose ``power`` is finite.

    Parameters
    ----------
    still : ndarray of bool, shape (n_frames,)
        Frames whose wrist does not move.
    power : ndarray, shape (n_frames,)
        Each frame's power.
    run : (int, int)
        The stay's first frame and the frame after its last.

    Returns
    -------
    ndarray of int
        The frames, increasing.
    """
    inside = np.flatnonzero(still[run[0] : run[1]]) + run[0]
    return inside[np.isfinite(power[inside])]


def kept_value(kept: dict[str, Any] | None, name: str, read: Callable[[], Any]) -> Any:
    """``read()``, kept in ``kept`` under ``name`` on first use where ``kept`` is given (a value of a stay's own frames).

    Parameters
    ----------
    kept : dict or None
        What is kept of one stay (None: nothing is).
    name : str
        Which value.
    read : callable
        ``read()`` reads it.

    Returns
    -------
    object
        The value.
    """
    if kept is None:
        return read()
    if name not in kept:
        kept[name] = read()
    return kept[name]
