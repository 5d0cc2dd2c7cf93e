"""A rest whose 6-12 Hz level is under a coarse sensor's resolution: no ratio to it is a measured number.

A tremor under about half a code step (:data:`tremor.core.code_step.RESOLVED_STEPS`) reads as constant codes (a level
near 0, 1e-18 m/s^2 RMS and less) or as a flicker between two codes (up to 1.8 times larger than it is), whichever
gravity's share puts it near (:func:`tremor.core.code_step.under_resolution`). A rest read so gives no level a set's
power can be divided by: its ratio would be the flicker's (28x-1e35x over a rest on constant codes, h-coarse). What the
sensor does show is a bound: the rest holds at most ``(RESOLVED_STEPS * q)**2`` of 6-12 Hz power (a tremor over half a
step makes the codes move), so a set stands *at least* its power over that ceiling above the rest.

Where the sensor's resolution changed mid-stream (:mod:`tremor.core.step_stretches`) and the rest read unresolved
at its step, its frames in the finest stretch give the baseline (:func:`finer_rest`): a rest is the person's,
whichever part of the session it was read in, and read finer it is resolved or bounded the tighter.

Where the rest is under the resolution a set's ``power_vs_rest`` and ``last_third_vs_rest`` are therefore None (shown
as not assessable, as with no rest baseline: no cause and no session trend reads them) and their lower bounds are
kept in ``power_vs_rest_at_least`` and ``last_third_vs_rest_at_least``. The labels read the bound
(:func:`tremor.core.set_labels.label_set`): a fatigue rise needs its last third at least 4x the ceiling (about one code
step RMS), and a set that would read ``calm`` cannot say it did not stand high over the rest: ``not_assessable``,
reason ``resolution`` (:func:`unresolved_rest_note`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np

from tremor.core.classify import SetMetrics, rest_baseline
from tremor.core.code_step import resolution_ceiling
from tremor.core.features import Frames
from tremor.core.sets import Segmentation
from tremor.core.step_stretches import SAME_STEP, steps_at_times

__all__ = ["bounded_vs_rest", "finer_rest", "last_third_words", "rest_ceiling", "unresolved_rest_note"]


def rest_ceiling(baseline_power: float | None, step_mps2: float) -> float | None:
    """The most 6-12 Hz power (m/s^2)^2 a rest under the sensor's resolution can hold; None where it is resolved.

    Parameters
    ----------
    baseline_power : float or None
        The rest baseline's 6-12 Hz power (None: no baseline).
    step_mps2 : float
        The coarsest axis's code step (:func:`tremor.core.code_step.coarsest_step`; 0: none known).

    Returns
    -------
    float or None
        ``(RESOLVED_STEPS * step)**2`` where a baseline is known and its RMS is under that; else None.
    """
    rms = None if baseline_power is None else float(baseline_power) ** 0.5
    ceiling = resolution_ceiling(rms, step_mps2)
    return None if ceiling is None else float(ceiling**2)


def bounded_vs_rest(m: SetMetrics, baseline_power: float, ceiling: float) -> SetMetrics:
    """``m`` with its ratios to an unresolved rest moved to their lower bounds over ``ceiling``.

    Parameters
    ----------
    m : SetMetrics
        The set's measures, their ratios over ``baseline_power``.
    baseline_power : float
        The rest baseline they were divided by.
    ceiling : float
        :func:`rest_ceiling` of it.

    Returns
    -------
    SetMetrics
        ``power_vs_rest`` and ``last_third_vs_rest`` None, their bounds in ``power_vs_rest_at_least`` and
        ``last_third_vs_rest_at_least`` (None where the ratio was None).
    """

    def bound(x: float | None) -> float | None:
        return None if x is None else float(x * baseline_power / ceiling)

    return replace(
        m,
        power_vs_rest=None,
        last_third_vs_rest=None,
        power_vs_rest_at_least=bound(m.power_vs_rest),
        last_third_vs_rest_at_least=bound(m.last_third_vs_rest),
    )


def unresolved_rest_note(where: str, ceiling: float, step_mps2: float) -> str:
    """A set's note where it would read ``calm`` over a rest under the sensor's resolution: not assessed.

    Parameters
    ----------
    where : str
        The set's name and times.
    ceiling : float
        :func:`rest_ceiling` (m/s^2)^2.
    step_mps2 : float
        The coarsest axis's code step, m/s^2.

    Returns
    -------
    str
        The note.
    """
    return (
        f"{where}: the rest's 6-12 Hz level is under the sensor's resolution (under {ceiling**0.5:.3f} m/s^2 RMS, "
        f"half a step of {step_mps2:.3f} m/s^2), so the set's level over the rest is known only as a lower bound, "
        "too low to say whether it stood high over the rest or built up to it: not assessable"
    )


def last_third_words(m: SetMetrics, fmt: Callable[[float | None], str]) -> str | None:
    """A fatigue cause's words on the set's last third over the rest: the ratio, or its bound; None where neither.

    Parameters
    ----------
    m : SetMetrics
        The set's measures.
    fmt : callable
        How a ratio is printed (``"4.2x"``).

    Returns
    -------
    str or None
        ``the last third was 8.0x the rest baseline``, or where the rest is under the sensor's resolution ``the last
        third was at least 4.2x the rest baseline (...)``.
    """
    if m.last_third_vs_rest is not None:
        return f"the last third was {fmt(m.last_third_vs_rest)} the rest baseline"
    if m.last_third_vs_rest_at_least is not None:
        return (
            f"the last third was at least {fmt(m.last_third_vs_rest_at_least)} the rest baseline (the rest's level "
            "is under the sensor's resolution: that is its power over the most such a rest can hold)"
        )
    return None


def finer_rest(
    frames: Frames,
    seg: Segmentation,
    events: np.ndarray | None,
    stretches: tuple[tuple[float, float], ...],
    rest: tuple[float | None, np.ndarray, float],
) -> tuple[float | None, np.ndarray, float]:
    """The rest baseline from the rest frames read at the finest step, where they resolve it; else ``rest``.

    Parameters
    ----------
    frames : Frames
        Frame features of the recording.
    seg : Segmentation
        Its sets and rest mask.
    events : ndarray of bool or None
        Frames left out of the rest (:func:`tremor.core.classify.rest_baseline`).
    stretches : tuple of (float, float)
        Each stretch's start (s) and step (:meth:`tremor.core.code_step.CodeStep.stretches`; two or more).
    rest : tuple
        The baseline (m/s^2)^2 or None, the frames it came from and their step (m/s^2), as first found.

    Returns
    -------
    tuple
        The baseline, its frames and their step: from the finest stretch's rest frames where at least 4 are there
        and it is finer than ``rest``'s (a level under it is then bounded the tighter), else ``rest``.
    """
    step = steps_at_times(stretches, frames.t_s, 0.0)
    finest = float(step.min())
    coarse = step > finest * (1.0 + SAME_STEP)
    baseline, mask = rest_baseline(frames, seg, events=coarse if events is None else events | coarse)
    if baseline is None or not finest < rest[2]:
        return rest
    return baseline, mask, finest
