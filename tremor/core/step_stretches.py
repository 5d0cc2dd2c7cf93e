"""The code step by stretch of a stream whose resolution changed mid-way (:meth:`tremor.core.code_step.CodeStep.stretches`).

A phone or watch may switch its accelerometer's range or power mode while recording (another app asks for a coarser
mode; a low-power mode drops bits): its values then lie on one lattice up to the switch and on another after. Each
rule that reads the step reads the one that held where it judges (:func:`step_over`), and the report says so
(:func:`step_change_note`).
"""

from __future__ import annotations

import bisect
import itertools

import numpy as np

#: Changes of the step the same way within this many seconds are told as one (a switch found in stages).
NOTE_MERGE_S = 30.0
#: Steps under this (m/s^2), and none, are one for the stretches: half of it is under any wrist's resting tremor and
#: two of it under any twitch limit, so it changes no rule (a float export printed to a few decimals lies on such a
#: lattice for a while: 0.0003 m/s^2 on an Apple Watch's export).
FINE_STEP_MPS2 = 0.004
#: Two steps within this share of each other are one (the axes' mean steps differ by their values' rounding).
SAME_STEP = 0.01

__all__ = [
    "SAME_STEP",
    "NOTE_MERGE_S",
    "coarsest_stretches",
    "step_over",
    "steps_at_times",
    "step_change_note",
]


def _differ(q: float, before: float) -> bool:
    """Whether step ``q`` is another than ``before``: apart by :data:`SAME_STEP`, and not both under
    :data:`FINE_STEP_MPS2` (or none)."""
    return abs(q - before) > SAME_STEP * before and max(q, before) >= FINE_STEP_MPS2


def coarsest_stretches(
    began: list[list[int]], steps: list[list[float]], lost: list[list[bool]], grid: np.ndarray, every: int
) -> tuple[tuple[float, float], ...]:
    """The coarsest axis's step by stretch: ``(start_s, step)`` in order, where it changed (0.0: values on no lattice).

    Parameters
    ----------
    began : list of list of int
        Per axis, the sample count at which each of its steps' stretches began (in order).
    steps : list of list of float
        Per axis, those steps (m/s^2; 0: none).
    lost : list of list of bool
        Per axis, whether each step is its loss of a lattice (values on none since) rather than none seen yet.
    grid : ndarray
        The time (s) of every ``every``-th sample.
    every : int
        The grid's spacing in samples.

    Returns
    -------
    tuple of (float, float)
        Each stretch's start (s, the grid's time at or before it) and step, two or more of them, or none; a step
        within :data:`SAME_STEP` of the one before (or both under :data:`FINE_STEP_MPS2`) continues its stretch,
        and none seen yet (no axis has changed codes) continues it too.
    """
    marks = np.unique(np.concatenate([np.asarray(b, dtype=np.int64) for b in began]))
    q = np.zeros(marks.size)
    gone = np.zeros(marks.size, dtype=bool)
    for b, st, lo in zip(began, steps, lost):
        idx = np.searchsorted(np.asarray(b, dtype=np.int64), marks, side="right") - 1
        q = np.maximum(q, np.asarray(st, dtype=np.float64)[idx])
        gone |= np.asarray(lo, dtype=bool)[idx]
    out: list[tuple[float, float]] = []
    for mark, step, none in zip(marks.tolist(), q.tolist(), gone.tolist()):
        if (step > 0.0 or none) and (not out or _differ(step, out[-1][1])):
            t = float(grid[min(max(mark - 1, 0) // every, grid.size - 1)])
            if out and t <= out[-1][0]:
                # a switch found in stages from one place (a factor at a time): its last step
                out.pop()
            if not out or _differ(step, out[-1][1]):
                out.append((t, float(step)))
    return tuple(out) if len(out) > 1 else ()


def step_over(
    stretches: tuple[tuple[float, float], ...], start_s: float, end_s: float, whole: float
) -> float:
    """The coarsest code step (m/s^2) that held from ``start_s`` to ``end_s`` (:meth:`CodeStep.stretches`).

    Parameters
    ----------
    stretches : tuple of (float, float)
        Each stretch's start (s) and step; empty where the step never changed.
    start_s, end_s : float
        The span, in s.
    whole : float
        The step where it never changed (:func:`~tremor.core.code_step.coarsest_step` of the stream's steps).

    Returns
    -------
    float
        The largest step of the stretches the span touches, or ``whole``.
    """
    if not stretches:
        return whole
    starts = [a for a, _ in stretches]
    i = max(bisect.bisect_right(starts, start_s) - 1, 0)
    j = max(bisect.bisect_left(starts, end_s), i + 1)
    return max(q for _, q in stretches[i:j])


def steps_at_times(stretches: tuple[tuple[float, float], ...], t_s: np.ndarray, whole: float) -> np.ndarray:
    """The coarsest code step (m/s^2) that held at each of the times ``t_s`` (:func:`step_over` of each instant).

    Parameters
    ----------
    stretches : tuple of (float, float)
        Each stretch's start (s) and step; empty where the step never changed.
    t_s : ndarray
        Times, in s.
    whole : float
        The step where it never changed.

    Returns
    -------
    ndarray of float, the shape of ``t_s``
        Each time's step (the first stretch's before it starts).
    """
    t = np.asarray(t_s, dtype=np.float64)
    if not stretches:
        return np.full(t.shape, whole)
    starts = np.array([a for a, _ in stretches])
    idx = np.clip(np.searchsorted(starts, t, side="right") - 1, 0, None)
    out: np.ndarray = np.array([q for _, q in stretches])[idx]
    return out


def _step_words(q: float) -> str:
    """A step in words: its size, or none for values on no lattice."""
    return (
        f"{q:.4f} m/s^2 a step"
        if q
        else "no fixed steps (values on no lattice: a calibrated or resampled stream)"
    )


def step_change_note(stretches: tuple[tuple[float, float], ...]) -> str | None:
    """The note where the sensor's resolution changed during the recording (:meth:`CodeStep.stretches`), or None.

    Parameters
    ----------
    stretches : tuple of (float, float)
        Each stretch's start (s) and step (m/s^2).

    Returns
    -------
    str or None
        The note, or None where the step never changed.
    """
    if not stretches:
        return None
    # a switch seen in stages (a coarser lattice found a factor at a time, :data:`~tremor.core.code_step.COARSEN_RUN`
    # differences each) is one change: successive changes the same way within NOTE_MERGE_S
    changes: list[tuple[float, float, float, float]] = []  # first seen, last seen, from, to
    for (_, q0), (t, q1) in itertools.pairwise(stretches):
        if changes and t - changes[-1][1] <= NOTE_MERGE_S and (q1 > q0) == (changes[-1][3] > changes[-1][2]):
            changes[-1] = (changes[-1][0], t, changes[-1][2], q1)
        else:
            changes.append((t, t, q0, q1))
    said = ", then ".join(
        f"at about {a:.0f}{f'-{b:.0f}' if b - a >= 1.0 else ''} s from {_step_words(q0)} to {_step_words(q1)}"
        + (f" ({'coarser' if q1 > q0 else 'finer'})" if q0 and q1 else "")
        for a, b, q0, q1 in changes
    )
    return (
        f"the sensor's resolution changed during the recording ({said}): most likely its range or power mode was "
        "switched, by the device or by another app using the sensor. Each part is judged with the resolution it was "
        "recorded at: where the steps are coarse, a tremor under about half a step may read as nothing or larger "
        "than it is, and no twitch under two steps is counted"
    )
