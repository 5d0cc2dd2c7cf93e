"""Twitch candidates that are the edges of pushes of the hand at 3-7 Hz: a sign of writing (issue 9).

Writing with the forearm on the table, the hand slides 1-2 cm along the line between words: one push of 0.3-1
m/s^2 lasting a quarter of a second or so, one cycle at about 4 Hz (red team R5, ``benchmarks/redteam/gen_r5.py``:
1-12 fasciculations in a 35 s writing bout in 10 of 12 draws at 100/200 Hz). The twitch band takes in its edges,
and its band-passed peak (0.33-0.62 m/s^2 there) lasts 80-210 ms.

:func:`hand_pushes` reads the 3-7 Hz envelope (:attr:`tremor.core.features.Frames.low_env`, 0.1 s sub-blocks) at
the candidate (its sub-block and two either side, the largest) and calls it a push where both:

- its rise over the envelope's running median over 3 s is at least :data:`PUSH_SHARE` of the candidate's
  band-passed peak (the 3-7 Hz movement is as large as what the twitch band saw), and
- it is at least :data:`PUSH_OVER_LOCAL` times that median (a burst, not the level of an ongoing rhythm).

Measured (own physics, 100/200 Hz): 15-40 Hz twitches decaying over 10-30 ms, 0.05-0.5 m/s^2, on a still rest:
rise / peak 0.05 median, at most 0.17; over a 0.05-0.2 m/s^2 rest tremor at 3.5-6 Hz up to 0.58 (4 % called
pushes); the red team's slides 0.56-0.80 and 2.5-6 times the median. But a slow twitch (a Gaussian derivative of
sigma 20-40 ms, the project's reference shape, its spectrum peaking at 4-8 Hz) reads as a push too (0.5 at 25 ms):
one push alone is no evidence, so candidates are not dropped for it. :mod:`tremor.core.written_words` uses them
only together: a rest rhythm in 3-7 Hz with a push every few seconds is the hand writing.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from tremor.core.features import Frames

__all__ = ["PUSH_OVER_LOCAL", "PUSH_SHARE", "hand_pushes"]

#: A candidate whose 3-7 Hz rise over the running median is at least this share of its band-passed peak ...
PUSH_SHARE = 0.45
#: ... and at least this many times that median is a push of the hand (see the module).
PUSH_OVER_LOCAL = 2.0
#: Running median's span (s), as :data:`tremor.core.written_words.LOCAL_S`.
_LOCAL_S = 3.0


def hand_pushes(times: np.ndarray, peaks: np.ndarray, frames: Frames) -> np.ndarray:
    """Which twitch candidates are the edges of a push of the hand (see the module).

    Parameters
    ----------
    times : ndarray, shape (n,)
        The candidates' times (s).
    peaks : ndarray, shape (n,)
        Their band-passed peaks (m/s^2).
    frames : Frames
        The recording's frames (``low_env``).

    Returns
    -------
    ndarray of bool, shape (n,)
        True for a push; False where the envelope is not measured there (no frame, or NaN).
    """
    times = np.asarray(times, dtype=np.float64)
    out = np.zeros(times.shape, bool)
    if not times.size or len(frames) < 2:
        return out
    n_sub = frames.low_env.shape[1]
    hop = float(np.median(np.diff(frames.t_s)))
    starts = (frames.t_s[:, None] - 0.5 * hop + np.arange(n_sub) * hop / n_sub).ravel()
    amp = np.sqrt(np.maximum(frames.low_env.astype(np.float64).ravel(), 0.0))
    k = max(1, int(round(0.5 * _LOCAL_S * n_sub / hop)))
    local = np.median(sliding_window_view(np.pad(amp, k, mode="edge"), 2 * k + 1), axis=1)
    i = np.searchsorted(starts, times, side="right") - 1
    ok = (i >= 0) & (times < starts[-1] + hop / n_sub)
    ok &= np.abs(starts[np.clip(i, 0, None)] - times) <= hop  # no gap between the frames there
    for j in np.flatnonzero(ok):
        c = int(i[j])
        near = amp[max(c - 2, 0) : c + 3]
        if not np.all(np.isfinite(near)) or not np.isfinite(local[c]):
            continue
        top = float(near.max())
        out[j] = top - local[c] >= PUSH_SHARE * float(peaks[j]) and top >= PUSH_OVER_LOCAL * local[c]
    return out
