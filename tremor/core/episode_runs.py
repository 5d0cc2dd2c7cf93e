"""One out-of-band episode per continuous run: frames that carry a run across dips and movement.

:func:`tremor.core.episodes.find_atypical_episodes` marks a frame a *hit* where a narrow out-of-band
peak is prominent, dominant, strong enough (``OOB_MIN_POWER``) and not masked by movement. A real
tremor's amplitude wanders (by +-25 % or more over seconds) and a rep set's movement hides it from the
movement rule although its peak stays prominent through the set, so hits alone split one continuous
tremor into several episodes (issue 9: a harmonic-rich 5 Hz rest tremor running through a whole
session came out as two or three episodes, broken at each rep set).

Runs are therefore followed with hysteresis, never started by it:

- a *weak* frame has the same prominent, dominant peak at a quarter of the power floor or more
  (:data:`WEAK_POWER_SHARE`), with the wrist still: it extends and joins runs;
- a *masked* frame has that peak but the wrist moves (the movement rule fails): it only joins runs
  (an episode never starts or ends on one);

and both only count within :data:`FREQ_TOL_HZ` of the run's hit frequency. A run needs hit frames,
and its hits must span the minimum episode length on their own, so nothing is reported that the
hits alone would not have found at least in part.
"""

from __future__ import annotations

import numpy as np

from tremor.core.sets import time_runs

__all__ = ["episode_runs", "WEAK_POWER_SHARE", "FREQ_TOL_HZ"]

#: A weak frame's peak power may fall to this share of the hit threshold (an amplitude dip to half).
WEAK_POWER_SHARE = 0.25
#: Weak and masked frames count only this close to the median frequency of the run's hits (a tremor
#: wanders by 0.2-0.5 Hz; frame spectra have 0.25 Hz bins).
FREQ_TOL_HZ = 1.0


def episode_runs(
    t: np.ndarray,
    hit: np.ndarray,
    weak: np.ndarray,
    masked: np.ndarray,
    freq_hz: np.ndarray,
    *,
    join_s: float,
) -> list[tuple[int, int, int, int]]:
    """Runs of out-of-band frames, followed across amplitude dips and movement (see the module docstring).

    Parameters
    ----------
    t : ndarray, shape (n,)
        Frame times in s, increasing.
    hit : ndarray of bool, shape (n,)
        Frames that meet every out-of-band rule.
    weak : ndarray of bool, shape (n,)
        Frames with the peak at a lower power floor, wrist still (``hit`` implies ``weak``).
    masked : ndarray of bool, shape (n,)
        Frames with the peak while the wrist moves.
    freq_hz : ndarray, shape (n,)
        Each frame's out-of-band peak frequency (NaN where none).
    join_s : float
        Longest break (s between frame centres) joined over.

    Returns
    -------
    list of (int, int, int, int)
        ``(a, b, first_hit, last_hit)`` per run: frames ``[a, b)`` (starting and ending on a weak or hit
        frame) and the indices of its first and last hit frame, in time order.
    """
    weak = weak | hit
    cand = weak | masked
    out: list[tuple[int, int, int, int]] = []
    for a, b in time_runs(cand, t, join_s):
        hits = np.flatnonzero(hit[a:b]) + a
        if not hits.size:
            continue
        f0 = float(np.median(freq_hz[hits]))
        near = np.abs(np.nan_to_num(freq_hz[a:b], nan=np.inf) - f0) <= FREQ_TOL_HZ
        ok = hit[a:b] | (cand[a:b] & near)
        for c, d in time_runs(ok, t[a:b], join_s):
            c, d = c + a, d + a
            ends = np.flatnonzero(weak[c:d] & (hit[c:d] | near[c - a : d - a])) + c
            in_run = np.flatnonzero(hit[c:d]) + c
            if in_run.size and ends.size:
                out.append((int(ends[0]), int(ends[-1]) + 1, int(in_run[0]), int(in_run[-1])))
    return out
