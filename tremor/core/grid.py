"""How a gap-free stretch is put on a uniform grid, decided causally: one rule for batch and live.

Every path (whole file, long file, live) decides from the first :data:`RATE_PROBE_S` seconds of
data, so that live, which cannot see the future, builds the same grids as batch, bit for bit:

* the gap threshold's reference interval is the median interval of the recording's (session's)
  first :data:`RATE_PROBE_S` seconds, over at least :data:`MIN_PROBE_INTERVALS` intervals
  (:func:`reference_interval`);
* each stretch's grid comes from its own first :data:`RATE_PROBE_S` seconds (:func:`decide_grid`).

The grid rule follows the signal physics of time stamps:

* regular stamps (interval std within :data:`MAX_UNIFORM_JITTER` of the median
  interval): the samples are kept, at the rate of those seconds;
* stamps that jitter but stay within half a period of a uniform grid (each sample is the one of its
  own grid point: timing noise, from the stamping or from the sampling instants): the samples are
  kept, at the least-squares rate of the stamps. Linear interpolation would low-pass the twitch
  band (3-40 Hz at 100 Hz: down to 0.31 of the amplitude at 40 Hz for a grid point half-way
  between samples), and how much depends on the grid's phase against the samples. Measured
  (``benchmarks/jitter_grid.py``): with 2 ms stamp noise on 100 Hz the interpolated grid found 503
  of 625 generated twitches and the kept samples 516 (the count without jitter); with 2 ms jitter
  of the sampling instants themselves 506 and 508 (of 634);
* stamps that skip (a missing sample: an interval near 2 or more periods) or crowd: the samples
  cannot be matched one to one with a grid, so the stretch is interpolated linearly onto a grid at
  the median interval's rate from its first sample (the device's own rate; a mean rate would be
  biased low by the missing samples, and a grid at another rate than the samples' drifts across
  them and smooths more).

Frame and twitch times on a stretch that keeps its samples are mapped back to the received stamps
(:func:`stamp_times`), in every path.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = [
    "RATE_PROBE_S",
    "MIN_PROBE_INTERVALS",
    "MAX_UNIFORM_JITTER",
    "GridDecision",
    "reference_interval",
    "probe_length",
    "decide_grid",
    "grid_times",
    "stamp_times",
    "grid_note",
]

#: Seconds of a stretch's first samples that decide its grid (and, for the first stretch, the gap
#: threshold).
RATE_PROBE_S = 2.0
#: The gap threshold is measured over at least this many intervals (a gap among the first few
#: samples cannot then set it).
MIN_PROBE_INTERVALS = 5
#: Jitter (std of the interval / median interval) above which stamps count as jittery.
MAX_UNIFORM_JITTER = 0.05


@dataclass(frozen=True)
class GridDecision:
    """A stretch's grid: ``fs_hz``, and how (``regular``, ``timing_noise`` or ``irregular``).

    Only ``irregular`` stretches are interpolated (onto ``t0 + i / fs_hz``, ``t0`` the stretch's
    first stamp); the others keep their samples.
    """

    fs_hz: float
    kind: str

    @property
    def interpolated(self) -> bool:
        """Whether the stretch is interpolated onto a grid."""
        return self.kind == "irregular"


def reference_interval(time_s: np.ndarray) -> float:
    """The gap threshold's reference interval: the median interval of the first :data:`RATE_PROBE_S` s.

    Parameters
    ----------
    time_s : ndarray, shape (n,)
        The first stamps of the recording (at least its first :data:`RATE_PROBE_S` s and
        :data:`MIN_PROBE_INTERVALS` + 1 samples, or all of a shorter one; n >= 2), in s.

    Returns
    -------
    float
        The median interval, in s.
    """
    t = np.asarray(time_s, dtype=np.float64)
    k = max(int(np.searchsorted(t, t[0] + RATE_PROBE_S, "left")), MIN_PROBE_INTERVALS + 1)
    return float(np.median(np.diff(t[:k])))


def probe_length(time_s: np.ndarray) -> int:
    """How many of a stretch's first samples decide its grid: those before :data:`RATE_PROBE_S` s (at least 3).

    Parameters
    ----------
    time_s : ndarray, shape (n,)
        The stretch's first stamps (all of them, or at least its first :data:`RATE_PROBE_S` s), in s.

    Returns
    -------
    int
        The probe's number of samples (at most ``n``).
    """
    t = np.asarray(time_s, dtype=np.float64)
    return min(max(int(np.searchsorted(t, t[0] + RATE_PROBE_S, "left")), 3), t.size)


def decide_grid(probe_s: np.ndarray) -> GridDecision:
    """The grid of a stretch whose first stamps (see :func:`probe_length`) are ``probe_s``.

    Parameters
    ----------
    probe_s : ndarray, shape (k,)
        The stamps of the stretch's first :data:`RATE_PROBE_S` s (or all of a shorter one; k >= 3).

    Returns
    -------
    GridDecision
        The rate and the kind of grid (see the module docstring).
    """
    t = np.asarray(probe_s, dtype=np.float64)
    dt = np.diff(t)
    median_dt = float(np.median(dt))
    if float(np.std(dt)) <= MAX_UNIFORM_JITTER * median_dt:
        return GridDecision(float((t.size - 1) / (t[-1] - t[0])), "regular")
    # least-squares line of the stamps against their index
    idx = np.arange(t.size) - (t.size - 1) / 2
    slope = float(np.sum(idx * (t - t.mean())) / np.sum(idx * idx))
    residual = t - (t.mean() + slope * idx)
    if slope > 0 and float(np.max(np.abs(residual))) < 0.5 * slope:
        return GridDecision(1.0 / slope, "timing_noise")
    return GridDecision(1.0 / median_dt, "irregular")


def grid_times(t0_s: float, fs_hz: float, start: int, stop: int) -> np.ndarray:
    """Times of grid points ``start:stop`` of an interpolated stretch (the one formula of every path).

    Parameters
    ----------
    t0_s : float
        The stretch's first stamp, in s.
    fs_hz : float
        The grid's rate, in Hz.
    start, stop : int
        Grid indices.

    Returns
    -------
    ndarray
        ``t0_s + i / fs_hz`` for ``i`` in ``start:stop``.
    """
    return t0_s + np.arange(start, stop) / fs_hz


def stamp_times(index: np.ndarray, stamps: np.ndarray) -> np.ndarray:
    """Times at (fractional) sample indices of a kept stretch, linear between its received stamps.

    Parameters
    ----------
    index : ndarray
        Sample indices from the stretch's first sample (clamped to its received samples).
    stamps : ndarray, shape (n,)
        The stretch's received stamps (its first ``n``), in s.

    Returns
    -------
    ndarray
        The times, in s (``np.interp(index, arange(n), stamps)``, without building the index array).
    """
    x = np.clip(np.asarray(index, dtype=np.float64), 0.0, stamps.size - 1)
    if stamps.size < 2:
        return np.full(x.shape, float(stamps[0]))
    j = np.minimum(np.floor(x).astype(np.int64), stamps.size - 2)
    lo = np.asarray(stamps[j], dtype=np.float64)
    return lo + (np.asarray(stamps[j + 1], dtype=np.float64) - lo) * (x - j)


def grid_note(decisions: list[GridDecision], *, jitter_s: float, median_dt: float) -> str | None:
    """The sampling note on jittery stamps: how many stretches kept their samples and how many were interpolated.

    Parameters
    ----------
    decisions : list of GridDecision
        Every stretch's grid.
    jitter_s : float
        The interval std over the recording, in s.
    median_dt : float
        The reference interval, in s.

    Returns
    -------
    str or None
        The note, or None where the stamps are regular and no stretch was interpolated.
    """
    noisy = sum(d.kind == "timing_noise" for d in decisions)
    irregular = sum(d.interpolated for d in decisions)
    if not noisy and not irregular and jitter_s <= MAX_UNIFORM_JITTER * median_dt:
        return None
    parts = []
    if noisy:
        parts.append(
            f"{noisy} kept as received (stamps within half an interval of a uniform grid; times follow the stamps)"
        )
    if irregular:
        parts.append(
            f"{irregular} interpolated linearly onto a uniform grid at the median interval's rate "
            "(stamps that skip or crowd samples)"
        )
    if not parts:
        parts.append("all regular in their first seconds, kept as received")
    return (
        f"time stamps jitter by {jitter_s * 1e3:.2f} ms (std) around a {median_dt * 1e3:.2f} ms interval; "
        f"of {len(decisions)} gap-free stretch(es), judged on their first {RATE_PROBE_S:g} s: "
        + "; ".join(parts)
    )
